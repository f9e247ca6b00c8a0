"""Built-in checker plugin: dates (rule family DAT).

extract.py reads every date a report writes; facts.py works out the evaluated year and the
filing date; checks.py holds one check per rule; rules.py declares and documents the rules.
"""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl

from .rules import RULES


@hookimpl
def reportlint_register_rules():
    return list(RULES)


@hookimpl
def reportlint_check_document(document, context):
    from .checks import CHECKS
    from .facts import read_report_dates

    wanted = [code for code in CHECKS if context.enabled(code)]
    if not wanted:
        return None
    facts = read_report_dates(document)
    findings = []
    for code in wanted:
        findings.extend(CHECKS[code](facts, context))
    return findings
