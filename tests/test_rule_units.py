"""Rules as units and hooks called through pluggy (issue: One reading of the report).

A rule that checks itself is run on its own: disabled, it is never called; raising, it
becomes one PRS001 that names it while its plugin's other rules still report. Hook
implementations receive only the arguments they ask for, so a plugin written against an
older, shorter hook signature keeps working; hook wrappers are refused with one line.
"""

from __future__ import annotations

import inspect

from reportlint.input.source import Source
from reportlint.pluginapi import hookspecs
from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.manager import PluginManager
from reportlint.pluginapi.rules import Rule
from reportlint.run.config import make_settings
from reportlint.run.runner import check_source

TEXT = "三、绩效自评情况\n服务对象满意度达105%，年初预算72.34万元。\n"
CALLS: list[str] = []


def _doc(cls: type[Rule]) -> type[Rule]:
    cls.__doc__ = (f"{cls.__name__}.\n\n## What it does\nTests.\n\n## Why is this bad?\nTests.\n\n"
                   "## Example\n`x`\n")
    return cls


@_doc
class FirstAmount(Rule):
    code = "TUA001"
    name = "first-amount"

    def check(self, context):
        CALLS.append(self.code)
        amount = context.facts.amounts[0]
        yield context.finding(self, f"{amount.label}{amount.shown}", amount.span)


@_doc
class Exploding(Rule):
    code = "TUA002"
    name = "exploding"

    def check(self, context):
        CALLS.append(self.code)
        yield context.finding(self, "half-done", context.line_span(1))
        raise KeyError("no such figure")


@_doc
class Exiting(Rule):
    code = "TUA003"
    name = "exiting"

    def check(self, context):
        CALLS.append(self.code)
        raise SystemExit(0)  # a careless plugin must not end the run with "success"


class UnitsPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [FirstAmount, Exploding, Exiting]


def run(plugin_objects, **config):
    manager = PluginManager(entry_points=False, extra=plugin_objects)
    return check_source(Source(TEXT, "r.txt"), make_settings({"select": ["TUA", "TUB", "PRS001"], **config}),
                        manager).findings, manager


def test_each_rule_runs_on_its_own_and_a_raising_rule_is_named():
    CALLS.clear()
    findings, _ = run([("units", UnitsPlugin())])
    assert [(f.rule, f.line, f.message) for f in findings if f.rule == "TUA001"] == [("TUA001", 2, "年初预算72.34万元")]
    crashes = sorted(f.message for f in findings if f.rule == "PRS001")
    assert len(crashes) == 2
    assert "规则 TUA002（插件 units）" in crashes[0] + crashes[1] and "KeyError" in crashes[0] + crashes[1]
    assert any("规则 TUA003" in m and "SystemExit" in m for m in crashes)
    assert not [f for f in findings if f.message == "half-done"]  # a failed rule's findings are dropped whole
    assert CALLS == ["TUA001", "TUA002", "TUA003"]


def test_a_disabled_rule_is_never_called():
    CALLS.clear()
    findings, _ = run([("units", UnitsPlugin())], ignore=["TUA002", "TUA003"])
    assert CALLS == ["TUA001"]
    assert [f.rule for f in findings] == ["TUA001"]


class OnlyFacts:
    @hookimpl
    def reportlint_register_rules(self):
        return [_doc(type("Sat", (Rule,), {"code": "TUB001", "name": "sat"}))]

    @hookimpl
    def reportlint_check_document(self, context, facts):  # no `document`: pluggy passes what is asked
        for rate in facts.rates:
            if rate.value > 100:
                yield context.finding("TUB001", f"{rate.label}{rate.shown}", rate.span)


class OldSignature:
    """Written when the hook had only (document, context): it must keep working."""

    @hookimpl
    def reportlint_register_rules(self):
        return [_doc(type("Old", (Rule,), {"code": "TUB002", "name": "old"}))]

    @hookimpl
    def reportlint_check_document(self, document, context):
        yield context.finding("TUB002", document.sections[0].title, context.line_span(1))


def test_hook_implementations_get_only_the_arguments_they_name():
    assert list(inspect.signature(hookspecs.reportlint_check_document).parameters) == [
        "document", "context", "facts"]  # the spec has grown past what OldSignature knows
    findings, _ = run([("facts-only", OnlyFacts()), ("old", OldSignature())])
    assert [(f.rule, f.line, f.message) for f in findings if f.rule.startswith("TUB")] == [
        ("TUB002", 1, "绩效自评情况"), ("TUB001", 2, "服务对象满意度105%")]
    assert not [f for f in findings if f.rule == "PRS001"]


class Wrapper:
    @hookimpl(wrapper=True)
    def reportlint_check_document(self, document, context):
        return (yield)


class OldWrapper:
    @hookimpl(hookwrapper=True)
    def reportlint_check_document(self, document, context):
        yield


def test_hook_wrappers_are_refused_at_registration_with_one_line():
    for plugin in (Wrapper(), OldWrapper()):
        manager = PluginManager(entry_points=False, extra=[("wrap", plugin)])
        [info] = [info for info in manager.infos if info.name == "wrap"]
        assert info.error is not None and info.error.startswith("hook wrappers are not supported")
        assert "\n" not in info.error
        assert manager.pm.get_plugin("wrap") is None  # not half-registered


class ExitsInCheck:
    @hookimpl
    def reportlint_check_document(self, document, context):
        raise SystemExit(0)


def test_a_plugin_calling_sys_exit_in_its_hook_is_a_prs001_and_others_survive():
    findings, _ = run([("exits", ExitsInCheck()), ("old", OldSignature())])
    assert [f.rule for f in findings if f.rule.startswith("TUB")] == ["TUB002"]
    [crash] = [f for f in findings if f.rule == "PRS001"]
    assert "插件 exits" in crash.message and "SystemExit" in crash.message


class RaisesInRegistration:
    @hookimpl
    def reportlint_register_rules(self):
        raise RuntimeError("cannot register")


def test_a_registration_hook_that_raises_takes_only_that_plugin_out():
    manager = PluginManager(entry_points=False, extra=[("bad", RaisesInRegistration()), ("old", OldSignature())])
    rules = manager.rules()
    assert "TUB002" in rules and "FRM001" in rules
    [info] = [info for info in manager.infos if info.name == "bad"]
    assert info.error == "reportlint_register_rules raised RuntimeError: cannot register (test_rule_units.py:164)"


def test_every_builtin_rule_has_a_chinese_title_shown_by_reportlint_rules():
    import re

    from reportlint import cli
    from reportlint.pluginapi.manager import PluginManager

    rules = PluginManager(entry_points=False).rules()
    untitled = [code for code, rule in rules.items() if not re.search(r"[\u4e00-\u9fff]", rule.title)]
    assert not untitled
    assert rules["FRM002"].title == "分项之和与总数不符"
    assert rules["SEC006"].display_title() == "序号重复"


def test_reportlint_rule_prints_the_chinese_title(capsys):
    from reportlint import cli

    assert cli.main(["rule", "DAT003"]) == 0
    assert capsys.readouterr().out.startswith("# DAT003 evaluated-year-mismatch 评价年度前后不一致 (error")


def test_sarif_short_description_is_the_chinese_title(capsys):
    import json

    from reportlint import cli
    from util import seed_path

    cli.main(["check", "--isolated", "-q", "--format", "sarif", str(seed_path("004"))])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["SCO007"]["shortDescription"]["text"] == "预算执行率计算有误"
    assert rules["SCO007"]["fullDescription"]["text"].startswith("The budget-execution rate")
