"""Combined rates (FRM009): an overall rate of several items each stated with its amount and rate.

`A项目支出30.00万元，执行率75.00%；B项目支出120.00万元，执行率96.00%；整体执行率92.50%`: each
item's budget is its spending over its rate (40.00, 125.00), so the whole is 150.00 / 165.00 =
90.91%. The words (which labels are rates, which make a rate the overall one, which amounts
are spending and which the budget) are data: `[combined_rates]` of data/identities.toml.
"""


from functools import lru_cache
from typing import Optional

from pydantic import BaseModel, ConfigDict

from reportlint.facts import Facts, Quantity
from reportlint.numbers import Interval, sum_intervals

from .datafiles import data_file
from .reading import blocks
from reportlint.parse.records import Record


class CombinedWords(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rates: list[str]
    overall: list[str]
    spent: list[str]
    budget: list[str]


@lru_cache(maxsize=1)
def words() -> CombinedWords:
    return CombinedWords.model_validate(data_file("identities.toml")["combined_rates"])


class Item(Record):
    __slots__ = ("amount", "rate", "spent", "budget", "amount_is_spending")

    amount: Quantity
    rate: Quantity
    spent: Interval  # in 元
    budget: Interval  # in 元
    amount_is_spending: bool

    def __init__(self, amount: Quantity,
                 rate: Quantity,
                 spent: Interval,
                 budget: Interval,
                 amount_is_spending: bool) -> None:
        self.amount = amount
        self.rate = rate
        self.spent = spent
        self.budget = budget
        self.amount_is_spending = amount_is_spending


class Combined(Record):
    __slots__ = ("overall", "items", "computed", "spent", "budget")

    overall: Quantity
    items: list[Item]
    computed: Interval  # the overall rate its items give, a fraction
    spent: Interval
    budget: Interval

    def __init__(self, overall: Quantity,
                 items: list[Item],
                 computed: Interval,
                 spent: Interval,
                 budget: Interval) -> None:
        self.overall = overall
        self.items = items
        self.computed = computed
        self.spent = spent
        self.budget = budget


def _kind(label: str, vocab: CombinedWords) -> Optional[str]:
    if any(word in label for word in vocab.spent):
        return "spent"
    if any(word in label for word in vocab.budget):
        return "budget"
    return None


def combined_rates(facts: Facts) -> list[Combined]:
    """Every overall rate stated after two or more items of its paragraph, with what they give."""
    vocab = words()
    found: list[Combined] = []
    for item in blocks(facts):
        figures = item.figures
        if len(figures) < 5:
            continue
        items: list[Item] = []
        for index, figure in enumerate(figures):
            if not figure.is_percent or not any(figure.label.endswith(w) for w in vocab.rates):
                continue
            ending = next(w for w in vocab.rates if figure.label.endswith(w))
            head = figure.label[:-len(ending)]
            if any(word in head for word in vocab.overall):
                if len(items) >= 2:
                    found.append(_combine(figure, items))
                items = []
                continue
            previous = figures[index - 1] if index else None
            if previous is None or previous.family != "money" or previous.sentence != figure.sentence:
                items = []
                continue
            kind = _kind(previous.label, vocab)
            rate = figure.interval
            if kind is None or rate.low <= 0:
                items = []
                continue
            if kind == "spent":
                items.append(Item(previous, figure, previous.in_yuan, previous.in_yuan / rate, True))
            else:
                items.append(Item(previous, figure, previous.in_yuan * rate, previous.in_yuan, False))
    return found


def _combine(overall: Quantity, items: list[Item]) -> Combined:
    spent = sum_intervals([i.spent for i in items])
    budget = sum_intervals([i.budget for i in items])
    return Combined(overall, list(items), spent / budget, spent, budget)
