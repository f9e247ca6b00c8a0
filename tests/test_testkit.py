"""The rule-case test kit: collection, pass/fail both ways, clear failure output, Python API."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportlint.pluginapi.testkit import CaseError, CaseFailure, check_case, load_cases
from util import seed_path

pytest_plugins = ["pytester"]

NO_PROFILE = '"""\n整体绩效自评报告\n一、单位基本情况\n"""'


def write_cases(pytester, body: str, name: str = "test_cases.toml") -> None:
    pytester.path.joinpath(name).write_text(textwrap.dedent(body), encoding="utf-8")


def test_collects_one_item_per_case_and_passes(pytester):
    write_cases(pytester, f"""
        select = ["PRS"]
        [[case]]
        name = "no template"
        text = {NO_PROFILE}
        expect = [{{ rule = "PRS003", line = 1 }}]
        [[case]]
        name = "template named"
        text = {NO_PROFILE}
        profile = "hunan"
        """)
    result = pytester.runpytest("-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_cases.toml::no template PASSED*", "*test_cases.toml::template named PASSED*"])


def test_a_finding_no_case_expected_fails_with_its_message(pytester):
    write_cases(pytester, f"""
        select = ["PRS"]
        [[case]]
        name = "expects silence"
        text = {NO_PROFILE}
        expect = []
        """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*case 'expects silence' (test_cases.toml:3), comparing rules PRS:*",
                                 "*found but not expected:*", "*+ PRS003 line 1:1 ?info? 未识别出报告模板*"])


def test_an_expected_finding_that_is_missing_fails(pytester):
    write_cases(pytester, f"""
        [[case]]
        name = "wrong line"
        text = {NO_PROFILE}
        select = ["PRS003"]
        expect = [{{ rule = "PRS003", line = 2, message = "模板" }}]
        """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*expected but not found:*", "*- PRS003 line 2 with message containing '模板'*",
                                 "*found but not expected:*", "*+ PRS003 line 1:1*"])


def test_files_edits_and_config(pytester):
    write_cases(pytester, f"""
        select = ["PRS"]
        [[case]]
        name = "seed with an edit that removes the title"
        file = "{seed_path('004').as_posix()}"
        edits = [{{ line = 1, old = "", new = "" }}]
        [[case]]
        name = "severity from config"
        text = {NO_PROFILE}
        config = {{ severity = {{ PRS003 = "error" }} }}
        expect = [{{ rule = "PRS003", line = 1, severity = "error" }}]
        """)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_malformed_case_files_are_collection_errors(pytester):
    write_cases(pytester, """
        [[case]]
        name = "bad edit"
        text = "一行\\n"
        edits = [{ line = 1, old = "不在此行", new = "x" }]
        """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*'不在此行' is not on line 1*"])


def test_other_toml_files_are_left_alone(pytester):
    write_cases(pytester, '[tool]\nname = "not a case file"\n', name="test_settings.toml")
    write_cases(pytester, "[[case]]\ntext = 'x'\n", name="cases.toml")  # not test_*.toml
    result = pytester.runpytest("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_unknown_select_family_says_which_families_exist(pytester):
    write_cases(pytester, """
        select = ["ZZZ"]
        [[case]]
        name = "future family"
        text = "x\\n"
        """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*select names 'ZZZ', which no loaded plugin registers (known families: *PRS*"])


def test_python_api():
    found = check_case("整体绩效自评报告\n", select=["PRS"], expect=[("PRS003", 1)])
    assert [f.rule for f in found] == ["PRS003"]
    with pytest.raises(CaseFailure, match=r"expected but not found:\n    - PRS003 line 9"):
        check_case("整体绩效自评报告\n", select=["PRS"], expect=[{"rule": "PRS003", "line": 9}])
    with pytest.raises(CaseError, match="exactly one of text or file"):
        check_case(select=["PRS"])


def test_load_cases_applies_file_defaults(tmp_path):
    path = tmp_path / "test_x.toml"
    path.write_text('select = ["PRS"]\nprofile = "hunan"\n[[case]]\nname = "a"\ntext = "x"\n'
                    '[[case]]\nname = "b"\ntext = "y"\nprofile = "guangdong-zhanjiang"\n', encoding="utf-8")
    a, b = load_cases(path)
    assert (a.select, a.profile, a.line) == (["PRS"], "hunan", 3)
    assert (b.profile, b.line) == ("guangdong-zhanjiang", 6)


def test_plugin_import_is_cheap():
    """Loading the pytest11 plugin must not import reportlint's heavy modules."""
    code = ("import sys, reportlint.pluginapi.testkit; heavy = [m for m in ('pydantic', 'lark', 'pluggy', 'reportlint.run.runner') "
            "if m in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_rule_case_files_of_the_project_are_collected():
    folder = Path(__file__).parent / "rule_cases"
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                           str(folder)], capture_output=True, text=True, timeout=120)
    assert "test_core.toml::" in done.stdout, done.stdout[-2000:]


def test_a_silent_case_fails_when_its_rule_raises(monkeypatch):
    """A case expecting no finding must not pass because the rule crashed: PRS001 is always compared."""
    from reportlint.run.runner import get_manager

    rule = get_manager().rules()["SEC010"]  # the class the checks run (not a re-imported copy)
    check_case("一、部门基本情况\n内设科室3个。\n", select=["SEC010"], expect=[])

    def broken(self, context):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(rule, "check", broken)
    with pytest.raises(CaseFailure, match="PRS001"):
        check_case("一、部门基本情况\n内设股室4个，在编人员12人。\n", select=["SEC010"], expect=[])
