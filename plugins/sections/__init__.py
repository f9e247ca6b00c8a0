"""Built-in checker plugin: sections (SEC) — structure, numbering and template residue.

Without a profile (PRS003 says so once) the numbering and leftover checks still run;
the checks against the template's outline, fields and attachments need one.
"""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.parse.model import Span
from reportlint.parse.outline import title_index

from .enumerations import check_enumerations
from .leftovers import MESSAGES, find_leftovers
from .markers import tail_headings
from .numbering import (build_groups, check_borrowed, check_missing_markers, check_mixed_styles,
                        check_sequences)
from .rules import RULES
from .template import (check_attachments, check_empty, check_fields, check_order, check_required,
                       check_tail_headings, match_outline)


@hookimpl
def reportlint_register_rules():
    return list(RULES)


@hookimpl
def reportlint_check_document(document, context):
    enabled = context.enabled
    profile = context.profile
    findings = []
    index = title_index(profile) if profile is not None else {}
    tails = tail_headings(document, index)
    if tails:
        present = {s.canonical for s in document.walk_sections() if s.canonical}
        tails = [t for t in tails if t.entry.title not in present]

    if any(enabled(code) for code in ("SEC004", "SEC005", "SEC006", "SEC007", "SEC008")):
        groups = build_groups(document, tails)
        if enabled("SEC004"):
            findings.extend(check_missing_markers(context, groups))
        findings.extend(f for f in check_sequences(context, groups) if enabled(f.rule))
        if enabled("SEC008"):
            findings.extend(check_borrowed(context, groups))
    if any(enabled(code) for code in ("SEC005", "SEC006", "SEC007")):
        findings.extend(check_enumerations(context, document))
    if enabled("SEC011"):
        findings.extend(check_mixed_styles(context, document))
    if enabled("SEC010"):
        position = context.source.position
        for start, end, kind, text in find_leftovers(context.source, profile):
            (line, column), (end_line, end_column) = position(start), position(end)
            span = Span(line=line, column=column, end_line=end_line, end_column=end_column)
            findings.append(context.finding("SEC010", MESSAGES[kind].format(text=text.strip()), span,
                                            evidence={"stated": text, "kind": kind}))

    if profile is None:
        return findings
    if enabled("SEC012"):
        findings.extend(check_tail_headings(context, tails))
    if any(enabled(code) for code in ("SEC001", "SEC003", "SEC009")):
        matches = match_outline(document, profile, tails)
        if enabled("SEC001"):
            findings.extend(check_required(context, document, matches))
        if enabled("SEC003"):
            findings.extend(check_order(context, matches))
        if enabled("SEC009"):
            findings.extend(check_empty(context, matches, profile))
    if enabled("SEC002"):
        findings.extend(check_fields(context, document, profile))
    if enabled("SEC013"):
        findings.extend(check_attachments(context, document, profile))
    return findings
