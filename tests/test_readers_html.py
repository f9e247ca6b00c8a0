"""Saved web pages: the four seeds as disclosure pages give the .txt's findings, without the site."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from reportlint.api import check_path
from reportlint.cli import main
from reportlint.errors import InputError
from reportlint.input.readers.html import MAX_HTML_BYTES, read_html_report

from published import seed_html

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
LOCATION = re.compile(r"^(?:第\d+段|表格\d+ 第\d+行(?: 第\d+列)?)$")
FURNITURE = ("您当前位置", "索引号", "发布机构", "打印", "关闭窗口", "分享到", "浏览次数", "网站标识码", "ICP备",
             "无障碍", "政务公开", "相关文章", "_hmt", "hits", "搜索", "统计")


def pairs(findings) -> set[tuple[str, str]]:
    return {(f.rule, "/".join(f.section)) for f in findings}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_page_gives_the_findings_of_the_text(seed, tmp_path):
    path = tmp_path / (seed.stem + ".html")
    path.write_bytes(seed_html(seed.read_text(encoding="utf-8")))
    found = check_path(path, config={})
    assert pairs(found) == pairs(check_path(seed, config={}))
    own = [f for f in found if not f.path.startswith("<plugin")]
    assert own and all(LOCATION.match(f.location or "") for f in own), [f.location for f in own]


def test_site_furniture_is_left_out_and_the_report_kept():
    text = SEEDS[3].read_text(encoding="utf-8")
    source = read_html_report(seed_html(text), "004.html")
    for word in FURNITURE:
        assert word not in source.text, word
    body = [line.strip() for line in text.split("\n") if line.strip() and not line.lstrip(" ").startswith("\t")]
    assert source.lines[0] == body[0]
    assert source.lines.count(body[0]) == 1  # the page's <h1> repeats it, outside the article text
    start = source.lines.index("\t财政供养人员情况")
    assert source.lines[start:start + 10] == ["\t财政供养人员情况", "\t编制数", "\t2023年实际在职人数", "\t控制率", "",
                                              "\t", "\t19", "\t10", "\t100%", ""]
    assert source.origin(start + 1) == "表格1 第1行 第1列"


@pytest.mark.parametrize("declared, encoding", [("gb2312", "gb18030"), ("GBK", "gb18030"), ("utf-8", "utf-8")])
def test_the_declared_encoding_is_used(declared, encoding):
    page = (f'<html><head><meta charset="{declared}"></head><body><p>一、部门基本情况 ①</p></body></html>'
            .encode(encoding))
    assert read_html_report(page, "p.html").lines == ["一、部门基本情况 ①"]


def test_bom_and_undeclared_encodings():
    page = "<html><body><p>二、绩效目标</p></body></html>"
    assert read_html_report(b"\xef\xbb\xbf" + page.encode("utf-8"), "a.html").lines == ["二、绩效目标"]
    assert read_html_report(page.encode("gbk"), "b.html").lines == ["二、绩效目标"]  # not UTF-8: GB18030


def test_colspan_appears_once_and_rowspan_leaves_empty_cells_below():
    page = """<html><body><div id="content"><p>附件1-2</p><table>
    <tr><td colspan="2">一级指标</td><td>分值</td></tr>
    <tr><td rowspan="2">产出</td><td>数量<br>指标</td><td>20</td></tr>
    <tr><td>质量指标</td><td>10</td></tr></table><p>填表人：张三</p></div></body></html>"""
    source = read_html_report(page.encode(), "t.html")
    assert source.lines == ["附件1-2", "\t一级指标", "\t分值", "", "\t产出", "\t数量", "指标", "\t20", "",
                            "\t", "\t质量指标", "\t10", "", "填表人：张三"]
    assert source.origins[9] == "表格1 第3行 第1列"


def test_a_50_mb_page_is_refused_by_its_size_before_parsing(tmp_path, capsys):
    path = tmp_path / "huge.html"
    chunk = ("<p>" + "预算执行率100%。" * 50 + "</p>\n").encode()
    with open(path, "wb") as handle:
        handle.write(b"<html><body>")
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    assert path.stat().st_size > 50 * 1000 * 1000
    started = time.perf_counter()
    assert main(["check", "--isolated", "--quiet", str(path)]) == 2
    assert time.perf_counter() - started < 5
    err = [line for line in capsys.readouterr().err.splitlines() if "huge.html" in line]
    assert len(err) == 1 and ("web page too large" in err[0] or "file too large" in err[0]), err
    with pytest.raises(InputError, match=f"web page too large .* limit {MAX_HTML_BYTES}"):
        read_html_report(b"<p>x</p>" * (MAX_HTML_BYTES // 8 + 1), "big.html")


def test_a_page_without_report_text_and_an_empty_one():
    with pytest.raises(InputError, match="no report text"):
        read_html_report("<html><body><div class='nav'><a>首页</a></div><script>x()</script></body></html>".encode(),
                         "n.html")
    with pytest.raises(InputError, match="empty file"):
        read_html_report(b"  \n", "e.html")


def test_a_missing_lxml_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(InputError) as info:
        read_html_report(b"<html><body><p>x</p></body></html>", "p.html")
    assert 'pip install "reportlint[html]"' in info.value.message
