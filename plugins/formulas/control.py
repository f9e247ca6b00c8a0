"""The 控制率 of a 专项 (FRM004): `三公经费预算20万元，实际支出15万元，控制率75%`.

A control rate is the actual figure over its base: the spending of a 专项 (三公经费, 会议费,
公用经费 …) over its budget, or spending over 收入. Reports state it in one sentence right
after the two figures, which is where it is read: the two money figures nearest before the
rate in its sentence, one on the base side and one on the actual side, naming no other
subject than the rate's. Regions define the rate differently, so a stated rate is reported
only when none of the readings gives it (实际 / 预算, the saving rate (预算 − 实际) / 预算 and
its signed form, and 100% for spending within its budget: the control target met), its
sentence does not compare with another year, and no other pair of figures of the sentence
gives it. The words are data: `[control_rates]` of
data/definitions.toml.
"""


from decimal import Decimal
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict

from reportlint.facts import Facts, Quantity
from reportlint.facts.formulas import evaluate, parse_constant, stated_matches
from reportlint.numbers import ArithmeticProblem, Interval

from .datafiles import data_file
from .reading import blocks
from reportlint.parse.records import Record

FORMULA = "实际 / 预算"
_ONE_HUNDRED_PERCENT = Decimal(1)


class ControlWords(BaseModel):
    model_config = ConfigDict(extra="forbid")

    results: list[str]
    base: list[str]
    actual: list[str]
    filler: list[str]
    not_money: list[str]
    other_years: list[str]
    also: list[str]


@lru_cache(maxsize=1)
def words() -> ControlWords:
    return ControlWords.model_validate(data_file("definitions.toml")["control_rates"])


@lru_cache(maxsize=1)
def _trees() -> tuple[Any, ...]:
    return tuple(parse_constant(formula) for formula in [FORMULA, *words().also])


class ControlCheck(Record):
    """A stated control rate that no reading of its base and actual figure gives."""

    __slots__ = ("stated", "base", "actual", "computed", "alternatives")

    stated: Quantity
    base: Quantity
    actual: Quantity
    computed: Interval  # actual / base, a fraction
    alternatives: list[tuple[str, Interval]]  # (formula, what it gives) for the other readings

    def __init__(self, stated: Quantity,
                 base: Quantity,
                 actual: Quantity,
                 computed: Interval,
                 alternatives: list[tuple[str, Interval]]) -> None:
        self.stated = stated
        self.base = base
        self.actual = actual
        self.computed = computed
        self.alternatives = alternatives

    def shown(self) -> list[tuple[str, Interval]]:
        """Each reading (实际 / 预算 first) with what the figures as written give, for a message."""
        values = _readings(self.base, self.actual, exact=True) or []
        return list(zip([FORMULA, *words().also], values))


def control_checks(facts: Facts, skip: set[int]) -> list[ControlCheck]:
    """Every prose control rate its sentence's figures contradict (`skip`: ids of blocks and
    rates left to others: scoring tables, rates a [[definition]] reads)."""
    vocab = words()
    endings = tuple(vocab.results)
    found: list[ControlCheck] = []
    for item in blocks(facts):
        if id(item.block) in skip:
            continue
        figures = item.figures
        for index, rate in enumerate(figures):
            if not rate.is_percent or id(rate) in skip or not rate.label.endswith(endings):
                continue  # (most rates: no 控制率 word ends the label)
            ending = next((w for w in vocab.results if rate.label.endswith(w)), None)
            if ending is None:
                continue
            subject = _strip(rate.label[:-len(ending)], vocab.filler)
            if any(word in subject for word in vocab.not_money):
                continue
            check = _check(facts, rate, subject, figures[:index], vocab)
            if check is not None:
                found.append(check)
    return found


def _check(facts: Facts, rate: Quantity, subject: str, before: list[Quantity],
           vocab: ControlWords) -> Optional[ControlCheck]:
    same = [f for f in before if f.sentence == rate.sentence]
    last_rate = max((i for i, f in enumerate(same) if f.is_percent), default=-1)
    money = [f for f in same[last_rate + 1:] if f.family == "money"]
    if len(money) < 2 or _other_year(facts, rate, vocab):
        return None
    pair = _roles(money[-2], money[-1], vocab)
    if pair is None:
        return None
    base, actual = pair
    if subject and not any(subject in f.label for f in pair):
        return None  # 公用经费预算30万元，实际支出28万元，三公经费控制率…: another subject
    values = _readings(base, actual)
    if values is None or any(stated_matches(v, rate.interval, True, False) for v in values):
        return None
    if rate.interval.contains(_ONE_HUNDRED_PERCENT) and actual.in_yuan.low <= base.in_yuan.high:
        return None  # 控制率100% of spending within its budget: the target met (控制在预算以内), a reading too
    # another pair of the sentence's figures that gives the rate: which two are meant is unsure
    for a in money:
        for b in money:
            if a is b or {id(a), id(b)} == {id(base), id(actual)}:
                continue
            other = _readings(a, b)
            if other is not None and any(stated_matches(v, rate.interval, True, False) for v in other):
                return None
    return ControlCheck(rate, base, actual, values[0], list(zip(vocab.also, values[1:])))


def _readings(base: Quantity, actual: Quantity, exact: bool = False) -> Optional[list[Interval]]:
    """What each reading (实际 / 预算 first, then `also`) gives, on the figures' rounding
    intervals (or as written: `exact`); None on a zero base."""
    if exact:
        values = {"预算": Interval.exact(base.in_yuan.mid), "实际": Interval.exact(actual.in_yuan.mid)}
    else:
        values = {"预算": base.in_yuan, "实际": actual.in_yuan}
    out = []
    for tree in _trees():
        try:
            out.append(evaluate(tree, values).value)
        except (ArithmeticProblem, KeyError):
            return None
    return out


def _roles(first: Quantity, second: Quantity, vocab: ControlWords) -> Optional[tuple[Quantity, Quantity]]:
    """(base, actual) when one figure is on each side and they name no different subjects."""
    roles = (_role(first, vocab), _role(second, vocab))
    if set(roles) != {"base", "actual"}:
        return None
    base, actual = (first, second) if roles[0] == "base" else (second, first)
    a = _strip(_strip(base.label, vocab.base + vocab.actual), vocab.filler)
    b = _strip(_strip(actual.label, vocab.base + vocab.actual), vocab.filler)
    if a and b and a not in b and b not in a:
        return None  # 公用经费预算 and 三公经费支出: two subjects
    return base, actual


def _role(figure: Quantity, vocab: ControlWords) -> Optional[str]:
    if figure.basis == "budget":
        return "base"
    if figure.basis == "actual":
        return "actual"
    label = figure.label
    is_base = any(word in label for word in vocab.base)
    is_actual = any(word in label for word in vocab.actual)
    if is_base != is_actual:
        return "base" if is_base else "actual"
    return None


def _other_year(facts: Facts, rate: Quantity, vocab: ControlWords) -> bool:
    """The rate's sentence compares with another year (较上年, 同比): it may be a change rate."""
    item = facts.block_text(rate.block)
    if item is None:
        return True
    start, end = item.sentence_bounds(rate.start)
    sentence = item.view[start:end]
    return any(word in sentence for word in vocab.other_years)


def _strip(label: str, words_: list[str]) -> str:
    for word in sorted(words_, key=len, reverse=True):
        label = label.replace(word, "")
    return label
