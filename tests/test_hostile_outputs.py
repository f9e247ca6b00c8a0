"""Outputs under attack (issue 18): `-o`/`--write-baseline` never destroy a file, file names
that are not UTF-8 never kill a batch's output, and no name or text injects into any format."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from reportlint import cli
from reportlint.errors import ConfigError
from reportlint.formatters import builtin_formatters
from reportlint.formatters.escape import name, safe_text, visible
from reportlint.pluginapi.findings import Evidence, Finding
from reportlint.run.output import write_atomic
from reportlint.run.runner import FileResult, RunResult, get_manager

from util import seed_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
MACHINE_FORMATS = ("json", "jsonl", "sarif", "junit", "github")
# POSIX file names are bytes: a byte that is not UTF-8 comes into Python as a lone surrogate
# (surrogateescape), the way os.fsdecode gives it there; written out so that this module
# imports on Windows too, whose file names are Unicode
UNDECODABLE_FF, UNDECODABLE_FE = "\udcff", "\udcfe"
WINDOWS = sys.platform == "win32"
BYTE_NAMES = pytest.mark.skipif(WINDOWS, reason="file names that are not UTF-8 bytes exist on POSIX only")


def run_cli(args: list[str], cwd: Path, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "reportlint", *args], capture_output=True, cwd=cwd,
                          env=env, timeout=120)


@pytest.fixture
def report(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "r.txt"
    path.write_text(seed_text("004"), encoding="utf-8")
    return path


def check(*args: str) -> int:
    return cli.main(["check", "--isolated", "-q", *args])


# -- never over an input -----------------------------------------------------------------
def test_output_over_the_checked_report_is_refused_and_the_report_kept(report, capsys):
    before = report.read_bytes()
    assert check("-o", "r.txt", "r.txt") == 2
    assert "refusing to write the output over 'r.txt'" in capsys.readouterr().err
    assert report.read_bytes() == before


def test_output_over_a_report_inside_a_checked_folder_is_refused(report, capsys):
    (report.parent / "reports").mkdir()
    inner = report.parent / "reports" / "a.txt"
    inner.write_text(seed_text("004"), encoding="utf-8")
    assert check("-f", "json", "-o", "reports/a.txt", "reports") == 2
    assert inner.read_text(encoding="utf-8") == seed_text("004")


@pytest.mark.parametrize("config_name", ["reportlint.toml", "pyproject.toml", ".reportlint.toml"])
def test_output_over_a_configuration_file_is_refused(report, capsys, config_name):
    config = report.parent / config_name
    config.write_text("[tool.reportlint]\n" if config_name == "pyproject.toml" else "", encoding="utf-8")
    assert check("-o", config_name, "r.txt") == 2
    assert "configuration file" in capsys.readouterr().err
    assert check("--write-baseline", config_name, "r.txt") == 2
    assert config.read_text(encoding="utf-8") in ("", "[tool.reportlint]\n")


def test_output_over_the_named_configuration_suppressions_or_baseline_is_refused(report, capsys):
    (report.parent / "bureau.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    assert cli.main(["check", "-q", "--config", "bureau.toml", "-o", "bureau.toml", "r.txt"]) == 2
    assert (report.parent / "bureau.toml").read_text(encoding="utf-8") == 'fail-on = "error"\n'
    (report.parent / "s.toml").write_text("", encoding="utf-8")
    assert check("--suppressions", "s.toml", "-o", "s.toml", "r.txt") == 2
    assert check("--write-baseline", "b.json", "r.txt") == 1
    baseline = (report.parent / "b.json").read_bytes()
    assert check("--baseline", "b.json", "-o", "b.json", "r.txt") == 2
    assert (report.parent / "b.json").read_bytes() == baseline
    capsys.readouterr()


def test_output_and_baseline_naming_one_file_are_refused(report, capsys):
    assert check("-f", "json", "-o", "x.json", "--write-baseline", "x.json", "r.txt") == 2
    assert "the baseline written by this run" in capsys.readouterr().err
    assert not (report.parent / "x.json").exists()


def test_write_baseline_over_the_report_is_refused(report, capsys):
    before = report.read_bytes()
    assert check("--write-baseline", "r.txt", "r.txt") == 2
    assert report.read_bytes() == before


def test_refreshing_the_baseline_being_read_is_allowed(report, capsys):
    assert check("--write-baseline", "b.json", "r.txt") == 1
    assert check("--baseline", "b.json", "--write-baseline", "b.json", "r.txt") == 0
    assert json.loads((report.parent / "b.json").read_text(encoding="utf-8"))["findings"]


def test_output_naming_a_folder_is_one_line(report, capsys):
    (report.parent / "out").mkdir()
    assert check("-o", "out", "r.txt") == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and err.count("\n") == 1


# -- atomic writes -------------------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError, match="No space left on device"):
        write_atomic(target, "new" * 1000)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(WINDOWS, reason="POSIX modes; symbolic links need a privilege on Windows")
def test_atomic_write_keeps_the_mode_follows_links_and_creates_folders(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert (target.stat().st_mode & 0o777) == 0o640
    write_atomic(tmp_path / "deep" / "er" / "x.txt", "x")
    assert (tmp_path / "deep" / "er" / "x.txt").read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(WINDOWS, reason="character devices (/dev/null, /dev/stdout) are POSIX")
def test_output_to_a_character_device_is_written_directly(tmp_path):
    write_atomic(os.devnull, "nothing")  # `-o /dev/stdout` style destinations keep working


def _writer(path: str, letter: str, rounds: int) -> None:
    for _ in range(rounds):
        write_atomic(path, letter * 200_000)


@pytest.mark.skipif(WINDOWS, reason="fork; and on Windows a file open for reading cannot be replaced")
def test_concurrent_writers_never_leave_a_partial_or_spliced_file(tmp_path):
    target = tmp_path / "baseline.json"
    target.write_text("a" * 200_000, encoding="utf-8")
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_writer, args=(str(target), letter, 25)) for letter in "ab"]
    for process in writers:
        process.start()
    seen = set()
    while any(p.is_alive() for p in writers):
        data = target.read_text(encoding="utf-8")
        assert len(data) == 200_000 and len(set(data)) == 1, "partial or spliced file"
        seen.add(data[0])
    for process in writers:
        process.join(10)
        assert process.exitcode == 0
    assert not [p for p in tmp_path.iterdir() if p.name != "baseline.json"]  # no temporary left


# -- names are data ---------------------------------------------------------------------------
def _gbk_named(folder: Path) -> str:
    raw = os.fsencode(folder) + "/报告".encode("gbk") + b".txt"
    with open(raw, "wb") as handle:
        handle.write(seed_text("004").encode("utf-8"))
    return os.fsdecode(raw)


def test_escape_helpers():
    bad = "报".encode("gbk").decode("utf-8", "surrogateescape")  # a GBK file name read on POSIX
    assert safe_text(f"a{bad}b") == "a\\xb1\\xa8b"
    assert visible("x\x1b]0;owned\x07y\n") == "x\\x1b]0;owned\\x07y\n"
    assert name("a\nb\u202ec") == "a\\x0ab\\u202ec"
    assert safe_text("\ud800") == "\\ud800"


@BYTE_NAMES
@pytest.mark.parametrize("fmt", MACHINE_FORMATS + ("text",))
def test_a_gbk_named_report_does_not_kill_the_output_of_the_batch(tmp_path, monkeypatch, capsys, fmt):
    monkeypatch.chdir(tmp_path)
    gbk = _gbk_named(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(seed_text("004"), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert check("--jobs", "2", "-f", fmt, "-o", str(out), gbk, str(good)) == 1
    data = out.read_bytes()
    text = data.decode("utf-8")  # valid UTF-8, whatever the names
    # \xb1\xa8 (escaped again in JSON); SARIF: the URI; text (text.py): its own visible escape
    shown = {"sarif": "%B1%A8", "text": "b1"}.get(fmt, "xb1")
    assert shown in text and "good.txt" in text
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(data)
    # strict stdout (no surrogateescape) carries it too
    strict = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdout", strict)
    assert check("-f", fmt, gbk) == 1
    strict.flush()
    assert shown in strict.buffer.getvalue().decode("utf-8")


@BYTE_NAMES
def test_sarif_of_a_gbk_named_report_percent_encodes_its_bytes_and_is_valid(tmp_path):
    gbk = _gbk_named(tmp_path)
    done = run_cli(["check", "--isolated", "-q", "-f", "sarif", os.fsencode(gbk).decode("utf-8", "surrogateescape")],
                   tmp_path)
    log = json.loads(done.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"file://" + os.fsencode(tmp_path).decode() + "/%B1%A8%B8%E6.txt"}
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(log))


# -- injection ----------------------------------------------------------------------------------
HOSTILE_PATH = "in\nbox/::error file=x.txt::pwned\x1b]0;title\x07\u202e" + UNDECODABLE_FF + ".txt"
HOSTILE_TEXT = "金额\n::warning::injected\r\n\x1b[2J\x9b31m\x00\x0c\ufffe" + UNDECODABLE_FE


def _hostile_result() -> RunResult:
    finding = Finding(path=HOSTILE_PATH, rule="FRM001", name="formula-result-mismatch", severity="error",
                      message=HOSTILE_TEXT, line=0, column=0, end_line=-3, end_column=-1,
                      section=[HOSTILE_TEXT, "二、" + HOSTILE_TEXT], snippet=HOSTILE_TEXT,
                      evidence=Evidence(stated=HOSTILE_TEXT, figures=[HOSTILE_TEXT], extra_key=HOSTILE_TEXT),
                      suggestion=HOSTILE_TEXT, fingerprint="0123456789abcdef", plugin="evil", location=HOSTILE_TEXT)
    return RunResult(files=[FileResult(path=HOSTILE_PATH, findings=[finding]),
                            FileResult(path=HOSTILE_PATH + "2", error=HOSTILE_TEXT)])


@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
def test_hostile_names_and_texts_are_escaped_in_every_format(fmt):
    rules = get_manager().rules()
    output = builtin_formatters()[fmt](rules).format(_hostile_result())
    output.encode("utf-8")  # no lone surrogate
    for raw in ("\x1b", "\x07", "\x9b", "\x00", "\x0c", "\r"):
        assert raw not in output, (fmt, raw)
    if fmt == "github":
        lines = output.splitlines()
        assert len(lines) == 2 and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
        assert not any("::warning::injected" in line.split("::", 2)[1] for line in lines)
    if fmt == "junit":
        ET.fromstring(output.encode("utf-8"))
    if fmt == "jsonl":
        assert len(output.splitlines()) == 1
    if fmt in ("json", "sarif"):
        json.loads(output)
    if fmt == "sarif":
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        assert not list(jsonschema.Draft4Validator(schema).iter_errors(json.loads(output)))


def test_json_keeps_names_exact_except_for_undecodable_bytes():
    items = json.loads(builtin_formatters()["json"](get_manager().rules()).format(_hostile_result()))
    assert items[0]["path"] == HOSTILE_PATH.replace(UNDECODABLE_FF, "\\xff")
    assert items[0]["message"].startswith("金额\n::warning::injected\r\n\x1b[2J\x9b31m")


@pytest.mark.skipif(WINDOWS, reason="Windows file names cannot hold a newline")
def test_a_report_named_with_a_newline_cannot_inject_a_workflow_command(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    hostile = folder / "a\n::error file=ok.txt::all good\n.txt"
    hostile.write_text(seed_text("004"), encoding="utf-8")
    done = run_cli(["check", "--isolated", "-q", "-f", "github", "inbox"], tmp_path)
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines and all(line.startswith(("::error file=inbox/a%0A%3A%3Aerror", "::warning file=inbox/a%0A",
                                          "::notice file=inbox/a%0A")) for line in lines), lines[:3]


def test_facts_output_over_a_report_is_refused(report, capsys):
    before = report.read_bytes()
    assert cli.main(["facts", "-o", "r.txt", "r.txt"]) == 2
    assert report.read_bytes() == before
    assert cli.main(["facts", "-f", "csv", "-o", "facts.csv", "r.txt"]) == 0
    assert (report.parent / "facts.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as before


def test_two_runs_writing_one_baseline_at_once_leave_a_valid_baseline(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(seed_text("004"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    runs = [subprocess.Popen([sys.executable, "-m", "reportlint", "check", "--isolated", "-q", "--write-baseline",
                              "shared.json", name], cwd=tmp_path, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for name in ("a.txt", "b.txt")]
    assert [run.wait(timeout=120) for run in runs] == [1, 1]
    data = json.loads((tmp_path / "shared.json").read_text(encoding="utf-8"))
    assert {entry["path"] for entry in data["findings"]} in ({"a.txt"}, {"b.txt"})  # one whole run's baseline
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "shared.json"]


def test_output_over_a_report_is_refused_through_a_hard_link_and_a_new_output_walks_nothing(tmp_path, monkeypatch,
                                                                                           capsys):
    import reportlint.run.runner as runner

    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "a.txt"
    report.write_text(seed_text("000"), encoding="utf-8")
    linked = tmp_path / "results.json"  # another name of the report: writing it would destroy the report
    os.link(report, linked)
    assert cli.main(["check", "-q", "--no-cache", str(folder), "-o", str(linked)]) == 2
    assert "it is a report checked by this run" in capsys.readouterr().err
    assert report.read_text(encoding="utf-8") == seed_text("000")
    walks = []
    real = runner.collect_paths
    monkeypatch.setattr(runner, "collect_paths", lambda *a, **k: walks.append(a) or real(*a, **k))
    fresh = tmp_path / "fresh.json"  # does not exist yet: it cannot be a report, nothing to walk for it
    assert cli.main(["check", "-q", "--no-cache", "--format", "json", str(folder), "-o", str(fresh)]) == 1
    assert walks == [] and json.loads(fresh.read_text(encoding="utf-8"))
