"""SCO005 text-total-mismatch: the score the text states against the scoring table's total."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts.scores import main_table, points, written
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..wording import finding_at


class TextTotalMismatch(Rule):
    """The score stated in the report's text is not the total of its scoring table.

    ## What it does
    Compares the overall score written in the text (自评分数为98分, 实际得分98分) — and a
    stated full score (总评分为100分) — with the total row of the self-evaluation table.
    A part's score written after its weight (投入25分，自评得分25分) is that part's, not the
    overall score, and is not compared; nor is a score written in a heading that does not name
    the overall result (`（二）评价指标分析（自评得分50分）`, against `二、自评结论（自评得分98分）`).

    ## Why is this bad?
    Readers quote the score from the text; if it differs from the table, one of them is wrong.

    ## Example
    `正文所述实际得分96分，与附件1-2部门整体支出绩效自评表总分栏得分98分（第364行）不一致`
    """

    code = "SCO005"
    name = "text-total-mismatch"
    title = "正文得分与评分表不符"

    def check(self, context: Any) -> Iterator[Finding]:
        main = main_table(context.facts.score_tables)
        if main is None or main.total is None:
            return
        total = main.total
        where = f"{main.title}总分栏"
        for statement in context.facts.get("score_statements"):
            if statement.part:  # (一)产出指标（自评得分50分）: a part's score, not the report's
                continue
            table_figure = total.score if statement.role == "actual" else total.weight
            if table_figure is None or points(statement).meets(points(table_figure)):
                continue
            what = "得分" if statement.role == "actual" else "分值"
            shown, table_shown, line = written(statement), written(table_figure), table_figure.block.span.line
            yield finding_at(context, self, statement,
                             f"正文所述{statement.label}{shown}分，与{where}{what}{table_shown}分（{context.where(line)}）不一致",
                             stated=shown, computed=table_shown,
                             related=[{"line": line, "text": table_shown, "label": where + what}])
