"""The HTML review page: self-contained, escaped, every finding highlighted and linked."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser

from html_fixture import HOSTILE_TEXT, review_result
from reportlint.formatters.html import HtmlFormatter
from reportlint.run.runner import get_manager
from util import seed_path


def render(result=None) -> str:
    return HtmlFormatter(get_manager().rules()).format(result or review_result())


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1


def test_every_finding_is_highlighted_anchored_and_linked():
    page = render()
    parsed = _Collect()
    parsed.feed(page)
    anchors = {a["id"] for tag, a in parsed.tags if tag == "a" and "anchor" in a.get("class", "")}
    links = {a["href"][1:] for tag, a in parsed.tags if tag == "a" and "jump" in a.get("class", "")}
    result = review_result()
    total = sum(len(f.findings) for f in result.files)
    assert len(anchors) == total and links == anchors
    marked = {i for tag, a in parsed.tags if tag == "mark" for i in a["data-ids"].split()}
    assert marked == anchors
    # the FRM001 mark covers exactly the stated figure on line 88
    line88 = re.search(r'id="file-1-L88".*?</div>', page).group()
    assert re.search(r'<mark class="hl sev-error"[^>]*>3\.98%</mark>', line88)
    # stated and computed values beside the line
    assert "陈述值 3.89%" in page and "计算值 3.98%" in page


def test_report_text_is_escaped_and_the_page_needs_no_network():
    page = render()
    parsed = _Collect()
    parsed.feed(page)
    assert parsed.scripts == 1, "only the page's own script"
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert 'onerror="window' not in page
    for tag, attrs in parsed.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, attrs)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert HOSTILE_TEXT.split("\n")[0] in page


def test_summary_lists_each_file_and_the_unreadable_one():
    page = render()
    summary = re.search(r'<section class="summary".*?</section>', page).group()
    assert summary.count("<tr>") == 4  # header + 3 files
    assert "无法读取" in summary and 'href="#file-2"' in summary
    assert 'data-filter="family" value="FRM"' in page and 'data-filter="family" value="DAT"' in page


def test_cli_writes_a_self_contained_file(tmp_path):
    out = tmp_path / "review.html"
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", "html", "-o", str(out),
                           str(seed_path("001")), str(seed_path("004"))], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert page.count('<section class="report"') == 2
    assert "单位基本情况" in page  # the report text is there
