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
        callers = self.pm.get_hookcallers(plugin) or []
        impls = [impl for caller in callers for impl in caller.get_hookimpls() if impl.plugin_name == name]
        wrappers = sorted(impl.function.__name__ for impl in impls if impl.hookwrapper or impl.wrapper)
        if wrappers:
            self.pm.unregister(plugin, name=name)
            self.infos.append(PluginInfo(name, module, version, builtin, error=(
                f"hook wrappers are not supported ({', '.join(wrappers)}): reportlint calls each plugin "
                "on its own so that one plugin's failure cannot hide another's findings")))
            return
        for impl in impls:
            impl.function = _guarded(name, impl.function, impl.argnames)
        hooks = sorted(caller.name for caller in callers)
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

    def _call(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook through pluggy: (plugin name, result) per implementation, in pluggy's order.

        pluggy passes each implementation only the arguments it asks for, so a plugin written
        against fewer hook arguments keeps working when a hook gains one. Each implementation
        runs inside a guard (installed at registration), so one that raises or exits comes back
        as a `_Failure` instead of ending the call for the others.
        """
        results = getattr(self.pm.hook, hook_name)(**kwargs)
        return [(name, value) for name, value in reversed(results)]

    def _collect(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """(plugin name, result) of a registration hook; a plugin whose hook raises is taken out."""
        out = []
        for plugin_name, result in self._call(hook_name, **kwargs):
            if isinstance(result, _Failure):  # reported as PRS002, the run goes on
                self._fail(plugin_name, f"{hook_name} raised {result.describe()}")
                continue
            if result:
                out.append((plugin_name, result))
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
        self._collect("reportlint_configure", settings=settings)

    # -- checking --------------------------------------------------------------------
    def check(self, document: Document, context: CheckContext) -> list[Finding]:
        """Run every enabled rule that checks itself, then every plugin's document hook.

        Each rule and each plugin runs on its own, so one that raises cannot hide the others:
        its findings are taken whole or not at all, and a PRS001 finding names it. A rule
        the user turned off is never called.
        """
        findings: list[Finding] = []
        for rule_cls in self.rules().values():
            if not rule_cls.checks_itself() or not context.enabled(rule_cls.code):
                continue
            context.plugin = rule_cls.plugin
            try:
                findings.extend(_findings_of(rule_cls().check(context)))
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - isolate rule failures
                findings.append(self._failure_finding(
                    context, f"规则 {rule_cls.code}（插件 {rule_cls.plugin}）", _Failure.of(exc), document))
        for plugin_name, result in self._call("reportlint_check_document", document=document,
                                               context=context, facts=_LazyFacts(context)):
            if isinstance(result, _Failure):
                findings.append(self._failure_finding(context, f"插件 {plugin_name}", result, document))
            else:
                findings.extend(result)
        return findings

    def _failure_finding(self, context: CheckContext, who: str, failure: "_Failure",
                         document: Document) -> Finding:
        context.plugin = "core"
        print(f"reportlint: {failure.english(who)} on {document.path}: {failure.describe()}", file=sys.stderr)
        return context.finding("PRS001", f"{who} 检查本文件时出错，其结果缺失：{failure.describe()}",
                               context.line_span(1))


class _Failure:
    """What a guarded hook implementation or rule returns instead of raising."""

    def __init__(self, error: BaseException, where: str):
        self.error = error
        self.where = where

    @classmethod
    def of(cls, exc: BaseException) -> "_Failure":
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
        return cls(exc, where)

    def describe(self) -> str:
        return f"{type(self.error).__name__}: {self.error}{self.where}"

    @staticmethod
    def english(who: str) -> str:
        name = who.split()[1].split("（")[0]
        return f"rule {name!r} raised" if who.startswith("规则") else f"plugin {name!r} raised"


def _findings_of(produced: Any) -> list[Finding]:
    """A hook's or rule's output as a list of findings, or TypeError for anything else."""
    items = list(produced or ())
    for item in items:
        if not isinstance(item, Finding):
            raise TypeError(f"produced {type(item).__name__}, not a Finding made with context.finding()")
    return items


def _guarded(plugin_name: str, function: Callable[..., Any], argnames: tuple[str, ...]) -> Callable[..., Any]:
    """Wrap a hook implementation so that pluggy gets (plugin name, result or _Failure) back."""
    consume = function.__name__ == "reportlint_check_document"

    def guarded(*args: Any) -> tuple[str, Any]:
        try:
            result = function(*args)
            return plugin_name, (_findings_of(result) if consume else result)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a plugin cannot end the run
            return plugin_name, _Failure.of(exc)

    guarded.__name__ = function.__name__
    guarded.__wrapped__ = function  # type: ignore[attr-defined]
    return guarded


class _LazyFacts:
    """`facts` as a hook argument, built only if a plugin asks for an attribute of it."""

    def __init__(self, context: CheckContext):
        self._context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context.facts, name)
