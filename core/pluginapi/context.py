"""What a checker plugin gets besides the document: the source, the settings, and `finding()`."""

from __future__ import annotations

from collections import Counter
from typing import Any, Optional, Union

from pydantic import BaseModel

from ..facts.store import Facts
from .findings import Evidence, Finding, fingerprint
from ..parse.model import Cell, Document, Paragraph, Span
from ..parse.profiles import Profile
from .rules import Rule
from ..input.source import Source


class UnknownRule(Exception):
    """A plugin emitted a finding for a rule nobody registered."""


class CheckContext:
    """Per-file context handed to `reportlint_check_document`."""

    def __init__(self, source: Source, document: Document, settings, rules: dict[str, type[Rule]],
                 profile: Optional[Profile], profiles: Optional[list[Profile]] = None):
        self.source = source
        self.document = document
        self.settings = settings
        self.rules = rules
        self.profile = profile
        self.profiles = profiles or []
        self.plugin = ""  # set by the runner before each plugin is called
        self._fingerprints: Counter[str] = Counter()
        self._options: dict[str, BaseModel] = {}
        self._facts: Optional[Facts] = None

    @property
    def facts(self) -> Facts:
        """The shared, typed reading of this report (docs/facts.md), built on first use."""
        if self._facts is None:
            self._facts = Facts(self.document, self.source, self.profile)
        return self._facts

    # -- configuration ---------------------------------------------------------------
    def enabled(self, code: str) -> bool:
        """Whether the user wants this rule's findings for this file (skip the work if not)."""
        rule = self.rules.get(code)
        if rule is None:
            return False
        return self.settings.rule_enabled(code, rule.enabled_by_default, self.source.path)

    def options(self, rule: Union[str, Rule, type[Rule]]) -> Any:
        """The rule's options model, filled from `[tool.reportlint.rules.CODE]`."""
        code = rule if isinstance(rule, str) else rule.code
        if code not in self._options:
            self._options[code] = self.rules[code].Options.model_validate(self.settings.rules.get(code, {}))
        return self._options[code]

    # -- positions -------------------------------------------------------------------
    def span_in(self, block: Union[Paragraph, Cell, Any], start: int = 0, end: Optional[int] = None) -> Span:
        """Span of `block.text[start:end]` (offsets inside the block's text) in the file."""
        text = block.text
        end = len(text) if end is None else end
        base = self.source.offset(block.span.line, block.span.column)
        line, column = self.source.position(base + start)
        end_line, end_column = self.source.position(base + max(start, end))
        return Span(line=line, column=column, end_line=end_line, end_column=end_column)

    def line_span(self, line: int) -> Span:
        text = self.source.line_text(line)
        stripped = text.lstrip()
        column = len(text) - len(stripped) + 1
        return Span(line=line, column=column, end_line=line, end_column=column + len(stripped.rstrip()))

    # -- findings --------------------------------------------------------------------
    def finding(self, rule: Union[str, Rule, type[Rule]], message: str, span: Optional[Span] = None, *,
                block: Any = None, start: int = 0, end: Optional[int] = None,
                evidence: Optional[Union[Evidence, dict[str, Any]]] = None,
                suggestion: Optional[str] = None) -> Finding:
        """Make a finding for `rule` at `span` (or at `block.text[start:end]`)."""
        code = rule if isinstance(rule, str) else rule.code
        rule_cls = self.rules.get(code)
        if rule_cls is None:
            raise UnknownRule(f"finding for unregistered rule {code!r}")
        if span is None:
            span = self.span_in(block, start, end) if block is not None else self.line_span(1)
        section = self.document.section_path(span.line)
        covered = self._covered_text(span)
        base = fingerprint(code, section, covered or message)
        self._fingerprints[base] += 1
        occurrence = self._fingerprints[base]
        if isinstance(evidence, dict):
            evidence = Evidence(**{k: _jsonable(v) for k, v in evidence.items()})
        return Finding(
            path=self.source.path, rule=code, name=rule_cls.name,
            severity=self.settings.severity_of(code, rule_cls.severity), message=message,
            line=span.line, column=span.column, end_line=span.end_line, end_column=span.end_column,
            section=section, evidence=evidence or Evidence(), suggestion=suggestion,
            snippet=self.source.line_text(span.line).rstrip()[:400],
            fingerprint=base if occurrence == 1 else f"{base}-{occurrence}",
            plugin=self.plugin or rule_cls.plugin,
            location=self.source.origin(span.line))

    def _covered_text(self, span: Span) -> str:
        try:
            start = self.source.offset(span.line, span.column)
            end = self.source.offset(span.end_line, span.end_column)
        except IndexError:
            return ""
        return self.source.text[start:end][:200]


def _jsonable(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
