"""FRM004 defined-figure-mismatch: a rate or amount with a known definition disagrees with its operands."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts import Facts, Quantity
from reportlint.facts.breakdowns import list_words
from reportlint.numbers import Interval
from reportlint.pluginapi.rules import Rule

from reportlint.facts.formulas import evaluate

from .. import rates
from ..control import FORMULA, ControlCheck, control_checks
from ..display import show
from ..reading import blocks, cell_figure, tables


class DefinedFigureMismatch(Rule):
    """A rate or amount with a known definition disagrees with the figures stated with it.

    ## What it does
    Recomputes figures whose definition is known (执行率 = 全年执行数 / 全年预算数,
    预决算差异率, 在职人员控制率 = 在职人数 / 编制数, 全年预算 = 年初预算 + 追加 − 调减 …) where
    the figure and every operand are stated together (one sentence, or one table row under
    its heading row). In prose an operand the sentence does not state is taken from the
    sentence right before or after it in the same paragraph, when exactly one figure there
    names it and its year is the figure's (全年预算200万元。已完成拨付190万元，执行率95%); not
    when the sentence lists parts (其中A项目已拨付…: one item's rate) or states that operand
    in its own words (科技创新项目预算资金12万元，已支付…: the project's own budget), not from a
    sentence that pairs the figure with another operand of its own or names another subject (a
    project against the department), and at info when the
    paragraph names another figure like the borrowed one (which budget is meant is then only
    probable). When another figure of the same place gives the stated value, the
    message names it (the writer most likely divided by 年初预算数 instead of 全年预算数).
    The 执行数 may be written 实际支出 (`全年预算数386.57万元，实际支出379.83万元，预算执行率
    98.26%`); a sentence that states one operand twice with two values (已支付85万元 beside
    实际支出90万元, 全年预算数 beside another 调整后预算数), operands of two years, or a rate
    naming a subject that only some of its operands name (项目预算执行率 from 项目实际支出 and
    a 全年预算数 that may be the whole unit's) is unsure and left alone; an operand written
    after one that names the subject carries it on (`奖助学金项目实际下达预算2596万元，全年度
    实际总支出2595.62万元，项目预算执行率97%`). A rate may be cut rather than rounded (99% for
    99.99%: writers do so not to claim 100%), so only a rate outside both readings is reported.
    The definitions are data (plugins/formulas/data/definitions.toml), extended or
    overridden per profile under `extensions.formulas`; see docs/formulas.md. Scoring
    tables (a 分值 and a 得分 column, or the 自评表's 全年预算数 / 全年执行数 / 执行率 block)
    are left to the scores rules (SCO007 checks that 执行率), so a mistake is reported once; of
    a block without a 分值 or 得分 heading (a table of 全年预算数 | 全年执行数 | 执行率 rows, one per
    project), only the first row is SCO007's and the others are checked here.

    The 控制率 of a 专项 stated after its two figures (`三公经费预算20万元，实际支出15万元，
    控制率75%`: 实际 / 预算, also spending over 收入) is recomputed from the two money figures
    nearest before it in its sentence; since regions define it differently, it is reported
    only when the saving rate (预算 − 实际) / 预算 and its signed form do not give it either,
    and never in a sentence that compares with another year (`[control_rates]` of
    data/definitions.toml; plugins/formulas/control.py).

    ## Why is this bad?
    A rate computed on the wrong base, or a budget that its own adjustments do not make,
    misstates how the money was used.

    ## Example
    `年初预算72.34万元，年中追加预算51.79万元，全年预算106.06万元` → 72.34 + 51.79 = 124.13。
    """

    code = "FRM004"
    name = "defined-figure-mismatch"
    title = "比率或金额与其定义不符"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        strict = list_words().strict  # 为 opens a list only right after a total: not a sign of one here
        markers = [m for m in facts.vocabulary.breakdowns.markers if m not in strict]
        definitions = rates.definitions_for(context.profile)
        results = rates.result_pattern(definitions)
        endings = rates.result_endings(definitions)
        # A scoring table's rates (its 执行率 row) are the scores plugin's (SCO007): one finding per mistake.
        scoring = rates.scoring_tables(facts)
        # only the cells this rule and control.py look up: the blocks that state figures (a set of
        # every cell of the scoring tables took megabytes on a long report, for the few it asks about)
        read_here = {id(item.block) for item in blocks(facts)}
        scoring_cells = {id(cell) for table in scoring for row in table.rows for cell in row.cells
                         if id(cell) in read_here}
        checks: list[rates.DefinitionCheck] = []
        resolved: set[int] = set()  # rates a definition reads: not control.py's to read again
        for item in blocks(facts):
            if len(item.figures) < 2 or id(item.block) in scoring_cells:
                continue
            if not rates.names_a_result(item.figures, endings):
                continue  # no label of the block names a defined figure: none of its sentences is checked
            by_sentence: dict[int, list[Quantity]] = {}
            for figure in item.figures:
                by_sentence.setdefault(figure.sentence, []).append(figure)
            item_text = facts.block_text(item.block)
            for sentence, group in by_sentence.items():
                if not rates.names_a_result(group, endings):
                    continue  # nearly every sentence: check_sentence would find nothing in it
                around = by_sentence.get(sentence - 1, []) + by_sentence.get(sentence + 1, [])
                if around and item_text is not None and _lists_parts(item_text, group[0].start, markers):
                    around = []  # 其中A项目已拨付50万元，执行率…: the budget before is not this item's
                found = rates.check_sentence(group, definitions, results, around, resolved)
                for check in found:
                    if check.borrowed:
                        check.borrowed_elsewhere = _named_elsewhere(item.figures, check, group, around)
                checks += found
        kinds = rates.scoring_kinds(facts)
        scoring_ids = {id(table) for table in scoring}
        # a table of Hunan budget rows with no 分值 / 得分 (a row per project): its first row is the
        # scores plugin's 年度资金总额 row (SCO007), the others are checked here
        budget_rows = frozenset(id(score_table.execution.row_node) for score_table in facts.score_tables
                                if score_table.execution is not None)
        for _, table in tables(facts):
            if id(table) not in scoring_ids:
                checks += rates.check_table(table, definitions, lambda cell: cell_figure(facts, cell))
            elif kinds[id(table)] == "budget":
                checks += rates.check_table(table, definitions, lambda cell: cell_figure(facts, cell), skip=budget_rows)
        for check in checks:
            yield self._finding(context, check)
        for control in control_checks(facts, scoring_cells | resolved):
            yield self._control_finding(context, control)

    def _control_finding(self, context: Any, check: ControlCheck) -> Any:
        stated, base, actual = check.stated, check.base, check.actual
        decimals = max(stated.decimals, 2)
        name = stated.label or "控制率"
        where = "".join(f"（{context.where(f.line)}）" for f in (actual,) if f.line != stated.line)
        readings = [(formula.replace(" - ", " − "), show(value, decimals, True)) for formula, value in check.shown()]
        computed = readings[0][1]
        others = "，".join(f"按 {formula} 为 {value}" for formula, value in readings[1:])
        message = (f"「{name}」为 {stated.shown}，按 控制率 = {FORMULA} 以 {actual.label} {actual.shown}、"
                   f"{base.label} {base.shown}{where} 计算应为 {computed}（{others}，亦不相符）。")
        return context.finding(
            self, message, block=stated.block, start=stated.start, end=stated.end,
            evidence={"stated": stated.shown, "computed": computed, "expression": FORMULA,
                      "figures": [f"{actual.label}={actual.number}", f"{base.label}={base.number}"],
                      "related": [{"line": f.line, "label": f.label, "value": f.shown} for f in (actual, base)]})

    def _finding(self, context: Any, check: rates.DefinitionCheck) -> Any:
        definition, stated = check.definition, check.stated
        in_yuan = rates.mixed_money(check.operands.values())  # 81.25万元 and 812,500元: both in 元
        exact = {name: _exact(figure, in_yuan) for name, figure in check.operands.items()}
        for name in definition.operands:
            exact.setdefault(name, Interval.exact(0))
        point = evaluate(definition.tree, exact).value
        percent = definition.percent
        computed = show(point, max(stated.decimals, 2) if percent else stated.decimals, percent)
        used = "，".join(f"{check.operand_labels[n]} {f.shown if in_yuan else f.number}" + (f"（{context.where(f.line)}）" if not f.in_cell and f.line != stated.line else "")
                        for n, f in check.operands.items())
        message = (f"「{stated.label or definition.name}」为 {stated.shown}，按定义 {definition.name} = "
                   f"{definition.formula} 以 {used} 计算应为 {computed}。")
        absent = [n for n in definition.optional if n not in check.operands]
        if absent:
            message = message[:-1] + f"（{'、'.join(absent)}未写明，按 0 计）。"
        if check.hint is not None:
            name, other, label, _ = check.hint
            message += (f"所写数值与以「{label}」{other.number} 代替「{check.operand_labels[name]}」"
                        f"计算的结果相符，可能用错了{name}。")
        finding = context.finding(
            self, message, block=stated.block, start=stated.start, end=stated.end,
            evidence={"stated": stated.shown, "computed": computed, "expression": definition.formula,
                      "figures": [f"{check.operand_labels[n]}={f.number}" for n, f in check.operands.items()],
                      "related": [{"line": f.line, "label": check.operand_labels[n], "value": f.shown}
                                  for n, f in check.operands.items()]})
        if check.borrowed_elsewhere and finding.severity == self.severity:
            # the operand came from a neighbouring sentence and the paragraph names another
            # figure like it: probable, not certain
            finding = finding.model_copy(update={"severity": "info"})
        return finding


def _exact(figure: Quantity, in_yuan: bool = False) -> Interval:
    """A figure taken as written (a % as a fraction; money in 元 when `in_yuan`), for the value the message shows."""
    if in_yuan and figure.family == "money":
        return Interval.exact(figure.in_yuan.low + (figure.in_yuan.high - figure.in_yuan.low) / 2)
    return Interval.exact(figure.value / 100 if figure.is_percent else figure.value)


def _lists_parts(item: Any, offset: int, markers: list[str]) -> bool:
    """The sentence holding `offset` opens a list of parts (其中 …): its figures are one item's."""
    start, end = item.sentence_bounds(offset)
    sentence = item.view[start:end]
    return any(marker in sentence for marker in markers)


def _named_elsewhere(figures: list[Quantity], check: rates.DefinitionCheck, group: list[Quantity],
                     around: list[Quantity]) -> bool:
    """A borrowed operand's synonyms also name a figure of the paragraph beyond the two neighbours."""
    near = {id(f) for f in group} | {id(f) for f in around}
    for name in check.borrowed:
        synonyms = check.definition.operands[name]
        if any(id(f) not in near and f.label and any(f.label.endswith(s) for s in synonyms) for f in figures):
            return True
    return False
