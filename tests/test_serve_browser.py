"""The upload page of `reportlint serve` in a real browser (Debian's Chromium through Playwright),
against the real server: choose a seed report and a hostile file, check, see the file table,
the review page (highlights, and its filters working under the page's CSP), and download the
review page, the JSON and the CSV. Nothing is fetched from anywhere but the server, and the
page raises no CSP violation. Saves tests/artifacts/serve_page.png.

Skipped (with the reason) only when Chromium or Playwright is missing and CI is not set.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from test_html_browser import ARGS, ARTIFACTS, CHROMIUM, _playwright  # noqa: E402
from test_serve import SEED_FILES, SEEDS, cli_json, start_server, stop_server  # noqa: E402
from test_docx_hostile import hostile_files  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("serve-browser"), "--workers", "2")
    yield live
    stop_server(live)


@pytest.fixture(scope="module")
def browser_page(server):
    sync_playwright = _playwright()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
        tab = context.new_page()
        requests: list[str] = []
        console: list[str] = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        tab.goto(server.url + "/")
        tab.wait_for_load_state("load")
        tab.requests, tab.console = requests, console
        yield tab
        context.close()
        browser.close()


def test_upload_through_the_page_shows_the_findings(browser_page, server, tmp_path):
    page = browser_page
    assert "绩效自评报告检查" in page.title()
    assert "不写入磁盘" in page.locator(".privacy").inner_text()
    hostile = hostile_files(tmp_path)
    seed = SEED_FILES[3]
    bomb = hostile["zip_bomb"][0]
    page.locator("#files").set_input_files([str(seed), str(bomb)])
    assert page.locator("#chosen li").count() == 2
    page.locator("#check").click()
    page.locator("#result").wait_for(state="visible", timeout=30000)
    page.wait_for_function("document.querySelector('#status').textContent.includes('检查完成')", timeout=30000)
    rows = page.locator("#files-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-status") == "checked"
    assert rows.nth(1).get_attribute("data-status") == "refused"
    assert "zip bomb" in rows.nth(1).inner_text() and "无法读取" in rows.nth(1).inner_text()

    expected = cli_json(SEEDS, seed.name)
    frame = page.frame_locator("#review")
    frame.locator("mark.hl").first.wait_for(timeout=10000)
    assert frame.locator("li.finding").count() == len(expected)
    assert frame.locator("h1").inner_text() == "绩效自评报告审阅结果"
    rules_shown = sorted(frame.locator("li.finding").evaluate_all("els => els.map(e => e.dataset.rule)"))
    assert rules_shown == sorted(f["rule"] for f in expected)

    # the review page's own script runs inside the frame (its hash is allowed by the page's CSP)
    visible = "els => els.filter(e => e.offsetParent !== null).length"
    before = frame.locator("li.finding").evaluate_all(visible)
    for severity in ("error", "warning", "info"):
        frame.locator(f"#filters input[data-filter='severity'][value='{severity}']").uncheck()
    assert frame.locator("li.finding").evaluate_all(visible) == 0
    for severity in ("error", "warning", "info"):
        frame.locator(f"#filters input[data-filter='severity'][value='{severity}']").check()
    assert frame.locator("li.finding").evaluate_all(visible) == before > 0

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve_page.png"), full_page=False)

    with page.expect_download() as info:
        page.locator("#dl-json").click()
    downloaded = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert downloaded == expected
    with page.expect_download() as info:
        page.locator("#dl-csv").click()
    csv_text = open(info.value.path(), encoding="utf-8").read()
    assert csv_text.startswith("\ufeffpath,rule,") and csv_text.count("\n") == len(expected) + 1
    with page.expect_download() as info:
        page.locator("#dl-html").click()
    html = open(info.value.path(), encoding="utf-8").read()
    assert html.startswith("<!DOCTYPE html>") and "审阅结果" in html and info.value.suggested_filename.endswith(".html")


def test_nothing_external_and_no_csp_violation(browser_page, server):
    page = browser_page
    outside = [url for url in page.requests
               if not url.startswith(server.url) and not url.startswith(("blob:", "data:", "about:"))]
    assert outside == []
    violations = [line for line in page.console if "Content Security Policy" in line or "Refused to" in line]
    assert violations == []


def test_drop_and_remove_files_and_limits(browser_page):
    page = browser_page
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator("#check").is_disabled()
    page.locator("#files").set_input_files([str(p) for p in SEED_FILES])
    assert page.locator("#chosen li").count() == 4 and page.locator("#check").is_enabled()
    page.locator("#chosen li button").first.click()
    assert page.locator("#chosen li").count() == 3
    options = page.locator("#opt-profile option").count()
    assert options > 1, "the profiles are loaded from the API"
