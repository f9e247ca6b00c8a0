"""Hostile folders (issue 18): a configuration inside a submitter's folder cannot silence a
bureau's run (`--isolated`, `--config FILE`), a broken one costs only the files it governs, and
/dev/zero or a FIFO given as configuration, suppressions or baseline file is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint import cli

from util import seed_text

ROOT = Path(__file__).resolve().parents[1]
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX only")


@pytest.fixture
def inbox(tmp_path, monkeypatch) -> Path:
    """inbox/a (an honest submitter) and inbox/b (one whose folder tries to silence its report)."""
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b"):
        (tmp_path / "inbox" / name).mkdir(parents=True)
        (tmp_path / "inbox" / name / "report.txt").write_text(seed_text("004"), encoding="utf-8")
    return tmp_path / "inbox"


def check(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = cli.main(["check", "--format", "json", "-q", "--jobs", "1", "--timeout", "0", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else []), err


def by_folder(findings: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        folder = Path(f["path"]).parent.name
        counts[folder] = counts.get(folder, 0) + 1
    return counts


SILENCERS = [
    'ignore = ["ALL"]\n',
    'disable-plugins = ["formulas", "dates", "sections", "scores"]\n',
    'select = ["PRS"]\nfail-on = "error"\n',
    '[per-file-ignores]\n"*" = ["ALL"]\n',
]


@pytest.mark.parametrize("silencer", SILENCERS)
@pytest.mark.parametrize("config_name", ["reportlint.toml", ".reportlint.toml", "pyproject.toml"])
def test_a_submitters_configuration_cannot_silence_an_isolated_or_configured_run(inbox, capsys, silencer, config_name):
    text = ("[tool.reportlint]\n" + silencer.replace("[per-file-ignores]", "[tool.reportlint.per-file-ignores]")
            if config_name == "pyproject.toml" else silencer)
    (inbox / "b" / config_name).write_text(text, encoding="utf-8")
    _, found, _ = check(capsys, "inbox")
    assert by_folder(found).get("b", 0) < by_folder(found)["a"]  # without --isolated the folder's file applies
    for args in (["--isolated"], ["--config", "bureau.toml"]):
        Path("bureau.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
        code, found, _ = check(capsys, *args, "inbox")
        counts = by_folder(found)
        assert code == 1 and counts["a"] == counts["b"] > 0, (args, counts)


def test_a_submitters_timeout_zero_does_not_apply_under_isolated(inbox, capsys):
    from reportlint.run.config import settings_for

    (inbox / "b" / "reportlint.toml").write_text("timeout = 0\n", encoding="utf-8")
    assert settings_for(inbox / "b" / "report.txt").timeout == 0
    assert settings_for(inbox / "b" / "report.txt", isolated=True).timeout == 60
    assert settings_for(inbox / "b" / "report.txt", config=inbox / "missing.toml", isolated=True).timeout == 60


@pytest.mark.parametrize("broken, named", [
    ("[tool.reportlint\n", "pyproject.toml"),
    ('[tool.reportlint]\nselcet = ["ALL"]\n', "selcet"),
    ('[tool.reportlint]\nselect = ["NOPE9"]\n', "NOPE9"),
    (b"[tool.reportlint]\nselect = [\"\xff\"]\n", "not UTF-8"),
])
def test_a_broken_configuration_in_the_inbox_costs_only_its_files(inbox, capsys, broken, named):
    path = inbox / "b" / "pyproject.toml"
    path.write_bytes(broken if isinstance(broken, bytes) else broken.encode("utf-8"))
    (inbox / "b" / "second.txt").write_text(seed_text("004"), encoding="utf-8")
    for order in (["inbox"], ["inbox/b/report.txt", "inbox/a/report.txt"]):
        code, found, err = check(capsys, *order)
        assert code == 2
        assert by_folder(found).get("a", 0) > 0 and "b" not in by_folder(found)  # a was still checked
        lines = [line.replace("\\", "/") for line in err.splitlines() if "bad configuration" in line]
        expected = 2 if order == ["inbox"] else 1
        assert len(lines) == expected and all(named in line for line in lines), err
        assert all(line.startswith("inbox/b/") for line in lines)


def test_a_broken_configuration_governing_every_file_is_still_one_error(inbox, capsys):
    (inbox / "b" / "reportlint.toml").write_text("select = [\n", encoding="utf-8")
    code, found, err = check(capsys, "inbox/b")
    assert code == 2 and found == [] and err.startswith("reportlint: error: ") and err.count("\n") == 1


# -- files that are not files -------------------------------------------------------------------
def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "reportlint", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60)


@POSIX_ONLY
@pytest.mark.parametrize("option", ["--config", "--suppressions", "--baseline"])
def test_dev_zero_and_a_fifo_are_refused_not_read_forever(tmp_path, option):
    report = tmp_path / "r.txt"
    report.write_text(seed_text("004"), encoding="utf-8")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    for special in ("/dev/zero", str(fifo)):
        done = run_cli(["check", "-q", option, special, str(report)], tmp_path)  # timeout=60: a hang fails
        assert done.returncode == 2, done.stderr
        assert "not a regular file" in done.stderr and done.stderr.count("\n") == 1


@POSIX_ONLY
def test_a_fifo_named_like_a_configuration_in_a_folder_does_not_block(inbox, capsys):
    os.mkfifo(inbox / "b" / "reportlint.toml")
    os.mkfifo(inbox / "a" / "pyproject.toml")
    code, found, _ = check(capsys, "inbox")
    assert code == 1 and set(by_folder(found)) == {"a", "b"}


@pytest.mark.parametrize("option, limit", [("--config", 1024 * 1024), ("--suppressions", 16 * 1024 * 1024),
                                           ("--baseline", 64 * 1024 * 1024)])
def test_oversized_configuration_files_are_refused_before_reading(tmp_path, capsys, monkeypatch, option, limit):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(seed_text("004"), encoding="utf-8")
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate(limit + 1)  # sparse: no disk cost
    code = cli.main(["check", "-q", "--isolated", option, str(big), "r.txt"] if option != "--config"
                    else ["check", "-q", option, str(big), "r.txt"])
    err = capsys.readouterr().err
    assert code == 2 and f"too large ({limit + 1} bytes, limit {limit})" in err


def test_deeply_nested_baseline_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(seed_text("004"), encoding="utf-8")
    (tmp_path / "b.json").write_text("[" * 100_000 + "]" * 100_000)
    assert cli.main(["check", "-q", "--isolated", "--baseline", "b.json", "r.txt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reportlint: error: baseline b.json") and err.count("\n") == 1
