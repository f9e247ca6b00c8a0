"""Built-in checker plugin: scores (SCO).

Reads scoring tables (table.py), the scores and grades stated in the text
(statements.py) and checks that they agree with each other, with the weights, the
grade bands (grades.py) and the budget-execution rule (execution.py).
"""

from __future__ import annotations

from reportlint.pluginapi.hookspecs import hookimpl


@hookimpl
def reportlint_register_rules():
    from .rules import RULES

    return list(RULES)


@hookimpl
def reportlint_check_document(document, context):
    if not any(context.enabled(f"SCO00{n}") for n in range(1, 9)):
        return None
    from .checks import check_document

    return check_document(document, context)
