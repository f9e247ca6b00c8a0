"""Built-in checker plugin: scores (SCO).

Each rule is a module of rules/ (SCO001.py … SCO008.py) that checks itself on the facts
stage: the scoring tables (`context.facts.score_tables`) and the scores and grades the prose
states (`facts.get("score_statements")`, `facts.get("grade_statements")`), all read by
reportlint.facts.scores. Helpers two rules share: execution.py (the budget-execution rule,
data/execution_rate.toml) and wording.py (how messages write figures and sums).
"""

from __future__ import annotations

from typing import Any

from reportlint.pluginapi.hookspecs import hookimpl


@hookimpl
def reportlint_register_rules() -> list[Any]:
    from .rules import RULES

    return list(RULES)
