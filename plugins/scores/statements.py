"""Scores and grades stated in the report's prose.

Real sentences (the seeds): 自评分数为100分，属第一等级 / 单位自评分数是100分，等级是优 /
自评结论：自评分数100分，等级优 / 总评分为100分，实际得分98分，…评价为优秀 / 自评结果优秀.

A score is the report's *overall* score only when its label says so (自评分数, 综合评分,
实际得分, 总得分 …); a bare 得分 counts only next to a stated full score (总分100分，得分98分).
In 总评分为100分，实际得分98分 the first figure is the full score, the second the score.
Sentences about one indicator (该项指标, 满分20分) are left out: their scores are not totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from reportlint.model import Document, Paragraph
from reportlint.outline import evaluated_year
from reportlint.profiles import GradeBand
from reportlint.source import fold

from .figures import Figure
from .grades import grade_names

_SCORE = re.compile(
    r"(?P<label>满分|自评(?:总得分|总分|得分|分数|分值|分)|综合(?:评价得分|评分|得分)|总评分|总得分|总分"
    r"|实际得分|最终得分|评价得分|得分)"
    r"\s*(?:为|是|达到|共计|合计|：|:)?\s*(?P<value>\d{1,3}(?:\.\d+)?)\s*分(?![值数])")
_FULL_LABELS = {"满分"}
_FULL_WHEN_PAIRED = {"总评分", "总分"}  # 总评分为100分，实际得分98分
_NEEDS_PAIR = {"得分"}
_ONE_INDICATOR = re.compile(r"该项|该指标|此项|本项|指标分值|分值为|权重")
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_OVERALL_CONTEXT = re.compile(r"自评|绩效|评价|评分")
_NOT_CJK_AFTER = r"(?:(?![\u4e00-\u9fff])|(?=等[级次]))"


@dataclass(frozen=True)
class ScoreStatement:
    """A score written in the text: `kind` is "actual" (the score earned) or "full" (the maximum)."""

    kind: str
    label: str
    figure: Figure
    sentence: tuple[int, int]  # offsets of its sentence in the paragraph


@dataclass(frozen=True)
class GradeStatement:
    """A grade written in the text, the band it names, and the score it is judged against."""

    written: str
    band: GradeBand
    paragraph: Paragraph
    start: int
    end: int
    score: Optional[ScoreStatement]  # the score stated with it (same paragraph), if any
    standalone_ok: bool  # may be judged against the report's overall score (no other year named, …)


@dataclass
class TextScores:
    scores: list[ScoreStatement]
    grades: list[GradeStatement]

    @property
    def actual(self) -> list[ScoreStatement]:
        return [s for s in self.scores if s.kind == "actual"]

    @property
    def full(self) -> list[ScoreStatement]:
        return [s for s in self.scores if s.kind == "full"]


@lru_cache(maxsize=16)
def _grade_regex(names: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    cue = (r"(?:(?:等级|等次|评级)\s*(?:评定为|为|是|属于|属|：|:)?"
           r"|(?:自评|评价|评估)(?:结果|结论|等级)?\s*(?:评定为|为|是|：|:)"
           r"|(?:自评|评价)(?:结果|结论)"
           r"|属于|属|评定为|评为)")
    return re.compile(cue + r"\s*[“\"「]?(?P<grade>" + alternatives + r")[”\"」]?" + _NOT_CJK_AFTER)


def read_text_scores(document: Document, bands: list[GradeBand], full_score: Decimal) -> TextScores:
    """Every overall score and grade stated in the report's paragraphs (table cells excluded)."""
    names = grade_names(bands)
    grade_re = _grade_regex(tuple(names))
    year = evaluated_year(document)
    scores: list[ScoreStatement] = []
    grades: list[GradeStatement] = []
    for _container, block in document.text_blocks():
        if not isinstance(block, Paragraph) or not block.text:
            continue
        view = fold(block.text)
        if "分" not in view and "等" not in view and "评" not in view and "属" not in view:
            continue
        found = _paragraph_scores(block, view, full_score)
        scores.extend(found)
        for match in grade_re.finditer(view):
            written = match.group("grade")
            sentence = _sentence_of(view, match.start("grade"))
            text = view[sentence[0]:sentence[1]]
            years = {int(y) for y in _YEAR.findall(text)}
            standalone = bool(_OVERALL_CONTEXT.search(text)) and not _ONE_INDICATOR.search(text) and (
                not years or (year is not None and years == {year}))
            grades.append(GradeStatement(written=written, band=names[written], paragraph=block,
                                         start=match.start("grade"), end=match.end("grade"),
                                         score=_score_for(found, match.start("grade")), standalone_ok=standalone))
    return TextScores(scores=scores, grades=grades)


def _sentence_of(view: str, offset: int) -> tuple[int, int]:
    start = 0
    for match in _SENTENCE_END.finditer(view, 0, offset):
        start = match.end()
    end_match = _SENTENCE_END.search(view, offset)
    return start, (end_match.start() if end_match else len(view))


def _paragraph_scores(block: Paragraph, view: str, full_score: Decimal) -> list[ScoreStatement]:
    raw = []
    for match in _SCORE.finditer(view):
        value = Decimal(match.group("value"))
        figure = Figure(value=value, unit="分", block=block, start=match.start("value"), end=match.end("value"))
        raw.append((match.group("label"), figure, _sentence_of(view, match.start())))
    out = []
    for label, figure, sentence in raw:
        text = view[sentence[0]:sentence[1]]
        if _ONE_INDICATOR.search(text):
            continue
        mates = [(l, f) for l, f, s in raw if s == sentence and f is not figure]
        stated_full = [f.value for l, f in mates if l in _FULL_LABELS] + ([figure.value] if label in _FULL_LABELS else [])
        if any(value != full_score for value in stated_full):
            continue  # 满分20分，得分18分: one indicator's score, not the total
        later_actual = any(l not in _FULL_LABELS and f.start > figure.start for l, f in mates)
        if label in _FULL_LABELS or (label in _FULL_WHEN_PAIRED and later_actual):
            kind = "full"
        elif label in _NEEDS_PAIR:
            if not any(l in _FULL_LABELS | _FULL_WHEN_PAIRED for l, f in mates):
                continue
            kind = "actual"
        else:
            kind = "actual"
        out.append(ScoreStatement(kind=kind, label=label, figure=figure, sentence=sentence))
    return out


def _score_for(scores: list[ScoreStatement], offset: int) -> Optional[ScoreStatement]:
    """The actual score a grade at `offset` goes with: the nearest one before it, else after it."""
    actual = [s for s in scores if s.kind == "actual"]
    before = [s for s in actual if s.figure.start < offset]
    if before:
        return before[-1]
    return actual[0] if actual else None
