"""SEC013 missing-attachment: an attachment the template requires is missing."""

from __future__ import annotations

from typing import Iterator

from reportlint.parse.layout import normalise_title
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule


class MissingAttachment(Rule):
    """An attachment the template requires is missing.

    ## What it does
    Checks the report's attachments (附件1-1 …) against the profile's `attachments` by
    label and title, and names the required ones that are absent.

    ## Why is this bad?
    The attached tables (基础数据表, 自评表) carry the figures the report is judged on.

    ## Example
    `缺少模板要求的附件“附件1-2 部门整体支出绩效自评表”`
    """

    code = "SEC013"
    name = "missing-attachment"
    title = "缺少模板要求的附件"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        profile, document = context.profile, context.document
        if profile is None:
            return
        for spec in profile.attachments:
            if not spec.required:
                continue
            label = normalise_title(spec.label) if spec.label else ""
            names = [normalise_title(n) for n in (spec.title, *spec.synonyms) if n]
            present = any((label and normalise_title(a.label) == label)
                          or any(n and n in normalise_title(a.title) for n in names)
                          for a in document.attachments)
            if present:
                continue
            name = f"{spec.label} {spec.title}".strip()
            yield context.finding(self, f"缺少模板要求的附件“{name}”", context.line_span(_last_line(context)),
                                  evidence={"expected": name,
                                            "related": [{"line": a.span.line, "title": f"{a.label} {a.title}".strip()}
                                                        for a in document.attachments]})


def _last_line(context: CheckContext) -> int:
    """The last line of the report that is not blank."""
    lines = context.source.lines
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return 1
