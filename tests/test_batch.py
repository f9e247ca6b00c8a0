"""Batch runs: folders, exclusion, parallel workers with a stable order, time limits, progress, summary."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reportlint.run.batch as batch
from reportlint.run.batch import Progress, print_summary, run_batch
from reportlint.run.config import Settings
from reportlint.pluginapi.findings import Finding
from reportlint.run.runner import FileResult, RunResult
from util import SEED_NAMES, inject, seed_text


@pytest.fixture()
def inbox(tmp_path) -> Path:
    """Two copies of each seed (one with an injected defect) in nested folders, plus an excluded draft."""
    folder = tmp_path / "inbox"
    for key, name in SEED_NAMES.items():
        (folder / "a").mkdir(parents=True, exist_ok=True)
        (folder / "b").mkdir(parents=True, exist_ok=True)
        (folder / "a" / name).write_text(seed_text(key), encoding="utf-8")
        text = seed_text(key)
        if key == "001":
            text = inject(text, 88, "=3.98%", "=3.89%")
        (folder / "b" / name).write_text(text, encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "draft.txt").write_text("草稿\n", encoding="utf-8")
    (folder / "notes.md").write_text("not a report suffix\n", encoding="utf-8")
    return folder


def _dump(result: RunResult) -> list:
    return [(f.path, f.error, [x.model_dump() for x in f.findings]) for f in result.files]


def test_walks_folders_honours_exclude_and_keeps_order_whatever_the_jobs(inbox):
    settings = Settings(exclude=["drafts/*"])
    one = run_batch([inbox], settings=settings, jobs=1)
    two = run_batch([inbox], settings=settings, jobs=2)
    three = run_batch([inbox], settings=settings.model_copy(update={"timeout": 0}), jobs=3)
    paths = [f.path for f in one.files]
    assert len(paths) == 8 and not any("drafts" in p or p.endswith(".md") for p in paths)
    assert paths == sorted(paths)
    assert _dump(one) == _dump(two) == _dump(three)
    assert all(f.error is None for f in one.files)


def test_settings_for_gives_each_file_its_settings(inbox):
    base = Settings()
    quiet = Settings(select=["PRS"])
    result = run_batch([inbox], settings=base, jobs=2,
                       settings_for=lambda path: quiet if path.parent.name == "b" else base)
    for item in result.files:
        if Path(item.path).parent.name == "b":
            assert all(f.rule.startswith("PRS") for f in item.findings)


def _slow_check(real):
    """check_path that hangs on files named slow*/crash*; forked workers inherit the patch."""

    def check(path, *args, **kwargs):
        name = Path(path).name
        if name.startswith("slow-python"):
            time.sleep(60)
        if name.startswith("slow-regex"):  # a hang inside C code: no signal gets through
            re.match(r"(a+)+$", "a" * 64 + "b")
        if name.startswith("crash"):
            os._exit(3)
        return real(path, *args, **kwargs)

    return check


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only: the patched check_path reaches the workers "
                                                   "through fork; Windows starts them with spawn")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_past_its_time_limit_is_an_error_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(batch, "check_path", _slow_check(batch.check_path))
    for name in ("a.txt", "slow-python.txt", "slow-regex.txt", "crash.txt", "z.txt"):
        (tmp_path / name).write_text(seed_text("004"), encoding="utf-8")
    started = time.perf_counter()
    result = run_batch([tmp_path], settings=Settings(timeout=1), jobs=jobs)
    assert time.perf_counter() - started < 15
    by_name = {Path(f.path).name: f for f in result.files}
    assert [Path(f.path).name for f in result.files] == sorted(by_name)
    assert by_name["slow-python.txt"].error.startswith("timed out after 1 s")
    assert by_name["slow-regex.txt"].error.startswith("timed out after 1 s")
    assert "exit code 3" in by_name["crash.txt"].error
    assert by_name["a.txt"].error is None and by_name["z.txt"].error is None
    assert [(f.rule, f.line) for f in by_name["a.txt"].findings] == [(f.rule, f.line) for f in by_name["z.txt"].findings]
    assert result.exit_code() == 2


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX only: a single file's limit is a SIGALRM "
                                                           "timer, which Windows does not have")
def test_single_file_time_limit_without_a_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "check_path", _slow_check(batch.check_path))
    slow = tmp_path / "slow-python.txt"
    slow.write_text(seed_text("002"), encoding="utf-8")
    started = time.perf_counter()
    result = run_batch([slow], settings=Settings(timeout=0.5), jobs=4)
    assert time.perf_counter() - started < 5
    assert result.files[0].error == "timed out after 0.5 s / 检查超时（0.5 秒）"


def test_plugin_load_findings_are_reported_once(inbox, monkeypatch):
    broken = Finding(path="<plugin broken>", rule="PRS002", name="plugin-load-error", severity="error",
                     message="插件 broken 无法加载：ImportError", line=1, column=1, end_line=1, end_column=1)
    monkeypatch.setattr(batch, "plugin_load_findings", lambda manager: [broken])
    result = run_batch([inbox], settings=Settings(exclude=["drafts/*"]), jobs=2)
    assert [f.rule for f in result.findings].count("PRS002") == 1
    assert result.extra == [broken]


def test_progress_bar_only_on_a_terminal(inbox, capsys):
    run_batch([inbox], settings=Settings(), jobs=1, progress=True)  # stderr is captured: not a terminal
    assert capsys.readouterr().err == ""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    bar = Progress(3, stream=stream, delay=0)
    for _ in range(3):
        bar.advance()
    bar.close()
    shown = stream.getvalue()
    assert "3/3" in shown and shown.startswith("\r") and shown.endswith("\r\033[K")


def _finding(path: str, rule: str, severity: str) -> Finding:
    return Finding(path=path, rule=rule, name="x", severity=severity, message="m", line=1, column=1,
                   end_line=1, end_column=2)


def test_summary_counts_files_rules_severities_and_names_each_verdict():
    files = [FileResult(path="a.txt", findings=[_finding("a.txt", "FRM001", "error")] * 2, seconds=0.010),
             FileResult(path="b.txt", findings=[_finding("b.txt", "SEC002", "warning")], seconds=0.250),
             FileResult(path="c.docx", error="not a .docx file", seconds=0.001)]
    stream = io.StringIO()
    print_summary(RunResult(files=files), stream)
    text = stream.getvalue()
    assert "检查 3 个文件：通过 0 个，不通过 2 个，无法读取 1 个" in text
    assert "问题 3 个：错误 2，警告 1，提示 0" in text
    assert re.search(r"FRM001\s+错误\s+2", text) and re.search(r"SEC002\s+警告\s+1", text)
    verdicts = text.split("各文件：")[1].strip().splitlines()
    assert verdicts[0].split() == ["不通过", "a.txt（错误", "2）"]
    assert verdicts[2].startswith("  无法读取  c.docx")
    assert "最慢" not in text and " ms" not in text
    single = io.StringIO()
    print_summary(RunResult(files=files[:1]), single)
    assert single.getvalue() == ""  # one file: the formatter's own summary line is enough


def test_cli_output_is_the_same_with_one_or_two_jobs(inbox):
    def check(*extra):
        return subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", str(inbox), *extra],
                              capture_output=True, text=True, timeout=300)

    one, two, quiet = check("--jobs", "1"), check("--jobs", "2"), check("--jobs", "2", "--quiet")
    assert one.stdout == two.stdout and one.returncode == two.returncode
    assert "—— 汇总 ——" in two.stderr and "\r" not in two.stderr  # summary, but no bar when piped
    assert "汇总" not in quiet.stderr


# -- streamed output ----------------------------------------------------------------------
def test_results_are_handed_on_in_file_order_as_they_come(inbox, monkeypatch):
    """jobs=1: each file's result is handed on before the next file is checked; jobs=2:
    workers finish out of order, yet the files come in order; the run keeps what was returned."""
    events = []
    real = batch.check_path

    def recording_check(path, *args, **kwargs):
        events.append(("check", Path(path).parent.name + "/" + Path(path).name))
        return real(path, *args, **kwargs)

    def handed_on(item):
        events.append(("out", Path(item.path).parent.name + "/" + Path(item.path).name))
        return batch.compact(item)

    monkeypatch.setattr(batch, "check_path", recording_check)
    settings = Settings(exclude=["drafts/*"], timeout=0)
    kept = run_batch([inbox], settings=settings, jobs=1, on_result=handed_on)
    names = [name for kind, name in events if kind == "out"]
    assert len(names) == 8 and names == sorted(names)
    assert events == [event for name in names for event in (("check", name), ("out", name))]
    whole = run_batch([inbox], settings=settings, jobs=1)
    assert [(f.rule, f.severity, f.path) for item in kept.files for f in item.findings] == \
        [(f.rule, f.severity, f.path) for f in whole.findings]
    assert all(isinstance(f, batch.Tally) for item in kept.files for f in item.findings)
    assert any(f.rule == "FRM001" for f in kept.findings)  # the injected 3.89% of b/001

    order = []
    run_batch([inbox], settings=Settings(exclude=["drafts/*"]), jobs=2, on_result=lambda item: order.append(item.path) or item)
    assert order == [item.path for item in whole.files]


def test_in_order_waits_for_the_earlier_places():
    handed = []
    order = batch.InOrder([None, FileResult(path="b", error="bad"), None], lambda item: handed.append(item.path) or item)
    order.flush()
    assert handed == []
    order.put(2, FileResult(path="c"))
    assert handed == []
    order.put(0, FileResult(path="a"))
    assert handed == ["a", "b", "c"]
    assert [item.path for item in order.results()] == ["a", "b", "c"]


@pytest.mark.parametrize("fmt", ["jsonl", "concise", "text", "github"])
def test_streamed_formats_write_what_the_whole_run_would(inbox, tmp_path, fmt):
    """The command line streams these formats; the bytes are those of `format()` over the whole run."""
    from reportlint.cli import main
    from reportlint.formatters import builtin_formatters
    from reportlint.run.runner import get_manager

    (inbox / "a" / "zz_binary.txt").write_bytes(b"\x00\x01\x02 not text")
    out = tmp_path / f"out.{fmt}"
    code = main(["check", "--isolated", "--no-cache", "--jobs", "2", "--color", "never", "--format", fmt,
                 "--exclude", "drafts", str(inbox), "-o", str(out)])
    assert code == 2  # the unreadable file
    formatter_cls = builtin_formatters()[fmt]
    assert formatter_cls.streams
    whole = run_batch([inbox], settings=Settings(exclude=["drafts/*"]), jobs=1)
    formatter = formatter_cls(get_manager().rules(), color=False)
    expected = formatter.format(whole)
    assert out.read_text(encoding="utf-8") == expected
    assert "FRM001" in expected  # the injected 3.89% of b/001
    closing = {"text": "1 个文件无法读取", "github": "zz_binary.txt,title=unreadable"}
    assert closing.get(fmt, "") in expected.splitlines()[-1]


def test_whole_run_formats_do_not_stream():
    from reportlint.formatters import builtin_formatters

    formats = builtin_formatters()
    assert {name for name, cls in formats.items() if cls.streams} == {"jsonl", "concise", "text", "github"}


def test_streamed_output_through_the_results_cache_keeps_the_file_order(inbox, tmp_path, capsys):
    """A second run takes some files from the cache and checks the others: the streamed
    output is still in the order of the files, byte for byte that of an uncached run."""
    from reportlint.cli import main

    args = ["check", "--isolated", "--jobs", "2", "--format", "concise", "--exclude", "drafts", str(inbox)]
    assert main(args + ["--no-cache"]) == 1
    expected = capsys.readouterr().out
    cache = str(tmp_path / "cache")
    assert main(args + ["--cache-dir", cache]) == 1
    first = capsys.readouterr().out
    changed = inbox / "a" / sorted(p.name for p in (inbox / "a").iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a miss among hits
    assert main(args + ["--cache-dir", cache]) == 1
    second = capsys.readouterr().out
    assert first == expected and second == expected
    paths = [line.split(":", 1)[0] for line in expected.splitlines()]
    assert paths == sorted(paths) and len(set(paths)) == 8
