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
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from reportlint.parse.model import Document, Paragraph
from reportlint.parse.outline import evaluated_year
from reportlint.parse.profiles import GradeBand
from reportlint.input.source import fold

from .figures import Figure
from .grades import grade_names

_SCORE = re.compile(
    r"(?P<label>满分|自评(?:总得分|总分|得分|分数|分值|分)|综合(?:评价得分|评分|得分)|总评分|总得分|总分"
    r"|实际得分|最终得分|评价得分|得分)"
    r"(?:\s*(?:为|是|达到|共计|合计|：|:))?\s*(?P<value>\d{1,3}(?:\.\d+)?)\s*分(?![值数])")
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
    cue = (r"(?:(?:等级|等次|评级)(?:\s*(?:评定为|为|是|属于|属|：|:))?"
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
        sentences = _Sentences(view)
        found = _paragraph_scores(block, view, full_score, sentences)
        scores.extend(found)
        actual = [s for s in found if s.kind == "actual"]
        actual_starts = [s.figure.start for s in actual]
        for match in grade_re.finditer(view):
            written = match.group("grade")
            sentence = sentences.around(match.start("grade"))
            grades.append(GradeStatement(written=written, band=names[written], paragraph=block,
                                         start=match.start("grade"), end=match.end("grade"),
                                         score=_score_for(actual, actual_starts, match.start("grade")),
                                         standalone_ok=sentences.standalone_ok(sentence, year)))
    return TextScores(scores=scores, grades=grades)


class _Sentences:
    """A paragraph's sentences, split once: which sentence holds an offset, and what it says.

    Each question is answered in O(log n) or once per sentence (cached), so a paragraph
    with thousands of scores or grades stays linear instead of rescanning its text per match.
    """

    def __init__(self, view: str) -> None:
        self.view = view
        self.ends = [match.start() for match in _SENTENCE_END.finditer(view)]
        self._one_indicator: dict[tuple[int, int], bool] = {}
        self._standalone: dict[tuple[int, int], tuple[bool, frozenset[int]]] = {}

    def around(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `offset`: after the last end mark before it, up to the next."""
        index = bisect_left(self.ends, offset)
        start = self.ends[index - 1] + 1 if index > 0 else 0
        end = self.ends[index] if index < len(self.ends) else len(self.view)
        return start, end

    def about_one_indicator(self, sentence: tuple[int, int]) -> bool:
        if sentence not in self._one_indicator:
            self._one_indicator[sentence] = bool(_ONE_INDICATOR.search(self.view, *sentence))
        return self._one_indicator[sentence]

    def standalone_ok(self, sentence: tuple[int, int], year: Optional[int]) -> bool:
        """A grade here may be judged on the overall score: an evaluation sentence, no other year named."""
        if sentence not in self._standalone:
            overall = bool(_OVERALL_CONTEXT.search(self.view, *sentence)) and not self.about_one_indicator(sentence)
            years = frozenset(int(y) for y in _YEAR.findall(self.view, *sentence))
            self._standalone[sentence] = (overall, years)
        overall, years = self._standalone[sentence]
        return overall and (not years or (year is not None and years == {year}))


def _paragraph_scores(block: Paragraph, view: str, full_score: Decimal,
                      sentences: Optional[_Sentences] = None) -> list[ScoreStatement]:
    sentences = sentences or _Sentences(view)
    raw: list[tuple[str, Figure, tuple[int, int]]] = []
    by_sentence: dict[tuple[int, int], _SentenceScores] = {}
    for match in _SCORE.finditer(view):
        label = match.group("label")
        value = Decimal(match.group("value"))
        figure = Figure(value=value, unit="分", block=block, start=match.start("value"), end=match.end("value"))
        sentence = sentences.around(match.start())
        raw.append((label, figure, sentence))
        by_sentence.setdefault(sentence, _SentenceScores()).add(label, figure, full_score)
    out = []
    for label, figure, sentence in raw:
        if sentences.about_one_indicator(sentence):
            continue
        summary = by_sentence[sentence]
        if summary.other_full_score:
            continue  # 满分20分，得分18分: one indicator's score, not the total
        later_actual = summary.last_actual_start > figure.start
        if label in _FULL_LABELS or (label in _FULL_WHEN_PAIRED and later_actual):
            kind = "full"
        elif label in _NEEDS_PAIR:
            if summary.full_or_paired == 0:  # a bare 得分 is not itself one of these labels
                continue
            kind = "actual"
        else:
            kind = "actual"
        out.append(ScoreStatement(kind=kind, label=label, figure=figure, sentence=sentence))
    return out


@dataclass
class _SentenceScores:
    """What a sentence's scores say together, gathered in one pass (no per-score rescans)."""

    other_full_score: bool = False  # a 满分 that is not the report's full score
    last_actual_start: int = -1  # offset of the last score not labelled 满分
    full_or_paired: int = 0  # how many scores are labelled 满分 / 总评分 / 总分

    def add(self, label: str, figure: Figure, full_score: Decimal) -> None:
        if label in _FULL_LABELS:
            self.other_full_score = self.other_full_score or figure.value != full_score
        else:
            self.last_actual_start = max(self.last_actual_start, figure.start)
        if label in _FULL_LABELS or label in _FULL_WHEN_PAIRED:
            self.full_or_paired += 1


def _score_for(actual: list[ScoreStatement], starts: list[int], offset: int) -> Optional[ScoreStatement]:
    """The actual score a grade at `offset` goes with: the nearest one before it, else after it.

    `actual` is in text order and `starts` are its figures' offsets.
    """
    index = bisect_left(starts, offset)
    if index > 0:
        return actual[index - 1]
    return actual[0] if actual else None
