"""Built-in checker plugin: dates (rule family DAT).

The family reads the facts stage only: `context.facts.dates` / `document_numbers`
(core/facts/dates.py) and `context.facts.report` (the evaluated year with the claims for and
against it, the 填报日期; core/facts/report.py). Each rule is a module of `rules/` with its
documentation, its check and its messages; `wording.py` holds the wording two rules share,
`completion.py` and `acts.py` what DAT007 knows of a project's completion and of other bodies' acts.
"""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.rules import Rule

from .rules import RULES


@hookimpl
def reportlint_register_rules() -> list[type[Rule]]:
    return list(RULES)
