"""Stage 3, facts: one typed reading of the report that every rule and plugin shares.

    facts = context.facts            # in a plugin or a rule
    for amount in facts.amounts:     # Amount(label='全年预算数', value=Decimal('106.06'), unit='万元', …)
        ...

docs/facts.md documents every kind and attribute. The modules, one concept each:
`text` (blocks, sentences, years, sections), `vocabulary` (the words, from data/),
`quantities` (Amount, Rate, Count, Score), `store` (Facts, lazy per kind), and one module
per further kind (dates, formulas, breakdowns, changes, scores, report).
"""

from __future__ import annotations

from .base import Fact, Located
from .quantities import Amount, Count, Number, Quantity, Rate, Score
from .store import Facts
from .text import BlockText
from .vocabulary import Vocabulary, vocabulary

__all__ = ["Amount", "BlockText", "Count", "Fact", "Facts", "Located", "Number", "Quantity", "Rate",
           "Score", "Vocabulary", "vocabulary"]
