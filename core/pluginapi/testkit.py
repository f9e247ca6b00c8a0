"""The test kit for rule authors: pass/fail cases written as data, run by pytest or from Python.

A case file is TOML named `test_*.toml` holding `[[case]]` tables (docs/plugins.md, "Testing"):

    select = ["FRM"]                 # file level: only these rules' findings are compared
    [[case]]
    name = "formula result that its own formula does not give"
    text = \"\"\"
    三、绩效自评情况
    差异率=（3257.65-3132.88）/3132.88*100%=3.89%。
    \"\"\"
    expect = [{ rule = "FRM001", line = 2 }]

    [[case]]
    name = "seed 001 with one figure changed"
    file = "../fixtures/seeds/001_10aa492466fab5b3.txt"     # relative to the case file
    edits = [{ line = 88, old = "=3.98%", new = "=3.89%" }] # applied like tests/util.inject
    expect = [{ rule = "FRM001", line = 88, message = "3.98" }]

Case keys: `name`, `text` or `file`, `edits`, `expect` (default: nothing), and optionally
`select`, `profile`, `config` (settings keys as in `[tool.reportlint]`), `path` (the file
name the report is checked under, for per-file ignores). File-level `select`, `profile`,
`config` and `path` are defaults for every case.

`expect` is the exact multiset of findings of the selected rules: every expected
`{rule, line}` (with optional `column`, `severity` and `message`, a substring of the message)
must be found once, and every selected finding must be expected. So a case expecting
nothing fails on any finding, and a finding no case expected fails its case.

pytest collects these files through the `reportlint` pytest11 entry point: this module.
It imports nothing from reportlint at import time, and only collects `test_*.toml` files
that contain `[[case]]`, so it costs nothing in other projects' test suites.
Outside pytest, `check_case(...)` runs one case and raises AssertionError on a mismatch.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

from reportlint import regex_cache

if TYPE_CHECKING:  # for annotations only: this module imports nothing from reportlint (or pytest) at import time
    import pytest
    from _pytest._code.code import TerminalRepr, TracebackStyle

    from .findings import Finding
    from .manager import PluginManager

CASE_FILE = regex_cache.compile(r"^test_.*\.toml$")
CASE_KEYS = {"name", "text", "file", "edits", "expect", "select", "profile", "config", "path"}
FILE_KEYS = {"case", "select", "profile", "config", "path"}
EXPECT_KEYS = {"rule", "line", "column", "severity", "message"}
_CASE_HEADER = regex_cache.compile(r"^[ \t]*\[\[[ \t]*case\s*\]\]", re.MULTILINE)


class CaseError(Exception):
    """A case file or case is malformed (unknown key, missing text, an edit that does not apply)."""


class CaseFailure(AssertionError):
    """The findings differ from the expected ones; the message says how."""


@dataclass
class Expected:
    rule: str
    line: Optional[int] = None
    column: Optional[int] = None
    severity: Optional[str] = None
    message: Optional[str] = None

    def accepts(self, finding: Finding) -> bool:
        return (finding.rule == self.rule
                and (self.line is None or finding.line == self.line)
                and (self.column is None or finding.column == self.column)
                and (self.severity is None or finding.severity == self.severity)
                and (self.message is None or self.message in finding.message))

    def specificity(self) -> int:
        return sum(v is not None for v in (self.line, self.column, self.severity, self.message))

    def __str__(self) -> str:
        out = self.rule + (f" line {self.line}" if self.line is not None else " (any line)")
        if self.column is not None:
            out += f" column {self.column}"
        if self.severity is not None:
            out += f" [{self.severity}]"
        if self.message is not None:
            out += f" with message containing {self.message!r}"
        return out


@dataclass
class Case:
    name: str
    text: str
    expect: list[Expected] = field(default_factory=list)
    select: Optional[list[str]] = None
    profile: Optional[str] = None
    config: dict[str, Any] = field(default_factory=dict)
    path: str = "case.txt"
    origin: str = ""  # "file.toml:line" for messages
    line: int = 0  # line of the [[case]] header in its file


# -- reading -------------------------------------------------------------------------------
def apply_edits(text: str, edits: list[dict[str, Any]], where: str = "") -> str:
    """Replace `old` by `new` on 1-based `line` (first occurrence), like tests/util.inject."""
    lines = text.split("\n")
    for edit in edits:
        line, old, new = edit.get("line"), edit.get("old"), edit.get("new")
        if not isinstance(line, int) or not isinstance(old, str) or not isinstance(new, str):
            raise CaseError(f"{where}: an edit needs line (integer), old and new (strings): {edit!r}")
        if not 1 <= line <= len(lines) or old not in lines[line - 1]:
            shown = lines[line - 1][:80] if 1 <= line <= len(lines) else "<past the end>"
            raise CaseError(f"{where}: edit {old!r} → {new!r}: {old!r} is not on line {line}: {shown!r}")
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def _expected(items: Any, where: str) -> list[Expected]:
    if not isinstance(items, list):
        raise CaseError(f"{where}: expect must be a list of {{ rule = ..., line = ... }}")
    out = []
    for item in items:
        if not isinstance(item, dict) or "rule" not in item:
            raise CaseError(f"{where}: each expected finding needs a rule: {item!r}")
        unknown = set(item) - EXPECT_KEYS
        if unknown:
            raise CaseError(f"{where}: unknown key {sorted(unknown)[0]!r} in expect (known: {', '.join(sorted(EXPECT_KEYS))})")
        out.append(Expected(**item))
    return out


def make_case(values: dict[str, Any], base: Optional[Path] = None, defaults: Optional[dict[str, Any]] = None,
              origin: str = "<case>", line: int = 0) -> Case:
    """A Case from a `[[case]]` table (or keyword arguments), with file-level defaults."""
    merged = {**(defaults or {}), **values}
    unknown = set(values) - CASE_KEYS
    if unknown:
        raise CaseError(f"{origin}: unknown case key {sorted(unknown)[0]!r} (known: {', '.join(sorted(CASE_KEYS))})")
    name = str(merged.get("name") or f"case at {origin}")
    where = f"{origin} ({name})"
    if ("text" in merged) == ("file" in merged):
        raise CaseError(f"{where}: give exactly one of text or file")
    path = merged.get("path")
    if "file" in merged:
        file = Path(merged["file"])
        if not file.is_absolute() and base is not None:
            file = base / file
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CaseError(f"{where}: cannot read file {file}: {exc.strerror or exc}") from None
        path = path or file.name
    else:
        text = merged["text"]
    text = apply_edits(text, merged.get("edits", []), where)
    select = merged.get("select")
    if isinstance(select, str):
        select = [select]
    return Case(name=name, text=text, expect=_expected(merged.get("expect", []), where),
                select=select, profile=merged.get("profile"), config=dict(merged.get("config", {})),
                path=path or "case.txt", origin=origin, line=line)


def load_cases(path: str | Path) -> list[Case]:
    """Every case of a case file, with file-level defaults applied."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{path}: invalid TOML: {exc}") from None
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise CaseError(f"{path}: unknown file-level key {sorted(unknown)[0]!r} (known: {', '.join(sorted(FILE_KEYS))})")
    defaults: dict[str, Any] = {key: data[key] for key in ("select", "profile", "config", "path")
                                if key in data}
    lines = [text.count("\n", 0, m.start()) + 1 for m in _CASE_HEADER.finditer(text)]
    cases = []
    for index, values in enumerate(data.get("case", [])):
        line = lines[index] if index < len(lines) else 0
        cases.append(make_case(values, path.parent, defaults, f"{path.name}:{line}", line))
    return cases


# -- running -------------------------------------------------------------------------------
def run_case(case: Case, manager: Optional[PluginManager] = None) -> list[Finding]:
    """All findings of the case's report under its configuration."""
    from ..run.config import make_settings
    from ..run.runner import check_source, get_manager
    from ..input.source import Source

    values = dict(case.config)
    if case.profile is not None:
        values["profile"] = case.profile
    settings = make_settings(values)
    manager = manager or get_manager(settings.disable_plugins)
    rules = manager.rules()
    settings.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
    for selector in case.select or []:
        if selector != "ALL" and not any(code.startswith(selector) for code in rules):
            raise CaseFailure(f"{case.origin} ({case.name}): select names {selector!r}, which no loaded "
                              f"plugin registers (known families: {', '.join(sorted({c[:3] for c in rules}))})")
    result = check_source(Source(case.text, case.path), settings, manager)
    return result.findings


def selected(case: Case, findings: list[Finding]) -> list[Finding]:
    """The findings the case compares: those of its `select` rules (all without `select`), and
    always PRS001: a rule that raised must fail its case, not leave a silent case passing."""
    from .rules import matches

    return [f for f in findings if case.select is None or f.rule == CRASH_RULE
            or any(matches(f.rule, s) for s in case.select)]


CRASH_RULE = "PRS001"  # a rule or plugin hook raised (its findings for the file are lost)


def compare(case: Case, findings: list[Finding]) -> Optional[str]:
    """None when the selected findings are exactly the expected ones, else a readable report."""

    chosen = selected(case, findings)
    unmatched = list(chosen)
    missing: list[Expected] = []
    matched: list[tuple[Expected, Finding]] = []
    for expected in sorted(case.expect, key=Expected.specificity, reverse=True):
        hit = next((f for f in unmatched if expected.accepts(f)), None)
        if hit is None:
            missing.append(expected)
        else:
            unmatched.remove(hit)
            matched.append((expected, hit))
    if not missing and not unmatched:
        return None
    scope = "all rules" if case.select is None else "rules " + ", ".join(case.select)
    out = [f"case {case.name!r} ({case.origin}), comparing {scope}:"]
    if missing:
        out.append("  expected but not found:")
        out += [f"    - {e}" for e in missing]
    if unmatched:
        out.append("  found but not expected:")
        out += [f"    + {_show(f)}" for f in unmatched]
    if matched:
        out.append("  found as expected:")
        out += [f"    = {_show(f)}" for _, f in matched]
    ignored = len(findings) - len(chosen)
    if ignored:
        out.append(f"  ({ignored} finding(s) of other rules not compared)")
    return "\n".join(out)


def _show(finding: Finding) -> str:
    return f"{finding.rule} line {finding.line}:{finding.column} [{finding.severity}] {finding.message}"


def check_case(text: Optional[str] = None, *, file: Optional[str | Path] = None, expect: Any = (),
               select: Optional[list[str]] = None, profile: Optional[str] = None,
               config: Optional[dict[str, Any]] = None, edits: Optional[list[dict[str, Any]]] = None,
               path: Optional[str] = None, name: str = "check_case") -> list[Finding]:
    """Run one case from Python; raise CaseFailure (an AssertionError) on a mismatch.

    `expect` takes dicts ({"rule": "EXA001", "line": 3}) or (rule, line) tuples.
    Returns the findings of the selected rules (all findings without `select`), for further assertions.
    """
    values: dict[str, Any] = {"name": name,
                              "expect": [e if isinstance(e, dict) else {"rule": e[0], "line": e[1]} for e in expect]}
    if text is not None:
        values["text"] = text
    if file is not None:
        values["file"] = str(file)
    for key, value in (("select", select), ("profile", profile), ("config", config), ("edits", edits), ("path", path)):
        if value is not None:
            values[key] = value
    case = make_case(values, origin=name)
    findings = run_case(case)
    problem = compare(case, findings)
    if problem:
        raise CaseFailure(problem)
    return selected(case, findings)


# -- pytest plugin (entry point pytest11: reportlint) ----------------------------------------
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Optional[pytest.Collector]:
    """Collect `test_*.toml` files that hold `[[case]]` tables; leave every other file alone."""
    if not CASE_FILE.match(file_path.name):
        return None
    try:
        head = file_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not _CASE_HEADER.search(head):
        return None
    return _pytest_classes()[0].from_parent(parent, path=file_path)


_CLASSES: list[tuple[type[pytest.File], type[pytest.Item]]] = []  # (CaseFile, CaseItem) once made


def _pytest_classes() -> tuple[type[pytest.File], type[pytest.Item]]:
    """The pytest node classes, made on first use so that importing this module stays cheap."""
    if _CLASSES:
        return _CLASSES[0]
    import pytest

    class CaseFile(pytest.File):
        def collect(self) -> Iterator[pytest.Item]:
            try:
                cases = load_cases(self.path)
            except CaseError as exc:
                raise self.CollectError(str(exc)) from None
            seen: dict[str, int] = {}
            for case in cases:
                seen[case.name] = seen.get(case.name, 0) + 1
                name = case.name if seen[case.name] == 1 else f"{case.name} #{seen[case.name]}"
                yield CaseItem.from_parent(self, name=name, case=case)

    class CaseItem(pytest.Item):
        def __init__(self, *, case: Case, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.case = case

        def runtest(self) -> None:
            from ..errors import ConfigError

            try:
                findings = run_case(self.case)
            except ConfigError as exc:
                raise CaseFailure(f"case {self.case.name!r} ({self.case.origin}): configuration error: {exc}") from None
            problem = compare(self.case, findings)
            if problem:
                raise CaseFailure(problem)

        def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                         style: Optional[TracebackStyle] = None) -> str | TerminalRepr:
            if isinstance(excinfo.value, (CaseFailure, CaseError)):
                return str(excinfo.value)
            return super().repr_failure(excinfo, style=style)

        def reportinfo(self) -> tuple[Path, int, str]:
            return self.path, max(0, self.case.line - 1), f"case: {self.case.name}"

    _CLASSES.append((CaseFile, CaseItem))
    return _CLASSES[0]
