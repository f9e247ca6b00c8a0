"""Decimal intervals: rounding-aware comparison, and messages that never overflow."""

from decimal import Decimal

import pytest

from reportlint.numbers import ArithmeticProblem, Interval, format_decimal, parse_decimal
from util import check


def test_stated_figure_is_its_rounding_interval():
    stated = Interval.parse("3.98")
    assert stated == Interval(Decimal("3.975"), Decimal("3.985"))
    computed = ((Interval.parse("3257.65") - Interval.parse("3132.88")) / Interval.parse("3132.88")).percent()
    assert computed.meets(stated) and not computed.meets(Interval.parse("3.89"))


def test_full_width_and_grouped_numbers_parse():
    assert parse_decimal("３,２５７．６５") == Decimal("3257.65")
    assert parse_decimal("1..2") is None and parse_decimal("") is None


def test_division_by_an_interval_holding_zero_is_refused():
    with pytest.raises(ArithmeticProblem):
        Interval.parse("1") / Interval.parse("0.00")


@pytest.mark.parametrize("value", ["13881070357007.960166018040699", "9" * 60, "1E+400"])
def test_huge_values_format_without_error(value):
    text = format_decimal(Decimal(value), 2)
    assert text.endswith(".00") or "." in text


def test_hostile_figures_do_not_crash_a_plugin():
    findings = check("9人其中0.960166018040699名13881070357007名\n")
    assert [f.rule for f in findings if f.rule.startswith("PRS00") and f.rule != "PRS003"] == []
