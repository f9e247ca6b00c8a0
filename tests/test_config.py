"""Configuration, selection, severities, rule options, exit codes, suppressions and baselines.

Findings come from a small test plugin (TST010 flags 指指标 or the words its options name,
TST011 flags 预预期 as info) so that these tests do not depend on the built-in families.
"""

from __future__ import annotations

import json
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from reportlint import cli
from reportlint.run import runner
from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.manager import PluginManager
from reportlint.pluginapi.rules import Rule
from util import seed_path, seed_text

REPORT = """整体绩效自评报告
一、单位基本情况
（一）指标完成情况
绩效指指标全部完成，预预期目标实现。
二、自评结论
绩效指指标已完成。
"""


class WordOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str] = ["指指标"]


class WordRule(Rule):
    """Test rule: flags configured words.

    ## What it does
    Flags each configured word.

    ## Why is this bad?
    Test.

    ## Example
    `指指标`

    ## Options
    - `words` (list of strings, default ["指指标"]).
    """

    code = "TST010"
    name = "test-word"
    severity = "warning"
    Options = WordOptions


class InfoRule(Rule):
    """Test rule: flags 预预期 as info.

    ## What it does
    Flags 预预期.

    ## Why is this bad?
    Test.

    ## Example
    `预预期`
    """

    code = "TST011"
    name = "test-info"
    severity = "info"


class WordPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [WordRule, InfoRule]

    @hookimpl
    def reportlint_check_document(self, document, context):
        out = []
        for _, block in document.text_blocks():
            for word in context.options("TST010").words:
                start = block.text.find(word)
                while start >= 0:
                    out.append(context.finding("TST010", f"发现“{word}”", block=block, start=start,
                                               end=start + len(word)))
                    start = block.text.find(word, start + 1)
            at = block.text.find("预预期")
            if at >= 0:
                out.append(context.finding("TST011", "发现“预预期”", block=block, start=at, end=at + 3))
        return out


@pytest.fixture(autouse=True)
def manager(monkeypatch):
    manager = PluginManager(entry_points=False, extra=[("words", WordPlugin())])
    for key in [(), ("profiles",)]:
        monkeypatch.setitem(runner._MANAGERS, key, manager)
    return manager


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    """tmp/project/reports/r.txt, cwd = tmp/project."""
    reports = tmp_path / "project" / "reports"
    reports.mkdir(parents=True)
    (reports / "r.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project"


def check(capsys, *args) -> tuple[int, list[dict], str]:
    code = cli.main(["check", "--format", "json", "-q", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else []), err


def rl(findings, prefix="TST") -> list[tuple[str, int]]:
    return sorted((f["rule"], f["line"]) for f in findings if f["rule"].startswith(prefix))


ALL = [("TST010", 4), ("TST010", 6), ("TST011", 4)]


# -- discovery and precedence ------------------------------------------------------------
def test_defaults_without_configuration(tree, capsys):
    code, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == ALL and code == 1


def test_pyproject_tool_reportlint_is_found_upwards(tree, capsys):
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.reportlint]\nignore = ["TST011"]\n')
    code, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == [("TST010", 4), ("TST010", 6)]


def test_pyproject_without_the_table_is_skipped(tree, capsys):
    (tree / "reports" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tree / "reportlint.toml").write_text('select = ["TST011"]\n')
    _, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == [("TST011", 4)]


def test_nearest_file_wins_and_reportlint_toml_beats_pyproject(tree, capsys):
    (tree / "reportlint.toml").write_text('select = ["TST011"]\n')
    (tree / "reports" / "pyproject.toml").write_text('[tool.reportlint]\nselect = ["TST010"]\n')
    _, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == [("TST010", 4), ("TST010", 6)]
    (tree / "reports" / "reportlint.toml").write_text('ignore = ["TST010"]\n')
    _, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == [("TST011", 4)]


def test_a_folder_is_searched_once_and_each_folder_gets_its_own_file(tree, capsys, monkeypatch):
    """The reports of one folder share one search up the tree; a subfolder with a file of its
    own still gets that file's settings."""
    import reportlint.run.config as config_module

    (tree / "reportlint.toml").write_text('select = ["TST011"]\n')
    for name in ("a.txt", "b.txt", "c.txt"):
        (tree / "reports" / name).write_text(REPORT, encoding="utf-8")
    inner = tree / "reports" / "inner"
    inner.mkdir()
    (inner / "d.txt").write_text(REPORT, encoding="utf-8")
    (inner / "reportlint.toml").write_text('select = ["TST010"]\n')
    searched: list[Path] = []
    real = config_module.find_config
    monkeypatch.setattr(config_module, "find_config", lambda start: searched.append(start) or real(start))
    _, findings, _ = check(capsys, "reports")
    by_file = {name: rl([f for f in findings if f["path"].endswith(name)]) for name in ("r.txt", "a.txt", "d.txt")}
    assert by_file == {"r.txt": [("TST011", 4)], "a.txt": [("TST011", 4)],
                       "d.txt": [("TST010", 4), ("TST010", 6)]}
    # the run's base settings (from the first path), then once per folder: not once per report
    assert sorted(map(str, searched)) == sorted(map(str, [Path("reports"), Path("reports"), Path("reports/inner")]))


def test_isolated_and_explicit_config(tree, capsys, tmp_path):
    (tree / "reportlint.toml").write_text('select = ["TST011"]\n')
    _, findings, _ = check(capsys, "--isolated", "reports/r.txt")
    assert rl(findings) == ALL
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["TST011"]\n')
    _, findings, _ = check(capsys, "--config", str(other), "reports/r.txt")
    assert rl(findings) == [("TST010", 4), ("TST010", 6)]


def test_command_line_overrides_the_file(tree, capsys):
    (tree / "reportlint.toml").write_text('select = ["TST010"]\nfail-on = "error"\n')
    code, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == [("TST010", 4), ("TST010", 6)] and code == 0  # warnings, fail-on error
    code, findings, _ = check(capsys, "--select", "TST011", "--fail-on", "info", "reports/r.txt")
    assert rl(findings) == [("TST011", 4)] and code == 1


def test_command_line_ignore_and_extend_select_add_to_the_file(tree, capsys):
    (tree / "reportlint.toml").write_text('select = ["TST010"]\nignore = ["PRS"]\n')
    _, findings, _ = check(capsys, "--extend-select", "TST011", "reports/r.txt")
    assert rl(findings) == ALL
    _, findings, _ = check(capsys, "--extend-select", "TST011", "--ignore", "TST010", "reports/r.txt")
    assert rl(findings, "") == [("TST011", 4)]  # the file's PRS ignore still holds


# -- selection -----------------------------------------------------------------------------
@pytest.mark.parametrize("args, expected", [
    (["--select", "TST010"], [("TST010", 4), ("TST010", 6)]),
    (["--select", "TST"], ALL),
    (["--select", "TST01", "--ignore", "TST011"], [("TST010", 4), ("TST010", 6)]),
    (["--select", "TST011", "--ignore", "TST"], [("TST011", 4)]),  # the more specific selector wins…
    (["--select", "TST01", "--ignore", "TST01"], []),  # …on a tie, ignore wins…
    (["--select", "TST010", "--ignore", "ALL"], [("TST010", 4), ("TST010", 6)]),  # …ALL is the least specific
    (["--ignore", "TST"], []),
])
def test_select_and_ignore_by_code_and_prefix(tree, capsys, args, expected):
    _, findings, _ = check(capsys, "--isolated", *args, "reports/r.txt")
    assert rl(findings) == expected


def test_per_file_ignores_by_glob(tree, capsys):
    (tree / "reports" / "keep.txt").write_text(REPORT, encoding="utf-8")
    (tree / "reportlint.toml").write_text('[per-file-ignores]\n"reports/r*.txt" = ["TST010"]\n"keep.*" = ["TST011"]\n')
    _, findings, _ = check(capsys, "reports")
    got = sorted((Path(f["path"]).name, f["rule"], f["line"]) for f in findings if f["rule"].startswith("TST"))
    assert got == [("keep.txt", "TST010", 4), ("keep.txt", "TST010", 6), ("r.txt", "TST011", 4)]


def test_severity_overrides_and_fail_on(tree, capsys):
    code, findings, _ = check(capsys, "--isolated", "--select", "TST011", "reports/r.txt")
    assert code == 0 and [f["severity"] for f in findings] == ["info"]  # info does not fail by default
    code, _, _ = check(capsys, "--isolated", "--select", "TST011", "--fail-on", "info", "reports/r.txt")
    assert code == 1
    (tree / "reportlint.toml").write_text('select = ["TST"]\nfail-on = "error"\n[severity]\nTST011 = "error"\nTST = "info"\n')
    code, findings, _ = check(capsys, "reports/r.txt")
    assert {(f["rule"], f["severity"]) for f in findings} == {("TST010", "info"), ("TST011", "error")}
    assert code == 1


def test_rule_options_reach_the_rule(tree, capsys):
    (tree / "reportlint.toml").write_text('select = ["TST010"]\n[rules.TST010]\nwords = ["预预期", "自评结论"]\n')
    _, findings, _ = check(capsys, "reports/r.txt")
    assert sorted((f["line"], f["message"]) for f in findings) == [(4, "发现“预预期”"), (5, "发现“自评结论”")]


@pytest.mark.parametrize("content, named", [
    ('select = ["TST999"]\n', "unknown rule code or prefix 'TST999'"),
    ('ignore = ["XYZ"]\n', "unknown rule code or prefix 'XYZ'"),
    ('[severity]\nTST012 = "error"\n', "unknown rule code or prefix 'TST012'"),
    ('[per-file-ignores]\n"*.txt" = ["NOPE1"]\n', "unknown rule code or prefix 'NOPE1'"),
    ('[rules.TST010]\nwordz = ["x"]\n', "rule TST010 option 'wordz'"),
    ('[rules.TST010]\nwords = 3\n', "rule TST010 option 'words'"),
    ('[rules.TST777]\nwords = []\n', "options given for unknown rule 'TST777'"),
    ('selcet = ["TST"]\n', "configuration key 'selcet'"),
    ('fail-on = "fatal"\n', "configuration key 'fail-on'"),
    ('select = [\n', "cannot read configuration"),
])
def test_configuration_errors_exit_2_naming_the_problem(tree, capsys, content, named):
    (tree / "reportlint.toml").write_text(content)
    code, findings, err = check(capsys, "reports/r.txt")
    assert code == 2 and findings == []
    assert err.startswith("reportlint: error: ") and named in err and err.count("\n") == 1


def test_unknown_code_on_the_command_line(tree, capsys):
    code, _, err = check(capsys, "--isolated", "--select", "TST010,ZZZ9", "reports/r.txt")
    assert code == 2 and "unknown rule code or prefix 'ZZZ9'" in err


# -- exit codes ------------------------------------------------------------------------------
def test_exit_codes_in_process(tree, capsys):
    assert check(capsys, "--isolated", "--select", "PRS", "--profile", "hunan", "reports/r.txt")[0] == 0
    assert check(capsys, "--isolated", "reports/r.txt")[0] == 1
    code, _, err = check(capsys, "--isolated", "reports/missing.txt")
    assert code == 2 and "missing.txt: no such file" in err
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--format"])
    assert exc.value.code == 2


def test_exit_codes_through_a_subprocess(tmp_path):
    """The installed console entry point, as CI runs it: 0, 1 and 2."""
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "reportlint", "check", "-q", "--isolated", *args],
                              capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)

    assert run("--select", "PRS", str(seed_path("001"))).returncode == 0
    done = run("--select", "PRS", "--fail-on", "info", str(report))  # PRS003: no template fits
    assert done.returncode == 1 and "PRS003" in done.stdout
    done = run(str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and "nope.txt: no such file" in done.stderr
    done = run("--select", "NOPE", str(report))
    assert done.returncode == 2 and "'NOPE'" in done.stderr and "Traceback" not in done.stderr


# -- suppressions ----------------------------------------------------------------------------
def fingerprints(capsys, *args):
    _, findings, _ = check(capsys, "--isolated", *args, "reports/r.txt")
    return findings


def test_suppression_by_fingerprint_and_by_rule_and_section(tree, capsys):
    findings = fingerprints(capsys, "--select", "TST")
    first = next(f for f in findings if f["rule"] == "TST010" and f["line"] == 4)
    (tree / "s.toml").write_text(
        f'[[suppression]]\nfingerprint = "{first["fingerprint"]}"\nreason = "术语在本单位有特定含义"\n\n'
        '[[suppression]]\nrule = "TST011"\nsection = "一、单位基本情况/（一）指标完成情况"\nreason = "已人工复核"\n')
    code, findings, _ = check(capsys, "--isolated", "--select", "TST,PRS004", "--suppressions", "s.toml",
                              "reports/r.txt")
    assert rl(findings, "") == [("TST010", 6)]
    assert code == 1


def test_section_matching_ignores_markers_and_covers_subsections(tree, capsys):
    (tree / "s.toml").write_text('[[suppression]]\nrule = "TST"\nsection = "单位基本情况"\nreason = "x"\n')
    _, findings, _ = check(capsys, "--isolated", "--select", "TST,PRS", "--suppressions", "s.toml", "reports/r.txt")
    assert rl(findings, "") == [("PRS003", 1), ("TST010", 6)]


def test_suppression_path_glob(tree, capsys):
    (tree / "s.toml").write_text('[[suppression]]\nrule = "TST010"\nsection = "*"\npath = "other*.txt"\n'
                                 'reason = "x"\n[[suppression]]\nrule = "TST010"\nsection = "自评结论"\n'
                                 'path = "reports/*.txt"\nreason = "y"\n')
    _, findings, _ = check(capsys, "--isolated", "--select", "TST,PRS004", "--suppressions", "s.toml",
                           "reports/r.txt")
    assert rl(findings, "") == [("PRS004", 1), ("TST010", 4), ("TST011", 4)]
    unused = next(f for f in findings if f["rule"] == "PRS004")
    assert unused["path"] == "s.toml" and "other*.txt" in unused["message"] and unused["severity"] == "warning"


def test_unused_suppression_is_reported_at_its_line(tree, capsys):
    (tree / "s.toml").write_text('# kept for history\n\n[[suppression]]\nfingerprint = "0000000000000000"\n'
                                 'reason = "旧问题"\n')
    code, findings, _ = check(capsys, "--isolated", "--select", "TST011", "--extend-select", "PRS004",
                              "--suppressions", "s.toml", "reports/r.txt")
    unused = [f for f in findings if f["rule"] == "PRS004"]
    assert [(f["path"], f["line"]) for f in unused] == [("s.toml", 3)]
    assert "0000000000000000" in unused[0]["message"] and "旧问题" in unused[0]["message"]
    assert code == 1  # PRS004 is a warning


def test_suppressions_file_named_in_configuration_is_relative_to_it(tree, capsys):
    (tree / "conf").mkdir()
    (tree / "conf" / "s.toml").write_text('[[suppression]]\nrule = "TST011"\nsection = "*"\nreason = "x"\n')
    (tree / "reportlint.toml").write_text('select = ["TST"]\nsuppressions = "conf/s.toml"\n')
    _, findings, _ = check(capsys, "reports/r.txt")
    assert rl(findings) == [("TST010", 4), ("TST010", 6)]


@pytest.mark.parametrize("content, named", [
    ('[[suppression]]\nrule = "TST010"\nsection = "自评结论"\n', "entry 1 (line 1) [TST010 自评结论]: a reason is required"),
    ('[[suppression]]\nfingerprint = "ab"\nreason = "x"\n\n[[suppression]]\nfingerprint = "cd"\nreason = "  "\n',
     "entry 2 (line 5) [cd]: a reason is required"),
    ('[[suppression]]\nrule = "TST010"\nreason = "x"\n', "entry 1 (line 1) [TST010]: name a fingerprint, or a rule and a section"),
    ('[[suppression]]\nfingerprint = "ab"\nreason = "x"\nwhy = "y"\n', "unknown key 'why'"),
    ('[[suppresion]]\nfingerprint = "ab"\n', "unknown key 'suppresion'"),
])
def test_malformed_suppressions_are_configuration_errors(tree, capsys, content, named):
    (tree / "s.toml").write_text(content)
    code, _, err = check(capsys, "--isolated", "--suppressions", "s.toml", "reports/r.txt")
    assert code == 2 and named in err, err


def test_missing_suppressions_file(tree, capsys):
    code, _, err = check(capsys, "--isolated", "--suppressions", "nope.toml", "reports/r.txt")
    assert code == 2 and "suppressions file nope.toml: cannot read" in err


# -- baselines -------------------------------------------------------------------------------
def test_baseline_write_then_report_only_new_findings(tree, capsys, tmp_path):
    baseline = tree / "baseline.json"
    code, findings, _ = check(capsys, "--isolated", "--select", "TST", "--write-baseline", str(baseline),
                              "reports/r.txt")
    assert rl(findings) == ALL  # writing does not hide today's findings
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 3
    assert {e["file"] for e in data["findings"]} == {"reports/r.txt"}  # relative to the baseline's folder
    assert {"fingerprint", "rule", "path", "line", "message"} <= set(data["findings"][0])

    code, findings, _ = check(capsys, "--isolated", "--select", "TST", "--baseline", str(baseline), "reports/r.txt")
    assert findings == [] and code == 0

    # Lines shift (a paragraph added above) and a new typo appears: only the new one is reported.
    edited = REPORT.replace("二、自评结论\n", "二、自评结论\n新增一段说明。\n").replace(
        "绩效指指标已完成。", "绩效指指标已完成。\n另有预预期问题。")
    (tree / "reports" / "r.txt").write_text(edited, encoding="utf-8")
    code, findings, _ = check(capsys, "--isolated", "--select", "TST", "--baseline", str(baseline), "reports/r.txt")
    assert rl(findings) == [("TST011", 8)] and code == 0  # info does not fail


def test_baseline_matches_by_path_relative_to_its_folder_not_file_name(tree, capsys, monkeypatch):
    """Two units' r.txt are two files; the project moved elsewhere and run from another folder still matches."""
    baseline = tree / "b.json"
    check(capsys, "--isolated", "--select", "TST", "--write-baseline", str(baseline), "reports/r.txt")
    other_unit = tree / "elsewhere"
    other_unit.mkdir()
    (other_unit / "r.txt").write_text(REPORT, encoding="utf-8")
    _, findings, _ = check(capsys, "--isolated", "--select", "TST", "--baseline", str(baseline), "elsewhere")
    assert rl(findings) == ALL  # same name, same findings, another file: nothing hidden
    moved = tree.parent / "moved"
    shutil.copytree(tree / "reports", moved / "reports")
    shutil.copy(baseline, moved / "b.json")
    monkeypatch.chdir(moved / "reports")
    _, findings, _ = check(capsys, "--isolated", "--select", "TST", "--baseline", str(moved / "b.json"), "r.txt")
    assert findings == []


@pytest.mark.parametrize("content, named", [
    ("{", "not a reportlint baseline (invalid JSON"),
    ('{"version": 9, "findings": []}', "not a reportlint baseline of version 1"),
    ('{"version": 1, "findings": [{"rule": "X"}]}', "lacks 'file' or 'fingerprint'"),
])
def test_bad_baseline_is_a_configuration_error(tree, capsys, content, named):
    (tree / "b.json").write_text(content)
    code, _, err = check(capsys, "--isolated", "--baseline", "b.json", "reports/r.txt")
    assert code == 2 and named in err


def test_fingerprint_survives_edits_elsewhere(tree, capsys):
    before = {(f["rule"], f["message"]): f["fingerprint"] for f in fingerprints(capsys, "--select", "TST011")}
    (tree / "reports" / "r.txt").write_text("前言一行。\n\n" + REPORT, encoding="utf-8")
    after = fingerprints(capsys, "--select", "TST011")
    assert after[0]["line"] == 6 and {(f["rule"], f["message"]): f["fingerprint"] for f in after} == before


def test_seed_check_runs_with_configuration(tmp_path, capsys, monkeypatch):
    (tmp_path / "r.txt").write_text(seed_text("004"), encoding="utf-8")
    (tmp_path / "reportlint.toml").write_text('select = ["TST010"]\n')
    monkeypatch.chdir(tmp_path)
    _, findings, _ = check(capsys, "r.txt")
    assert rl(findings) == [("TST010", 269), ("TST010", 280), ("TST010", 291)]


def test_off_by_default_rule_needs_its_full_code():
    from reportlint.run.config import make_settings

    assert not make_settings({}).rule_enabled("SEC011", enabled_by_default=False)
    assert not make_settings({"select": ["SEC"]}).rule_enabled("SEC011", enabled_by_default=False)
    assert make_settings({"select": ["SEC"]}).rule_enabled("SEC004", enabled_by_default=True)
    assert make_settings({"extend-select": ["SEC011"]}).rule_enabled("SEC011", enabled_by_default=False)
    assert make_settings({"select": ["SEC011"]}).rule_enabled("SEC011", enabled_by_default=False)
    assert not make_settings({"select": ["SEC011"], "ignore": ["SEC011"]}).rule_enabled("SEC011", False)
