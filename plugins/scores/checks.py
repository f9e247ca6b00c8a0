"""The SCO checks: scoring tables, the scores and grades stated in the text, and how they agree."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, localcontext
from typing import Iterator, Optional

from reportlint.pluginapi.findings import Finding
from reportlint.numbers import Interval, sum_intervals

from .execution import AMOUNT_LABELS, computed_rate, expected_score, rule_for
from .figures import Figure, show
from .grades import band_for, bands_of, describe, full_score_of
from .statements import ScoreStatement, TextScores, read_text_scores
from .table import ScoreTable, read_score_tables


def check_document(document, context) -> list[Finding]:
    profile = context.profile
    tables = read_score_tables(document)
    findings: list[Finding] = []
    for table in tables:
        findings.extend(_score_exceeds_weight(table, context))
        findings.extend(_group_weights(table, context))
        findings.extend(_weights_total(table, context, full_score_of(profile)))
        findings.extend(_table_total(table, context))
        findings.extend(_execution_rate(table, context))
        findings.extend(_execution_score(table, context))
    wants_text = any(context.enabled(code) for code in ("SCO001", "SCO005", "SCO006"))
    if wants_text:
        bands = bands_of(profile)
        text = read_text_scores(document, bands, full_score_of(profile))
        main = _main_table(tables)
        findings.extend(_text_score_exceeds_full(text, context))
        findings.extend(_text_total(text, main, context))
        findings.extend(_grades(text, main, bands, context))
    return findings


# -- helpers -------------------------------------------------------------------------
def _at(context, code: str, figure: Figure, message: str, **evidence) -> Finding:
    return context.finding(code, message, block=figure.block, start=figure.start, end=figure.end,
                           evidence=evidence)


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def _terms(items: list[tuple[str, Figure]]) -> str:
    return "+".join(f"{figure.text.strip()}（{label}）" for label, figure in items)


def _sum_text(interval: Interval, figures: list[Figure]) -> str:
    decimals = max((f.decimals for f in figures), default=0)
    return show(interval.mid, decimals)


def _main_table(tables: list[ScoreTable]) -> Optional[ScoreTable]:
    """The table whose total the text reports: the only one with a total, else the 整体 one."""
    totals = [t for t in tables if t.total is not None and t.total.score is not None]
    if len(totals) == 1:
        return totals[0]
    whole = [t for t in totals if "整体" in t.title]
    return whole[0] if len(whole) == 1 else None


# -- SCO001 --------------------------------------------------------------------------
def _score_exceeds_weight(table: ScoreTable, context) -> Iterator[Finding]:
    if not context.enabled("SCO001"):
        return
    rows = [(r.name, r.weight, r.score) for r in table.indicators]
    if table.execution is not None:
        rows.append((table.execution.label, table.execution.weight, table.execution.score))
    if table.total is not None:
        rows.append(("总分", table.total.weight, table.total.score))
    for name, weight, score in rows:
        if score is None:
            continue
        if score.value < 0:
            yield _at(context, "SCO001", score, f"“{name}”得分{score.text}分为负数，得分应在0至分值之间",
                      stated=score.text)
        elif weight is not None and score.points().low > weight.points().high:
            yield _at(context, "SCO001", score, f"“{name}”得分{score.text}分，超过其分值{weight.text}分",
                      stated=score.text, computed=weight.text, figures=[score.text, weight.text],
                      expression=f"{score.text} ≤ {weight.text}")


def _text_score_exceeds_full(text: TextScores, context) -> Iterator[Finding]:
    """满分100分，自评得分120分: a score above the full score stated in the same sentence."""
    if not context.enabled("SCO001"):
        return
    full: dict[tuple[int, tuple[int, int]], ScoreStatement] = {}
    for statement in text.full:
        full.setdefault((id(statement.figure.block), statement.sentence), statement)
    for statement in text.actual:
        stated = full.get((id(statement.figure.block), statement.sentence))
        if stated is None:
            continue
        score, ceiling = statement.figure, stated.figure
        if score.points().low <= ceiling.points().high:
            continue
        yield _at(context, "SCO001", score,
                  f"正文所述{statement.label}{score.text}分，超过同句所述{stated.label}{ceiling.text}分",
                  stated=score.text, computed=ceiling.text, figures=[score.text, ceiling.text],
                  expression=f"{score.text} ≤ {ceiling.text}")


# -- SCO002 --------------------------------------------------------------------------
def _group_weights(table: ScoreTable, context) -> Iterator[Finding]:
    if not context.enabled("SCO002") or table.uncertain:
        return
    for group in table.groups:
        if group.weight is None:
            continue
        items = [(r.name, r.weight) for r in group.rows if r.weight is not None]
        if not items:
            continue
        total = sum_intervals([figure.points() for _, figure in items])
        if total.meets(group.weight.points()):
            continue
        computed = _sum_text(total, [f for _, f in items])
        expression = f"{_terms(items)}={computed}"
        yield _at(context, "SCO002", group.weight,
                  f"{group.name}标注{group.weight.text}分，但其下各项分值之和为{computed}分：{expression}",
                  stated=group.weight.text, computed=computed, expression=expression,
                  figures=[f.text for _, f in items],
                  related=[{"line": f.block.span.line, "text": f.text, "label": label} for label, f in items])


# -- SCO003 --------------------------------------------------------------------------
def _weights_total(table: ScoreTable, context, full_score: Decimal) -> Iterator[Finding]:
    if not context.enabled("SCO003") or table.uncertain or table.total is None or table.total.weight is None:
        return
    stated = table.total.weight
    items = table.scored_items()
    if any(weight is None and score is not None for _, weight, score in items):
        return  # a scored row whose weight we could not read
    weights = [(label, weight) for label, weight, _ in items if weight is not None]
    if len(weights) >= 2:
        total = sum_intervals([figure.points() for _, figure in weights])
        if not total.meets(stated.points()):
            computed = _sum_text(total, [f for _, f in weights])
            expression = f"{_terms(weights)}={computed}"
            yield _at(context, "SCO003", stated,
                      f"{table.title}各项分值之和为{computed}分，与总分栏分值{stated.text}分不一致：{expression}",
                      stated=stated.text, computed=computed, expression=expression,
                      figures=[f.text for _, f in weights])
            return
    if not stated.points().contains(full_score):
        yield _at(context, "SCO003", stated,
                  f"{table.title}总分栏分值为{stated.text}分，而评价满分为{_num(full_score)}分",
                  stated=stated.text, computed=_num(full_score))


# -- SCO004 --------------------------------------------------------------------------
def _table_total(table: ScoreTable, context) -> Iterator[Finding]:
    if not context.enabled("SCO004") or table.uncertain or table.total is None or table.total.score is None:
        return
    stated = table.total.score
    items = table.scored_items()
    if any(score is None and weight is not None for _, weight, score in items):
        return  # a weighted row without a readable score
    scores = [(label, score) for label, _, score in items if score is not None]
    if len(scores) < 2:
        return
    total = sum_intervals([figure.points() for _, figure in scores])
    if total.meets(stated.points()):
        return
    computed = _sum_text(total, [f for _, f in scores])
    expression = f"{_terms(scores)}={computed}"
    yield _at(context, "SCO004", stated,
              f"{table.title}总分栏得分{stated.text}分，但各项得分之和为{computed}分：{expression}",
              stated=stated.text, computed=computed, expression=expression, figures=[f.text for _, f in scores],
              related=[{"line": f.block.span.line, "text": f.text, "label": label} for label, f in scores])


# -- SCO005 --------------------------------------------------------------------------
def _text_total(text: TextScores, main: Optional[ScoreTable], context) -> Iterator[Finding]:
    if main is None or not context.enabled("SCO005"):
        return
    total = main.total
    where = f"{main.title}总分栏"
    for statement in text.scores:
        table_figure = total.score if statement.kind == "actual" else total.weight
        if table_figure is None or statement.figure.points().meets(table_figure.points()):
            continue
        what = "得分" if statement.kind == "actual" else "分值"
        yield _at(context, "SCO005", statement.figure,
                  f"正文所述{statement.label}{statement.figure.text}分，与{where}{what}{table_figure.text}分"
                  f"（第{table_figure.block.span.line}行）不一致",
                  stated=statement.figure.text, computed=table_figure.text,
                  related=[{"line": table_figure.block.span.line, "text": table_figure.text, "label": where + what}])


# -- SCO006 --------------------------------------------------------------------------
def _overall_score(text: TextScores, main: Optional[ScoreTable]) -> Optional[tuple[Decimal, str]]:
    """The report's score when a grade is stated without one: the table total, else the text's one score."""
    if main is not None and main.total is not None and main.total.score is not None:
        figure = main.total.score
        return figure.value, f"{main.title}总分栏得分（第{figure.block.span.line}行）"
    values = {s.figure.value for s in text.actual}
    if len(values) == 1:
        statement = text.actual[0]
        return statement.figure.value, f"第{statement.figure.block.span.line}行所述{statement.label}"
    return None


def _grades(text: TextScores, main: Optional[ScoreTable], bands, context) -> Iterator[Finding]:
    if not context.enabled("SCO006"):
        return
    overall = _overall_score(text, main)
    for grade in text.grades:
        if grade.score is not None:
            score, source = grade.score.figure.value, f"{grade.score.label}"
        elif grade.standalone_ok and overall is not None:
            score, source = overall
        else:
            continue
        band = band_for(score, bands)
        if band is None or band.grade == grade.band.grade:
            continue
        yield context.finding(
            "SCO006",
            f"{source}{_num(score)}分对应等级“{band.grade}”（{describe(band)}），但文中写为“{grade.written}”"
            f"（“{grade.band.grade}”为{describe(grade.band)}）",
            block=grade.paragraph, start=grade.start, end=grade.end,
            evidence={"stated": grade.written, "computed": band.grade, "figures": [_num(score)],
                      "expression": f"{_num(score)}分 → {band.grade}"})


# -- SCO007 --------------------------------------------------------------------------
def _exact_rate(row, numerator: str, denominator: str) -> Optional[Decimal]:
    top, bottom = getattr(row, numerator), getattr(row, denominator)
    if top is None or bottom is None or bottom.value == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return top.value / bottom.value * 100


def _execution_rate(table: ScoreTable, context) -> Iterator[Finding]:
    row = table.execution
    if row is None or row.rate is None or not context.enabled("SCO007"):
        return
    rule = rule_for(context.profile)
    computed = computed_rate(row, rule.numerator, rule.denominator)
    if computed is None:
        return
    stated = Interval.stated(row.rate.value, truncated=True)
    if stated.meets(computed):
        return
    names = lambda num, den: f"{AMOUNT_LABELS[num]}/{AMOUNT_LABELS[den]}"  # noqa: E731

    def expression(num: str, den: str) -> str:
        value = _exact_rate(row, num, den)
        shown = show(value, 2) if value is not None else "?"
        return f"{getattr(row, num).text}/{getattr(row, den).text}×100%={shown}%", value

    main_expression, main_value = expression(rule.numerator, rule.denominator)
    message = f"执行率{row.rate.text}%与{names(rule.numerator, rule.denominator)}不符：{main_expression}"
    related = []
    for other in ("initial", "budget"):
        if other == rule.denominator or getattr(row, other) is None:
            continue
        alternative = computed_rate(row, rule.numerator, other)
        if alternative is not None and stated.meets(alternative):
            alt_expression, alt_value = expression(rule.numerator, other)
            if alt_value is not None:
                places = row.rate.decimals
                cut = alt_value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
                if cut == row.rate.value and show(alt_value, places) != format(row.rate.value, "f"):
                    alt_expression = (f"{getattr(row, rule.numerator).text}/{getattr(row, other).text}×100%="
                                      f"{show(alt_value, places + 2)}%，截尾为{row.rate.text}%")
            message += f"；所填{row.rate.text}%实为{names(rule.numerator, other)}：{alt_expression}"
            related.append({"expression": alt_expression, "label": names(rule.numerator, other)})
    yield _at(context, "SCO007", row.rate, message, stated=row.rate.text + "%",
              computed=(show(main_value, 2) + "%") if main_value is not None else None,
              expression=main_expression,
              figures=[f.text for f in (row.initial, row.budget, row.executed) if f is not None], related=related)


# -- SCO008 --------------------------------------------------------------------------
def _execution_score(table: ScoreTable, context) -> Iterator[Finding]:
    row = table.execution
    if row is None or row.weight is None or row.score is None or not context.enabled("SCO008"):
        return
    rule = rule_for(context.profile)
    if row.rate is not None:
        rate, rate_text = Interval.stated(row.rate.value, truncated=True), f"{row.rate.text}%"
    else:
        rate = computed_rate(row, rule.numerator, rule.denominator)
        if rate is None:
            return
        rate_text = f"{rate.show(2)}%（{getattr(row, rule.numerator).text}/{getattr(row, rule.denominator).text}）"
    expected = expected_score(rule, rate, row.weight.value)
    if row.score.interval().meets(expected):
        return
    shown = show(expected.mid, 2)
    yield _at(context, "SCO008", row.score,
              f"执行率{rate_text}按评分规则（{rule.describe()}）应得{shown}分，表中得分{row.score.text}分",
              stated=row.score.text, computed=shown,
              expression=f"{row.weight.text}×min({rate_text},{_num(rule.full_marks_at)}%)/{_num(rule.full_marks_at)}%"
              if rule.below == "proportional" else rule.describe())
