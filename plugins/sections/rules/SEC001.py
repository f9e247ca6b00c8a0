"""SEC001 missing-required-section: a section the template requires is missing."""

from __future__ import annotations

from typing import Callable, Iterator, Optional

from reportlint import regex_cache

from reportlint.parse.model import Section
from reportlint.parse.outline import meaning_groups, meaning_key
from reportlint.parse.profiles import OutlineEntry
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..matching import label, line_of, outline_matches, position
from ..tails import TailHeading


class MissingRequiredSection(Rule):
    """A section the report's template requires is missing.

    ## What it does
    Matches the report's headings against the outline of its profile (the template it was
    detected as, or the one named with `--profile`) by meaning: titles and their synonyms,
    in any bracket width and in traditional script, with the 部门 / 单位 prefixes, 的, 及 and
    the like left out (部门概况 = 单位基本情况), a heading that holds the name, a heading run
    into a paragraph, the names other templates give the same section, and one heading
    that joins two parts (存在的问题及改进措施 answers both 存在问题 and 改进措施). A section is
    missing only when no heading of that meaning exists anywhere in the report, so a profile
    of another version (`--profile hunan` on a 2019 Hunan report) names only what that
    version asks for and the report lacks. Each missing required section is named with the
    place it was expected: under which heading and before which one. A missing section's own
    subsections are not listed again, and a section one of whose subsections the report
    writes at the section's own level (一、项目绩效目标情况, a part of 基本情况) is not missing. When the template was detected with low confidence
    (a template of another family scored within 0.1 of it), a section is reported missing
    only if that other template requires it too: the report lacks it whichever of the two
    it follows. A text copied without its line breaks (a few lines, the headings run into one
    long line: 一、绩效目标分解下达情况湖南省…，二、绩效目标完成情况分析（一）…) has no outline to
    read, and nothing is reported missing. (Two versions of one family are told apart by more than their sections, such
    as the cover block, so a near tie between them changes nothing.)

    ## Why is this bad?
    The template is what the finance bureau reads reports against; a missing part means a
    question the report does not answer (自评材料报送时间及质量, 存在问题 …).

    ## Example
    `缺少模板要求的章节“自评工作过程”：应在“二、自评工作开展情况”下、“（三）自评材料报送时间及质量”之前`
    """

    code = "SEC001"
    name = "missing-required-section"
    title = "缺少模板要求的章节"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        if _line_breaks_lost(context.source.text):
            return  # one line holds the report's headings: its outline is not known
        matches = outline_matches(context)
        also_required = _runner_up_requires(context)
        found_of = {id(m.entry): m.found for m in matches}
        for match in matches:
            entry = match.entry
            if match.found is not None or not entry.required:
                continue
            if match.parent is not None and match.parent.found is None:
                continue  # not repeated for the children of a missing section
            if also_required is not None and not also_required(entry):
                continue  # only the detected template asks for it, and another fits nearly as well
            if any(_promoted(found_of.get(id(child)), entry) for child in entry.children):
                continue  # a part of it stands at its level (一、项目绩效目标情况 for 基本情况)
            at = position(match)
            after = next((found_of[id(e)] for e in match.siblings[at + 1:] if found_of.get(id(e))), None)
            before = next((found_of[id(e)] for e in reversed(match.siblings[:at]) if found_of.get(id(e))), None)
            where = []
            if match.parent is not None:
                where.append(f"“{label(match.parent.found)}”下")
            if before is not None:
                where.append(f"“{label(before)}”之后")
            if after is not None:
                where.append(f"“{label(after)}”之前")
            message = f"缺少模板要求的章节“{entry.title}”" + (f"：应在{'、'.join(where)}" if where else "")
            evidence = {"expected": entry.title, "synonyms": entry.synonyms,
                        "related": [{"line": line_of(f), "title": label(f)} for f in (before, after) if f is not None]}
            anchor = after or (match.parent.found if match.parent is not None else None) or before
            if isinstance(anchor, Section):
                span = anchor.heading.span
            elif isinstance(anchor, TailHeading):
                span = context.span_in(anchor.paragraph, anchor.start, anchor.end)
            elif document.title_span is not None:
                span = document.title_span
            else:
                span = context.line_span(1)
            yield context.finding(self, message, span, evidence=evidence)


# a top-level marker inside running text: 二、 after the first one of a line
_RUN_IN_TOP = regex_cache.compile(r"(?<=[^\n])[一二三四五六七八九十]{1,2}、")
MIN_FLATTENED = 300  # a line this long holding two more top-level markers is a report without its line breaks
MAX_FLATTENED_LINES = 3
MAX_FLATTENED_NEWLINES = 40  # (empty lines between them included)


def _line_breaks_lost(text: str) -> bool:
    """Whether the text is a report copied without its line breaks: a few lines, one of them long
    and holding the next top-level headings (一、绩效目标分解下达情况湖南省…,二、绩效目标完成情况分析(一)…)."""
    if text.count("\n") > MAX_FLATTENED_NEWLINES:
        return False  # (the usual report: told without splitting it)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_FLATTENED_LINES:
        return False
    return any(len(line) >= MIN_FLATTENED and len(_RUN_IN_TOP.findall(line)) >= 2 for line in lines)


def _promoted(found: object, entry: OutlineEntry) -> bool:
    """Whether a subsection of `entry` was found written at `entry`'s own level, as a section of its own."""
    return isinstance(found, Section) and found.level <= entry.level


def _runner_up_requires(context: CheckContext) -> Optional[Callable[[OutlineEntry], bool]]:
    """For a low-confidence detection, whether the runner-up template also requires an entry
    (by the meaning groups the templates share); None when the detection is clear or forced."""
    match = context.document.profile
    if match.forced or match.confidence != "low" or not match.runner_up:
        return None
    profiles = list(context.profiles or [])
    runner = next((profile for profile in profiles if profile.name == match.runner_up), None)
    if runner is None or (runner.family and runner.family == match.family):
        return None  # two versions of one template: the version is read from more than its sections
    groups = meaning_groups(profiles)

    def meanings(entry: OutlineEntry) -> set[object]:
        return {groups.get(key, key) for key in map(meaning_key, entry.names())}

    required: set[object] = set()
    for entry in runner.entries():
        if entry.required:
            required |= meanings(entry)
    return lambda entry: not meanings(entry).isdisjoint(required)
