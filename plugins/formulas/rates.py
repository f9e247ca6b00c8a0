"""Figures with known definitions (执行率 = 全年执行数 / 全年预算数 …), recomputed.

The definitions are data (data/definitions.toml; a profile extends or overrides them in
`extensions.formulas`), parsed with the formula grammar. A definition is checked only where
the defined figure and all its operands are stated together: in one sentence of prose, or
in one table row under a heading row. When the stated figure disagrees, other figures of the
same sentence/row are tried in place of each operand, so the message can say what the
writer most likely divided by instead (102.32% = 全年执行数 / 年初预算数).

Scoring tables (自评表: a heading row with a 分值 and a 得分 column, or the 自评表's
budget-execution block 全年预算数 | 全年执行数 | 执行率) are left alone: their rates are the
scores plugin's to check (SCO007), and one mistake should give one finding. A 执行率 in
prose, or in any other table, is checked here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional

from reportlint import regex_cache
from reportlint.facts import Quantity, vocabulary
from reportlint.facts.formulas import evaluate, names_in, parse_constant, stated_matches
from reportlint.facts.text import YEAR
from reportlint.input.source import fold
from reportlint.numbers import ArithmeticProblem, Interval

from . import subjects
from .datafiles import data_file
from .reading import tables
from reportlint.parse.records import Record

_SPACE = regex_cache.compile(r"\s+")
_HEADING_NOISE = regex_cache.compile(r"（[^）]*）|\([^)]*\)")
_YEAR_SUFFIX = "度"
_CJK = regex_cache.compile(r"[\u4e00-\u9fff]")


class Definition(Record):
    __slots__ = ("name", "result", "formula", "operands", "percent", "optional", "tree")

    name: str
    result: list[str]
    formula: str
    operands: dict[str, list[str]]
    percent: bool
    optional: list[str]
    tree: Any

    def __init__(self, name: str,
                 result: list[str],
                 formula: str,
                 operands: dict[str, list[str]],
                 percent: bool = False,
                 optional: Optional[list[str]] = None,
                 tree: Any = None) -> None:
        self.name = name
        self.result = result
        self.formula = formula
        self.operands = operands
        self.percent = percent
        self.optional = list() if optional is None else optional
        self.tree = tree

    def required(self) -> list[str]:
        return [n for n in self.operands if n not in self.optional]


class DefinitionCheck(Record):
    """A defined figure and what its definition gives from the figures stated with it."""

    __slots__ = ("definition", "stated", "operands", "operand_labels", "computed", "hint", "borrowed", "borrowed_elsewhere")

    definition: Definition
    stated: Quantity
    operands: dict[str, Quantity]  # operand name → the figure used
    operand_labels: dict[str, str]
    computed: Interval
    hint: Optional[tuple[str, Quantity, str, Interval]]  # (operand, replacement, its label, value)
    borrowed: list[str]  # operands taken from a neighbouring sentence
    borrowed_elsewhere: bool  # … whose words also name another figure of the paragraph

    def __init__(self, definition: Definition,
                 stated: Quantity,
                 operands: dict[str, Quantity],
                 operand_labels: dict[str, str],
                 computed: Interval,
                 hint: Optional[tuple[str, Quantity, str, Interval]] = None,
                 borrowed: Optional[list[str]] = None,
                 borrowed_elsewhere: bool = False) -> None:
        self.definition = definition
        self.stated = stated
        self.operands = operands
        self.operand_labels = operand_labels
        self.computed = computed
        self.hint = hint
        self.borrowed = list() if borrowed is None else borrowed
        self.borrowed_elsewhere = borrowed_elsewhere


class DefinitionError(ValueError):
    """A definition in the data (built-in or a profile's) is malformed."""


def parse_definitions(entries: Iterable[dict]) -> list[Definition]:
    found = []
    for entry in entries:
        try:
            definition = Definition(name=str(entry["name"]), result=list(entry["result"]),
                                    formula=str(entry["formula"]), operands=dict(entry.get("operands", {})),
                                    percent=bool(entry.get("percent", False)),
                                    optional=list(entry.get("optional", [])))
        except (KeyError, TypeError) as exc:
            raise DefinitionError(f"definition {entry!r}: {exc}") from None
        definition.tree = parse_constant(definition.formula)
        if definition.tree is None:
            raise DefinitionError(f"definition {definition.name}: formula does not parse: {definition.formula}")
        missing = names_in(definition.tree) - set(definition.operands)
        if missing:
            raise DefinitionError(f"definition {definition.name}: operands without labels: {sorted(missing)}")
        found.append(definition)
    return found


@lru_cache(maxsize=1)
def builtin_definitions() -> tuple[Definition, ...]:
    return tuple(parse_definitions(data_file("definitions.toml").get("definition", [])))


def definitions_for(profile) -> list[Definition]:
    """Built-in definitions, overridden / extended / disabled by `profile.extensions["formulas"]`."""
    merged = {d.name: d for d in builtin_definitions()}
    extension = (getattr(profile, "extensions", None) or {}).get("formulas", {}) if profile else {}
    if isinstance(extension, dict):
        if extension.get("replace"):
            merged = {}
        for definition in parse_definitions(extension.get("definitions", [])):
            merged[definition.name] = definition
        for name in extension.get("disable", []):
            merged.pop(name, None)
    return list(merged.values())


# -- prose -----------------------------------------------------------------------------
def result_pattern(definitions: list[Definition]) -> re.Pattern:
    """One regex for 'a label that names some definition's result' (a cheap test per sentence)."""
    return _result_regex(frozenset(w for d in definitions for w in d.result))


@lru_cache(maxsize=16)
def _result_regex(words: frozenset[str]) -> re.Pattern:
    """The alternation of `words`, built once per set of words (every report asks with the same)."""
    if not words:
        return regex_cache.compile(r"(?!)")
    ordered = sorted(words, key=lambda word: (-len(word), word))
    return regex_cache.compile("(?:" + "|".join(re.escape(w) for w in ordered) + ")$")


def result_endings(definitions: list[Definition]) -> tuple[str, ...]:
    """Every definition's result words: what result_pattern matches at a label's end, for str.endswith."""
    return tuple(sorted({w for d in definitions for w in d.result}))


def names_a_result(figures: list[Quantity], endings: tuple[str, ...]) -> bool:
    """Some figure's label names a definition's result (else check_sentence finds nothing in them):
    result_pattern's test without the regex engine (its `$` also matches before a final line break)."""
    return any(f.label and (f.label.endswith(endings) or f.label[-1] == "\n" and f.label[:-1].endswith(endings))
               for f in figures)


def check_sentence(figures: list[Quantity], definitions: list[Definition],
                   results: Optional[re.Pattern] = None,
                   around: Optional[list[Quantity]] = None,
                   resolved: Optional[set[int]] = None) -> list[DefinitionCheck]:
    """Definitions whose result and operands are all stated in this sentence.

    `results` (from result_pattern) lets a sentence that names no defined figure be skipped
    at once, which is nearly every sentence. `around` are the figures of the sentences right
    before and after it in the same paragraph: an operand the sentence does not state is
    taken from them when exactly one of them names it (全年预算200万元。已完成拨付190万元，
    执行率95%), and never one of another year, nor one the sentence states in its own words
    (_own_figure_for), nor one its own sentence pairs or gives another subject (_borrowable).
    `resolved`, when given, collects the ids of
    the stated figures a definition could be checked on, agreeing or not (so that control.py's
    reading of a 控制率 leaves them alone).
    """
    found = []
    labelled = [f for f in figures if f.label]
    if not labelled or len(labelled) < 2 and not around:
        return found
    if results is not None and not any(results.search(f.label) for f in labelled):
        return found
    for definition in definitions:
        stated = _pick(labelled, definition.result, lambda f: f.is_percent == definition.percent, exact=False)
        if stated is None:
            continue
        chosen: dict[str, Quantity] = {}
        labels: dict[str, str] = {}
        borrowed: list[str] = []
        ok = True
        for name, synonyms in definition.operands.items():
            figure = _pick([f for f in labelled if f is not stated and f not in chosen.values()], synonyms,
                           lambda f: not f.is_percent, exact=False)
            if _own_figure_for(labelled, definition, name, stated, figure):
                ok = False  # 项目预算资金12万元，已支付11.4万元，执行率95%: its own budget, in other words
                break
            if figure is None and around and not any(_names(f, synonyms) for f in labelled if f is not stated):
                figure = _pick([f for f in around if f.label and f not in chosen.values()], synonyms,
                               lambda f: not f.is_percent and (f.year is None or stated.year is None
                                                               or f.year == stated.year), exact=False)
                if figure is not None:
                    borrowed.append(name)
            if figure is None:
                if name in definition.optional:
                    continue
                ok = False
                break
            chosen[name], labels[name] = figure, figure.label
        if ok and borrowed and around and not _borrowable(definition, figures, around, chosen, borrowed):
            ok = False
        if ok and len({f.year for f in [stated, *chosen.values()] if f.year is not None}) > 1:
            ok = False  # 2023年全年预算数…，2022年实际支出…: operands of two years define no rate of one
        if ok and _subjects_split(definition, stated, chosen, figures):
            ok = False  # 全年预算数600万元，项目实际支出270万元，项目预算执行率90%: the project's budget is unstated
        if ok:
            if resolved is not None:
                resolved.add(id(stated))
            check = _recompute(definition, stated, chosen, labels,
                               [(f, f.label) for f in figures if not f.is_percent])
            if check is not None:
                check.borrowed = borrowed
                found.append(check)
    return found


def _names(figure: Quantity, synonyms: list[str]) -> bool:
    return any(figure.label.endswith(synonym) for synonym in synonyms)


def _subject(figure: Quantity, synonyms: list[str]) -> str:
    """The words a label puts before the defined name it ends with (项目预算执行率 → 项目)."""
    label = figure.label
    ending = max((synonym for synonym in synonyms if label.endswith(synonym)), key=len, default="")
    return label[:len(label) - len(ending)]


def _subjects_split(definition: Definition, stated: Quantity, chosen: dict[str, Quantity],
                    sentence: list[Quantity]) -> bool:
    """The rate names a subject (项目预算执行率) that some of its operands name and others do
    not (项目实际支出 beside 全年预算数): the operand without it may be another subject's (the
    unit's whole budget), so the rate is not surely computed from these figures. An operand
    written after one that names the subject, in the same sentence, carries it on (奖助学金项目
    实际下达预算2596万元，全年度实际总支出2595.62万元，项目预算执行率99%: the clause's subject
    is left out because it is the same)."""
    subject = _subject(stated, definition.result)
    if not subject or len(chosen) < 2:
        return False
    in_sentence = {id(figure) for figure in sentence}
    named = {name: subject in _subject(figure, definition.operands[name]) for name, figure in chosen.items()}
    if not any(named.values()):
        return False
    first_named = min((figure.start for name, figure in chosen.items() if named[name] and id(figure) in in_sentence),
                      default=None)
    return any(not named[name] and (first_named is None or id(figure) not in in_sentence or figure.start < first_named)
               for name, figure in chosen.items())


# -- the sentence's own figures and its subject ----------------------------------------
@lru_cache(maxsize=256)
def _stages(synonyms: tuple[str, ...]) -> frozenset[str]:
    """The budget-cycle qualifiers (vocabulary.toml [qualifiers]) an operand's labels name:
    全年预算 and 调整后预算 for 预算数, 执行数 for 执行数; none for 已支付 alone."""
    vocab = vocabulary()
    return frozenset(q for q in map(vocab.qualifier_of, synonyms) if q is not None)


def _stands_for(figure: Quantity, definition: Definition, name: str) -> bool:
    """`figure` names no operand of `definition`, yet its qualifier is operand `name`'s, or a
    looser word for it (项目预算资金: 预算, for 全年预算; 实际执行: 执行数, for 执行数). A 年初预算
    is not a 全年预算: a stage of its own stands for no other stage."""
    qualifier = figure.qualifier
    if qualifier is None or figure.is_percent or not figure.label:
        return False
    if any(_names(figure, synonyms) for synonyms in definition.operands.values()):
        return False
    return any(qualifier in stage for stage in _stages(tuple(definition.operands[name])))


def _own_figure_for(labelled: list[Quantity], definition: Definition, name: str, stated: Quantity,
                    picked: Optional[Quantity]) -> bool:
    """The sentence states a figure of its own for operand `name` in words the definition does
    not list (科技创新项目预算资金12万元 beside 已支付 and 执行率): then the budget of the
    sentence before is not borrowed for it, and one the definition does name beside it
    (部门全年预算200万元，项目预算资金12万元 …) is not surely the one the rate divides by. Nor is
    the picked figure when another of the sentence names the same operand by another of its
    labels with another value (已支付85万元 beside 实际支出90万元: which one the rate divides is unsure)."""
    return any(f is not stated and f is not picked and _same_year(f, stated)
               and (_stands_for(f, definition, name) or _rival(f, picked, definition.operands[name]))
               for f in labelled)


def _rival(figure: Quantity, picked: Optional[Quantity], synonyms: list[str]) -> bool:
    """`figure` names the operand `picked` stands for, by another label, with another value."""
    if picked is None or figure.is_percent or not figure.label or not _names(figure, synonyms):
        return False
    return not figure.in_yuan.meets(picked.in_yuan)


def _same_year(figure: Quantity, stated: Quantity) -> bool:
    return figure.year is None or stated.year is None or figure.year == stated.year


def _borrowable(definition: Definition, figures: list[Quantity], around: list[Quantity],
                chosen: dict[str, Quantity], borrowed: list[str]) -> bool:
    """The operands taken from a neighbouring sentence belong with this one.

    Not when that sentence pairs the figure with another operand of its own (农业示范项目预算资金
    38万元，已支付38万元: that 已支付 is the project's, not the department's 执行率 before it),
    nor when the two sentences name different subjects (a project, …项目, against the unit as a
    whole or another project: `[subjects]` of data/definitions.toml).
    """
    used = {id(f) for f in chosen.values()}
    here = _subjects(figures)
    for name in borrowed:
        sentence = [f for f in around if f.sentence == chosen[name].sentence]
        for other in definition.operands:
            if other == name:
                continue
            synonyms = definition.operands[other]
            if any(id(f) not in used and not f.is_percent and f.label
                   and (_names(f, synonyms) or _stands_for(f, definition, other)) for f in sentence):
                return False
        there = _subjects(sentence)
        if here and there and here.isdisjoint(there):
            return False
    return True


def _subjects(figures: list[Quantity]) -> frozenset[str]:
    """What a sentence's figures say they are about: the projects their labels name, or the unit."""
    return frozenset(s for s in (subjects.subject_of_label(f.label) for f in figures if f.label) if s is not None)


def _pick(figures: list[Quantity], synonyms: list[str], accept, exact: bool) -> Optional[Quantity]:
    """The one figure whose label is the first synonym that matches any; None if none or ambiguous."""
    # the figures any synonym names, in one pass (str.endswith takes them all): usually none
    endings = tuple(synonyms)
    named = [f for f in figures if (f.label in endings if exact else f.label.endswith(endings))]
    if not named:
        return None
    for synonym in synonyms:
        hits = [f for f in named if accept(f) and (f.label == synonym if exact else f.label.endswith(synonym))
                and (exact or "年初" in synonym or "年初预算" not in f.label)]
        # (年初预算资金 is the budget at the year's start, not the 预算资金 a rate of the year is of:
        # only a synonym that says 年初 takes it; 年初财政下达资金 is money sent, a base as any)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None


# -- tables ----------------------------------------------------------------------------
CellReader = Callable[[Any], Optional[Quantity]]


def is_scoring_table(table) -> bool:
    """Whether FRM004 and FRM011 leave the table to the scores plugin (`scoring_kind`)."""
    return scoring_kind(table) is not None


def scoring_kind(table) -> Optional[str]:
    """Why a table's rates are the scores plugin's to check (SCO007), or None when they are FRM004's.

    "scored": a 自评表 (some heading row names a weight column, 分值 / 权重, and a score column,
    得分), or a budget-execution block in other words than Hunan's (调整后预算数, 预算执行数,
    预算执行率) beside a 权重 or 得分 column. "budget": a heading row naming 全年预算数, 全年执行数
    and 执行率 with neither, whose first row the scores plugin reads as the 年度资金总额 row: a
    table of such rows, one per project, has its other rows checked by FRM004. A plain budget
    table in other words (调整后预算数 | 预算执行数 | 预算执行率 per project) is None: FRM004's,
    row by row. The heading words are the roles of vocabulary.toml [table_roles].
    """
    weight, score = scoring_headings()
    budget, executed, rate = execution_headings()
    standalone = standalone_headings()  # vocabulary.toml standalone_block: the Hunan block's words
    standalone_budget, standalone_executed, standalone_rate = budget & standalone, executed & standalone, rate & standalone
    kind: Optional[str] = None
    try:
        for row in table.rows:
            texts = [c.text or "" for c in row.cells]
            if not any("分" in t or "执行率" in t for t in texts):  # cheap: every such heading says one
                continue
            keys = {heading_key(t) for t in texts}
            if (keys & weight and keys & score
                    or keys & budget and keys & executed and keys & rate and keys & (weight | score)):
                return "scored"
            if keys & standalone_budget and keys & standalone_executed and keys & standalone_rate:
                kind = "budget"
    except AttributeError:
        return None
    return kind


def scoring_tables(facts: Any) -> list[Any]:
    """The document's scoring tables (is_scoring_table), found once per document (FRM004, FRM011)."""
    kinds = scoring_kinds(facts)
    return facts.memo("formulas.scoring_tables", lambda: [table for _, table in tables(facts) if id(table) in kinds])


def scoring_kinds(facts: Any) -> dict[int, str]:
    """id(table) → its `scoring_kind`, for the document's scoring tables (found once per document)."""
    def find() -> dict[int, str]:
        kinds = ((id(table), scoring_kind(table)) for _, table in tables(facts))
        return {key: kind for key, kind in kinds if kind is not None}
    return facts.memo("formulas.scoring_kinds", find)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def scoring_headings() -> tuple[frozenset[str], frozenset[str]]:
    """Heading keys of a scoring table's weight and score columns (vocabulary.toml [table_roles])."""
    roles = vocabulary().table_roles
    return (frozenset(heading_key(word) for word in roles.weight),
            frozenset(heading_key(word) for word in roles.score))


@lru_cache(maxsize=1)
def execution_headings() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Heading keys of the budget-execution block's budget, executed and rate columns."""
    roles = vocabulary().table_roles
    return tuple(frozenset(heading_key(word) for word in words)  # type: ignore[return-value]
                 for words in (roles.budget, roles.executed, roles.rate))


@lru_cache(maxsize=1)
def standalone_headings() -> frozenset[str]:
    """Heading keys of the budget block that is one with no 分值 / 得分 beside it."""
    return frozenset(heading_key(word) for word in vocabulary().table_roles.standalone_block)


def check_table(table, definitions: list[Definition], figure_of: CellReader,
                skip: frozenset[int] = frozenset()) -> list[DefinitionCheck]:
    """Definitions whose result and operands are columns under one heading row.

    `figure_of` reads the number a cell holds alone (from the facts stage); rows whose id is
    in `skip` are another rule's (the scores plugin's budget row).
    """
    found = []
    try:
        headings: Optional[dict[int, str]] = None
        plan: list[_ColumnPlan] = []
        label_left_out = False  # the heading row's first cell is a figure's heading: no label column
        for row in table.rows:
            if not any(figure_of(c) is not None for c in row.cells):
                texts = [c.text or "" for c in row.cells]
                if sum(1 for t in texts if _CJK.search(t)) >= 2:
                    headings = {i: heading_key(t) for i, t in enumerate(texts)}
                    plan = _plan(headings, definitions)
                    label_left_out = any(item.result == 0 or 0 in item.operands.values() for item in plan)
                continue
            if headings is None or not plan or id(row) in skip:
                continue  # most rows: their heading row names no defined figure
            figures = {i: figure_of(c) for i, c in enumerate(row.cells)}
            if label_left_out and figures.get(0) is None and (row.cells[0].text or "").strip():
                # 全年预算数(A) | 全年执行数(B) | 预算执行率 over 年度资金总额: | 2000 | 1157.97 | 57.89%: the
                # label's heading spans the block from the line above (资金投入情况（万元）), so every
                # row under it has one cell more on its left than the heading row
                figures = {i - 1: figure for i, figure in figures.items() if i}
            found += _check_row(headings, figures, plan)
    except (IndexError, ValueError, AttributeError):
        return found
    return found


def heading_key(text: str) -> str:
    """'2023年实际在职人数' → '实际在职人数'; '全年\\n预算数' → '全年预算数'.

    Matched on the parse view, so a full-width year (２０２３年) is dropped like 2023年.
    """
    key = _HEADING_NOISE.sub("", _SPACE.sub("", fold(text)))
    year = YEAR.match(key)
    if year is not None:
        key = key[year.end():]
        key = key[1:] if key.startswith(_YEAR_SUFFIX) else key
    return key


class _ColumnPlan(Record):
    """Where a definition's result and operands stand under one heading row."""

    __slots__ = ("definition", "result", "operands")

    definition: Definition
    result: int
    operands: dict[str, int]  # operand name → column (optional operands without a column left out)

    def __init__(self, definition: Definition, result: int, operands: dict[str, int]) -> None:
        self.definition = definition
        self.result = result
        self.operands = operands


def _plan(headings: dict[int, str], definitions: list[Definition]) -> list[_ColumnPlan]:
    """The definitions a heading row can carry: result and every required operand have a column."""
    plans = []
    present = set(headings.values())
    for definition in definitions:
        if present.isdisjoint(definition.result):  # most heading rows name no defined figure
            continue
        result = _column(headings, definition.result)
        if result is None:
            continue
        operands: dict[str, int] = {}
        for name, synonyms in definition.operands.items():
            column = _column(headings, synonyms)
            if column is None:
                if name in definition.optional:
                    continue
                break
            operands[name] = column
        else:
            plans.append(_ColumnPlan(definition, result, operands))
    return plans


def _check_row(headings: dict[int, str], figures: dict[int, Optional[Quantity]],
               plan: list[_ColumnPlan]) -> list[DefinitionCheck]:
    found = []
    for item in plan:
        definition = item.definition
        stated = figures.get(item.result)
        if stated is None or stated.is_percent != definition.percent:
            continue
        chosen, labels = {}, {}
        for name, column in item.operands.items():
            figure = figures.get(column)
            if figure is None or figure.is_percent:
                break
            chosen[name], labels[name] = figure, headings[column]
        else:
            others = [(figure, figure.label or headings.get(column, "")) for column, figure in figures.items()
                      if figure is not None and not figure.is_percent]
            check = _recompute(definition, stated, chosen, labels, others)
            if check is not None:
                found.append(check)
    return found


def _column(headings: dict[int, str], synonyms: list[str]) -> Optional[int]:
    for synonym in synonyms:
        columns = [i for i, h in headings.items() if h == synonym]
        if len(columns) == 1:
            return columns[0]
        if columns:
            return None
    return None


# -- recomputation ---------------------------------------------------------------------
def mixed_money(figures) -> bool:
    """The money among `figures` is stated in more than one unit (万元 and 元): compared in 元."""
    return len({figure.unit for figure in figures if figure.family == "money"}) > 1


def _in_yuan(figure: Quantity) -> Interval:
    return figure.in_yuan


def _as_stated(figure: Quantity) -> Interval:
    return figure.interval


def cut_or_rounded(rate: Quantity) -> Interval:
    """The values a rate stands for when its writer may have cut it rather than rounded it
    (99% for 99.99%: [98.5%, 100%)), as a fraction; SCO007 reads a form's rates so too, and
    FRM012 a share written out in one clause."""
    cut = Interval.stated(rate.value, rate.decimals, truncated=True)
    return Interval(cut.low / 100, cut.high / 100)


def _recompute(definition: Definition, stated: Quantity, chosen: dict[str, Quantity], labels: dict[str, str],
               others: list[tuple[Quantity, str]]) -> Optional[DefinitionCheck]:
    """A check when the stated figure disagrees with its definition, else None.

    `others` are the figures (with their labels) stated alongside, tried in place of each
    operand to name the figure the writer most likely used instead.
    """
    # 81.25万元 against 812,500元: money in two units is compared in 元; an amount so defined
    # (全年预算 = 年初 + 追加) is left alone then, as its stated unit would need choosing
    mixed = mixed_money(chosen.values())
    if mixed and not definition.percent:
        return None
    value_of = _in_yuan if mixed else _as_stated
    values = {name: value_of(chosen[name]) if name in chosen else Interval.exact(0) for name in definition.operands}
    try:
        computed = evaluate(definition.tree, values).value
    except (ArithmeticProblem, KeyError):
        return None  # 0/0 and the like: nothing to claim
    if stated_matches(computed, stated.interval, definition.percent, False):
        return None
    if definition.percent and stated.value >= 0 and stated_matches(computed, cut_or_rounded(stated), True, False):
        return None  # 99% for 2595.62 / 2596 = 99.99%: cut, not rounded, as writers do to not claim 100%
    check = DefinitionCheck(definition, stated, chosen, labels, computed)
    used = {id(f) for f in chosen.values()} | {id(stated)}
    for name in chosen:
        for other, label in others:
            if id(other) in used or (not mixed and other.unit != chosen[name].unit):
                continue
            trial = dict(values)
            trial[name] = value_of(other)
            try:
                value = evaluate(definition.tree, trial).value
            except (ArithmeticProblem, KeyError):
                continue
            if stated_matches(value, stated.interval, definition.percent, False):
                check.hint = (name, other, label, value)
                return check
    return check
