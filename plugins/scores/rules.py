"""The SCO rules: declarations and documentation (the checks are in checks.py)."""

from __future__ import annotations

from reportlint.pluginapi.rules import Rule


class ScoreExceedsWeight(Rule):
    """A row of a scoring table scores more than its weight, or less than zero.

    ## What it does
    Compares each indicator's 得分 with its 分值 in the self-evaluation table (and the
    total row's score with the total weight), and a score stated in the text with the full
    score stated in the same sentence (满分100分，自评得分120分).

    ## Why is this bad?
    An indicator cannot earn more points than it is worth: either the score or the weight
    was typed wrong, and the total built on it is wrong too.

    ## Example
    `可持续影响指标“提升宣传、信访维护水平”得分12分，超过其分值10分`
    """

    code = "SCO001"
    name = "score-exceeds-weight"


class GroupWeightMismatch(Rule):
    """An indicator group's stated weight is not the sum of its indicators' weights.

    ## What it does
    Reads weights stated in group headings (产出指标（50分）, 效益指标（30分）) and adds the
    分值 of the rows under each group (a blank, merged group cell continues the group above).

    ## Why is this bad?
    The group heading and the rows disagree on how much the group is worth; one of them was
    not updated when the indicators changed.

    ## Example
    `效益指标标注40分，但其下各项分值之和为30分：10（精准招商）+10（发挥桥梁作用）+10（提升宣传、信访维护水平）=30`
    """

    code = "SCO002"
    name = "group-weight-mismatch"


class WeightsTotalMismatch(Rule):
    """The weights of a scoring table do not add up to its stated full score.

    ## What it does
    Adds the 分值 of every scored row (the budget-execution row included) and compares the
    sum with the total row's 分值, and that with the profile's full score (100 by default).

    ## Why is this bad?
    A scoring table whose weights do not total the full score gives a score that cannot be
    read on the grade bands.

    ## Example
    `自评表各项分值之和为105分，与总分栏分值100分不一致：10（年度资金总额）+25（重点工作完成数）+…=105`
    """

    code = "SCO003"
    name = "weights-total-mismatch"


class TableTotalMismatch(Rule):
    """A scoring table's total score is not the sum of its rows' scores.

    ## What it does
    Adds the 得分 of every scored row (the budget-execution row included) and compares the
    sum with the total row's 得分. Whole-number scores are exact; a score written with
    decimals stands for its rounding interval.

    ## Why is this bad?
    The total is the figure the grade and the report's conclusion are based on.

    ## Example
    `自评表总分栏得分98分，但各项得分之和为97分：10（年度资金总额）+20（重点工作完成数）+…+7=97`
    """

    code = "SCO004"
    name = "table-total-mismatch"


class TextTotalMismatch(Rule):
    """The score stated in the report's text is not the total of its scoring table.

    ## What it does
    Compares the overall score written in the text (自评分数为98分, 实际得分98分) — and a
    stated full score (总评分为100分) — with the total row of the self-evaluation table.

    ## Why is this bad?
    Readers quote the score from the text; if it differs from the table, one of them is wrong.

    ## Example
    `正文所述实际得分96分，与附件1-2部门整体支出绩效自评表总分栏得分98分（第364行）不一致`
    """

    code = "SCO005"
    name = "text-total-mismatch"


class GradeMismatch(Rule):
    """The grade stated is not the one the score earns under the grade bands.

    ## What it does
    Reads grades stated in the text (优 / 优秀 / 良 / 中 / 差 / 第一等级 …) and the score stated
    with them (same paragraph; otherwise the report's overall score), and checks the score
    against the profile's grade bands (default 财预〔2020〕10号: 90–100 优, 80–90 良, 60–80 中,
    under 60 差, lower bound included).

    ## Why is this bad?
    The grade is what the evaluation concludes; a grade the score does not earn misstates
    the result.

    ## Example
    `自评得分98分对应等级“优”（90分及以上），但文中写为“良好”`
    """

    code = "SCO006"
    name = "grade-mismatch"


class ExecutionRateMismatch(Rule):
    """The budget-execution rate in a scoring table is not 全年执行数 / 全年预算数.

    ## What it does
    Recomputes the rate of the 年度资金总额 / 预算执行率 row from the amounts in the same row
    (by default 全年执行数 / 全年预算数 × 100%, see the profile's
    `extensions.scores.execution_rate`) and compares it with the rate stated. When the stated
    rate is what another denominator gives (年初预算数), the message says so.

    ## Why is this bad?
    The execution rate is scored; a rate computed on the wrong base overstates (or
    understates) how much of the budget was spent.

    ## Example
    `执行率102.32%与全年执行数/全年预算数不符：300.36/300.48×100%=99.96%；102.32%是全年执行数/年初预算数：300.36/293.53×100%=102.33%`
    """

    code = "SCO007"
    name = "execution-rate-mismatch"


class ExecutionRateScore(Rule):
    """The budget-execution row's score is not what its rate earns under the scoring rule.

    ## What it does
    Applies the profile's rule for the budget-execution indicator (default: full weight at
    100% and above, weight × rate below) to the rate stated in the row (recomputed from the
    amounts when no rate is stated) and compares the result with the row's 得分, allowing
    for rounding of the score.

    ## Why is this bad?
    The score of this indicator follows from the rate by rule; any other score changes the
    total and possibly the grade.

    ## Example
    `执行率85.00%按规则（执行率达到100%得满分，低于100%按执行率/100%×分值计分）应得8.5分，表中得分10分`
    """

    code = "SCO008"
    name = "execution-rate-score"


RULES = [ScoreExceedsWeight, GroupWeightMismatch, WeightsTotalMismatch, TableTotalMismatch,
         TextTotalMismatch, GradeMismatch, ExecutionRateMismatch, ExecutionRateScore]
