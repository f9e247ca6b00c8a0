"""Built-in checker plugin: formulas and amounts (FRM).

The rules read the facts stage (`context.facts`, docs/facts.md): written formulas
(`facts.formulas`), totals and their parts (`facts.breakdowns`), and the quantities a report
states. Each rule is a module of `rules/` with its check and its messages; the helpers two or
more rules share are this package's other modules: `reading` (which quantities FRM reads as
figures), `corroboration` (which figure of a wrong sum is most likely wrong), `display`
(computed numbers in messages) and `rates` (the definitions FRM004 recomputes, data in
data/definitions.toml).
"""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl

from .rules import RULES


@hookimpl
def reportlint_register_rules():
    return list(RULES)
