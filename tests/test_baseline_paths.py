"""Correctness: a baseline matches on the path relative to the project root (the baseline's
folder), not the file name; the exit code does not depend on the order of the paths when
folders have different `fail-on` settings."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path

import pytest

from reportlint import cli
from reportlint.pluginapi.findings import Finding
from reportlint.run import baseline
from util import seed_path


def check(capsys, *args) -> tuple[int, list[dict], str]:
    code = cli.main(["check", "--format", "json", "-q", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else []), err


@pytest.fixture()
def units(tmp_path, monkeypatch) -> Path:
    """Two units' reports, both called 自评报告.txt; cwd = the project."""
    for unit in ("unit-a", "unit-b"):
        folder = tmp_path / "reports" / unit
        folder.mkdir(parents=True)
        shutil.copy(seed_path("001"), folder / "自评报告.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_units_baseline_does_not_hide_another_units_findings(units, capsys):
    code, today, _ = check(capsys, "--isolated", "--write-baseline", "baseline.json", "reports/unit-a")
    assert today
    data = json.loads((units / "baseline.json").read_text(encoding="utf-8"))
    assert {e["file"] for e in data["findings"]} == {"reports/unit-a/自评报告.txt"}
    code, findings, _ = check(capsys, "--isolated", "--baseline", "baseline.json", "reports")
    assert {Path(f["path"]).parent.name for f in findings} == {"unit-b"}  # unit-a's are known, unit-b's are new
    assert len(findings) == len(today)


def test_baseline_matches_from_another_folder_and_another_checkout(units, capsys, monkeypatch, tmp_path_factory):
    check(capsys, "--isolated", "--write-baseline", "baseline.json", "reports")
    monkeypatch.chdir(units / "reports" / "unit-b")
    code, findings, _ = check(capsys, "--isolated", "--baseline", str(units / "baseline.json"), "自评报告.txt")
    assert findings == [] and code == 0
    clone = tmp_path_factory.mktemp("clone") / "project"
    shutil.copytree(units, clone)
    monkeypatch.chdir(clone)
    code, findings, _ = check(capsys, "--isolated", "--baseline", "baseline.json", "reports")
    assert findings == [] and code == 0


def test_baseline_in_a_subfolder_is_relative_to_that_folder(units, capsys):
    (units / "ci").mkdir()
    check(capsys, "--isolated", "--write-baseline", "ci/baseline.json", "reports/unit-a")
    data = json.loads((units / "ci" / "baseline.json").read_text(encoding="utf-8"))
    assert {e["file"] for e in data["findings"]} == {"../reports/unit-a/自评报告.txt"}
    _, findings, _ = check(capsys, "--isolated", "--baseline", "ci/baseline.json", "reports")
    assert {Path(f["path"]).parent.name for f in findings} == {"unit-b"}


def test_key_is_posix_and_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    finding = Finding(path="reports/unit-a/自评报告.txt", rule="X001",
                      name="x", severity="error", message="m", line=1, column=1, end_line=1, end_column=2,
                      fingerprint="abc")
    assert baseline.key(finding, tmp_path) == ("reports/unit-a/自评报告.txt", "abc")
    assert baseline.key(finding, tmp_path / "reports") == ("unit-a/自评报告.txt", "abc")
    assert baseline.relative_to_root(str(tmp_path / "a" / "b.txt"), tmp_path) == "a/b.txt"


# -- exit code and the order of the paths -------------------------------------------------------
@pytest.fixture()
def two_levels(tmp_path, monkeypatch) -> Path:
    """strict/ fails on warnings, lenient/ only on errors; both reports have warnings, neither an error."""
    for name, level in (("strict", "warning"), ("lenient", "error")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "reportlint.toml").write_text(f'fail-on = "{level}"\nselect = ["DAT"]\n', encoding="utf-8")
        shutil.copy(seed_path("001"), folder / "r.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_code_does_not_depend_on_the_order_of_paths(two_levels, capsys):
    _, findings, _ = check(capsys, "strict/r.txt")
    severities = {f["severity"] for f in findings}
    assert "warning" in severities and "error" not in severities, severities
    assert check(capsys, "lenient/r.txt")[0] == 0
    assert check(capsys, "strict/r.txt")[0] == 1
    for order in itertools.permutations(["strict/r.txt", "lenient/r.txt"]):
        assert check(capsys, *order)[0] == 1, order
    for order in itertools.permutations(["lenient", "strict"]):
        assert check(capsys, *order)[0] == 1, order
    assert check(capsys, "lenient/r.txt", "lenient")[0] == 0


def test_summary_verdicts_follow_each_folders_fail_level(two_levels, capsys):
    code = cli.main(["check", "--format", "concise", "lenient", "strict"])
    err = capsys.readouterr().err
    assert code == 1
    lenient, strict = os.path.join("lenient", "r.txt"), os.path.join("strict", "r.txt")  # as found on this system
    assert f"  通过    {lenient}" in err and f"  不通过  {strict}" in err, err
