"""Folder runs: default excludes, .gitignore, --exclude / --extend-exclude / --force-exclude (ruff's
meaning, pathspec's gitignore patterns), Word lock and temporary files skipped, not failing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportlint import cli
from reportlint.run.discovery import DEFAULT_EXCLUDES, discover, skip_reason
from reportlint.run.runner import REPORT_SUFFIXES, collect_paths

REPORT = "一、单位基本情况\n本单位情况。\n"


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Path:
    """A project folder as a budget office has it, cwd = the project."""
    files = [
        "reports/unit-a/自评报告.txt", "reports/unit-b/自评报告.txt", "reports/drafts/old.txt",
        ".git/config.txt", ".venv/lib/x.txt", "node_modules/pkg/readme.txt", "build/out.txt", "dist/r.txt",
        "reports/__pycache__/c.txt", "pkg.egg-info/PKG-INFO.txt", "reports/ignored/secret.txt",
        "reports/keep.log.txt", "notes.md",
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(REPORT, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("reports/ignored/\n*.log.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rel(paths) -> list[str]:
    return [Path(p).as_posix() for p in paths]


def test_default_excludes_and_gitignore(project):
    found = rel(collect_paths(["."]))
    assert found == ["reports/drafts/old.txt", "reports/unit-a/自评报告.txt", "reports/unit-b/自评报告.txt"]
    assert {".git", ".venv", "node_modules", "__pycache__", "build", "dist"} <= set(DEFAULT_EXCLUDES)


def test_suffixes_are_the_runner_constant(project):
    assert discover(["."], REPORT_SUFFIXES).files == collect_paths(["."])


def test_gitignore_negation_and_nested_files(project):
    (project / "reports" / ".gitignore").write_text("drafts/\n!keep.log.txt\n", encoding="utf-8")
    found = rel(collect_paths(["."]))
    assert "reports/drafts/old.txt" not in found
    assert "reports/keep.log.txt" in found  # re-included by the deeper .gitignore
    assert "reports/ignored/secret.txt" in rel(collect_paths(["."], respect_gitignore=False))


def test_gitignore_of_the_repository_applies_to_a_subfolder_walk(project):
    (project / ".git").mkdir(exist_ok=True)
    found = rel(collect_paths(["reports"]))
    assert "reports/ignored/secret.txt" not in found and "reports/keep.log.txt" not in found
    assert "reports/unit-a/自评报告.txt" in found
    # a folder named on the command line is walked even when ignored (as ruff does)
    assert rel(collect_paths(["reports/ignored"])) == ["reports/ignored/secret.txt"]


def test_exclude_replaces_the_defaults_extend_exclude_adds(project):
    replaced = rel(collect_paths(["."], exclude=["drafts"], respect_gitignore=False))
    assert "reports/drafts/old.txt" not in replaced and "build/out.txt" in replaced  # defaults replaced
    extended = rel(collect_paths(["."], extend_exclude=["drafts", "**/unit-b/*.txt"]))
    assert extended == ["reports/unit-a/自评报告.txt"]


def test_anchored_patterns_are_relative_to_the_root(project):
    found = rel(collect_paths(["."], extend_exclude=["/reports/unit-a"]))
    assert "reports/unit-a/自评报告.txt" not in found
    found = rel(collect_paths(["."], extend_exclude=["/unit-a"]))  # not at the root: nothing excluded
    assert "reports/unit-a/自评报告.txt" in found


def test_a_named_file_is_checked_unless_force_exclude(project):
    named = ["build/out.txt", "reports/drafts/old.txt"]
    assert rel(collect_paths(named, extend_exclude=["drafts"])) == named
    assert rel(collect_paths(named, extend_exclude=["drafts"], force_exclude=True)) == []
    assert rel(collect_paths(["reports/ignored/secret.txt"], force_exclude=True)) == []  # .gitignore too
    assert rel(collect_paths(["reports/unit-a/自评报告.txt"], force_exclude=True)) == ["reports/unit-a/自评报告.txt"]


def test_a_walk_below_an_excluded_name_still_works(tmp_path, monkeypatch):
    """/home/u/build/reports: the `build` default matches a parent, not the reports below it."""
    target = tmp_path / "build" / "reports"
    target.mkdir(parents=True)
    (target / "a.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert rel(collect_paths(["build/reports"])) == ["build/reports/a.txt"]
    monkeypatch.chdir(target)
    assert rel(collect_paths(["."])) == ["a.txt"]


@pytest.mark.parametrize("name, skipped", [
    ("~$自评报告.docx", True), (".~lock.自评报告.docx#", True), ("~WRL0001.tmp", True), ("报告.tmp", True),
    ("自评报告.docx", False), ("~自评报告.txt", False), ("report.txt", False),
])
def test_lock_and_temporary_files(name, skipped):
    assert (skip_reason(name) is not None) is skipped


def test_lock_files_are_listed_as_skipped_and_do_not_fail_the_batch(project, capsys):
    unit = project / "reports" / "unit-a"
    (unit / "~$自评报告.docx").write_bytes(b"\x0bowner\x00\x00")  # what Word leaves next to an open file
    (unit / ".~lock.自评报告.docx#").write_text("user,host,...", encoding="utf-8")
    (unit / "~WRL0001.tmp").write_bytes(b"\x00")
    found = discover(["reports"], REPORT_SUFFIXES)
    assert sorted(Path(p).name for p, _ in found.skipped) == [".~lock.自评报告.docx#", "~$自评报告.docx"]
    assert all("临时锁定文件" in reason for _, reason in found.skipped)
    assert not any("~" in p for p in found.files)
    # named explicitly (a shell glob): skipped as well, not an unreadable report
    code = cli.main(["check", "--isolated", "--format", "json", "--select", "SEC", str(unit / "~$自评报告.docx"),
                     str(unit / "自评报告.txt"), str(unit / "~WRL0001.tmp")])
    out, err = capsys.readouterr()
    assert code != 2, err
    assert all("~" not in f["path"] for f in json.loads(out))
    assert "跳过 2 个" in err and "~$自评报告.docx" in err and "不是报告" in err


def checked(capsys, *args) -> list[str]:
    """The files a `reportlint check` run checked (JUnit has a suite per file, clean or not)."""
    code = cli.main(["check", "--format", "junit", "-q", "--exit-zero", *args])
    out = capsys.readouterr().out
    assert code == 0
    return sorted(Path(name).as_posix() for name in re.findall(r'<testsuite name="([^"]*)"', out))


def test_cli_exclude_options(project, capsys):
    def paths(*args):
        return checked(capsys, "--isolated", *args)

    assert paths(".") == ["reports/drafts/old.txt", "reports/unit-a/自评报告.txt",
                                             "reports/unit-b/自评报告.txt"]
    assert paths(".", "--extend-exclude", "drafts,unit-b") == ["reports/unit-a/自评报告.txt"]
    assert "build/out.txt" in paths(".", "--exclude", "drafts,.git", "--no-respect-gitignore")
    assert paths("reports/drafts/old.txt", "--extend-exclude", "drafts", "--force-exclude") == []


def test_configuration_exclude_is_relative_to_its_folder(project, capsys, monkeypatch):
    (project / "reportlint.toml").write_text('exclude = ["/reports/drafts", ".git", ".venv", "build", "dist",'
                                             ' "node_modules", "__pycache__", "*.egg-info"]\n', encoding="utf-8")
    monkeypatch.chdir(project / "reports")
    assert checked(capsys, ".") == ["unit-a/自评报告.txt",
                                                                          "unit-b/自评报告.txt"]
