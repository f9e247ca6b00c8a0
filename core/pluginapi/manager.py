"""Finding, loading and calling plugins.

Built-in plugins are listed in DEFAULT_PLUGINS and loaded by the same function as
third-party plugins found through the `reportlint` entry-point group, so either kind can be
disabled by name (`--disable-plugin NAME`, `disable-plugins = [...]`). A plugin that fails
to import is recorded and reported, and the run goes on without it; a plugin that raises
while checking loses its findings for that file only (PRS001).
"""

from __future__ import annotations

import importlib
import sys
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable, Iterable, Optional

import pluggy

from .. import __version__
from . import hookspecs
from .context import CheckContext
from .findings import Finding
from ..parse.model import Document
from ..parse.profiles import Profile
from .rules import Rule

ENTRY_POINT_GROUP = "reportlint"

# (name, module): the built-in plugins, in the order they are registered.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (
    ("core", "reportlint.pluginapi.builtin"),
    ("profiles", "reportlint.plugins.profiles"),
    ("dates", "reportlint.plugins.dates"),
    ("formulas", "reportlint.plugins.formulas"),
    ("sections", "reportlint.plugins.sections"),
    ("scores", "reportlint.plugins.scores"),
)


@dataclass
class PluginInfo:
    name: str
    module: str
    version: str
    builtin: bool
    hooks: list[str] = field(default_factory=list)
    error: Optional[str] = None  # why it could not be loaded


class PluginManager:
    """reportlint's view of pluggy's PluginManager."""

    def __init__(self, disable: Iterable[str] = (), entry_points: bool = True,
                 extra: Iterable[tuple[str, Any]] = ()):
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.infos: list[PluginInfo] = []
        self.disabled = set(disable)
        for name, module in DEFAULT_PLUGINS:
            self._load(name, module, __version__, builtin=True)
        if entry_points:
            for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
                version = ep.dist.version if ep.dist is not None else "?"
                self._load(ep.name, ep, version, builtin=False)
        for name, plugin in extra:  # plugin objects registered by tests or embedding code
            self._register(name, plugin, getattr(plugin, "__version__", "?"), builtin=False,
                           module=getattr(plugin, "__name__", repr(plugin)))
        self._rules: Optional[dict[str, type[Rule]]] = None
        self._profiles: Optional[list[Profile]] = None

    # -- loading ---------------------------------------------------------------------
    def _load(self, name: str, target: Any, version: str, builtin: bool) -> None:
        if name in self.disabled or any(info.name == name for info in self.infos):
            return
        module_name = target if isinstance(target, str) else target.value
        try:
            plugin = importlib.import_module(target) if isinstance(target, str) else target.load()
        except Exception as exc:  # noqa: BLE001 - any import failure is reported, not raised
            self.infos.append(PluginInfo(name, module_name, version, builtin,
                                         error=f"{type(exc).__name__}: {exc}"))
            return
        self._register(name, plugin, version, builtin, module_name)

    def _register(self, name: str, plugin: Any, version: str, builtin: bool, module: str) -> None:
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # noqa: BLE001 - e.g. a misspelt hook (pluggy validates impls)
            self.infos.append(PluginInfo(name, module, version, builtin, error=f"{type(exc).__name__}: {exc}"))
            return
        hooks = sorted(impl.name for impl in self.pm.get_hookcallers(plugin) or [])
        self.infos.append(PluginInfo(name, module, version, builtin, hooks))

    @property
    def load_errors(self) -> list[PluginInfo]:
        return [info for info in self.infos if info.error]

    # -- registries ------------------------------------------------------------------
    def _fail(self, plugin_name: str, error: str) -> None:
        """Record that a loaded plugin turned out broken, and take it out of the run."""
        for info in self.infos:
            if info.name == plugin_name:
                info.error = error
                info.hooks = []
        plugin = self.pm.get_plugin(plugin_name)
        if plugin is not None:
            self.pm.unregister(plugin, name=plugin_name)
        self._rules = None
        self._profiles = None

    def _collect(self, hook_name: str) -> list[tuple[str, Any]]:
        """(plugin name, result) of one registration hook, each plugin called on its own.

        A plugin whose registration hook raises is treated like one that failed to import.
        """
        out = []
        for impl in list(getattr(self.pm.hook, hook_name).get_hookimpls()):
            try:
                result = impl.function()
            except Exception as exc:  # noqa: BLE001 - reported as PRS002, the run goes on
                self._fail(impl.plugin_name, f"{hook_name} raised {type(exc).__name__}: {exc}")
                continue
            if result:
                out.append((impl.plugin_name, result))
        return out

    def rules(self) -> dict[str, type[Rule]]:
        if self._rules is None:
            rules: dict[str, type[Rule]] = {}
            broken: dict[str, str] = {}
            for plugin_name, classes in self._collect("reportlint_register_rules"):
                mine: dict[str, type[Rule]] = {}
                for rule in classes:
                    problems = rule.problems() if isinstance(rule, type) and issubclass(rule, Rule) \
                        else [f"{rule!r} is not a Rule subclass"]
                    if not problems and rule.code in rules and rules[rule.code] is not rule:
                        problems = [f"rule {rule.code} is already registered by plugin {rules[rule.code].plugin!r}"]
                    if problems:
                        broken[plugin_name] = "; ".join(problems)
                        break
                    mine[rule.code] = rule
                else:
                    for rule in mine.values():
                        rule.plugin = plugin_name
                    rules.update(mine)
            for plugin_name, error in broken.items():
                self._fail(plugin_name, f"invalid rule declaration: {error}")
            self._rules = dict(sorted(rules.items()))
        return self._rules

    def profiles(self) -> list[Profile]:
        if self._profiles is None:
            self._profiles = [p for _, found in self._collect("reportlint_register_profiles") for p in found]
        return self._profiles

    def formatters(self) -> dict[str, type]:
        found: dict[str, type] = {}
        for _, mapping in self._collect("reportlint_register_formatters"):
            found.update(mapping)
        return found

    def readers(self) -> dict[str, Callable]:
        found: dict[str, Callable] = {}
        for _, mapping in self._collect("reportlint_register_readers"):
            found.update({suffix.lower(): reader for suffix, reader in mapping.items()})
        return found

    def configure(self, settings: Any) -> None:
        for impl in list(self.pm.hook.reportlint_configure.get_hookimpls()):
            try:
                impl.function(settings=settings)
            except Exception as exc:  # noqa: BLE001 - a plugin that cannot configure itself is left out
                self._fail(impl.plugin_name, f"reportlint_configure raised {type(exc).__name__}: {exc}")

    # -- checking --------------------------------------------------------------------
    def check(self, document: Document, context: CheckContext) -> list[Finding]:
        """Call every checker plugin on its own, so one that raises cannot hide the others.

        A plugin's findings are taken whole or not at all: if it raises part-way through a
        generator, or produces something that is not a Finding, only PRS001 is reported for it.
        """
        findings: list[Finding] = []
        for impl in reversed(self.pm.hook.reportlint_check_document.get_hookimpls()):
            context.plugin = impl.plugin_name
            try:
                produced = list(impl.function(document=document, context=context) or ())
                for item in produced:
                    if not isinstance(item, Finding):
                        raise TypeError(f"produced {type(item).__name__}, not a Finding made with context.finding()")
                findings.extend(produced)
            except Exception as exc:  # noqa: BLE001 - isolate plugin failures
                frames = traceback.extract_tb(exc.__traceback__)
                where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
                context.plugin = "core"
                findings.append(context.finding(
                    "PRS001",
                    f"插件 {impl.plugin_name} 检查本文件时出错，其结果缺失：{type(exc).__name__}: {exc}{where}",
                    context.line_span(1)))
                print(f"reportlint: plugin {impl.plugin_name!r} raised on {document.path}: "
                      f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return findings
