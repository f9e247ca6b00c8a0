"""Which figure of a disagreeing sum is most likely the wrong one (FRM002, FRM003).

A number the report states again elsewhere is corroborated; when every figure but one is,
the message names that one. Only specific numbers count (3132.88, 309; not 8 or 10, which
recur by chance).
"""

from __future__ import annotations

from reportlint.facts import Facts, Quantity

from .reading import stated_numbers


def corroborated(facts: Facts, figure: Quantity) -> bool:
    """The same specific number is stated somewhere else in the report."""
    return figure.significant and stated_numbers(facts)[figure.number] > 1


def blame(facts: Facts, total: Quantity, parts: list[Quantity]) -> str:
    """A sentence naming the figure most likely wrong, or '' when the report does not tell."""
    if not corroborated(facts, total) and total.significant and all(corroborated(facts, p) for p in parts):
        return f"各分项均在报告别处出现过，合计 {total.number} 最可能有误。"
    doubtful = [p for p in parts if p.significant and not corroborated(facts, p)]
    if corroborated(facts, total) and len(doubtful) == 1 and all(
            corroborated(facts, p) or not p.significant for p in parts if p is not doubtful[0]):
        return f"合计 {total.number} 在报告别处也出现，分项 {doubtful[0].number} 最可能有误。"
    return ""
