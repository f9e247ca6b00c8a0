"""A project's self-evaluation may be made when the project is completed, late in its year.

A department's whole-year self-evaluation cannot start before its year has ended. A project's
(项目支出, 衔接资金, 专项资金 …) is often made on completion: 衔接资金 projects finished in
December are evaluated and published before the year is out. Shared by DAT002 (the filing
date) and DAT007 (the dates of the evaluation's own work), which stay silent for such a
date from October on; earlier in the year it is still reported.
"""

from __future__ import annotations

from datetime import date

from reportlint.parse.folding import fold_traditional
from reportlint.parse.outline import names_a_project
from reportlint.pluginapi.context import CheckContext

COMPLETION_MONTH = 10  # a project's self-evaluation dated from October on may be its completion's


def evaluates_a_project(context: CheckContext) -> bool:
    """The report evaluates a project (its template, or its title, says so), not a whole department."""
    document = context.document
    if document.profile.kind == "project" or document.profile.name == "project-form":
        return True
    return bool(document.title) and names_a_project(fold_traditional(document.title))


def on_completion(context: CheckContext, day: date, year: int) -> bool:
    """`day`, in the evaluated `year` itself, may date a project's evaluation on completion."""
    return day.year == year and day.month >= COMPLETION_MONTH and evaluates_a_project(context)
