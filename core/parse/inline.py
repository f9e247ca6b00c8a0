"""Pydantic instances that hold their fields in the instance, not in a dict of their own.

Set one by one with object's setattr on a fresh instance, CPython keeps an instance's
attributes in its inline values, keyed by the class's shared keys (PEP 412), with no dict
of their own: a span takes ~120 bytes instead of ~270, a fact of 16 fields ~240 instead of
~330. A dict is made only when something asks for `__dict__` (model_dump, ==, pickling,
assignment through pydantic), and it then holds the same values in the same order.

CPython 3.11 lets a class's shared keys grow only while it has made few instances (each new
instance shrinks the room left), so a class's names are given to it with `share_names` when
it is new, before instances are made another way (validated, or with a `__dict__` of their
own), which would otherwise leave no room and give every instance a dict again.

Used by the parser's nodes (reportlint.parse.model), the facts (reportlint.facts.base) and
the findings (reportlint.pluginapi.findings); tests/test_parse.py, test_facts_construct.py
and test_findings_compact.py measure what each takes.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

_set = object.__setattr__
setter_of = _set.__get__
"""`setter_of(instance)`: object's setattr bound to `instance`. Calling it makes one argument
tuple per field set where `object.__setattr__(instance, name, value)` makes two (3.11's slot
wrappers have no vectorcall: the call's tuple, then a slice of it without the instance): a
16-field fact is set about a quarter faster, a span (seven names) about a tenth."""


def share_names(cls: type, names: Iterable[str]) -> None:
    """Put `names` in the shared keys of `cls`, in this order (a probe instance, dropped)."""
    probe = object.__new__(cls)
    for name in names:
        _set(probe, name, None)


def set_fields(instance: object, values: dict[str, Any]) -> Callable[[str, Any], None]:
    """Set each of `values` on `instance` with object's setattr: into its inline values.
    Gives the bound setter it used, for the caller's other names (pydantic's three slots)."""
    set_on = setter_of(instance)
    for name, value in values.items():
        set_on(name, value)
    return set_on
