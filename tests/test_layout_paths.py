"""core/ is laid out by pipeline stage; the import paths promised before still work.

docs/plugins.md and the example plugin import `reportlint.hookspecs`, `reportlint.rules`,
`reportlint.testkit`, … Each old path must be the very same module object as its new home
(so a class imported either way is one class), and every stage folder must exist.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from reportlint._aliases import MOVED

ROOT = Path(__file__).resolve().parent.parent
STAGES = ["input", "parse", "facts", "pluginapi", "run", "formatters"]


@pytest.mark.parametrize("old,new", sorted(MOVED.items()))
def test_old_import_path_is_the_same_module(old, new):
    assert importlib.import_module(f"reportlint.{old}") is importlib.import_module(f"reportlint.{new}")


def test_promised_names_keep_working():
    from reportlint.hookspecs import hookimpl as old_hookimpl
    from reportlint.model import Paragraph as OldParagraph
    from reportlint.pluginapi import Rule, hookimpl
    from reportlint.parse.model import Paragraph
    from reportlint.rules import Rule as OldRule

    assert old_hookimpl is hookimpl and OldRule is Rule and OldParagraph is Paragraph


def test_core_folders_name_the_pipeline_stages():
    for stage in STAGES:
        assert (ROOT / "core" / stage / "__init__.py").is_file(), stage
    loose = sorted(p.name for p in (ROOT / "core").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "_aliases.py", "api.py", "cli.py", "errors.py",
                     "numbers.py", "numerals.py", "regex_cache.py"]
