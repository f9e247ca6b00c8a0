"""The HTML review page in a real browser (Debian's Chromium through Playwright).

Asserts that highlighted findings are visible, that the family and severity filters hide
and show them, that a link in the findings list scrolls its place into view, that nothing
is fetched from the network and that the report's own markup never runs. Saves a
screenshot to tests/artifacts/html_review.png.

Skipped (with the reason) only when Chromium or Playwright is missing and CI is not set;
under CI=true a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from html_fixture import review_result
from reportlint.formatters.html import HtmlFormatter
from reportlint.run.runner import get_manager

CHROMIUM = os.environ.get("REPORTLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed (pip install -e '.[test]') and CI is set")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"chromium not found at {CHROMIUM} and CI is set (apt-get install chromium)")
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_playwright = _playwright()
    out = tmp_path_factory.mktemp("html") / "review.html"
    out.write_text(HtmlFormatter(get_manager().rules()).format(review_result()), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        tab = context.new_page()
        requests: list[str] = []
        dialogs: list[str] = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(out.as_uri())
        tab.wait_for_load_state("load")
        tab.requests, tab.dialogs = requests, dialogs
        yield tab
        context.close()
        browser.close()


def _visible_marks(page, finding_id: str) -> int:
    return page.evaluate(
        """id => Array.from(document.querySelectorAll('mark.hl')).filter(m =>
               m.dataset.ids.split(' ').includes(id) && !m.classList.contains('off')
               && getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)' && m.offsetParent !== null).length""",
        finding_id)


def _finding_id(page, rule: str, file_index: int = 1) -> str:
    link = page.locator(f"#file-{file_index} li.finding[data-rule='{rule}'] a.jump").first
    return link.get_attribute("href")[1:]


def test_highlighted_findings_are_visible(page):
    marks = page.locator("mark.hl")
    assert marks.count() >= 5
    frm = _finding_id(page, "FRM001")
    assert _visible_marks(page, frm) == 1
    mark = page.locator(f"mark.hl[data-ids~='{frm}']").first
    assert mark.inner_text() == "3.98%"
    mark.scroll_into_view_if_needed()
    assert mark.is_visible()
    note = page.locator("#file-1 .note[data-rule='FRM001']")
    assert note.is_visible() and "陈述值 3.89%" in note.inner_text() and "计算值 3.98%" in note.inner_text()


def test_family_and_severity_filters_hide_and_show(page):
    frm, sec = _finding_id(page, "FRM001"), _finding_id(page, "SEC005")
    item = page.locator("#file-1 li.finding[data-rule='FRM001']")
    frm_box = page.locator("#filters input[data-filter='family'][value='FRM']")
    frm_box.uncheck()
    assert item.is_hidden()
    assert page.locator("#file-1 .note[data-rule='FRM001']").is_hidden()
    assert _visible_marks(page, frm) == 0
    assert _visible_marks(page, sec) == 1, "other families stay highlighted"
    assert "显示 3 / 5" in page.locator("#shown").inner_text()
    frm_box.check()
    assert item.is_visible() and _visible_marks(page, frm) == 1
    info_box = page.locator("#filters input[data-filter='severity'][value='info']")
    info_box.uncheck()
    assert page.locator("#file-1 li.finding[data-rule='DAT002']").is_hidden()
    assert _visible_marks(page, _finding_id(page, "DAT002")) == 0
    info_box.check()
    assert page.locator("#file-1 li.finding[data-rule='DAT002']").is_visible()


def test_a_link_scrolls_to_its_place(page):
    page.evaluate("window.scrollTo(0, 0)")
    link = page.locator("#file-1 li.finding[data-rule='SEC003'] a.jump")
    target_id = link.get_attribute("href")[1:]
    before = page.evaluate(f"document.getElementById('{target_id}').getBoundingClientRect().top")
    assert before > 860, "the place starts below the first screen"
    link.click()
    page.wait_for_function(f"location.hash === '#{target_id}'")
    page.wait_for_timeout(200)
    top = page.evaluate(f"document.getElementById('{target_id}').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('header').getBoundingClientRect().bottom")
    assert header <= top < 860, (header, top)
    line = page.locator(f"#{target_id}").locator("xpath=ancestor::div[contains(@class,'line')]")
    assert "（2）项目管理" in line.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html_review.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_nothing_is_fetched_and_report_markup_never_runs(page):
    assert all(url.startswith("file://") for url in page.requests), page.requests
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    hostile = page.locator("#file-2 .code").nth(1).inner_text()
    assert hostile == "<script>window.__pwned = 1</script>"
