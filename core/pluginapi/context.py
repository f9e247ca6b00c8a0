"""What a checker plugin gets besides the document: the source, the settings, and `finding()`."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional, Union

from pydantic import BaseModel, ValidationError

from ..facts.base import make_span
from ..facts.store import Facts
from .findings import Evidence, Finding, WordLocation, compact, fingerprint
from ..parse.model import Cell, Document, Paragraph, Section, Span, position_in
from ..parse.profiles import Profile
from .rules import Rule
from ..input.source import Source, WordOrigin

if TYPE_CHECKING:  # for annotations only: the plugin API does not import the run stage
    from ..run.config import Settings


SNIPPET_CHARS = 400  # a finding's snippet: its line's first 400 characters,
SNIPPET_AFTER = 40  # or on to 40 past the finding when it lies further in the line

# (rule_enabled, select, extend-select, ignore) → {(code, enabled by default): enabled}: see `_decided`
_DECIDED: dict[tuple[Any, ...], dict[tuple[str, bool], bool]] = {}


class UnknownRule(Exception):
    """A plugin emitted a finding for a rule nobody registered."""


class CheckContext:
    """Per-file context handed to `reportlint_check_document`."""

    def __init__(self, source: Source, document: Document, settings: "Settings", rules: dict[str, type[Rule]],
                 profile: Optional[Profile], profiles: Optional[list[Profile]] = None) -> None:
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
        self._enabled: dict[str, bool] = {}
        self._decisions: Any = None  # `_decided()`, looked up on the first question (False: per file)
        self.stopwatch: Any = None  # --timings: a reportlint.run.timings.Stopwatch the runner sets

    @property
    def facts(self) -> Facts:
        """The shared, typed reading of this report (docs/facts.md), built on first use."""
        if self._facts is None:
            self._facts = Facts(self.document, self.source, self.profile)
            self._facts.stopwatch = self.stopwatch
        return self._facts

    # -- configuration ---------------------------------------------------------------
    def enabled(self, code: str) -> bool:
        """Whether the user wants this rule's findings for this file (skip the work if not)."""
        known = self._enabled.get(code)
        if known is None:  # asked by every rule and hook, often per figure: decided once per file
            rule = self.rules.get(code)
            if rule is None:
                known = False
            else:
                decided = self._decisions
                if decided is None:
                    decided = self._decisions = self._decided()
                key = (code, rule.enabled_by_default)
                known = decided.get(key) if decided is not False else None
                if known is None:
                    known = self.settings.rule_enabled(code, rule.enabled_by_default, self.source.path)
                    if decided is not False:
                        decided[key] = known
            self._enabled[code] = known
        return known

    def _decided(self) -> "dict[tuple[str, bool], bool] | bool":
        """The decisions `settings.rule_enabled` made for earlier files with the same selection.

        Without per-file ignores the answer depends only on the code, the rule's default and
        the select / extend-select / ignore lists (not on the file), so a run of many files
        asks it once per rule instead of once per rule and file; False when it depends on the
        file. Keyed by the lists' contents (and the method, for a Settings subclass), so a
        changed Settings never reads an old answer.
        """
        settings = self.settings
        if settings.per_file_ignores:
            return False
        key = (type(settings).rule_enabled, tuple(settings.select), tuple(settings.extend_select),
               tuple(settings.ignore))
        found = _DECIDED.get(key)
        if found is None:
            if len(_DECIDED) > 64:
                _DECIDED.clear()
            found = _DECIDED[key] = {}
        return found

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
        joined = position_in(block, start)
        if joined is not None:  # a paragraph joined from wrapped lines: its lines' own columns
            end_line, end_column = position_in(block, max(start, end), closing=True)  # type: ignore[misc]
            return make_span(joined[0], joined[1], end_line, end_column)
        base = self.source.offset(block.span.line, block.span.column)
        line, column = self.source.position(base + start)
        end_line, end_column = self.source.position(base + max(start, end))
        return make_span(line, column, end_line, end_column)  # ints by construction: not validated again

    def line_span(self, line: int) -> Span:
        text = self.source.line_text(line)
        stripped = text.lstrip()
        column = len(text) - len(stripped) + 1
        return make_span(line, column, line, column + len(stripped.rstrip()))

    # -- where a line is, for people ----------------------------------------------------
    def where(self, line: int) -> str:
        """The place of a line as a person finds it, for messages that name another place
        (而第54行为…): the Word location for a .docx (三、… › （二）… 第3段：“…”), the reader's
        origin for other documents (第3页 第12行), else 第N行."""
        origin = self.source.word_origin(line)
        if origin is not None:
            return self.word_location(origin, line, origin.label + origin.marker + 1)[0]  # the text, not its marker
        return self.source.origin(line) or f"第{line}行"

    def word_location(self, origin: WordOrigin, line: int, column: int = 1,
                      end: Optional[int] = None) -> tuple[str, WordLocation]:
        """The Chinese location text and the structured place of columns column..end of a
        Word line (`end` None: to the end of the line)."""
        text = self.source.line_text(line)
        end = len(text) + 1 if end is None else end
        sections = self._sections(line)
        headings = [_heading(section) for section in sections]
        if not headings:
            headings = list(self.document.section_path(line))  # an attachment's name
        section_paragraph = None
        if sections and origin.paragraph is not None and origin.part != "table":
            heading = self.source.word_origin(sections[-1].span.line)
            if heading is not None and heading.part == "body" and heading.paragraph is not None \
                    and heading.paragraph <= origin.paragraph:
                section_paragraph = origin.paragraph - heading.paragraph
        start, stop = column - 1, max(column - 1, end - 1)
        body = origin.label + origin.marker
        auto = origin.marker > 0 and start < body and stop > origin.label
        inserted = any(a < stop and b > start for a, b in origin.inserted) or \
            (start == stop and any(a <= start < b for a, b in origin.inserted))
        quote = _quote(text[:len(text) - origin.suffix] if origin.suffix else text, body, start, stop)
        pure_heading = bool(sections) and len(self.source.line_text(sections[-1].span.line).strip()) <= \
            len((sections[-1].marker or "") + sections[-1].title) + 1
        place = _place(origin, section_paragraph, pure_heading)
        words = " › ".join(headings)
        shown = f"{words} {place}" if words and place else (words or place or f"第{line}行")
        if quote:
            shown += f"：“{quote}”"
        if auto:
            shown += "（自动编号：请在 Word 的编号设置中修改，不要手工改字）"
        if inserted:
            shown += "（修订插入的文字）"
        data = WordLocation(part=origin.part if origin.part in ("body", "table", "footnote", "endnote", "textbox")
                            else "body", headings=headings, paragraph=origin.paragraph,
                            section_paragraph=section_paragraph, table=origin.table, row=origin.row,
                            column=origin.column, note=origin.note, quote=quote, auto_numbered=auto,
                            inserted=inserted)
        return shown, data

    def _sections(self, line: int) -> list[Section]:
        """The sections that hold a line, outermost first."""
        path: list[Section] = []
        sections = self.document.sections
        while sections:
            index = bisect_right(sections, line, key=lambda section: section.span.line)
            if not index or line > sections[index - 1].end_line:
                break
            path.append(sections[index - 1])
            sections = sections[index - 1].children
        return path

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
        if isinstance(evidence, dict):  # validated as the Finding's field: one validation, not two
            evidence = {k: _jsonable(v) for k, v in evidence.items()}
        location, word = self.source.origin(span.line), None
        origin = self.source.word_origin(span.line)
        if origin is not None:
            location, word = self.word_location(origin, span.line, span.column,
                                                span.end_column if span.end_line == span.line else None)
        data = {
            "path": self.source.path, "rule": code, "name": rule_cls.name,
            "severity": self.settings.severity_of(code, rule_cls.severity), "message": message,
            "line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column,
            "section": section, "evidence": evidence or Evidence(), "suggestion": suggestion,
            "snippet": self._snippet(span),
            "fingerprint": base if occurrence == 1 else f"{base}-{occurrence}",
            "plugin": self.plugin or rule_cls.plugin,
            "location": location, "word": word}
        try:
            return compact(Finding.model_validate(data))
        except ValidationError:
            if isinstance(evidence, dict):
                Evidence(**evidence)  # a bad evidence value raises as it did when it was validated first
            raise

    def _snippet(self, span: Span) -> str:
        """Line `span.line` from its start: SNIPPET_CHARS of it, or on to SNIPPET_AFTER past the
        finding when it lies further in (a long web-page paragraph), so columns still count in it."""
        end = span.end_column if span.end_line == span.line else span.column
        return self.source.line_head(span.line, max(SNIPPET_CHARS, end - 1 + SNIPPET_AFTER))

    def _covered_text(self, span: Span) -> str:
        try:
            start = self.source.offset(span.line, span.column)
            end = self.source.offset(span.end_line, span.end_column)
        except IndexError:
            return ""
        return self.source.text[start:end][:200]


_QUOTE_MIN, _QUOTE_MAX, _CONTEXT = 10, 24, 6


def _heading(section: Section) -> str:
    """A heading as Word shows it: its marker and title (a long title cut)."""
    title = section.title if len(section.title) <= 30 else section.title[:29] + "…"
    return (section.marker or "") + title


def _place(origin: WordOrigin, section_paragraph: Optional[int], pure_heading: bool = True) -> str:
    """第3段 / 表格2 第3行第1列 / 脚注3 / 第5段中的文本框: the part of the location after the headings."""
    paragraph = section_paragraph if section_paragraph is not None else origin.paragraph
    if origin.part == "table" or (origin.table and origin.part == "textbox"):
        cell = f"表格{origin.table} 第{origin.row}行" + (f"第{origin.column}列" if origin.column else "")
        return cell + ("中的文本框" if origin.part == "textbox" else "")
    if origin.part in ("footnote", "endnote"):
        return f"{'脚注' if origin.part == 'footnote' else '尾注'}{origin.note}"
    if origin.part == "textbox":
        if not paragraph:
            return "文本框"
        return f"第{paragraph}段{'后' if str(origin).endswith('段后 文本框') else '中'}的文本框"
    if paragraph is None:
        return "空白段落"
    if section_paragraph == 0:  # the heading's own paragraph (its text may follow it: （1）预算编制。收入…)
        return "标题" if pure_heading else "标题段"
    return f"第{paragraph}段"


def _quote(text: str, body: int, start: int, stop: int) -> str:
    """A short piece of a line to search for in Word: the offending text (without the reader's
    label and Word's numbering marker), widened to a few characters of context."""
    content_end = len(text.rstrip())
    start, stop = max(start, body), min(max(stop, body), content_end)
    if start >= stop:  # the finding is the numbering marker (or nothing): quote the text after it
        start, stop = body, min(content_end, body + _QUOTE_MIN)
    if stop - start < _QUOTE_MIN:
        start, stop = max(body, start - _CONTEXT), min(content_end, stop + _CONTEXT)
    stop = min(stop, start + _QUOTE_MAX)
    piece = text[start:stop].replace("\t", " ").strip()
    if not piece:
        return ""
    lead = "……" if text[body:start].strip() else ""
    tail = "……" if text[stop:content_end].strip() else ""
    return f"{lead}{piece}{tail}"


_PLAIN = frozenset({str, int, float, bool, type(None)})  # kept as they are: most evidence values


def _jsonable(value: Any) -> Any:
    """An evidence value as JSON can hold it: Decimals written exactly, containers as lists and dicts."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
