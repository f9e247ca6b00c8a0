"""SEC003 section-out-of-order: sections stand in another order than the template's."""

from __future__ import annotations

from typing import Iterator, Optional

from reportlint.parse.model import Section
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..matching import EntryMatch, label, line_of, outline_matches, position


class SectionOutOfOrder(Rule):
    """Sections stand in another order than the template's.

    ## What it does
    Among the sections matched to the same part of the template outline, reports one that
    comes after a section the template puts behind it. Sections marked `ordered = false`
    in the profile (主要做法和经验, placed differently by different template versions) are
    not checked.

    ## Why is this bad?
    Readers (and the bureau's reviewers) look for each part at its place in the template.

    ## Example
    `章节“存在问题”应在“改进措施”之前（模板顺序）`
    """

    code = "SEC003"
    name = "section-out-of-order"
    title = "章节顺序与模板不符"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        groups: dict[int, list[EntryMatch]] = {}
        for match in outline_matches(context):
            if match.found is not None and match.entry.ordered and match.direct:
                groups.setdefault(id(match.siblings), []).append(match)
        for group in groups.values():
            ordered = sorted(group, key=lambda m: line_of(m.found))
            latest: Optional[EntryMatch] = None
            latest_index = -1
            for match in ordered:
                index = position(match)
                if latest is not None and index < latest_index:
                    found = match.found
                    message = (f"章节顺序与模板不符：“{label(found)}”应在“{label(latest.found)}”"
                               f"（{context.where(line_of(latest.found))}）之前")
                    evidence = {"related": [{"line": line_of(latest.found), "title": label(latest.found)}],
                                "template_order": [e.title for e in match.siblings]}
                    if isinstance(found, Section):
                        yield context.finding(self, message, block=found.heading, evidence=evidence)
                    else:
                        yield context.finding(self, message, block=found.paragraph, start=found.start,
                                              end=found.end, evidence=evidence)
                elif latest is None or index > latest_index:
                    latest, latest_index = match, index
