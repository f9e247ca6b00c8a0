"""The report against its template (profile): required sections, their order, emptiness,
header fields and attachments.

Outline entries are matched to sections by the title the outline builder recognised
(`Section.canonical`, titles and synonyms), looked for first under the section matched to
the parent entry and then anywhere; then, under that parent, by a heading whose title
contains one of the entry's names; last, a heading run into a paragraph (markers.TailHeading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional, Union

from reportlint.pluginapi.context import CheckContext
from reportlint.parse.layout import normalise_title
from reportlint.parse.model import Document, Paragraph, Section
from reportlint.parse.profiles import OutlineEntry, Profile

from .leftovers import find_in_text
from .markers import TailHeading

Found = Union[Section, TailHeading]


@dataclass(slots=True)
class EntryMatch:
    entry: OutlineEntry
    parent: Optional["EntryMatch"]
    found: Optional[Found]
    siblings: list[OutlineEntry]
    direct: bool = False  # found where the template puts it: under the parent's section


def _label(found: Found) -> str:
    if isinstance(found, Section):
        return f"{found.marker or ''}{found.title}"
    return f"{found.marker}{found.title}"


def _line(found: Found) -> int:
    return found.span.line if isinstance(found, Section) else found.line


def match_outline(document: Document, profile: Profile, tails: list[TailHeading]) -> list[EntryMatch]:
    """Each outline entry with the section (or run-in heading) it was found as, in outline order."""
    by_canonical: dict[str, list[Section]] = {}
    for section in document.walk_sections():
        if section.canonical:
            by_canonical.setdefault(section.canonical, []).append(section)
    tail_of = {id(tail.entry): tail for tail in tails}
    used: set[int] = set()
    matches: list[EntryMatch] = []

    def fuzzy(section: Section, entry: OutlineEntry) -> bool:
        title = normalise_title(section.title)
        for name in entry.names():
            key = normalise_title(name)
            if len(key) >= 4 and (key in title or (len(title) >= 4 and title in key)):
                return True
        return False

    def find(entry: OutlineEntry, candidates: list[Section]) -> Optional[Found]:
        for section in candidates:
            if section.canonical == entry.title and id(section) not in used:
                return section
        for section in by_canonical.get(entry.title, []):
            if id(section) not in used:
                return section
        for section in candidates:
            if section.canonical is None and id(section) not in used and not section.borrowed and fuzzy(section, entry):
                return section
        return tail_of.get(id(entry))

    def walk(entries: list[OutlineEntry], candidates: list[Section], parent: Optional[EntryMatch]) -> None:
        for entry in entries:
            found = find(entry, candidates)
            if found is not None:
                used.add(id(found))
            direct = found is not None and (
                any(found is c for c in candidates) if isinstance(found, Section) else
                (parent is None or found.container is parent.found
                 or any(found.container is child for child in _children(parent.found))))
            match = EntryMatch(entry, parent, found, entries, direct)
            matches.append(match)
            walk(entry.children, found.children if isinstance(found, Section) else [], match)

    walk(profile.outline, document.sections, None)
    return matches


def _position(match: EntryMatch) -> int:
    """Index of the entry among its siblings (by identity: pydantic's == compares field by field)."""
    return next(i for i, entry in enumerate(match.siblings) if entry is match.entry)


def _children(section) -> list:
    return section.children if isinstance(section, Section) else []


def check_required(context: CheckContext, document: Document, matches: list[EntryMatch]) -> Iterator:
    """SEC001: required entries not found (not repeated for the children of a missing one)."""
    found_of = {id(m.entry): m.found for m in matches}
    for match in matches:
        entry = match.entry
        if match.found is not None or not entry.required:
            continue
        if match.parent is not None and match.parent.found is None:
            continue
        position = _position(match)
        after = next((found_of[id(e)] for e in match.siblings[position + 1:] if found_of.get(id(e))), None)
        before = next((found_of[id(e)] for e in reversed(match.siblings[:position]) if found_of.get(id(e))), None)
        where = []
        if match.parent is not None:
            where.append(f"“{_label(match.parent.found)}”下")
        if before is not None:
            where.append(f"“{_label(before)}”之后")
        if after is not None:
            where.append(f"“{_label(after)}”之前")
        message = f"缺少模板要求的章节“{entry.title}”" + (f"：应在{'、'.join(where)}" if where else "")
        evidence = {"expected": entry.title, "synonyms": entry.synonyms,
                    "related": [{"line": _line(f), "title": _label(f)} for f in (before, after) if f is not None]}
        anchor = after or (match.parent.found if match.parent is not None else None) or before
        if isinstance(anchor, Section):
            span = anchor.heading.span
        elif isinstance(anchor, TailHeading):
            span = context.span_in(anchor.paragraph, anchor.start, anchor.end)
        elif document.title_span is not None:
            span = document.title_span
        else:
            span = context.line_span(1)
        yield context.finding("SEC001", message, span, evidence=evidence)


def check_order(context: CheckContext, matches: list[EntryMatch]) -> Iterator:
    """SEC003: among the found siblings of one entry, one placed before an entry the template puts first."""
    groups: dict[int, list[EntryMatch]] = {}
    for match in matches:
        if match.found is not None and match.entry.ordered and match.direct:
            groups.setdefault(id(match.siblings), []).append(match)
    for group in groups.values():
        ordered = sorted(group, key=lambda m: _line(m.found))
        latest: Optional[EntryMatch] = None
        latest_index = -1
        for match in ordered:
            index = _position(match)
            if latest is not None and index < latest_index:
                found = match.found
                message = (f"章节顺序与模板不符：“{_label(found)}”应在“{_label(latest.found)}”"
                           f"（第{_line(latest.found)}行）之前")
                evidence = {"related": [{"line": _line(latest.found), "title": _label(latest.found)}],
                            "template_order": [e.title for e in match.siblings]}
                if isinstance(found, Section):
                    yield context.finding("SEC003", message, block=found.heading, evidence=evidence)
                else:
                    yield context.finding("SEC003", message, block=found.paragraph, start=found.start,
                                          end=found.end, evidence=evidence)
            elif latest is None or index > latest_index:
                latest, latest_index = match, index


_EMPTY = re.compile(r"[\s\u3000\xa0。.，,：:；;、“”\"（）()—-]*")


def has_content(block, start: int, profile: Optional[Profile]) -> bool:
    """Whether block.text[start:] says anything besides punctuation and template leftovers."""
    text = block.text
    if start >= len(text):
        return False
    spans = [(f.start, f.end) for f in find_in_text(block, profile) if f.kind == "instruction"]
    kept = []
    position = start
    for begin, end in sorted(spans):
        if end <= position:
            continue
        kept.append(text[position:max(begin, position)])
        position = max(position, end)
    kept.append(text[position:])
    return not _EMPTY.fullmatch("".join(kept))


def check_empty(context: CheckContext, matches: list[EntryMatch], profile: Profile) -> Iterator:
    """SEC009: a template section with nothing but its heading (and leftover instructions)."""
    for match in matches:
        section = match.found
        if not isinstance(section, Section) or section.children:
            continue
        heading = section.heading
        title_at = heading.text.find(section.title)
        rest = title_at + len(section.title) if title_at >= 0 else len(heading.text)
        if has_content(heading, rest, profile):
            continue
        if any(not isinstance(block, Paragraph) or has_content(block, 0, profile) for block in section.body):
            continue
        yield context.finding("SEC009", f"章节“{_label(section)}”没有内容（只有标题），应填写，无内容时写明“无”",
                              block=heading, evidence={"expected": match.entry.title})


def check_fields(context: CheckContext, document: Document, profile: Profile) -> Iterator:
    """SEC002: required header fields absent or blank."""
    required = profile.required_fields
    for label in required:
        field = document.field(label)
        if field is None:
            where = f"，应在标题“{document.title}”下方填写" if document.title else ""
            span = document.title_span or context.line_span(1)
            yield context.finding("SEC002", f"表头缺少“{label}”（模板要求：{'、'.join(required)}）{where}",
                                  span, evidence={"expected": label, "figures": list(required)})
        elif not field.value.strip(" \u3000\xa0"):
            yield context.finding("SEC002", f"表头“{label}”未填写", field.span,
                                  evidence={"expected": label})


def check_attachments(context: CheckContext, document: Document, profile: Profile) -> Iterator:
    """SEC013: required attachments absent (matched by label or title)."""
    for spec in profile.attachments:
        if not spec.required:
            continue
        label = normalise_title(spec.label) if spec.label else ""
        names = [normalise_title(n) for n in (spec.title, *spec.synonyms) if n]
        present = False
        for attachment in document.attachments:
            title = normalise_title(attachment.title)
            if (label and normalise_title(attachment.label) == label) or any(n and n in title for n in names):
                present = True
                break
        if present:
            continue
        last = _last_line(context)
        name = f"{spec.label} {spec.title}".strip()
        yield context.finding("SEC013", f"缺少模板要求的附件“{name}”", context.line_span(last),
                              evidence={"expected": name,
                                        "related": [{"line": a.span.line, "title": f"{a.label} {a.title}".strip()}
                                                    for a in document.attachments]})


def _last_line(context: CheckContext) -> int:
    lines = context.source.lines
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return 1


def check_tail_headings(context: CheckContext, tails: list[TailHeading]) -> Iterator:
    """SEC012: a template heading at the end of a paragraph."""
    for tail in tails:
        heading = tail.paragraph.text[tail.start:tail.end].rstrip("。.；; ")
        yield context.finding("SEC012", f"标题“{heading}”接在上一段末尾，应另起一行作为标题",
                              block=tail.paragraph, start=tail.start, end=tail.end,
                              evidence={"expected": tail.entry.title}, suggestion=heading)
