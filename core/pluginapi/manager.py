"""Finding, loading and calling plugins.

Built-in plugins are listed in DEFAULT_PLUGINS and loaded by the same function as
third-party plugins found through the `reportlint` entry-point group, so either kind can be
disabled by name (`--disable-plugin NAME`, `disable-plugins = [...]`). A plugin that fails
to import is recorded and reported, and the run goes on without it; a plugin that raises
while checking loses its findings for that file only (PRS001).

What a plugin cannot do to a run (docs/security.md):
- write to stdout: while plugin code runs (import, registration hooks, configure, rules,
  check hooks, readers) `sys.stdout` is `sys.stderr`, so stdout carries only the chosen
  format (a `print()` in a plugin lands on stderr);
- end the run: `sys.exit()` (SystemExit) at import, in any hook or rule is a failure of that
  plugin like an exception (PRS002 at import and registration, PRS001 while checking);
- lose the other plugins' findings: each finding a rule or hook produces is validated (a
  `Finding`, a registered rule, this file's path, a known severity, a span inside the text,
  the end not before the start); a bad one is dropped and one PRS001 per file names the
  plugin and the first problem. Profiles are validated at registration (a `Profile` that
  passes its own validation, a name no other plugin registered); a plugin with a bad one
  is taken out of the run (PRS002).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

import pluggy

from .. import __version__
from . import hookspecs
from .context import CheckContext
from .entry_points import group_entry_points
from .findings import SEVERITY_RANK, Finding
from ..errors import InputError
from ..formatters.escape import name as shown_name
from ..parse.model import Document
from ..parse.profiles import Profile
from .rules import Rule

if TYPE_CHECKING:  # for annotations only
    from ..formatters import Formatter
    from ..input.source import Source
    from ..run.config import Settings

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


@contextlib.contextmanager
def plugin_stdout() -> Iterator[None]:
    """While plugin code runs, what it prints goes to stderr: stdout carries only the output format."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


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
                 extra: Iterable[tuple[str, Any]] = ()) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.infos: list[PluginInfo] = []
        self.disabled = set(disable)
        for name, module in DEFAULT_PLUGINS:
            self._load(name, module, __version__, builtin=True)
        if entry_points:
            for ep in sorted(group_entry_points(ENTRY_POINT_GROUP), key=lambda e: e.name):
                version = ep.dist.version if ep.dist is not None else "?"
                self._load(ep.name, ep, version, builtin=False)
        for name, plugin in extra:  # plugin objects registered by tests or embedding code
            self._register(name, plugin, getattr(plugin, "__version__", "?"), builtin=False,
                           module=getattr(plugin, "__name__", repr(plugin)))
        self._rules: Optional[dict[str, type[Rule]]] = None
        self._profiles: Optional[list[Profile]] = None
        self._readers: Optional[dict[str, Callable[[bytes, str], Source]]] = None
        self._checks: Optional[tuple[dict[str, type[Rule]], list[tuple[type[Rule], str]]]] = None

    # -- loading ---------------------------------------------------------------------
    def _load(self, name: str, target: Any, version: str, builtin: bool) -> None:
        if name in self.disabled or any(info.name == name for info in self.infos):
            return
        module_name = target if isinstance(target, str) else target.value
        try:
            with plugin_stdout():
                plugin = importlib.import_module(target) if isinstance(target, str) else target.load()
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - any import failure (sys.exit too) is reported
            self.infos.append(PluginInfo(name, module_name, version, builtin,
                                         error=f"{type(exc).__name__}: {exc}"))
            return
        self._register(name, plugin, version, builtin, module_name)

    def _register(self, name: str, plugin: Any, version: str, builtin: bool, module: str) -> None:
        try:
            with plugin_stdout():
                self.pm.register(plugin, name=name)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - e.g. a misspelt hook (pluggy validates impls)
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
            # pluggy declares HookImpl.function Final; replacing it with the guard is deliberate
            # (it is what pluggy calls), so that one plugin that raises cannot end the hook call.
            impl.function = _guarded(name, impl.function, impl.argnames)  # type: ignore[misc]
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
        self._readers = None

    def _call(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a hook through pluggy: (plugin name, result) per implementation, in pluggy's order.

        pluggy passes each implementation only the arguments it asks for, so a plugin written
        against fewer hook arguments keeps working when a hook gains one. Each implementation
        runs inside a guard (installed at registration), so one that raises or exits comes back
        as a `_Failure` instead of ending the call for the others.
        """
        with plugin_stdout():
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
            profiles: list[Profile] = []
            owners: dict[str, str] = {}
            broken: dict[str, str] = {}
            for plugin_name, found in self._collect("reportlint_register_profiles"):
                mine: list[Profile] = []
                problem = None
                try:
                    items = list(found)
                except TypeError:
                    items, problem = [], f"returned {type(found).__name__}, not a list of Profile"
                for profile in items:
                    problem = problem or _profile_problem(profile)
                    if problem is None and (profile.name in owners or any(p.name == profile.name for p in mine)):
                        problem = f"profile {profile.name!r} is already registered by plugin " \
                                  f"{owners.get(profile.name, plugin_name)!r}"
                    if problem:
                        break
                    mine.append(profile)
                if problem:
                    broken[plugin_name] = problem
                    continue
                for profile in mine:
                    owners[profile.name] = plugin_name
                profiles.extend(mine)
            rules = self._rules
            for plugin_name, error in broken.items():
                self._fail(plugin_name, f"invalid profile: {error}")
            if broken and rules is not None:  # _fail dropped the rules: keep the others' rules
                self._rules = {code: rule for code, rule in rules.items() if rule.plugin not in broken}
            self._profiles = profiles
        return self._profiles

    def formatters(self) -> dict[str, type[Formatter]]:
        found: dict[str, type[Formatter]] = {}
        for _, mapping in self._collect("reportlint_register_formatters"):
            found.update(mapping)
        return found

    def readers(self) -> dict[str, Callable[[bytes, str], Source]]:
        """Suffix → reader. Collected once, like the rules and profiles (plugins register when
        the manager is made; one taken out by `_fail` drops it): a batch asks once per file."""
        if self._readers is None:
            found: dict[str, Callable[[bytes, str], Source]] = {}
            for plugin_name, mapping in self._collect("reportlint_register_readers"):
                found.update({suffix.lower(): _guarded_reader(plugin_name, reader)
                              for suffix, reader in mapping.items()})
            self._readers = found
        return dict(self._readers)  # the caller's own copy

    def configure(self, settings: Settings) -> None:
        self._collect("reportlint_configure", settings=settings)

    # -- checking --------------------------------------------------------------------
    def check(self, document: Document, context: CheckContext) -> list[Finding]:
        """Run every enabled rule that checks itself, then every plugin's document hook.

        Each rule and each plugin runs on its own, so one that raises cannot hide the others:
        its findings are taken whole or not at all, and a PRS001 finding names it. A rule
        the user turned off is never called.
        """
        findings: list[Finding] = []
        rules = self.rules()
        stopwatch = context.stopwatch
        # stdout is redirected once for all the rules (entering it per rule cost as much as a
        # small rule), and pointed at stderr again before each rule in case one replaced it
        with plugin_stdout():
            for rule_cls, who in self._checking(rules):
                if not context.enabled(rule_cls.code):
                    continue
                context.plugin = rule_cls.plugin  # the findings a rule makes belong to its plugin
                sys.stdout = sys.stderr
                try:
                    if stopwatch is None:
                        produced = _findings_of(rule_cls().check(context))
                    else:  # --timings: a rule is a generator, its work is done as it is listed
                        produced = stopwatch.call(f"rule {rule_cls.code}", _rule_findings, rule_cls, context)
                except MemoryError:
                    raise  # the report is too big for the memory bound: the file's error, not the rule's
                except (Exception, SystemExit) as exc:  # noqa: BLE001 - isolate rule failures
                    findings.append(self._failure_finding(context, who, _Failure.of(exc), document))
                    continue
                if produced:  # (most rules find nothing in most reports)
                    findings.extend(self._valid(produced, context, who, document, rules))
        context.plugin = ""  # each hook implementation's guard names its own plugin
        for plugin_name, result in self._call("reportlint_check_document", document=document,
                                               context=context, facts=_LazyFacts(context)):
            if isinstance(result, _Failure):
                findings.append(self._failure_finding(context, f"插件 {plugin_name}", result, document))
            else:
                findings.extend(self._valid(result, context, f"插件 {plugin_name}", document, rules))
        return findings

    def _checking(self, rules: dict[str, type[Rule]]) -> list[tuple[type[Rule], str]]:
        """The rules that check themselves, each with the name a PRS001 gives it: the same for
        every file, so worked out once per registry (`rules()` makes a new dict when it changes)."""
        cached = self._checks
        if cached is None or cached[0] is not rules:
            cached = self._checks = (rules, [(rule_cls, f"规则 {rule_cls.code}（插件 {rule_cls.plugin}）")
                                             for rule_cls in rules.values() if rule_cls.checks_itself()])
        return cached[1]

    def _valid(self, produced: list[Finding], context: CheckContext, who: str, document: Document,
               rules: dict[str, type[Rule]]) -> list[Finding]:
        """The findings that are sound; the others are dropped, with one PRS001 naming `who`."""
        kept: list[Finding] = []
        dropped: list[str] = []
        for finding in produced:
            problem = _finding_problem(finding, context, rules)
            if problem is None:
                kept.append(finding)
            else:
                dropped.append(problem)
        if dropped:
            more = f" (and {len(dropped) - 1} more)" if len(dropped) > 1 else ""
            failure = _Failure(ValueError(f"dropped {len(dropped)} invalid finding(s): {dropped[0]}{more}"), "")
            kept.append(self._failure_finding(context, who, failure, document))
        return kept

    def _failure_finding(self, context: CheckContext, who: str, failure: "_Failure",
                         document: Document) -> Finding:
        previous, context.plugin = context.plugin, "core"
        try:
            return self._make_failure_finding(context, who, failure, document)
        finally:
            context.plugin = previous

    def _make_failure_finding(self, context: CheckContext, who: str, failure: "_Failure",
                              document: Document) -> Finding:
        print(shown_name(f"reportlint: {failure.english(who)} on {document.path}: {failure.describe()}"),
              file=sys.stderr)
        return context.finding("PRS001", f"{who} 检查本文件时出错，其结果缺失：{failure.describe()}",
                               context.line_span(1))


class _Failure:
    """What a guarded hook implementation or rule returns instead of raising."""

    def __init__(self, error: BaseException, where: str) -> None:
        self.error = error
        self.where = where

    @classmethod
    def of(cls, exc: BaseException) -> "_Failure":
        import traceback  # only a plugin that fails pays for it

        frames = traceback.extract_tb(exc.__traceback__)
        where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
        return cls(exc, where)

    def describe(self) -> str:
        return f"{type(self.error).__name__}: {self.error}{self.where}"

    @staticmethod
    def english(who: str) -> str:
        name = who.split()[1].split("（")[0]
        return f"rule {name!r} raised" if who.startswith("规则") else f"plugin {name!r} raised"


def _rule_findings(rule_cls: type[Rule], context: CheckContext) -> list[Any]:
    return _findings_of(rule_cls().check(context))


def _findings_of(produced: Any) -> list[Any]:
    """A hook's or rule's output as a list (each item is validated by `_finding_problem`)."""
    if isinstance(produced, (str, bytes, dict, Finding)):
        raise TypeError(f"produced {type(produced).__name__}, not an iterable of Finding")
    return list(produced or ())


def _finding_problem(finding: Any, context: CheckContext, rules: dict[str, type[Rule]]) -> Optional[str]:
    """Why a produced finding cannot be reported as it is, or None when it is sound."""
    if not isinstance(finding, Finding):
        return f"{type(finding).__name__} is not a Finding made with context.finding()"
    try:  # a Finding made with model_construct() or changed after it was made: validate it again
        Finding.model_validate(finding.model_dump(warnings=False))
    except Exception as exc:  # noqa: BLE001 - any failure means the object is unsound
        errors = exc.errors() if hasattr(exc, "errors") else None
        if errors:
            return f"field {'.'.join(str(p) for p in errors[0]['loc'])!r}: {errors[0]['msg']}"
        return f"not a valid Finding ({type(exc).__name__})"
    if finding.rule not in rules:
        return f"rule {finding.rule!r} is not registered"
    if finding.severity not in SEVERITY_RANK:
        return f"unknown severity {finding.severity!r}"
    if finding.path != context.source.path:
        return f"path {finding.path!r} is not the checked file"
    source = context.source
    count = source.line_count
    line, column, end_line, end_column = finding.line, finding.column, finding.end_line, finding.end_column
    if not (1 <= line <= count and 1 <= end_line <= count):
        return f"line {line}-{end_line} outside the file (1-{count})"
    if not (1 <= column <= source.line_length(line) + 1 and 1 <= end_column <= source.line_length(end_line) + 1):
        return f"column outside its line ({line}:{column}-{end_line}:{end_column})"
    if (end_line, end_column) < (line, column):
        return f"span ends before it starts ({line}:{column}-{end_line}:{end_column})"
    return None


def _profile_problem(profile: Any) -> Optional[str]:
    """Why a registered profile cannot be used, or None."""
    if not isinstance(profile, Profile):
        return f"{type(profile).__name__} is not a Profile"
    try:  # made with model_construct() or changed after validation: validate a copy
        Profile.model_validate(profile.model_dump(warnings=False))
    except Exception as exc:  # noqa: BLE001
        errors = exc.errors() if hasattr(exc, "errors") else None
        label = getattr(profile, "name", "?")
        if errors:
            return f"profile {label!r} field {'.'.join(str(p) for p in errors[0]['loc'])!r}: {errors[0]['msg']}"
        return f"profile {label!r} is not valid ({type(exc).__name__}: {exc})"
    return None


def _guarded_reader(plugin_name: str, reader: Callable[[bytes, str], Source]) -> Callable[[bytes, str], Source]:
    """A reader that cannot print to stdout nor end the run (sys.exit becomes an InputError)."""
    if getattr(reader, "__reportlint_guarded__", False):
        return reader

    def guarded(data: bytes, path: str) -> Source:
        try:
            with plugin_stdout():
                return reader(data, path)
        except SystemExit as exc:
            raise InputError(path, f"the reader of plugin {plugin_name!r} called sys.exit({exc.code!r})") from None

    guarded.__name__ = getattr(reader, "__name__", "reader")
    guarded.__wrapped__ = reader  # type: ignore[attr-defined]
    guarded.__reportlint_guarded__ = True  # type: ignore[attr-defined]
    return guarded


def _guarded(plugin_name: str, function: Callable[..., Any], argnames: tuple[str, ...]) -> Callable[..., Any]:
    """Wrap a hook implementation so that pluggy gets (plugin name, result or _Failure) back."""
    consume = function.__name__ == "reportlint_check_document"
    context_at = argnames.index("context") if "context" in argnames else None

    def consumed(*args: Any) -> Any:
        result = function(*args)
        return _findings_of(result) if consume else result

    def guarded(*args: Any) -> tuple[str, Any]:
        stopwatch = None
        if context_at is not None:
            args[context_at].plugin = plugin_name  # findings made through it belong to this plugin
            stopwatch = getattr(args[context_at], "stopwatch", None)  # --timings
        try:
            if stopwatch is not None:
                return plugin_name, stopwatch.call(f"plugin {plugin_name}", consumed, *args)
            return plugin_name, consumed(*args)
        except MemoryError:
            raise  # out of memory is the file's error (one line), not the plugin's
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a plugin cannot end the run
            return plugin_name, _Failure.of(exc)

    guarded.__name__ = function.__name__
    guarded.__wrapped__ = function  # type: ignore[attr-defined]
    return guarded


class _LazyFacts:
    """`facts` as a hook argument, built only if a plugin asks for an attribute of it."""

    def __init__(self, context: CheckContext) -> None:
        self._context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context.facts, name)
