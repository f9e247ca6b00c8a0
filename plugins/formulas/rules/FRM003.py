"""FRM003 table-total-mismatch: a total in a table disagrees with its sub-rows (or stacked 其中 cells)."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from reportlint.facts import Facts
from reportlint.facts.breakdowns import Breakdown
from reportlint.pluginapi.rules import Rule

from ..corroboration import blame
from ..display import abs_diff, show
from ..reading import CELL_UNITS


class TableTotalMismatch(Rule):
    """A total in a table disagrees with its sub-rows (or stacked 其中 cells).

    ## What it does
    In tables such as 附件1-1 基础数据表, a row with figures followed by numbered sub-rows
    (1. 2. 3.) is checked column by column against them; 其中 rows may fall short of their
    row but not exceed it. Sub-rows that lost their indentation in the copy are still the
    row's above: unnumbered rows between two numbered rows, and rows after a 其中 row that make
    the row above with it (facts.md, `rows`), never siblings of the numbered rows. Empty cells
    are unknown, not zero: with an unknown part only an excess is reported. A column of `label：value` cells followed by a 其中 list
    (附件1-2 按支出性质分：303.36 / 其中：基本支出：194.30 …) is checked like a prose 其中 list,
    and so is a form copied as lines, one `label value` per line (年度预算资金总额: 321.25 /
    其中:中央补助 166.00 / 市级资金 136.00 / 本级资金 20.25): the line above the 其中 line is
    the total, the lines from it to the first other line (or the next 其中) its parts.

    A 合计 / 总计 row is checked against the flat run of rows it closes (above it) or opens
    (below it), column by column, only when what the rows are is clear: every row labelled in
    the total's label column and with figures, none numbered, 其中, 小计 or the sum of the rows
    after it (a parent and its sub-rows); only columns under a heading that names no rate,
    share, rank, score or price; and only when at least one column adds up, which shows the
    rows are the total's parts. A table whose rows add up in no column is left alone.

    A 自评表's budget block is a complete list: 年度资金总额 (总额) over its funding sources
    (其中：当年财政拨款 / 上年结转资金 / 其他资金; Sichuan's 财政资金 / 财政专户管理资金 / 单位资金 /
    其他资金), in the columns headed 预算 / 执行数; a source marked — (or left empty in every such
    column) is none of the money, so the sources must make the total. Not so when the heading
    row lacks the label column: which column is which is then unsure.

    A total with one part filled in (a 自评表's 年度资金总额 left at 0 over 其中：本年财政拨款 80)
    is a part larger than its total, and the message says so rather than adding one term.

    ## Why is this bad?
    The table's totals are what reviewers copy; a total that its rows do not make is wrong
    somewhere.

    ## Example
    `项目支出 | 83.19 | 72.34 | 106.06` with sub-rows 62.34 + 10.00 + 51.79 = 124.13 in the
    2023年预算数 column. `基本支出 | 100.00 | 90.00`, `项目支出 | 50.00 | 45.00`,
    `合计 | 160.00 | 135.00`: the 执行数 column adds up, the 预算数 column gives 150.00.
    """

    code = "FRM003"
    name = "table-total-mismatch"
    title = "表格合计与分项不符"
    severity = "error"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        for item in facts.breakdowns:
            if item.source == "prose" or not _cells_only(item):
                continue
            verdict = verdict_of(item)
            if verdict is None:
                continue
            total = item.total
            decimals = max([p.decimals for p in item.parts] + [total.decimals])
            computed = show(item.sum, decimals)
            difference = show(abs_diff(item.sum, total.interval), decimals)
            where = f"「{item.row_label.rstrip('：:')}」" + (f"（{item.column}）" if item.column else "")
            terms = " + ".join(p.number for p in item.parts)
            # one part filled in (其中：本年财政拨款): a sum of one term is no sum
            lone = item.part_labels[0].rstrip("：:") if len(item.parts) == 1 and item.part_labels else ""
            if verdict == "exceeds" and lone:
                message = (f"表中{where}为 {total.number}，但其分项「{lone}」"
                           f"为 {terms}，分项大于合计")
            elif verdict == "exceeds":
                message = f"表中{where}为 {total.number}，但已填各分项之和 {terms} = {computed}，超过合计"
            elif lone:
                message = (f"表中{where}为 {total.number}，而其唯一分项「{lone}」"
                           f"为 {terms}，两者不符")
            else:
                message = f"表中{where}为 {total.number}，而各分项之和 {terms} = {computed}，两者不符"
            message += f"（相差 {difference}）。"
            if item.unknown:
                message += f"未填的分项（{'、'.join(item.unknown)}）按未知处理。"
            single = [label for p, label in zip(item.parts, item.part_labels) if difference == p.number]
            if single and verdict == "exceeds" and not lone:
                message += f"差额恰等于「{single[0]}」的 {difference}：该项可能不应计入，或合计漏计了此项。"
            else:
                message += blame(facts, total, item.parts)
            yield context.finding(
                self, message, block=total.block, start=total.start, end=total.end,
                evidence={"stated": total.number, "computed": computed, "expression": terms,
                          "figures": [p.number for p in item.parts],
                          "related": [{"line": p.line, "label": label, "value": p.number}
                                      for p, label in zip(item.parts, item.part_labels)]})


def _cells_only(item: Breakdown) -> bool:
    """Every member is a bare number or an amount in 万元 / 元 (the cells FRM adds up)."""
    return item.total.unit in CELL_UNITS and all(p.unit in CELL_UNITS for p in item.parts)


def verdict_of(item: Breakdown) -> Optional[str]:
    """'exceeds' / 'short' (a complete list only, with no empty part) / None."""
    if not item.parts:
        return None
    if item.exceeds():
        return "exceeds"
    if item.complete and not item.unknown and item.falls_short():
        return "short"
    return None
