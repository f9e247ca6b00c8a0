"""What every fact has: where it stands and what names it.

A fact is one thing a report states (an amount, a date, a scoring row …). Facts are
pydantic models so their schema is documented and exportable (`reportlint facts`), but
they compare by identity: two facts are two places in the text, even when they read alike.
`block` and `container` point back into the document model and are never exported.

The readers make facts with `Fact.build` (see `construct`): their values have the declared
types by construction, and validating them again cost more than reading the report did.
"""


from functools import cached_property
from typing import Any, Callable, ClassVar, Generic, Optional, TypeVar, overload

from pydantic import BaseModel, ConfigDict
from pydantic_core import PydanticUndefined

from ..parse.inline import set_fields, share_names
from ..parse.model import Span, parsed_span

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound="Fact")
T = TypeVar("T")
MISSING: Any = PydanticUndefined  # what a required field not given holds (it fails validation)


class _FieldNames(set[str]):
    """A `__pydantic_fields_set__` shared by every instance with the same fields set (`shared`).

    A set per instance was ~440 bytes of each fact. Pydantic adds a field's name to the
    set when the field is assigned (`fact.partial = True`): `Fact.__setattr__` first moves
    such an instance to the shared set that includes the name, so what one instance
    reports never changes another's.
    """

    __slots__ = ()

    def __copy__(self) -> set[str]:  # model_copy copies the set, then updates the copy
        return set(self)

    def __reduce__(self) -> tuple[Any, ...]:  # a pickled or deep-copied fact gets a plain set of its own
        return (set, (list(self),))


_SHARED_NAMES: dict[frozenset[str], _FieldNames] = {}
_WITH_NAME: dict[tuple[int, str], _FieldNames] = {}  # (id of a shared set, a name) → the set with it added


def _with_name(names: _FieldNames, name: str) -> _FieldNames:
    key = (id(names), name)  # shared sets are kept for the process, so their ids stay theirs
    found = _WITH_NAME.get(key)
    if found is None:
        found = _WITH_NAME[key] = shared(names | {name})
    return found


def shared(names: "set[str] | dict[str, Any]") -> _FieldNames:
    """The one shared fields set holding exactly `names` (a handful per fact kind; kept for the
    process, so that `_WITH_NAME` can key them by id)."""
    key = frozenset(names)
    found = _SHARED_NAMES.get(key)
    if found is None:
        found = _SHARED_NAMES.setdefault(key, _FieldNames(key))  # (one winner if two threads race)
    return found


class _Template:
    """One model class's fields with their defaults, in declaration order, worked out once."""

    __slots__ = ("name", "fields", "size", "blank", "every", "fresh", "private", "names")

    def __init__(self, cls: type[BaseModel]):
        self.name = cls.__name__
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
        self.size = len(self.fields)
        # every field in declaration order, with its default (MISSING when required): copied
        # and updated by `construct`, whatever order the values are given in
        self.blank = dict(self.fields)
        # the class's names, kept properties included, shared before `construct` makes its
        # first instance (reportlint.parse.inline): left out, the second value a quantity kept
        # gave it a table of its own (~790 bytes: 3 MB on a 300-copy report's quantities)
        share_names(cls, [*self.fields, *_cached_names(cls)])
        self.every = shared(self.fields)  # the fields set of an instance given every field
        self.private: dict[str, Any] = dict(getattr(cls, "__private_attributes__", {}))  # name → ModelPrivateAttr
        # the shared fields set of each combination of some fields, keyed by the names in the
        # order given (a reader gives the same few again and again)
        self.names: dict[tuple[str, ...], _FieldNames] = {}

    def names_of(self, values: dict[str, Any]) -> "_FieldNames":
        """The shared fields set of these given fields (a name the model lacks raises TypeError)."""
        key = tuple(values)
        found = self.names.get(key)
        if found is None:
            extra = set(values) - set(self.fields)
            if extra:
                raise TypeError(f"{self.name} has no field {sorted(extra)}")
            found = self.names[key] = shared(values)
        return found


class kept_property(Generic[T]):
    """A property worked out once per fact and kept in the instance, as functools'
    cached_property keeps it, but stored as an ordinary attribute (object's setattr):
    cached_property writes through `instance.__dict__`, which gives a fact built by
    `construct` (its fields held in the instance, no dict of its own) a dict of 48 bytes
    and more. For values that are not fields (never exported, never validated)."""

    def __init__(self, func: Callable[[Any], T]):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: Optional[type] = None) -> "kept_property[T]": ...

    @overload
    def __get__(self, instance: object, owner: Optional[type] = None) -> T: ...

    def __get__(self, instance: Optional[object], owner: Optional[type] = None) -> "T | kept_property[T]":
        if instance is None:
            return self
        value = self.func(instance)
        _set(instance, self.name, value)  # found before this (non-data) descriptor from now on
        return value


def _cached_names(cls: type) -> tuple[str, ...]:
    """The names of the class's kept and cached properties: each keeps its value in the
    instance, under its own name, the first time it is asked for."""
    own = cls.__mro__[:cls.__mro__.index(BaseModel)] if issubclass(cls, BaseModel) else cls.__mro__
    # (BaseModel and what it derives from hold neither, and ~100 names to look through per class)
    return tuple(name for klass in own for name, attr in vars(klass).items()
                 if isinstance(attr, (kept_property, cached_property)))


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

    The fields are held in the instance, in declaration order whatever the order given, with
    no dict of their own (reportlint.parse.inline, as the parser holds a node's): ~90 bytes less
    per fact than a dict each, 6 MB of a 300-copy report's peak memory.
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        template = _TEMPLATES[cls] = _Template(cls)
    data = template.blank.copy()
    data.update(values)
    if len(data) != template.size:  # a name the model does not have
        template.names_of(values)  # (raises TypeError naming it)
    if len(values) == template.size:  # every field given (the readers' usual case)
        names = template.every
    else:
        found = template.names.get(tuple(values))
        names = found if found is not None else template.names_of(values)
        for name, factory in template.fresh:
            if name not in values:
                data[name] = factory()
    instance = _new(cls)
    set_on = set_fields(instance, data)
    set_on("__pydantic_fields_set__", names)
    set_on("__pydantic_extra__", None)
    set_on("__pydantic_private__", _private_defaults(template, data) if template.private else None)
    return instance


def _private_defaults(template: _Template, data: dict[str, Any]) -> dict[str, Any]:
    """Fresh defaults of the private attributes, as pydantic gives a validated instance."""
    out: dict[str, Any] = {}
    for name, attr in template.private.items():
        default = attr.get_default(call_default_factory=True, validated_data=data)
        if default is not PydanticUndefined:
            out[name] = default
    return out


def copy_with(fact: M, update: dict[str, Any]) -> M:
    """`fact.model_copy(update=update)` (a shallow copy, the fields set including the updated
    names), with a shared fields set instead of a new one."""
    data = fact.__dict__.copy()
    data.update(update)
    instance = _new(type(fact))
    set_on = set_fields(instance, data)  # held in the instance, as `construct` holds them
    set_on("__pydantic_fields_set__", shared(set(fact.__pydantic_fields_set__).union(update)))
    set_on("__pydantic_extra__", None if fact.__pydantic_extra__ is None else dict(fact.__pydantic_extra__))
    private = fact.__pydantic_private__
    set_on("__pydantic_private__", None if private is None else dict(private))
    return instance


# A Span from four ints, unvalidated like `construct`: the parser's builder, whose spans hold
# their four ints without a dict each (about 136 bytes instead of 270; most facts make one).
make_span = parsed_span


class Fact(BaseModel):
    """Base of every fact kind."""

    # defer_build: the schema is built when first needed (validation, model_dump, JSON schema);
    # a check run builds facts with `build` and never needs it, so it costs no start-up time
    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid", defer_build=True,
                              ignored_types=(kept_property,))

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

    def __setattr__(self, name: str, value: Any) -> None:
        """Pydantic's, after moving a shared fields set to the one with the name (see _FieldNames)."""
        names = self.__pydantic_fields_set__
        if name not in names and type(names) is _FieldNames and name in type(self).model_fields:
            _set(self, "__pydantic_fields_set__", _with_name(names, name))
        super().__setattr__(name, value)

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

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid", defer_build=True)  # built with `construct`

    value: Any
    source: str  # 评价年度 | 标题 | 前言 | 填报日期 | 落款 | … (the kind of place)
    span: Optional[Span] = None
    text: str = ""  # the words it was read from


def located(**fields: Any) -> Located:
    """A `Located` of the readers' values, built unvalidated like the facts (`construct`):
    validating one built its schema, and that of every fact kind it can hold, at every start."""
    return construct(Located, fields)
