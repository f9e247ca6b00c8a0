"""Careless plugins (issue 18): a plugin's print() never reaches stdout, sys.exit() never ends
the run, and one bad Finding or Profile object never loses the other plugins' findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from reportlint import cli
from reportlint.parse.profiles import Profile
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.manager import PluginManager
from reportlint.pluginapi.rules import Rule
from reportlint.run import runner
from reportlint.run.config import make_settings
from reportlint.run.runner import check_source
from reportlint.input.source import Source

from util import SEED_NAMES, seed_path, seed_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


class HostileRule(Rule):
    """Flags nothing; its plugin misbehaves.

    ## What it does
    Nothing.

    ## Why is this bad?
    It is a test.

    ## Example
    `x`
    """

    code = "HST001"
    name = "hostile"
    severity = "warning"


def builtin_findings() -> list[tuple[str, int, int]]:
    findings = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({}),
                            PluginManager(entry_points=False)).findings
    return sorted((f.rule, f.line, f.column) for f in findings)


def findings_with(*plugins) -> list[Finding]:
    manager = PluginManager(entry_points=False, extra=list(plugins))
    return check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({}), manager).findings


def without(findings, *prefixes) -> list[tuple[str, int, int]]:
    return sorted((f.rule, f.line, f.column) for f in findings if not f.rule.startswith(prefixes))


# -- print() ------------------------------------------------------------------------------
class Chatty:
    @hookimpl
    def reportlint_register_rules(self):
        print("chatty: registering")
        return [HostileRule]

    @hookimpl
    def reportlint_configure(self, settings):
        print("chatty: configured")

    @hookimpl
    def reportlint_check_document(self, document, context):
        print("chatty: checking")
        sys.stdout.write("chatty: raw write\n")
        return [context.finding("HST001", "hostile finding", context.line_span(1))]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "junit"])
def test_a_plugin_that_prints_does_not_break_the_output(monkeypatch, capsys, fmt):
    monkeypatch.setitem(runner._MANAGERS, (), PluginManager(entry_points=False, extra=[("chatty", Chatty())]))
    code = cli.main(["check", "--format", fmt, "--isolated", "-q", "--jobs", "1", str(seed_path("004"))])
    out, err = capsys.readouterr()
    assert code == 1
    assert "chatty:" not in out
    assert "chatty: checking" in err and "chatty: raw write" in err and "chatty: configured" in err
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "jsonl":
        [json.loads(line) for line in out.splitlines()]
    else:
        assert out.startswith("<?xml")


def _distribution(site: Path, name: str, body: str) -> None:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[reportlint]\n{name} = {name}\n")
    (site / f"{name}.py").write_text(body)


def run_cli(args: list[str], site: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, "-m", "reportlint", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize("body, error", [
    ("print('import-time chatter')\nimport sys\nsys.exit(0)\n", "SystemExit: 0"),
    ("print('import-time chatter')\nraise SystemExit('bye')\n", "SystemExit: bye"),
])
def test_sys_exit_and_print_at_import_are_a_load_error_not_a_clean_exit(tmp_path, body, error):
    site = tmp_path / "site"
    _distribution(site, "quitter", body)
    done = run_cli(["check", "--format", "json", "--isolated", "-q", str(seed_path("004"))], site)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)  # stdout is only the JSON
    load = [f for f in findings if f["rule"] == "PRS002"]
    assert len(load) == 1 and error in load[0]["message"] and load[0]["path"] == "<plugin quitter>"
    assert without_rules(findings, "PRS") == without(findings_with(), "PRS")
    assert "import-time chatter" in done.stderr


def without_rules(findings: list[dict], *prefixes) -> list[tuple[str, int, int]]:
    return sorted((f["rule"], f["line"], f["column"]) for f in findings if not f["rule"].startswith(prefixes))


class ExitsInConfigure:
    @hookimpl
    def reportlint_configure(self, settings):
        sys.exit(0)


class ExitsInCheck:
    @hookimpl
    def reportlint_check_document(self, document, context):
        sys.exit(0)


class ExitingRule(HostileRule):
    """Calls sys.exit() when it checks.

    ## What it does
    Exits.

    ## Why is this bad?
    It is a test.

    ## Example
    `x`
    """

    code = "HST002"
    name = "exiting"

    def check(self, context):
        raise SystemExit(0)


class ExitsInRule:
    @hookimpl
    def reportlint_register_rules(self):
        return [ExitingRule]


@pytest.mark.parametrize("plugin, rule", [(ExitsInConfigure(), "PRS002"), (ExitsInCheck(), "PRS001"),
                                          (ExitsInRule(), "PRS001")])
def test_sys_exit_in_a_hook_or_rule_does_not_end_the_run(monkeypatch, capsys, plugin, rule):
    monkeypatch.setitem(runner._MANAGERS, (), PluginManager(entry_points=False, extra=[("quitter", plugin)]))
    code = cli.main(["check", "--format", "json", "--isolated", "-q", "--jobs", "1", str(seed_path("004"))])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [f for f in findings if f["rule"] == rule and "SystemExit" in f["message"]]
    assert without_rules(findings, "PRS") == builtin_findings_without_prs()


def builtin_findings_without_prs():
    return [item for item in builtin_findings() if not item[0].startswith("PRS")]


# -- bad findings -------------------------------------------------------------------------------
class BadFindings:
    @hookimpl
    def reportlint_register_rules(self):
        return [HostileRule]

    @hookimpl
    def reportlint_check_document(self, document, context):
        good = context.finding("HST001", "good", context.line_span(3))
        far = context.finding("HST001", "far away", context.line_span(1)).model_copy(update={"line": 10 ** 6})
        reversed_span = context.finding("HST001", "backwards", context.line_span(5)).model_copy(
            update={"end_line": 4})
        negative = context.finding("HST001", "negative", context.line_span(5)).model_copy(update={"column": -7})
        unregistered = good.model_copy(update={"rule": "ZZZ999"})
        constructed = Finding.model_construct(path=context.source.path, rule="HST001", line="x")
        other_file = good.model_copy(update={"path": "/etc/passwd"})
        return [good, far, reversed_span, negative, unregistered, constructed, other_file, "not a finding", None]


def test_bad_findings_are_dropped_with_one_prs001_and_built_in_findings_survive():
    findings = findings_with(("bad", BadFindings()))
    assert without(findings, "PRS", "HST") == builtin_findings_without_prs()
    assert [(f.rule, f.line, f.message) for f in findings if f.rule == "HST001"] == [("HST001", 3, "good")]
    crash = [f for f in findings if f.rule == "PRS001"]
    assert len(crash) == 1 and "插件 bad" in crash[0].message and "dropped 8 invalid finding(s)" in crash[0].message


class ReturnsNotAList:
    @hookimpl
    def reportlint_check_document(self, document, context):
        return "FRM001"


def test_a_hook_returning_a_string_is_one_prs001():
    findings = findings_with(("strings", ReturnsNotAList()))
    assert without(findings, "PRS") == builtin_findings_without_prs()
    assert [f.rule for f in findings if f.rule == "PRS001"] == ["PRS001"]


def test_out_of_range_spans_from_a_plugin_keep_sarif_valid(monkeypatch, capsys):
    monkeypatch.setitem(runner._MANAGERS, (), PluginManager(entry_points=False, extra=[("bad", BadFindings())]))
    cli.main(["check", "--format", "sarif", "--isolated", "-q", "--jobs", "1", str(seed_path("004"))])
    log = json.loads(capsys.readouterr().out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(log))


# -- bad profiles ---------------------------------------------------------------------------------
class BadProfiles:
    def __init__(self, profiles):
        self.found = profiles

    @hookimpl
    def reportlint_register_rules(self):
        return [HostileRule]

    @hookimpl
    def reportlint_register_profiles(self):
        return self.found

    @hookimpl
    def reportlint_check_document(self, document, context):
        return [context.finding("HST001", "should not run", context.line_span(1))]


@pytest.mark.parametrize("profiles, problem", [
    (["not a profile"], "str is not a Profile"),
    ([Profile.model_construct(name="broken", title=None)], "field"),
    ([Profile(name="hunan", title="冒名")], "already registered by plugin 'profiles'"),
    (42, "not a list of Profile"),
])
def test_a_bad_profile_takes_out_its_plugin_only(profiles, problem):
    manager = PluginManager(entry_points=False, extra=[("badprof", BadProfiles(profiles))])
    names = [p.name for p in manager.profiles()]
    assert "hunan" in names and "broken" not in names
    error = next(info.error for info in manager.load_errors if info.name == "badprof")
    assert error.startswith("invalid profile") and problem in error
    findings = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({}), manager).findings
    assert without(findings, "PRS") == builtin_findings_without_prs()
    assert not [f for f in findings if f.rule == "HST001"]


# -- readers ------------------------------------------------------------------------------------
class ExitingReader:
    @hookimpl
    def reportlint_register_readers(self):
        def read(data, path):
            print("reader chatter")
            sys.exit(3)

        return {".rpt": read}


def test_a_reader_that_exits_costs_only_its_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(runner._MANAGERS, (), PluginManager(entry_points=False, extra=[("rdr", ExitingReader())]))
    (tmp_path / "a.rpt").write_text("x", encoding="utf-8")
    code = cli.main(["check", "--format", "json", "--isolated", "-q", "--jobs", "1", "--timeout", "0",
                     str(tmp_path / "a.rpt"), str(seed_path("004"))])
    out, err = capsys.readouterr()
    assert code == 2
    assert without_rules(json.loads(out), "PRS") == builtin_findings_without_prs()
    assert "the reader of plugin 'rdr' called sys.exit(3)" in err and "reader chatter" in err
