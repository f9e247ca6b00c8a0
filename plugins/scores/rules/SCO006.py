"""SCO006 grade-mismatch: the grade stated against the band its score falls in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterator, Optional

from reportlint.facts.scores import GradeStatement, ScoreStatement, ScoreTable, bands_of, main_table
from reportlint.parse.profiles import GradeBand
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..stated_bands import bands_as_stated
from ..wording import num


def evaluated_year(context: Any) -> Optional[int]:
    """The year the report evaluates: the facts stage's one reading (the one place SCO reads it)."""
    located = context.facts.report.evaluated_year
    if located is not None and located.source not in _DIRECT_SOURCES:
        return None  # a year only guessed from the body (source 正文) is not enough to judge a grade by
    year: Optional[int] = located.value if located is not None else None
    return year


# the places that state the evaluated year itself (docs/facts.md, ReportFacts.evaluated_year)
_DIRECT_SOURCES = frozenset({"评价年度", "标题", "前言"})


def band_for(score: Decimal, bands: list[GradeBand]) -> Optional[GradeBand]:
    """The band whose [min, max) holds the score (max None: no upper bound)."""
    for band in bands:
        if score >= band.min and (band.max is None or score < band.max):
            return band
    return None


def describe(band: GradeBand) -> str:
    """'90分及以上' / '80（含）至90分' for a message."""
    low = format(band.min.normalize(), "f")
    if band.max is None:
        return f"{low}分及以上"
    return f"{low}（含）至{format(band.max.normalize(), 'f')}分"


def overall_score(actual: list[ScoreStatement], main: Optional[ScoreTable],
                  where: Callable[[int], str] = lambda line: f"第{line}行") -> Optional[tuple[Decimal, str]]:
    """The report's score when a grade is stated without one: the table total, else the text's one score.
    `where` names a line for people (`context.where`: the Word place in a .docx)."""
    if main is not None and main.total is not None and main.total.score is not None:
        figure = main.total.score
        return figure.value, f"{main.title}总分栏得分（{where(figure.block.span.line)}）"
    values = {s.value for s in actual}
    if len(values) == 1:
        statement = actual[0]
        return statement.value, f"{where(statement.block.span.line)}所述{statement.label}"
    return None


def standalone(grade: GradeStatement, year: Optional[int]) -> bool:
    """A grade without a score may be judged on the overall score: an evaluation sentence,
    naming no year or only the evaluated one."""
    return grade.evaluation and (not grade.years or (year is not None and set(grade.years) == {year}))


def _same_grade(bands: list[GradeBand], band: GradeBand) -> GradeBand:
    """The band of `bands` for `band`'s grade (the report's own bands may move its bounds)."""
    return next((b for b in bands if b.grade == band.grade), band)


class GradeMismatch(Rule):
    """The grade stated is not the one the score earns under the grade bands.

    ## What it does
    Reads grades stated in the text (优 / 优秀 / 良 / 中 / 差 / 第一等级 …) and the score stated
    with them (same paragraph; otherwise the report's overall score), and checks the score
    against the profile's grade bands (default 财预〔2020〕10号: 90–100 优, 80–90 良, 60–80 中,
    under 60 差, lower bound included). A report that writes its own bands (85分（含）以上为
    优秀, 良好（75-89分）) is graded by the lowest score it writes for each grade; when what
    it writes makes no one set of bands, no grade is judged.

    ## Why is this bad?
    The grade is what the evaluation concludes; a grade the score does not earn misstates
    the result.

    ## Example
    `自评得分98分对应等级“优”（90分及以上），但文中写为“良好”`
    """

    code = "SCO006"
    name = "grade-mismatch"
    title = "评价等级与得分不符"

    def check(self, context: Any) -> Iterator[Finding]:
        facts = context.facts
        grades: list[GradeStatement] = facts.get("grade_statements")
        if not grades:
            return
        bands = bands_of(context.profile)
        actual = [s for s in facts.get("score_statements") if s.role == "actual" and not s.part]
        overall = overall_score(actual, main_table(facts.score_tables), context.where)
        year = evaluated_year(context)
        own: Optional[list[GradeBand]] = None  # the bands as the report writes them: read at the first mismatch
        for grade in grades:
            if grade.score is not None:
                score, source = grade.score.value, grade.score.label
            elif overall is not None and standalone(grade, year):
                score, source = overall
            else:
                continue
            band = band_for(score, bands)
            if band is None or band.grade == grade.band.grade:
                continue
            if own is None:
                own = bands_as_stated(facts, bands)
                if own is None:
                    return  # bands written that make no one set: no grade can be judged
                if own is not bands:
                    bands = own
                    band = band_for(score, bands)
                    if band is None or band.grade == grade.band.grade:
                        continue
            yield context.finding(
                self,
                f"{source}{num(score)}分对应等级“{band.grade}”（{describe(band)}），但文中写为“{grade.text}”"
                f"（“{grade.band.grade}”为{describe(_same_grade(bands, grade.band))}）",
                block=grade.block, start=grade.start, end=grade.end,
                evidence={"stated": grade.text, "computed": band.grade, "figures": [num(score)],
                          "expression": f"{num(score)}分 → {band.grade}"})
