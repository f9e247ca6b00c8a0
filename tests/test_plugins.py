"""The third-party path: entry points, the example plugin, plugins that fail to import or raise.

The example plugin (examples/reportlint-example-plugin) is pip-installed once per session into
a temporary folder, not into the project's venv, so the other tests keep their plugin set;
subprocesses see it through PYTHONPATH, in-process tests through a fresh PluginManager with
that folder on sys.path.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint import cli
from reportlint.run import runner
from reportlint.run.config import make_settings
from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.manager import PluginManager
from reportlint.pluginapi.rules import Rule
from reportlint.run.runner import check_source
from reportlint.input.source import Source
from util import SEED_NAMES, seed_path, seed_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "reportlint-example-plugin"
# The five doubled-character typos of the seeds (checked by hand: each is a mistake).
SEED_TYPOS = {("001", 109, "万元元"), ("004", 241, "预预期"), ("004", 269, "指指标"),
              ("004", 280, "指指标"), ("004", 291, "指指标"), ("004", 323, "效益益")}


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """A folder holding the example plugin, installed by pip (wheel + entry point metadata)."""
    target = tmp_path_factory.mktemp("example-site")
    build = tmp_path_factory.mktemp("example-src") / "plugin"
    # Build from a copy, so no build/ or *.egg-info is left in the source tree.
    import shutil

    shutil.copytree(EXAMPLE, build, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                           "--disable-pip-version-check", "--target", str(target), str(build)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"pip could not install the example plugin:\n{done.stderr[-3000:]}"
    assert list(target.glob("reportlint_example_plugin-*.dist-info")), sorted(p.name for p in target.iterdir())
    return target


def run_cli(args: list[str], site: Path | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, "-m", "reportlint", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


@pytest.fixture
def manager_with_site(monkeypatch, example_site) -> PluginManager:
    monkeypatch.syspath_prepend(str(example_site))
    importlib.invalidate_caches()
    return PluginManager()


# -- the example plugin --------------------------------------------------------------------
def test_example_plugin_findings_come_out_of_reportlint_check(example_site):
    seeds = [str(seed_path(key)) for key in sorted(SEED_NAMES)]
    done = run_cli(["check", "--format", "json", "--select", "EXA", "--quiet", *seeds], example_site)
    assert done.returncode == 1, done.stderr  # EXA001 is a warning, and warnings fail by default
    findings = json.loads(done.stdout)
    by_key = {v: k for k, v in SEED_NAMES.items()}
    got = {(by_key[Path(f["path"]).name], f["line"], f["evidence"]["stated"]) for f in findings}
    assert got == SEED_TYPOS
    assert {f["rule"] for f in findings} == {"EXA001"} and {f["plugin"] for f in findings} == {"example"}
    first = next(f for f in findings if f["line"] == 109)
    assert (first["column"], first["end_column"]) == (68, 71)
    assert first["message"] == "疑似重复输入：“万元元”应为“万元”"


def test_example_plugin_is_listed_by_reportlint_plugins(example_site):
    done = run_cli(["plugins", "--format", "json"], example_site)
    assert done.returncode == 0, done.stderr
    infos = {info["name"]: info for info in json.loads(done.stdout)}
    assert infos["example"]["version"] == "0.1.0"
    assert infos["example"]["builtin"] is False and infos["example"]["error"] is None
    assert infos["example"]["hooks"] == ["reportlint_check_document", "reportlint_register_rules"]
    text = run_cli(["plugins"], example_site).stdout
    assert any(line.startswith("example ") and "external" in line for line in text.splitlines())
    rules = run_cli(["rule", "EXA001"], example_site)
    assert rules.returncode == 0 and "doubled-character" in rules.stdout and "## Options" in rules.stdout


def test_example_plugin_can_be_disabled_by_name(example_site):
    seed = str(seed_path("004"))
    done = run_cli(["check", "--format", "json", "--disable-plugin", "example", "--select", "PRS", "-q", seed],
                   example_site)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    listed = json.loads(run_cli(["plugins", "--format", "json"], example_site).stdout)
    assert "example" in {info["name"] for info in listed}


def test_example_plugin_is_silent_without_install():
    """Without the install, the same check has no EXA rule at all: the findings come from the entry point."""
    done = run_cli(["check", "--select", "EXA", str(seed_path("004"))])
    assert done.returncode == 2 and "unknown rule code or prefix 'EXA'" in done.stderr


def test_example_plugin_in_process(manager_with_site):
    assert "EXA001" in manager_with_site.rules()
    findings = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({"select": ["EXA"]}),
                            manager_with_site).findings
    assert [(f.line, f.evidence.stated) for f in findings] == [
        (241, "预预期"), (269, "指指标"), (280, "指指标"), (291, "指指标"), (323, "效益益")]


def test_example_plugin_own_kit_tests_pass(example_site):
    """The example's own tests (a TOML case file and the Python API) run with the installed kit."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(example_site)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=EXAMPLE, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "11 passed" in done.stdout


# -- plugins that fail -------------------------------------------------------------------
class TypoRule(Rule):
    """Test rule: flags the word 预预期.

    ## What it does
    Flags 预预期.

    ## Why is this bad?
    It is a typo.

    ## Example
    `预预期目标`
    """

    code = "TST001"
    name = "test-typo"
    severity = "warning"


class TypoPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [TypoRule]

    @hookimpl
    def reportlint_check_document(self, document, context):
        for _, block in document.text_blocks():
            at = block.text.find("预预期")
            if at >= 0:
                yield context.finding("TST001", "预预期", block=block, start=at, end=at + 3)


class RaisingPlugin:
    @hookimpl
    def reportlint_check_document(self, document, context):
        yield context.finding("TST001", "half-done", context.line_span(2))
        raise ZeroDivisionError("division by zero")


def test_plugin_that_raises_is_reported_and_other_findings_survive(capsys):
    manager = PluginManager(entry_points=False, extra=[("typo", TypoPlugin()), ("boom", RaisingPlugin())])
    findings = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({}), manager).findings
    crash = [f for f in findings if f.rule == "PRS001"]
    assert len(crash) == 1 and crash[0].severity == "error"
    assert "插件 boom 检查本文件时出错" in crash[0].message and "ZeroDivisionError" in crash[0].message
    assert [(f.rule, f.line) for f in findings if f.rule == "TST001"] == [("TST001", 241)]  # not "half-done"
    assert "plugin 'boom' raised on" in capsys.readouterr().err


def test_plugin_that_raises_makes_the_cli_fail(monkeypatch, capsys):
    manager = PluginManager(entry_points=False, extra=[("boom", RaisingPlugin()), ("typo", TypoPlugin())])
    monkeypatch.setitem(runner._MANAGERS, (), manager)
    code = cli.main(["check", "--format", "json", "--fail-on", "error", "--isolated", "-q",
                     "--select", "PRS,TST", str(seed_path("004"))])
    out, err = capsys.readouterr()
    assert code == 1
    assert sorted(f["rule"] for f in json.loads(out)) == ["PRS001", "TST001"]
    assert "ZeroDivisionError" in err


def _broken_distribution(site: Path, body: str) -> None:
    """A minimal installed distribution whose `reportlint` entry point is the module `broken_rl_plugin`."""
    info = site / "broken_rl_plugin-0.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-rl-plugin\nVersion: 0.3\n")
    (info / "entry_points.txt").write_text("[reportlint]\nbroken = broken_rl_plugin\n")
    (site / "broken_rl_plugin.py").write_text(body)


def test_plugin_that_fails_to_import_gives_prs002_a_stderr_line_and_exit_1(tmp_path):
    site = tmp_path / "site"
    _broken_distribution(site, "import no_such_module_for_reportlint\n")
    done = run_cli(["check", "--format", "json", "--fail-on", "error", "-q", "--select", "PRS",
                    str(seed_path("001"))], site)
    assert done.returncode == 1
    findings = json.loads(done.stdout)
    assert [(f["rule"], f["path"]) for f in findings if f["rule"] == "PRS002"] == [("PRS002", "<plugin broken>")]
    load = next(f for f in findings if f["rule"] == "PRS002")
    assert "ModuleNotFoundError" in load["message"] and "no_such_module_for_reportlint" in load["message"]
    assert "reportlint: plugin 'broken' could not be loaded: ModuleNotFoundError" in done.stderr
    listed = json.loads(run_cli(["plugins", "--format", "json"], site).stdout)
    broken = next(info for info in listed if info["name"] == "broken")
    assert broken["version"] == "0.3" and broken["error"].startswith("ModuleNotFoundError")


def test_plugin_that_fails_to_import_leaves_other_plugins_working(tmp_path, monkeypatch, example_site):
    site = tmp_path / "site"
    _broken_distribution(site, "raise RuntimeError('bad plugin')\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(example_site))
    importlib.invalidate_caches()
    manager = PluginManager()
    assert [(i.name, i.error) for i in manager.load_errors] == [("broken", "RuntimeError: bad plugin")]
    findings = check_source(Source(seed_text("001"), SEED_NAMES["001"]), make_settings({"select": ["EXA"]}),
                            manager).findings
    assert [(f.rule, f.line) for f in findings] == [("EXA001", 109)]
    assert [f.rule for f in runner.plugin_load_findings(manager)] == ["PRS002"]


class BadRule(Rule):
    """No sections at all."""

    code = "bad1"
    name = "Bad Name"


class BadRulePlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [BadRule]

    @hookimpl
    def reportlint_check_document(self, document, context):
        raise AssertionError("a plugin with invalid rules must not be called")


def test_plugin_with_a_malformed_rule_is_a_load_error_not_a_crash():
    manager = PluginManager(entry_points=False, extra=[("badrule", BadRulePlugin()), ("typo", TypoPlugin())])
    rules = manager.rules()
    assert "TST001" in rules and "bad1" not in rules
    (info,) = manager.load_errors
    assert info.name == "badrule" and "is not three capitals + three digits" in info.error
    assert "not kebab-case" in info.error and "lacks the section 'What it does'" in info.error
    findings = check_source(Source(seed_text("004"), "x.txt"), make_settings({}), manager).findings
    assert "PRS001" not in {f.rule for f in findings}  # the broken plugin was taken out of the run


class DuplicatePlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [TypoRule]


class OtherTypoRule(TypoRule):
    """Same code, another class.

    ## What it does
    x

    ## Why is this bad?
    x

    ## Example
    x
    """


class ClashPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [OtherTypoRule]


def test_rule_code_registered_twice_names_both_plugins():
    manager = PluginManager(entry_points=False, extra=[("typo", TypoPlugin()), ("clash", ClashPlugin())])
    assert manager.rules()["TST001"] is TypoRule
    (info,) = manager.load_errors
    assert info.name == "clash" and "TST001 is already registered by plugin 'typo'" in info.error


def test_builtin_plugin_can_be_disabled_by_name(capsys):
    manager = PluginManager(disable=["core"], entry_points=False)
    assert "core" not in {info.name for info in manager.infos}
    assert "PRS003" not in manager.rules()


def test_plugins_command_lists_builtins_with_hooks(capsys):
    assert cli.main(["plugins", "--format", "json"]) == 0
    infos = {info["name"]: info for info in json.loads(capsys.readouterr().out)}
    assert {"core", "profiles", "dates", "formulas", "sections", "scores"} <= set(infos)
    assert "reportlint_register_rules" in infos["core"]["hooks"] and infos["core"]["builtin"] is True


# -- what the check loop works out once per run --------------------------------------------------
class LoudRule(Rule):
    """Test rule: replaces sys.stdout, then prints.

    ## What it does
    Nothing useful.

    ## Why is this bad?
    A plugin must not take stdout over.

    ## Example
    `sys.stdout = …`
    """

    code = "TST002"
    name = "test-loud"

    def check(self, context):
        import io

        sys.stdout = io.StringIO()  # lost when the check ends: stdout is redirected around the rules
        print("loud")
        return [context.finding(self, "loud", context.line_span(1))]


class ChattyRule(Rule):
    """Test rule: prints and reports line 2.

    ## What it does
    Nothing useful.

    ## Why is this bad?
    A print() must not reach stdout.

    ## Example
    `print()`
    """

    code = "TST003"
    name = "test-chatty"

    def check(self, context):
        print("chatty rule")
        return [context.finding(self, "chatty", context.line_span(2))]


class LoudPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [LoudRule, ChattyRule]


def test_a_rule_that_replaces_stdout_cannot_take_it_from_the_next_rule(capsys):
    manager = PluginManager(entry_points=False, extra=[("loud", LoudPlugin())])
    before = sys.stdout
    findings = check_source(Source(seed_text("002"), SEED_NAMES["002"]), make_settings({}), manager).findings
    assert sys.stdout is before
    assert [f.rule for f in findings if f.rule.startswith("TST")] == ["TST002", "TST003"]
    out, err = capsys.readouterr()
    assert "chatty rule" in err and "chatty rule" not in out


def test_rule_selection_follows_settings_changed_between_files(tmp_path):
    """The decisions of `context.enabled` are shared by files checked with the same selection:
    a changed selection, or per-file ignores, must be decided again."""
    manager = PluginManager(entry_points=False, extra=[("loud", LoudPlugin())])
    source = Source(seed_text("002"), str(tmp_path / "a.txt"))
    settings = make_settings({})

    def codes(settings, source=source):
        return sorted({f.rule for f in check_source(source, settings, manager).findings if f.rule.startswith("TST")})

    assert codes(settings) == ["TST002", "TST003"]
    settings.ignore.append("TST003")  # the same Settings object, changed between two files
    assert codes(settings) == ["TST002"]
    settings.ignore.clear()
    settings.select = ["TST002"]
    assert codes(settings) == ["TST002"]
    settings.select = ["ALL"]
    per_file = make_settings({"per-file-ignores": {"b.txt": ["TST002"]}}, config_path=tmp_path / "reportlint.toml")
    assert codes(per_file) == ["TST002", "TST003"]
    assert codes(per_file, Source(seed_text("002"), str(tmp_path / "b.txt"))) == ["TST003"]


def test_a_finding_with_bad_evidence_fails_naming_the_evidence():
    """Evidence is validated with the Finding (one validation); a bad value still raises the
    error it raised when the evidence was validated on its own."""
    from pydantic import ValidationError

    from reportlint.pluginapi.context import CheckContext
    from reportlint.pluginapi.findings import Finding

    manager = PluginManager(entry_points=False, extra=[("loud", LoudPlugin())])
    source = Source(seed_text("002"), SEED_NAMES["002"])
    context = CheckContext(source, runner.parse_with(source, manager), make_settings({}), manager.rules(), None)
    good = context.finding("TST003", "ok", context.line_span(2), evidence={"stated": "1", "extra_key": 2})
    assert isinstance(good, Finding) and good.evidence.stated == "1" and good.evidence.model_extra == {"extra_key": 2}
    with pytest.raises(ValidationError, match="for Evidence"):
        context.finding("TST003", "bad", context.line_span(2), evidence={"stated": object()})
    with pytest.raises(TypeError, match="keywords must be strings"):
        context.finding("TST003", "bad", context.line_span(2), evidence={1: "x"})
    with pytest.raises(ValidationError, match="for Finding"):
        context.finding("TST003", 123, context.line_span(2), evidence={"stated": "1"})


# -- readers ------------------------------------------------------------------------------------
class CountingReaders:
    """Registers a reader for .rpt and counts how often its registration hook is called."""

    def __init__(self) -> None:
        self.calls = 0

    @hookimpl
    def reportlint_register_readers(self):
        self.calls += 1
        return {".RPT": lambda data, path: Source(data.decode("utf-8"), path)}


def test_readers_are_collected_once_per_manager_and_each_caller_gets_its_own_dict():
    plugin = CountingReaders()
    manager = PluginManager(entry_points=False, extra=[("counting", plugin)])
    first = manager.readers()
    assert {".txt", ".docx", ".rpt"} <= set(first)  # suffixes lower-cased, built-ins kept
    first.pop(".rpt")  # the caller's copy: the manager's registry is not changed
    for name in ("a.rpt", "b.RPT", "c.rpt"):  # a batch asks once per file
        assert runner.reader_for(name, manager)(b"seven", name).text == "seven"
    assert ".rpt" in manager.readers()
    assert plugin.calls == 1


class RaisingReaders:
    @hookimpl
    def reportlint_register_readers(self):
        raise RuntimeError("no readers today")


def test_a_readers_hook_that_raises_takes_its_plugin_out_once():
    manager = PluginManager(entry_points=False, extra=[("broken", RaisingReaders())])
    assert ".txt" in manager.readers() and ".txt" in manager.readers()
    errors = [info.error for info in manager.load_errors if info.name == "broken"]
    assert len(errors) == 1 and errors[0].startswith("reportlint_register_readers raised RuntimeError: no readers today")
