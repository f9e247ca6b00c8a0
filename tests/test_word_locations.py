"""Word locations: every finding in a .docx says where it is in Word (section path, paragraph in
the section or table cell, a quote to search for), and whether the text is Word's automatic
numbering or a tracked insertion; the rendering's lines stay in JSON (`line`, `column`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pytest

from docx_builder import add_insertion, add_note_reference, add_package_parts, add_text_box, build_docx
from reportlint.input.readers.docx import read_docx_report
from reportlint.input.source import Source, WordOrigin
from reportlint.pluginapi.context import CheckContext
from reportlint.run.runner import check_path, check_source, get_manager, parse_with
from reportlint.run.config import make_settings
from util import SEED_NAMES, seed_path, seed_text

REPORT = """某某局2023年度部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
本单位主要负责全市的相关管理工作。
二、绩效自评情况
（一）预算执行情况
本年度预算执行率为95.00%。
	项目
	预算数
	决算数
	说明

	支出
	100.00
	95.00
	支出合计50.00万元，其中人员经费20.00万元，公用经费20.00万元。

	
	60.00
	55.00
	基本支出

	以上数据来源于决算报表

（一）绩效目标完成情况
各项绩效目标基本完成。
三、存在的问题
资金使用效率有待提高。
四、改进措施
加强预算管理。
"""
FOOTNOTE = "本年支出合计100.00万元，其中基本支出60.00万元，项目支出30.00万元。"
TEXT_BOX = "项目经费合计80.00万元，其中设备购置30.00万元，培训费30.00万元。"
INSERTED = "专项经费合计10.00万元，其中培训费3.00万元，差旅费3.00万元。"


def _paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def build_report(out: Path) -> Path:
    """The report above as Word writes it: automatic numbering for the headings, a table with a
    vertical and a horizontal merge, a footnote, a text box and a tracked insertion."""
    build_docx(REPORT, out)
    document = docx.Document(str(out))
    add_note_reference(_paragraph(document, "本年度预算执行率"), 1)
    add_text_box(_paragraph(document, "本单位主要负责"), [TEXT_BOX])
    add_insertion(_paragraph(document, "各项绩效目标"), INSERTED)
    document.save(str(out))
    add_package_parts(out, footnotes={1: FOOTNOTE})
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return build_report(tmp_path_factory.mktemp("word_locations") / "报告.docx")


@pytest.fixture(scope="module")
def findings(report):
    result = check_path(report, manager=get_manager())
    assert result.error is None
    return result.findings


def _one(findings, rule, text):
    found = [f for f in findings if f.rule == rule and text in f.snippet]
    assert len(found) == 1, [(f.rule, f.snippet, f.location) for f in findings]
    return found[0]


def test_a_finding_in_a_body_paragraph_names_the_section_and_quotes_it(findings):
    box = _one(findings, "FRM002", "设备购置")
    # the text box's sum is found and located by the paragraph it is anchored in
    assert box.location.startswith("一、部门基本情况 › （一）部门职能 第1段中的文本框：“")
    assert box.word.part == "textbox" and box.word.paragraph == 4 and box.word.section_paragraph == 1
    assert box.word.headings == ["一、部门基本情况", "（一）部门职能"]
    assert box.word.quote and box.word.quote.strip("…") in TEXT_BOX
    assert "【文本框】" not in box.location  # the reader's label is not in Word: never quoted


def test_a_footnote_with_a_bad_sum_is_reported_at_the_footnote(findings):
    note = _one(findings, "FRM002", "项目支出30.00万元")
    assert note.location.startswith("二、绩效自评情况 › （一）预算执行情况 脚注1：“")
    assert note.word.part == "footnote" and note.word.note == 1
    assert note.word.paragraph == 7  # the paragraph that holds the reference mark
    assert note.evidence.computed or note.message
    assert note.line > 0 and note.column > 0  # the rendering's position stays for tools


def test_a_finding_in_a_merged_table_cell_names_the_cell(findings):
    cell = _one(findings, "FRM002", "人员经费")
    assert cell.location.startswith("二、绩效自评情况 › （一）预算执行情况 表格1 第2行第4列：“")
    assert (cell.word.part, cell.word.table, cell.word.row, cell.word.column) == ("table", 1, 2, 4)
    assert "人员经费" in cell.word.quote or "支出合计" in cell.word.quote


def test_a_misnumbered_heading_says_it_is_word_numbering(findings):
    numbered = [f for f in findings if f.word and f.word.auto_numbered]
    assert numbered, [(f.rule, f.location) for f in findings]
    heading = numbered[0]
    assert heading.rule.startswith("SEC") and "绩效目标完成情况" in heading.snippet
    assert "（自动编号" in heading.location and "编号设置" in heading.location
    assert "“绩效目标完成情况" in heading.location  # the quote is the text, not the marker Word draws


def test_a_tracked_insertion_is_said_to_be_one(findings):
    inserted = _one(findings, "FRM002", "差旅费")
    assert inserted.word.inserted and "（修订插入的文字）" in inserted.location
    others = [f for f in findings if f.word and f.word.inserted and f is not inserted]
    assert not others


def test_every_finding_has_a_word_location_and_json_keeps_lines(report):
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", "json", str(report)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    items = json.loads(done.stdout)
    assert items
    for item in items:
        assert item["location"] and item["word"], item
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert set(item["word"]) == {"part", "headings", "paragraph", "section_paragraph", "table", "row",
                                     "column", "note", "quote", "auto_numbered", "inserted"}
        assert list(item)[-2:] == ["location", "word"]  # new fields at the end


def test_text_output_and_other_formats_show_the_word_location_first(report):
    def run(fmt):
        done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", fmt, "--color", "never",
                               str(report)], capture_output=True, text=True, timeout=120,
                              env={**{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")},
                                   "COLUMNS": "120"})
        assert done.returncode in (0, 1), done.stderr
        return done.stdout
    text = run("text").splitlines()
    header = next(i for i, line in enumerate(text) if "FRM002" in line and "「支出」50.00万元" in line)
    assert text[header + 1].strip().startswith("位置：二、绩效自评情况 › （一）预算执行情况 表格1 第2行第4列")
    github = run("github")
    assert "位置：二、绩效自评情况 › （一）预算执行情况 脚注1" in github
    junit = run("junit")
    assert "at 二、绩效自评情况 › （一）预算执行情况 脚注1" in junit
    sarif = json.loads(run("sarif"))
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any(m.startswith("位置：一、部门基本情况 › （一）部门职能 第1段中的文本框") for m in messages)
    html = run("html")
    assert "位置：二、绩效自评情况 › （一）预算执行情况 脚注1" in html


def test_where_gives_the_place_of_another_line(report):
    manager = get_manager()
    source = read_docx_report(report.read_bytes(), str(report))
    document = parse_with(source, manager)
    context = CheckContext(source, document, make_settings({}), manager.rules(), None)
    line = next(i for i, text in enumerate(source.lines, 1) if text.startswith("本年度预算执行率"))
    assert context.where(line) == "二、绩效自评情况 › （一）预算执行情况 第1段：“本年度预算执行率为95.00%。”"
    heading = source.lines.index("（一）预算执行情况") + 1
    assert context.where(heading) == "二、绩效自评情况 › （一）预算执行情况 标题：“预算执行情况”"  # no numbering flag
    origin = source.word_origin(line)
    assert isinstance(origin, WordOrigin) and origin == "第7段" and origin.paragraph == 7
    text = Source("第一行\n第二行\n", "a.txt")
    text_context = CheckContext(text, parse_with(text, manager), make_settings({}), manager.rules(), None)
    assert text_context.where(2) == "第2行"


def test_origins_record_numbering_markers_and_merged_cells(report):
    source = read_docx_report(report.read_bytes(), str(report))
    heading = source.lines.index("二、绩效自评情况") + 1
    assert source.word_origin(heading).marker == len("二、")
    merged = [o for o in source.origins if isinstance(o, WordOrigin) and o.part == "table" and o.row == 3 and o.column == 1]
    assert merged and source.lines[source.origins.index(merged[0])] == "\t"  # the vertical merge below its first row
    spans = [o for o in source.origins if isinstance(o, WordOrigin) and o.row == 4 and o.column]
    assert {o.column for o in spans} == {1}  # the row merged across (gridSpan) is one cell


@pytest.mark.parametrize("key", sorted(SEED_NAMES)[:3])
def test_seeds_as_docx_keep_their_findings_and_gain_word_locations(tmp_path, key):
    out = tmp_path / SEED_NAMES[key].replace(".txt", ".docx")
    build_docx(seed_text(key), out)
    manager = get_manager()
    as_text = check_path(seed_path(key), manager=manager).findings
    as_docx = check_path(out, manager=manager).findings
    # the same findings, word for word, except where a message names another place: 第11行 in
    # the text, that paragraph's Word location in the .docx
    text_places, docx_places = _places(manager, seed_path(key)), _places(manager, out)
    assert Counter((f.rule, tuple(f.section), _unplaced(f.message, docx_places)) for f in as_docx) == \
        Counter((f.rule, tuple(f.section), _unplaced(f.message, text_places)) for f in as_text)
    assert not any(re.search(r"第\d+行", _unplaced(f.message, docx_places)) for f in as_docx)  # no line numbers in Word
    assert all(f.word is None and f.location is None for f in as_text)
    for finding in as_docx:
        assert finding.word is not None and finding.location
        if finding.word.headings:
            assert finding.location.startswith(" › ".join(finding.word.headings))


def _places(manager, path: Path) -> list[str]:
    """What `context.where` says of every line of a file, longest first (for replacing)."""
    source = read_docx_report(path.read_bytes(), str(path)) if path.suffix == ".docx" else \
        Source(path.read_text(encoding="utf-8"), str(path))
    context = CheckContext(source, parse_with(source, manager), make_settings({}), manager.rules(), None)
    return sorted({context.where(line) for line in range(1, len(source.lines) + 1)}, key=len, reverse=True)


def _unplaced(message: str, places: list[str]) -> str:
    """A message with the places it names replaced by 〈位置〉."""
    for place in places:
        message = message.replace(place, "〈位置〉")
    return message
