"""reportlint.parse.records: plain-class records behave as the dataclasses they replaced."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import pytest

from reportlint.numbers import Interval
from reportlint.parse.markers import MarkerStyle
from reportlint.parse.records import FrozenRecord, IdentityRecord, Record


class Point(Record):
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int = 0) -> None:
        self.x = x
        self.y = y


class Other(Record):
    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int = 0) -> None:
        self.x = x
        self.y = y


class Frozen(FrozenRecord):
    __slots__ = ("a", "b")

    def __init__(self, a: str, b: int) -> None:
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)


class Block(IdentityRecord):
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def test_a_record_is_compared_and_shown_field_by_field():
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Other(1, 2)  # another class is never equal, as with dataclasses
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    with pytest.raises(TypeError):
        hash(Point(1, 2))  # changeable and compared by value: unhashable
    point = Point(1)
    point.y = 5
    assert point.y == 5 and not hasattr(point, "__dict__")
    with pytest.raises(AttributeError):
        point.z = 1  # only its fields


def test_a_frozen_record_cannot_change_and_is_hashed_by_value():
    frozen = Frozen("a", 1)
    with pytest.raises(AttributeError):
        frozen.a = "b"
    with pytest.raises(AttributeError):
        del frozen.b
    assert hash(frozen) == hash(Frozen("a", 1)) and {frozen: 1}[Frozen("a", 1)] == 1
    for twin in (pickle.loads(pickle.dumps(frozen)), copy.copy(frozen), copy.deepcopy(frozen)):
        assert twin == frozen and twin is not frozen


def test_an_identity_record_is_equal_only_to_itself():
    block = Block("一")
    assert block == block and block != Block("一") and {block: 1}[block] == 1


def test_the_core_records_keep_their_dataclass_behaviour():
    interval = Interval(Decimal("1.5"), Decimal("2.5"))
    assert interval == Interval(Decimal("1.5"), Decimal("2.5")) and interval + interval == Interval(Decimal(3), Decimal(5))
    assert repr(interval) == "Interval(low=Decimal('1.5'), high=Decimal('2.5'))"
    with pytest.raises(AttributeError):
        interval.low = Decimal(0)
    assert pickle.loads(pickle.dumps(interval)) == interval and len({interval, Interval.exact("2")}) == 2
    style = MarkerStyle("cn", 1, "", "一", "、", None, "{n}、")
    assert style == MarkerStyle("cn", 1, "", "一", "、", None, "{n}、") and hash(style)
