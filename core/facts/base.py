"""What every fact has: where it stands and what names it.

A fact is one thing a report states (an amount, a date, a scoring row …). Facts are
pydantic models so their schema is documented and exportable (`reportlint facts`), but
they compare by identity: two facts are two places in the text, even when they read alike.
`block` and `container` point back into the document model and are never exported.

The readers make facts with `Fact.build` (see `construct`): their values have the declared
types by construction, and validating them again cost more than reading the report did.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticUndefined

from ..parse.model import Span

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound="Fact")
MISSING: Any = PydanticUndefined  # what a required field not given holds (it fails validation)


class _Template:
    """One model class's fields with their defaults, in declaration order, worked out once."""

    __slots__ = ("fields", "fresh", "private", "all_fields")

    def __init__(self, cls: type[BaseModel]):
        self.fields: dict[str, Any] = {}  # a required field's value stands as MISSING
        self.fresh: list[tuple[str, Any]] = []  # (name, factory) of defaults that must not be shared
        for name, info in cls.model_fields.items():
            self.fields[name] = MISSING
            if info.default_factory is not None:
                self.fresh.append((name, info.default_factory))
            elif isinstance(info.default, (list, dict, set)):
                self.fresh.append((name, info.default.copy))
            elif info.default is not PydanticUndefined:
                self.fields[name] = info.default
        self.private: dict[str, Any] = dict(getattr(cls, "__private_attributes__", {}))  # name → ModelPrivateAttr
        # one set for every instance given all its fields (read-only in practice: a fact is not
        # edited after it is read); a set per instance was 216 bytes of each
        self.all_fields: set[str] = set(cls.model_fields)


_TEMPLATES: dict[type[BaseModel], _Template] = {}
_new = object.__new__
_set = object.__setattr__


def construct(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of pydantic model `cls` from values already of its field types, unvalidated.

    What `model_construct` does, without its per-call Python work (it resolves aliases and
    defaults on every call and is slower than validating): a quantity is built in about
    1.5 µs instead of 8. A field name the model does not have raises TypeError; a required
    field left out holds MISSING. The result is an ordinary instance (`model_dump`,
    `model_copy` and the schema work as for a validated one); tests/test_facts_export.py
    validates every fact of the seed reports against its schema, so a reader passing a
    wrong type or leaving a field out is caught there.
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = _Template(cls)
    data = template.fields.copy()
    data.update(values)
    if len(data) != len(template.fields):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(values) - set(template.fields))}")
    for name, factory in template.fresh:
        if name not in values:
            data[name] = factory()
    instance = _new(cls)
    _set(instance, "__dict__", data)
    _set(instance, "__pydantic_fields_set__", template.all_fields if len(values) == len(data) else set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", _private_defaults(template, data) if template.private else None)
    return instance


def _private_defaults(template: _Template, data: dict[str, Any]) -> dict[str, Any]:
    """Fresh defaults of the private attributes, as pydantic gives a validated instance."""
    out: dict[str, Any] = {}
    for name, attr in template.private.items():
        default = attr.get_default(call_default_factory=True, validated_data=data)
        if default is not PydanticUndefined:
            out[name] = default
    return out


def make_span(line: int, column: int, end_line: int, end_column: int) -> Span:
    """A Span from four ints, unvalidated like `construct` (one is made for every fact, so
    this is `construct` written out for the one shape: half its cost)."""
    span = _new(Span)
    _set(span, "__dict__", {"line": line, "column": column, "end_line": end_line, "end_column": end_column})
    _set(span, "__pydantic_fields_set__", {"line", "column", "end_line", "end_column"})
    _set(span, "__pydantic_extra__", None)
    _set(span, "__pydantic_private__", None)
    return span


class Fact(BaseModel):
    """Base of every fact kind."""

    # defer_build: the schema is built when first needed (validation, model_dump, JSON schema);
    # a check run builds facts with `build` and never needs it, so it costs no start-up time
    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid", defer_build=True)

    kind: ClassVar[str] = "fact"

    span: Span  # where it stands in the file (1-based, end_column exclusive)
    section: tuple[str, ...] = ()  # section titles, outermost first
    label: str = ""  # the words that name it in its clause
    text: str = ""  # the characters it covers, as written
    block: Any = None  # the Paragraph or Cell it stands in (not exported)
    container: Any = None  # the Section or Attachment (None in the front matter; not exported)
    start: int = 0  # offsets in block.text
    end: int = 0

    __hash__ = object.__hash__

    @classmethod
    def build(cls: type[F], **values: Any) -> F:
        """A fact of this kind from values a reader computed (of the declared types): `construct`."""
        return construct(cls, values)

    def __eq__(self, other: object) -> bool:
        return self is other

    @property
    def line(self) -> int:
        return self.span.line

    def row(self) -> dict[str, Any]:
        """One row of `reportlint facts` output (see docs/facts.md for the columns)."""
        return {"kind": self.kind, "line": self.span.line, "column": self.span.column,
                "section": " › ".join(self.section), "label": self.label, "year": None,
                "value": None, "unit": "", "qualifier": "", "text": self.text}


class Located(BaseModel):
    """A value read off the report, with where it was read and how."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    value: Any
    source: str  # 评价年度 | 标题 | 前言 | 填报日期 | 落款 | … (the kind of place)
    span: Optional[Span] = None
    text: str = ""  # the words it was read from
