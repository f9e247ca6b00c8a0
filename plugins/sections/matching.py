"""The report's sections matched to its template's outline (SEC001, SEC003, SEC009).

Outline entries are matched to sections by the title the outline builder recognised
(`Section.canonical`, titles and synonyms), looked for first under the section matched to
the parent entry and then anywhere; then, under that parent, by a heading whose title
contains one of the entry's names; then a heading run into a paragraph (tails.TailHeading);
then, anywhere in the report, a heading of the same meaning (`reportlint.parse.outline.meaning_key`,
and the names every loaded profile gives the section: `meaning_groups`); last, a heading
already matched that joins two parts in one title (存在的问题及改进措施 answers both 存在问题
and 改进措施). A section is missing only when no heading of its meaning exists. Read once
per document.
"""

from __future__ import annotations

from typing import Optional, Sequence, Union

from reportlint import regex_cache
from reportlint.parse.layout import normalise_title
from reportlint.parse.outline import meaning_groups, meaning_key
from reportlint.parse.model import Document, Section
from reportlint.parse.profiles import OutlineEntry, Profile
from reportlint.pluginapi.context import CheckContext

from .tails import TailHeading, tail_headings
from .walk import all_sections
from reportlint.parse.records import Record

Found = Union[Section, TailHeading]
# what joins two parts' names in one heading: 存在的问题及改进措施, 问题和建议, 问题与整改措施
_JOINER = regex_cache.compile(r"以及|及|和|与|、|并")
# a heading that is a whole sentence: it ends as a sentence does, or its title breaks into clauses
_SENTENCE_END = regex_cache.compile(r"[。！？!?；;]\s*$")
_CLAUSE = regex_cache.compile(r"[，,；;]")
# a bracketed note in a title (分值100分，自评得分97分): its commas break no clause of the title
_NOTE = regex_cache.compile(r"[（(][^（()）]*[)）]")
# how far a title may run on past a section's name and still be that section (绩效目标完成情况)
_TRAILING_QUALIFIER = 4


def sentence_like(section: Section) -> bool:
    """The heading reads as a sentence (（一）项目绩效目标设置偏重产出，效益指标偏少。): an item of a
    list, which names a template section only by being that section's name."""
    title = section.title
    if "(" in title or "（" in title:
        title = _NOTE.sub("", title)
    return bool(_SENTENCE_END.search(section.heading.text) or _CLAUSE.search(title))


class EntryMatch(Record):
    __slots__ = ("entry", "parent", "found", "siblings", "direct")

    entry: OutlineEntry
    parent: Optional["EntryMatch"]
    found: Optional[Found]
    siblings: list[OutlineEntry]
    direct: bool  # found where the template puts it: under the parent's section

    def __init__(self, entry: OutlineEntry,
                 parent: Optional["EntryMatch"],
                 found: Optional[Found],
                 siblings: list[OutlineEntry],
                 direct: bool = False) -> None:
        self.entry = entry
        self.parent = parent
        self.found = found
        self.siblings = siblings
        self.direct = direct


def label(found: Found) -> str:
    """How the report writes the heading: its marker and title."""
    if isinstance(found, Section):
        return f"{found.marker or ''}{found.title}"
    return f"{found.marker}{found.title}"


def line_of(found: Found) -> int:
    return found.span.line if isinstance(found, Section) else found.line


def position(match: EntryMatch) -> int:
    """Index of the entry among its siblings (by identity: pydantic's == compares field by field)."""
    return next(i for i, entry in enumerate(match.siblings) if entry is match.entry)


def _children(section: object) -> list:
    return section.children if isinstance(section, Section) else []


def outline_matches(context: CheckContext) -> list[EntryMatch]:
    """Each entry of the profile's outline with what it was found as, in outline order ([] without a profile)."""
    profile = context.profile
    if profile is None:
        return []
    return context.facts.memo("sections.outline_matches",
                              lambda: match_outline(context.document, profile, tail_headings(context),
                                                    meaning_groups(list(context.profiles or [profile])),
                                                    all_sections(context)))


def match_outline(document: Document, profile: Profile, tails: list[TailHeading],
                  groups: Optional[dict[str, int]] = None,
                  sections: Optional[Sequence[Section]] = None) -> list[EntryMatch]:
    """`sections`: the document's sections in order (walk.all_sections), walked here if not given."""
    matcher = _Matcher(sections if sections is not None else list(document.walk_sections()), tails, groups)
    matcher.walk(profile.outline, document.sections, None)
    return matcher.matches


class _Matcher:
    """One document's sections matched entry by entry (see the module docstring).

    A class rather than recursive closures: a nested function that calls itself is a
    reference cycle, which kept the document's sections alive until the garbage collector ran.
    """

    def __init__(self, sections: Sequence[Section], tails: list[TailHeading], groups: Optional[dict[str, int]]):
        self.by_canonical: dict[str, list[Section]] = {}
        for section in sections:
            if section.canonical:
                self.by_canonical.setdefault(section.canonical, []).append(section)
        self.tail_of = {id(tail.entry): tail for tail in tails}
        self.groups = groups
        self.used: set[int] = set()
        self.matches: list[EntryMatch] = []
        self.all_sections = sections
        # the normalised title and meaning key of each section and each entry name, found once
        # (fuzzy compares every unmatched section with every missing entry)
        self.title_keys: dict[int, tuple[str, str]] = {}
        self.name_keys: dict[int, list[tuple[str, str]]] = {}
        self.parts_of: dict[int, tuple[tuple[str, str], ...]] = {}  # a joined title's parts and their meanings
        # each section's nearest ancestor the outline builder matched to a template entry
        self.matched_above: dict[int, Optional[Section]] = {}
        for section in sections:
            for child in section.children:
                self.matched_above[id(child)] = section if section.canonical else self.matched_above.get(id(section))

    def fuzzy(self, section: Section, entry: OutlineEntry, parent: Optional["EntryMatch"] = None) -> bool:
        """The heading's title or meaning is one of the entry's names, or contains one.

        Containment is the name with qualifiers: never a sentence (sentence_like), and under
        another template section (a problem item under 存在的问题 that names 绩效目标) only
        the name at the title's end or followed by a short word (情况): a title that runs on
        past the name carries a predicate about it.
        """
        keys = self.title_keys.get(id(section))
        if keys is None:
            keys = self.title_keys[id(section)] = (normalise_title(section.title), meaning_key(section.title))
        title, meaning = keys
        names = self.name_keys.get(id(entry))
        if names is None:
            names = self.name_keys[id(entry)] = [(normalise_title(name), meaning_key(name)) for name in entry.names()]
        contained_ok: Optional[bool] = None
        for key, name_meaning in names:
            if name_meaning == meaning:
                return True
            for name, within in ((key, title), (name_meaning, meaning)):
                if len(name) < 4 or name not in within:
                    continue
                if name == within:
                    return True
                if contained_ok is None:
                    contained_ok = not sentence_like(section)
                if contained_ok and self.may_stand(section, within, name, parent):
                    return True
            if len(key) >= 4 and len(title) >= 4 and title in key:
                return True
        return False

    def may_stand(self, section: Section, title: str, name: str, parent: Optional["EntryMatch"]) -> bool:
        """A title containing the name is that section where it stands: anywhere outside
        another template section, and inside one only with at most a short word after the name."""
        if len(title) - (title.rindex(name) + len(name)) <= _TRAILING_QUALIFIER:
            return True
        above = self.matched_above.get(id(section))
        if above is None:
            return True
        while parent is not None:  # inside the section matched to the entry's own parent: its place
            if parent.found is above:
                return True
            parent = parent.parent
        return False

    def same_meaning(self, section: Section, entry: OutlineEntry) -> bool:
        """The heading is named as another template names this section (meaning_groups)."""
        groups = self.groups
        if not groups:
            return False
        group = groups.get(meaning_key(section.title))
        return group is not None and any(groups.get(meaning_key(name)) == group for name in entry.names())

    def find(self, entry: OutlineEntry, candidates: list[Section], parent: Optional[EntryMatch] = None) -> Optional[Found]:
        used = self.used
        for section in candidates:
            if section.canonical == entry.title and id(section) not in used:
                return section
        for section in self.by_canonical.get(entry.title, []):
            if id(section) not in used:
                return section
        for section in candidates:
            if section.canonical is None and id(section) not in used and not section.borrowed \
                    and self.fuzzy(section, entry, parent):
                return section
        tail = self.tail_of.get(id(entry))
        if tail is not None:
            return tail
        # anywhere, by meaning: a section is missing only when no heading of its meaning exists
        # (a forced profile of another version puts it elsewhere or names it differently)
        for section in self.all_sections:
            if id(section) not in used and not section.borrowed and section.canonical in (None, entry.title) \
                    and self.fuzzy(section, entry, parent):
                return section
        for section in self.all_sections:
            if id(section) not in used and not section.borrowed and section.canonical in (None, entry.title) \
                    and self.same_meaning(section, entry):
                return section
        # one heading for two parts of the template (存在的问题及改进措施): it answers both
        for section in self.joined(candidates):
            if id(section) in used and self.joins(section, entry):
                return section
        for section in self.joined(self.all_sections):
            if id(section) in used and self.joins(section, entry):
                return section
        return None

    def joined(self, sections: Sequence[Section]) -> list[Section]:
        """The sections whose title joins two or more parts (most have none: worked out once each)."""
        parts_of = self.parts_of
        out = []
        for section in sections:
            parts = parts_of.get(id(section))
            if parts is None:
                parts = parts_of[id(section)] = () if section.borrowed else tuple(
                    (part, meaning_key(part)) for part in _JOINER.split(normalise_title(section.title)) if len(part) >= 2)
            if len(parts) >= 2:
                out.append(section)
        return out

    def joins(self, section: Section, entry: OutlineEntry) -> bool:
        """One of the heading's joined parts is this entry (by its name, or the name's meaning)."""
        names = self.name_keys.get(id(entry))
        if names is None:
            names = self.name_keys[id(entry)] = [(normalise_title(name), meaning_key(name)) for name in entry.names()]
        for part, part_meaning in self.parts_of[id(section)]:
            for key, meaning in names:
                if part == key or part_meaning == meaning or (len(key) >= 4 and key in part):
                    return True
        return False

    def walk(self, entries: list[OutlineEntry], candidates: list[Section], parent: Optional[EntryMatch]) -> None:
        for entry in entries:
            found = self.find(entry, candidates, parent)
            if found is not None:
                self.used.add(id(found))
            direct = found is not None and (
                any(found is c for c in candidates) if isinstance(found, Section) else
                (parent is None or found.container is parent.found
                 or any(found.container is child for child in _children(parent.found))))
            match = EntryMatch(entry, parent, found, entries, direct)
            self.matches.append(match)
            self.walk(entry.children, found.children if isinstance(found, Section) else [], match)
