"""Old import paths of modules that moved when `core/` was laid out by pipeline stage.

`reportlint.hookspecs`, `reportlint.rules`, `reportlint.source`, … are promised to plugin
authors (docs/plugins.md, the example plugin). Rather than a re-export file per old name
cluttering `core/`, a meta-path finder makes each old name the *same module object* as its
new home, so classes compare identical whichever path imported them.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType
from typing import Optional, Sequence

# old name under `reportlint.` → where the module lives now
MOVED: dict[str, str] = {
    "source": "input.source",
    "readers": "input.readers",
    "readers.docx": "input.readers.docx",
    "readers.text": "input.readers.text",
    "readers.container": "input.readers.container",
    "readers.wordnumbering": "input.readers.wordnumbering",
    "readers.pdf": "input.readers.pdf",
    "readers.html": "input.readers.html",
    "readers.xlsx": "input.readers.xlsx",
    "readers.legacy": "input.readers.legacy",
    "readers.optional": "input.readers.optional",
    "grammar_files": "parse.grammar_files",
    "layout": "parse.layout",
    "outline": "parse.outline",
    "profiles": "parse.profiles",
    "model": "parse.model",
    "parser": "parse.parser",
    "hookspecs": "pluginapi.hookspecs",
    "rules": "pluginapi.rules",
    "findings": "pluginapi.findings",
    "context": "pluginapi.context",
    "testkit": "pluginapi.testkit",
    "builtin": "pluginapi.builtin",
    "plugin_manager": "pluginapi.manager",
    "runner": "run.runner",
    "batch": "run.batch",
    "config": "run.config",
    "suppressions": "run.suppressions",
    "baseline": "run.baseline",
}
PACKAGE = "reportlint"


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        """The target module was executed when it was imported under its own name."""


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Optional[Sequence[str]] = None,
                  target: Optional[ModuleType] = None) -> Optional[importlib.machinery.ModuleSpec]:
        if not fullname.startswith(PACKAGE + "."):
            return None
        moved = _new_name(fullname[len(PACKAGE) + 1:])
        if moved is None:
            return None
        real = f"{PACKAGE}.{moved}"
        module = importlib.import_module(real)
        spec = importlib.machinery.ModuleSpec(fullname, _AliasLoader(real),
                                              is_package=hasattr(module, "__path__"))
        return spec


def _new_name(old: str) -> Optional[str]:
    """Where an old module name lives now; a submodule of a moved package moved with it."""
    parts = old.split(".")
    for cut in range(len(parts), 0, -1):
        moved = MOVED.get(".".join(parts[:cut]))
        if moved is not None:
            return ".".join([moved, *parts[cut:]])
    return None


def install() -> None:
    # First in line: an old package name (reportlint.readers) is the new package object, whose
    # __path__ would otherwise let the ordinary path finder import its submodules a second
    # time under the old name.
    if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
