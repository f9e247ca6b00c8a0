"""Small records as plain classes: what `@dataclass` gives them, without its start-up cost.

Why: `@dataclass` writes a class's `__init__`, `__repr__` and `__eq__` (and, frozen, three
more) as source text and compiles it when the module is imported: 0.4 ms a class, 1.4 ms a
frozen one, and the thirty-odd records of the check path (the parser's lines and markers,
the facts' readers, the plugins' working records) were about a twentieth of a cold one-file
check. A record here lists its fields in `__slots__` and writes its `__init__` out, compiled
once into the module's bytecode like any other function; `Record` gives it the `__repr__`
and `__eq__` a dataclass would have (read from `__slots__`), and `FrozenRecord` the
immutability and hash of a frozen one. The records that are part of the plugin API
(`Source`, `FileResult`, `RunResult`, `PluginInfo`) stay dataclasses, so that
`dataclasses.fields` and `replace` keep working on them.
"""

from typing import Any, Iterator


class Record:
    """A record whose fields are its `__slots__`: compared and shown field by field."""

    __slots__ = ()

    def _values(self) -> Iterator[Any]:
        return (getattr(self, name) for name in type(self).__slots__)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name, '<unset>')!r}" for name in type(self).__slots__)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(mine == theirs for mine, theirs in zip(self._values(), other._values()))  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # compared by value and changeable: unhashable, as a dataclass


class FrozenRecord(Record):
    """A record that cannot change once made (its `__init__` sets fields with `object.__setattr__`),
    hashed by its values, as a frozen dataclass."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__qualname__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen {type(self).__qualname__}")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self._values()))

    # pickling and copying a slotted class without a __dict__, through __setattr__'s guard
    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(self._values())

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(type(self).__slots__, state):
            object.__setattr__(self, name, value)


class IdentityRecord(Record):
    """A record compared by identity (a dataclass with eq=False): one per block, say."""

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__  # type: ignore[assignment]
