"""How facts are built and kept: shared fields sets, the block's quantities, shared spans and strings.

These are the memory savings of core/facts (base.construct, store.quantities_in, text.span_of,
text.one_copy): each must give what a validated, unshared build would.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from reportlint.facts import Amount, Facts
from reportlint.facts.base import construct, copy_with, make_span
from reportlint.facts.breakdowns import Breakdown
from reportlint.facts.dates import DateMention
from reportlint.facts.text import one_copy, span_of
from reportlint.input.source import Source
from reportlint.run.runner import get_manager, parse_with

TEXT = "一、部门基本情况\n2023年年初预算72.34万元，其中人员支出50万元、公用经费22.34万元。\n本段没有数字。\n"


def _facts(text: str = TEXT) -> Facts:
    source = Source(text, "report.txt")
    return Facts(parse_with(source, get_manager(), None), source)


def _mention(**values):
    return DateMention.build(span=make_span(1, 1, 1, 5), text="2023年", year=2023, **values)


def test_facts_built_alike_share_a_fields_set_and_an_assignment_changes_only_its_own():
    first, second = _mention(), _mention()
    assert first.model_fields_set == second.model_fields_set == {"span", "text", "year"}
    first.in_range = True
    assert first.model_fields_set == {"span", "text", "year", "in_range"}
    assert second.model_fields_set == {"span", "text", "year"}
    assert _mention().model_fields_set == {"span", "text", "year"}
    assert first.model_dump(exclude_unset=True)["in_range"] is True
    assert "in_range" not in second.model_dump(exclude_unset=True)


def test_model_copy_and_copy_with_give_the_same_copy():
    mention = _mention()
    by_pydantic = mention.model_copy(update={"year": 2022, "year_stated": False})
    by_us = copy_with(mention, {"year": 2022, "year_stated": False})
    assert by_us.__dict__ == by_pydantic.__dict__
    assert by_us.model_fields_set == by_pydantic.model_fields_set == {"span", "text", "year", "year_stated"}
    assert mention.model_fields_set == {"span", "text", "year"} and mention.year == 2023
    assert mention.with_year(2021).year == 2023  # it has a year: unchanged
    assert DateMention.build(span=make_span(1, 1, 1, 3), text="5月", month=5).with_year(2021).year == 2021


def test_construct_rejects_an_unknown_field_every_time():
    for _ in range(2):
        with pytest.raises(TypeError, match="no field"):
            _mention(colour="red")


def test_construct_gives_every_field_in_declaration_order_whatever_the_order_given():
    values = {name: None for name in reversed(Amount.model_fields)}
    values.update(span=make_span(1, 1, 1, 3), section=(), label="", text="1元", start=0, end=2,
                  number="1", value=Decimal(1), unit="元", sentence=0, in_cell=False)
    amount = construct(Amount, values)
    assert amount.__dict__ == values and amount.__dict__ is not values
    assert list(amount.__dict__) == list(amount.model_dump()) == list(Amount.model_fields)
    assert amount.model_fields_set == set(Amount.model_fields)
    assert amount.interval.low == Decimal("0.5")  # a cached property adds to its dict alone
    assert "interval" in amount.__dict__ and "interval" not in construct(Amount, dict(values)).__dict__


def test_a_fact_given_some_fields_gets_every_default_in_declaration_order():
    total = _facts().quantities[0]
    listing = Breakdown.build(span=total.span, source="prose", total=total, parts=[])
    assert list(listing.__dict__) == list(Breakdown.model_fields)
    assert listing.part_labels == [] and listing.part_labels is not Breakdown.build(
        span=total.span, source="prose", total=total, parts=[]).part_labels


def test_quantities_are_read_once_per_block_and_are_the_document_quantities():
    facts = _facts()
    prose = facts.blocks[1]
    found = facts.quantities_in(prose.block)
    assert [q.number for q in found] == ["72.34", "50", "22.34"]
    again = facts.quantities_in(prose.block)
    assert again == found and again is not found and all(a is b for a, b in zip(again, found))  # read once
    assert facts.quantities == found and all(a is b for a, b in zip(facts.quantities, found))


def test_a_block_without_figures_gives_a_new_empty_list_each_time():
    facts = _facts()
    plain = facts.blocks[2]
    empty = facts.quantities_in(plain.block)
    assert empty == []
    empty.append("not a quantity")
    assert facts.quantities_in(plain.block) == []
    assert facts.quantities_in(object()) == []


def test_a_fact_covering_its_whole_block_shares_the_block_span_and_others_get_their_own():
    facts = _facts()
    block = facts.blocks[2].block
    assert span_of(facts.source, block, 0, len(block.text)) is block.span
    part = span_of(facts.source, block, 1, 3)
    assert part is not block.span
    assert (part.line, part.column, part.end_line, part.end_column) == (
        block.span.line, block.span.column + 1, block.span.line, block.span.column + 3)


def test_one_copy_keeps_one_string_for_equal_texts():
    first = "".join(["72.", "34"])
    second = "".join(["72.", "34"])
    assert first is not second
    assert one_copy(first) is one_copy(second) == "72.34"


def test_a_pickled_or_deep_copied_fact_gets_a_fields_set_of_its_own():
    import copy
    import pickle

    for twin in (pickle.loads(pickle.dumps(_mention())), copy.deepcopy(_mention())):
        assert type(twin.model_fields_set) is set and twin.model_fields_set == {"span", "text", "year"}
        twin.in_range = True
        assert twin.model_fields_set == {"span", "text", "year", "in_range"}
    assert _mention().model_fields_set == {"span", "text", "year"}


def test_a_prose_breakdown_is_built_whole_and_adds_its_parts_once():
    listing = _facts().breakdowns[0]
    assert (listing.total.number, [p.number for p in listing.parts]) == ("72.34", ["50", "22.34"])
    assert (listing.introduced_by, listing.exhaustive, listing.rest_in_words, listing.partial) == ("其中", False, False, False)
    assert listing.model_fields_set == set(Breakdown.model_fields)  # given at build, as the assignments gave them
    assert "sum" not in listing.__dict__
    assert not listing.exceeds() and not listing.falls_short()
    added = listing.__dict__["sum"]  # worked out by the first question, kept for the next ones
    assert listing.sum is added and (added.low, added.high) == (Decimal("718350"), Decimal("728450"))
    assert "sum" not in listing.model_dump()


def test_facts_hold_their_fields_and_kept_values_without_a_dict_each():
    """A built fact keeps its fields, and the values its kept properties work out (interval,
    in_yuan), in its inline values: no dict of its own until something asks for `__dict__`.
    Measured, not inspected: asking for `__dict__` would make the dict. 1000 amounts with
    both kept values take under 310 bytes each, fact and span, besides their strings and
    intervals (~280 here; ~345 with a dict each); the values are those worked out."""
    import gc
    import tracemalloc

    values = [Decimal(f"{n}.25") for n in range(1000)]
    spans = [make_span(n + 1, 1, n + 1, 9) for n in range(1000)]
    Amount.build(span=spans[0], text="0.25万元", number="0.25", value=values[0], unit="万元")  # warm
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        amounts = [Amount.build(span=span, text=f"{value}万元", number=str(value), value=value,
                                unit="万元") for span, value in zip(spans, values)]
        for amount in amounts:
            amount.interval, amount.in_yuan
        size = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    texts = sum(len(a.text) * 2 + 80 + len(a.number) + 50 for a in amounts)  # their own strings
    intervals = 2 * (56 + 2 * 104)  # two intervals of two Decimals each
    assert (size - texts) / 1000 - intervals < 310, ((size - texts) / 1000 - intervals)
    first = amounts[0]
    assert (first.interval.low, first.interval.high) == (Decimal("0.245"), Decimal("0.255"))
    assert (first.in_yuan.low, first.in_yuan.high) == (Decimal("2450"), Decimal("2550"))
    assert first.interval is first.interval  # worked out once
    assert "interval" not in first.model_dump() and first.model_dump()["value"] == Decimal("0.25")


def test_block_text_finds_each_block_and_nothing_for_a_block_of_another_document():
    facts = _facts()
    for item in facts.blocks:
        assert facts.block_text(item.block) is item
    other = _facts()
    assert facts.block_text(other.blocks[0].block) is None
    assert facts.block_text(object()) is None
