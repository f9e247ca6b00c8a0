"""The FRM rules: declarations and documentation (the checks live in the sibling modules)."""

from __future__ import annotations

from reportlint.pluginapi.rules import Rule


class FormulaResultMismatch(Rule):
    """A written formula whose stated result its own arithmetic does not give.

    ## What it does
    Finds arithmetic written inline (`差异率=（3257.65-3132.88）/3132.88*100%=3.98%`,
    `531.95/535.58=99.32%`), evaluates it on Decimal intervals (each figure stands for the
    values that round to it) and reports a stated result that the computation cannot reach,
    with the computed value and the figures used. `X%` is read as X/100; a result that
    agrees when `*100` was meant for `*100%` is not reported.

    ## Why is this bad?
    A reader re-doing the sum gets another number: either a figure in the formula or the
    result was mistyped, and the rate built on it is wrong.

    ## Example
    `预决算差异率=（3257.65-3132.88）/3132.88*100%=3.89%` → 按算式计算为 3.98%，与所写 3.89% 不符。
    """

    code = "FRM001"
    name = "formula-result-mismatch"
    severity = "error"


class PartsDoNotAddUp(Rule):
    """The parts listed after 其中 do not add up to the total before it.

    ## What it does
    Reads `总数…，其中A…，B…，C…` in prose: the figure right before 其中 is the total, the
    figures after it (to the end of the sentence or bracket) its parts. Reports parts that
    exceed the total, or, for a complete list of amounts or head counts, fall short of it.
    A list that ends in 等 or says 主要 is partial and may fall short. Lists that evidently
    go on to other things (a prefix of the parts already makes the total; parts that mix
    收入 and 支出; comparisons such as 较上年增加) are left alone.

    ## Why is this bad?
    The breakdown and the total cannot both be right: one of the figures was mistyped or a
    part is missing from the list.

    ## Example
    `2024年年底在职15人，其中公务员8名，后勤服务人员9名` → 8 + 9 = 17，不等于 15。
    """

    code = "FRM002"
    name = "parts-do-not-add-up"
    severity = "error"


class TableTotalMismatch(Rule):
    """A total in a table disagrees with its sub-rows (or stacked 其中 cells).

    ## What it does
    In tables such as 附件1-1 基础数据表, a row with figures followed by numbered sub-rows
    (1. 2. 3.) is checked column by column against them; 其中 rows may fall short of their
    row but not exceed it. Empty cells are unknown, not zero: with an unknown part only an
    excess is reported. A column of `label：value` cells followed by a 其中 list
    (附件1-2 按支出性质分：303.36 / 其中：基本支出：194.30 …) is checked like a prose 其中 list.

    ## Why is this bad?
    The table's totals are what reviewers copy; a total that its rows do not make is wrong
    somewhere.

    ## Example
    `项目支出 | 83.19 | 72.34 | 106.06` with sub-rows 62.34 + 10.00 + 51.79 = 124.13 in the
    2023年预算数 column.
    """

    code = "FRM003"
    name = "table-total-mismatch"
    severity = "error"


class DefinedFigureMismatch(Rule):
    """A rate or amount with a known definition disagrees with the figures stated with it.

    ## What it does
    Recomputes figures whose definition is known (执行率 = 全年执行数 / 全年预算数,
    预决算差异率, 在职人员控制率 = 在职人数 / 编制数, 全年预算 = 年初预算 + 追加 − 调减 …) where
    the figure and every operand are stated together (one sentence, or one table row under
    its heading row). When another figure of the same place gives the stated value, the
    message names it (the writer most likely divided by 年初预算数 instead of 全年预算数).
    The definitions are data (plugins/formulas/data/definitions.toml), extended or
    overridden per profile under `extensions.formulas`; see docs/formulas.md. Scoring
    tables (a 分值 and a 得分 column, or the 自评表's 全年预算数 / 全年执行数 / 执行率 block)
    are left to the scores rules (SCO007 checks that 执行率), so a mistake is reported once.

    ## Why is this bad?
    A rate computed on the wrong base, or a budget that its own adjustments do not make,
    misstates how the money was used.

    ## Example
    `年初预算72.34万元，年中追加预算51.79万元，全年预算106.06万元` → 72.34 + 51.79 = 124.13。
    """

    code = "FRM004"
    name = "defined-figure-mismatch"
    severity = "warning"


class RepeatedFigureConflict(Rule):
    """The same labelled figure is stated with different values in two places.

    ## What it does
    Compares figures that carry the same label (收入预算 / 收入预算数), the same year and the
    same subject (the section they stand in: 基本支出 vs 项目支出), and reports the later one
    when the two values cannot be the same, naming both places. Generic labels (实际支出,
    年初预算) and figures without a stated year are not compared.

    ## Why is this bad?
    One of the two is wrong, and whatever was computed from it too.

    ## Example
    line 54 `2020年收入预算3057.90万元`, line 88 `收入预算数为3132.88万元`.
    """

    code = "FRM005"
    name = "repeated-figure-conflict"
    severity = "warning"


class FormulaNotComputable(Rule):
    """A written formula divides by a stated zero.

    ## What it does
    Reports a written formula whose divisor is a stated 0 (or a figure that rounds to 0), so
    that the stated result cannot come from it. Formulas that do not parse are ignored.

    ## Why is this bad?
    The ratio is undefined; the stated result was not computed from the figures shown.

    ## Example
    `规模控制率=0/0=100%`
    """

    code = "FRM006"
    name = "formula-not-computable"
    severity = "info"


RULES = [FormulaResultMismatch, PartsDoNotAddUp, TableTotalMismatch, DefinedFigureMismatch,
         RepeatedFigureConflict, FormulaNotComputable]
