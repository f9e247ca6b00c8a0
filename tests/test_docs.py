"""The docs keep up with the code: every hook documented with a runnable example, rule pages current."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from reportlint.pluginapi import hookspecs
from reportlint.run.config import Settings, make_settings
from reportlint.pluginapi.manager import PluginManager
from reportlint.run.runner import RunResult, check_source
from reportlint.input.source import Source
from util import SEED_NAMES, seed_text

ROOT = Path(__file__).resolve().parent.parent
PLUGINS_MD = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
               if name.startswith("reportlint_"))


def hook_section(name: str) -> str:
    match = re.search(rf"^### `{name}`\n(.*?)(?=^### |^## |\Z)", PLUGINS_MD, re.S | re.M)
    assert match, f"docs/plugins.md has no '### `{name}`' section: document the hook"
    return match.group(1)


def example_plugin(name: str) -> types.ModuleType:
    """The hook section's ```python example, executed as a plugin module."""
    blocks = re.findall(r"```python\n(.*?)```", hook_section(name), re.S)
    assert blocks, f"docs/plugins.md: the section of {name} has no ```python example"
    module = types.ModuleType(f"docs_example_{name}")
    exec(compile(blocks[0], f"docs/plugins.md:{name}", "exec"), module.__dict__)  # noqa: S102 - our own docs
    return module


def test_hooks_exist():
    assert {"reportlint_register_rules", "reportlint_check_document", "reportlint_register_profiles",
            "reportlint_register_formatters", "reportlint_register_readers", "reportlint_configure"} <= set(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented_with_signature_and_example(name):
    section = hook_section(name)
    params = list(inspect.signature(getattr(hookspecs, name)).parameters)
    signature = re.search(rf"```text\n{name}\((.*?)\)", section)
    assert signature, f"docs/plugins.md: {name} lacks its signature in a ```text block"
    documented = [p.split(":")[0].strip() for p in signature.group(1).split(",") if p.strip()]
    assert documented == params, f"{name}: documented arguments {documented}, hookspec has {params}"
    for param in params:
        assert f"`{param}`" in section or param in section
    example = example_plugin(name)
    assert hasattr(example, name), f"the example of {name} does not implement it"


def test_register_rules_example_runs():
    module = example_plugin("reportlint_register_rules")
    manager = PluginManager(entry_points=False, extra=[("docs", module)])
    rule = manager.rules()["TYP001"]
    assert rule.Options().words == ["预预期"] and not manager.load_errors


def test_check_document_example_finds_the_seed_typo():
    module = example_plugin("reportlint_check_document")
    manager = PluginManager(entry_points=False, extra=[("docs", module)])
    findings = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({"select": ["TYP"]}),
                            manager).findings
    assert [(f.rule, f.line, f.column, f.end_column) for f in findings] == [("TYP001", 241, 2, 5)]
    assert findings[0].suggestion == "改为“预期”"


def test_register_profiles_example_runs():
    module = example_plugin("reportlint_register_profiles")
    manager = PluginManager(entry_points=False, extra=[("docs", module)])
    assert "example-city" in [p.name for p in manager.profiles()]


def test_register_formatters_example_runs():
    module = example_plugin("reportlint_register_formatters")
    manager = PluginManager(entry_points=False, extra=[("docs", module),
                                                         ("typos", example_plugin("reportlint_check_document"))])
    formatter = manager.formatters()["count"]
    findings = check_source(Source(seed_text("004"), "r.txt"), make_settings({"select": ["TYP"]}), manager)
    assert formatter(manager.rules()).format(RunResult(files=[findings])) == "TYP001 1\n"


def test_register_readers_example_runs():
    module = example_plugin("reportlint_register_readers")
    manager = PluginManager(entry_points=False, extra=[("docs", module)])
    source = manager.readers()[".mdr"]("# 标题\n正文\n".encode(), "a.mdr")
    assert source.text == "标题\n正文"


def test_configure_example_runs():
    module = example_plugin("reportlint_configure")
    manager = PluginManager(entry_points=False, extra=[("docs", module)])
    manager.configure(Settings(**{"fail-on": "error"}))
    assert module.SEEN == {"fail_on": "error"}


def test_testkit_python_example_in_docs_runs():
    rules = example_plugin("reportlint_check_document")
    manager = PluginManager(entry_points=False, extra=[("typos", rules)])
    from reportlint.run import runner

    saved = runner._MANAGERS.get(())
    runner._MANAGERS[()] = manager
    try:
        block = re.search(r"```python\n(from reportlint.testkit import check_case.*?)```", PLUGINS_MD, re.S).group(1)
        namespace: dict = {}
        exec(compile(block, "docs/plugins.md:testkit", "exec"), namespace)  # noqa: S102
        namespace["test_typo"]()
    finally:
        if saved is None:
            runner._MANAGERS.pop((), None)
        else:
            runner._MANAGERS[()] = saved


def test_rule_pages_are_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_rule_docs.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (done.stderr.strip() or done.stdout) + \
        "\n(regenerate with: .venv/bin/python scripts/gen_rule_docs.py)"


def test_rule_pages_come_from_the_docstrings():
    page = (ROOT / "docs" / "rules" / "PRS004.md").read_text(encoding="utf-8")
    from reportlint.pluginapi.builtin import UnusedSuppression

    assert UnusedSuppression.documentation().split("\n", 1)[1].strip() in page


@pytest.mark.parametrize("doc", ["configuration.md", "output.md", "ci.md", "plugins.md"])
def test_user_docs_exist(doc):
    assert (ROOT / "docs" / doc).stat().st_size > 500


def test_output_doc_names_every_json_field():
    from reportlint.pluginapi.findings import Evidence, Finding

    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    for name in [*Finding.model_fields, *Evidence.model_fields]:
        assert f"`{name}`" in text, f"docs/output.md does not describe the field {name!r}"


def test_configuration_doc_names_every_setting():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        if name == "config_path":
            continue
        assert f"`{field.alias or name}`" in text, f"docs/configuration.md does not describe {field.alias or name!r}"


def test_pre_commit_hooks_file():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: reportlint" in text and "entry: reportlint check" in text and "language: python" in text


def test_ci_doc_workflow_uploads_sarif():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "--format sarif" in text and "github/codeql-action/upload-sarif" in text


# -- docs/facts.md: every documented attribute exists ---------------------------------------
FACTS_MD = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
_ATTRIBUTE_TABLE = re.compile(r"^\| `(\w+)` attribute \|.*\n\|[-| ]+\|\n((?:\|.*\n)+)", re.M)


def _documented_attribute_tables() -> list[tuple[str, list[str]]]:
    tables = []
    for match in _ATTRIBUTE_TABLE.finditer(FACTS_MD):
        names = []
        for row in match.group(2).splitlines():
            first = row.split("|")[1]
            names += [re.sub(r"\(.*", "", name) for name in re.findall(r"`([^`]+)`", first)]
        tables.append((match.group(1), names))
    return tables


def _facts_class(name: str):
    import importlib
    import pkgutil

    import reportlint.facts as package

    if hasattr(package, name):
        return getattr(package, name)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"reportlint.facts.{info.name}")
        if hasattr(module, name):
            return getattr(module, name)
    raise AssertionError(f"docs/facts.md documents `{name}`, which reportlint.facts does not have")


def test_facts_md_documents_attribute_tables():
    assert {"Fact", "Facts", "BlockText", "Quantity"} <= {cls for cls, _ in _documented_attribute_tables()}


@pytest.mark.parametrize("cls_name,names", _documented_attribute_tables(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_documented_fact_attribute_exists(cls_name, names):
    cls = _facts_class(cls_name)
    fields = getattr(cls, "model_fields", {})
    missing = [name for name in names if name not in fields and not hasattr(cls, name)
               and name not in getattr(cls, "__dataclass_fields__", {})
               and name not in getattr(cls, "__annotations__", {})
               and not (cls_name == "Facts" and name in {"document", "source", "profile", "vocabulary"})]
    assert not missing, f"docs/facts.md: {cls_name} has no attribute(s) {missing}"
