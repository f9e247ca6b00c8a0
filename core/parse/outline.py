"""Layout items → Document: profile detection, unmarked headings, section nesting, attachments.

Markers give a heading's level (一、 1, （一） 2, 1. 3, （1） 4, ① 5). A heading that lost
its marker (单位基本情况 on a line of its own) is recognised by matching the line against
the titles of the detected profile's outline, and takes the level the template gives it.
A list that reuses a higher level's markers inside a deeper section (一、二、 under
（五）改进措施, then 四、 continuing the real outline) is nested under that section and
marked `borrowed`, so the outline a reader sees stays intact.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence, Union

from ..errors import ConfigError
from .layout import AttachmentMark, FieldLine, HeadingLine, Item, normalise_title
from .model import Attachment, Document, Paragraph, ProfileMatch, Row, Section, Span, Table
from .profiles import OutlineEntry, Profile
from ..input.source import Source

MAX_UNMARKED_TITLE = 30  # a line longer than this is prose, not a lost heading
_YEAR = re.compile(r"(\d{4})\s*年")


_INDEX_CACHE: dict[int, tuple[Profile, dict[str, OutlineEntry]]] = {}


def title_index(profile: Profile) -> dict[str, OutlineEntry]:
    """Normalised title and synonyms → outline entry (computed once per profile object)."""
    cached = _INDEX_CACHE.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    index: dict[str, OutlineEntry] = {}
    for entry in profile.entries():
        for name in entry.names():
            index.setdefault(normalise_title(name), entry)
    _INDEX_CACHE[id(profile)] = (profile, index)
    return index


def _candidates(items: Sequence[Item]) -> set[str]:
    found = set()
    for item in items:
        if isinstance(item, HeadingLine):
            found.add(normalise_title(item.title))
        elif isinstance(item, Paragraph) and len(item.text) <= MAX_UNMARKED_TITLE + 2:
            found.add(normalise_title(item.text))
    return found


def detect_profile(items: Sequence[Item], profiles: Sequence[Profile], front_text: str,
                   name: Optional[str] = None) -> tuple[Optional[Profile], ProfileMatch]:
    """Score every profile against the report; the best one above 0.3 wins.

    The score is the share of the template's outline titles found in the report (as
    headings or lines of their own), plus a tenth of the share of its keywords found in
    the first lines. `name` forces a profile (from --profile or the configuration).
    """
    if name:
        for profile in profiles:
            if profile.name == name:
                return profile, ProfileMatch(name=profile.name, title=profile.title, score=1.0, forced=True)
        raise ConfigError(f"unknown profile {name!r}; known: {', '.join(p.name for p in profiles) or 'none'}")
    candidates = _candidates(items)
    scored = []
    for profile in profiles:
        index = title_index(profile)
        matched = {id(entry) for key, entry in index.items() if key in candidates}
        share = len(matched) / max(1, len({id(entry) for entry in index.values()}))
        keywords = sum(1 for word in profile.keywords if word in front_text) / max(1, len(profile.keywords))
        scored.append((round(0.9 * share + 0.1 * keywords, 3), profile))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < 0.3:
        best = scored[0] if scored else (0.0, None)
        return None, ProfileMatch(score=best[0], runner_up=best[1].name if best[1] else None,
                                  runner_up_score=best[0])
    best_score, best = scored[0]
    runner = scored[1] if len(scored) > 1 else (0.0, None)
    return best, ProfileMatch(name=best.name, title=best.title, score=best_score,
                              runner_up=runner[1].name if runner[1] else None, runner_up_score=runner[0])


def build_document(source: Source, items: list[Item], profiles: Sequence[Profile] = (),
                   profile_name: Optional[str] = None) -> Document:
    front_text = "\n".join(source.lines[:15])
    profile, match = detect_profile(items, profiles, front_text, profile_name)
    index = title_index(profile) if profile else {}
    items = _promote_unmarked(items, index)
    return _Assembler(source, index, match).assemble(items)


def _promote_unmarked(items: list[Item], index: dict[str, OutlineEntry]) -> list[Item]:
    """Turn lines that are a template title without a marker into headings."""
    if not index:
        return items
    out: list[Item] = []
    in_attachment = False
    seen_heading = False
    for item in items:
        if isinstance(item, AttachmentMark) and seen_heading:
            in_attachment = True
        if (not in_attachment and isinstance(item, Paragraph)
                and len(item.text) <= MAX_UNMARKED_TITLE + 2):
            entry = index.get(normalise_title(item.text))
            if entry is not None:
                heading = item.model_copy(update={"kind": "heading"})
                item = HeadingLine(None, entry.level, None, entry.number or 0,
                                   item.text.strip(" 。.：:"), heading)
        if isinstance(item, HeadingLine):
            seen_heading = True
        out.append(item)
    return out


Container = Union[Section, Attachment, None]
# Validated construction from a dict: pydantic-core builds it faster than model_construct.
_SECTION = Section.model_validate


class _Assembler:
    def __init__(self, source: Source, index: dict[str, OutlineEntry], match: ProfileMatch):
        self.source = source
        self.index = index
        self.document = Document.model_construct(
            path=source.path, title="", title_span=None, template_label="", header=[], front=[],
            sections=[], attachments=[], profile=match, line_count=len(source.lines))
        self.stack: list[Section] = []
        self.attachment: Optional[Attachment] = None
        self.table: Optional[Table] = None
        self.real_last: dict[int, int] = {}  # marker level → last number of the real outline
        self.borrowed_last: dict[tuple[int, int], int] = {}  # (id(parent), marker level) → last number

    # -- where blocks go -------------------------------------------------------------
    def _body(self) -> list:
        if self.attachment is not None:
            return self.attachment.body
        if self.stack:
            return self.stack[-1].body
        return self.document.front

    def _add_block(self, block) -> None:
        self.table = None
        self._body().append(block)

    def _add_row(self, row: Row) -> None:
        if self.table is None:
            self.table = Table.model_construct(kind="table", rows=[], span=row.span)
            self._body().append(self.table)
        self.table.rows.append(row)
        first = self.table.rows[0].span
        self.table.span = Span(line=first.line, column=first.column,
                               end_line=row.span.end_line, end_column=row.span.end_column)

    # -- main loop -------------------------------------------------------------------
    def assemble(self, items: list[Item]) -> Document:
        doc = self.document
        body_started = False
        for item in items:
            if isinstance(item, Row):
                self._add_row(item)
                continue
            if isinstance(item, AttachmentMark):
                if not body_started:
                    doc.template_label = item.label
                    continue
                self.table = None
                self.attachment = Attachment.model_construct(
                    kind="attachment", label=item.label, number=item.number, title="",
                    span=item.span, end_line=item.span.end_line, body=[])
                doc.attachments.append(self.attachment)
                continue
            if isinstance(item, FieldLine):
                doc.header.extend(item.fields)
                self._add_block(item.paragraph)
                continue
            if isinstance(item, HeadingLine):
                if self.attachment is not None:
                    self._add_block(item.paragraph)
                    continue
                body_started = True
                self._open_section(item)
                continue
            # a paragraph
            if self.attachment is not None and not self.attachment.title and not self.attachment.body \
                    and len(item.text) <= 40:
                self.attachment.title = item.text.strip()
            if not body_started and not doc.title and ("报告" in item.text or "自评" in item.text) \
                    and len(item.text) <= 40:
                doc.title = item.text
                doc.title_span = item.span
            self._add_block(item)
        self._close()
        return doc

    def _open_section(self, item: HeadingLine) -> None:
        self.table = None
        level, borrowed = item.level, False
        if item.style is not None:
            level, borrowed = self._place_marked(item)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        entry = self.index.get(normalise_title(item.title)) if self.index else None
        section = _SECTION({
            "marker": item.marker, "style": item.style, "level": level, "number": item.number,
            "title": item.title, "heading": item.paragraph, "span": item.paragraph.span,
            "end_line": item.paragraph.span.end_line,
            "canonical": entry.title if entry is not None else None, "borrowed": borrowed})
        if self.stack:
            self.stack[-1].children.append(section)
        else:
            self.document.sections.append(section)
        self.stack.append(section)

    def _place_marked(self, item: HeadingLine) -> tuple[int, bool]:
        """Level and borrowed flag of a marked heading (see the module docstring)."""
        marker_level, number = item.level, item.number
        deeper_open = bool(self.stack) and self.stack[-1].level > marker_level
        real = self.real_last.get(marker_level)
        if deeper_open:
            parent = self.stack[-1]
            # a borrowed run under an open section (or under one of its ancestors) continues
            for ancestor in reversed(self.stack):
                key = (id(ancestor), marker_level)
                last = self.borrowed_last.get(key)
                if last is not None and number == last + 1 and not (real is not None and number == real + 1):
                    self.borrowed_last[key] = number
                    while self.stack[-1] is not ancestor:
                        self.stack.pop()
                    return ancestor.level + 1, True
            # A new borrowed list: its numbering restarts at 1 although the real outline had
            # gone past 1 at that level, and it stands in a section that is not itself a
            # borrowed item (so nesting stays bounded: 1.（1）1.（1）… are siblings that
            # repeat a number, not lists ever deeper).
            if number == 1 and real is not None and real >= 2 and not parent.borrowed:
                self.borrowed_last[(id(parent), marker_level)] = number
                return parent.level + 1, True
        self.real_last[marker_level] = number
        for deeper in [lvl for lvl in self.real_last if lvl > marker_level]:
            del self.real_last[deeper]
        return marker_level, False

    def _close(self) -> None:
        doc = self.document

        def end_of(section: Section) -> int:
            end = section.span.end_line
            if section.body:
                end = max(end, section.body[-1].span.end_line)
            for child in section.children:
                end = max(end, end_of(child))
            section.end_line = end
            return end

        for section in doc.sections:
            end_of(section)
        for attachment in doc.attachments:
            if attachment.body:
                attachment.end_line = attachment.body[-1].span.end_line


def evaluated_year(document: Document) -> Optional[int]:
    """The evaluated year as the report states it: 评价年度, else the year in the title."""
    field = document.field("评价年度")
    for text in ((field.value if field else ""), document.title):
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


def reporting_unit(document: Document) -> Optional[str]:
    """The reporting unit: 评价单位 / 填报单位 / 预算单位名称, else the line above the title."""
    for label in ("评价单位", "填报单位", "预算单位名称", "单位名称"):
        field = document.field(label)
        if field and field.value:
            return field.value
    if document.title_span is not None:
        for block in document.front:
            if isinstance(block, Paragraph) and block.span.line < document.title_span.line and block.text:
                return block.text
    return None
