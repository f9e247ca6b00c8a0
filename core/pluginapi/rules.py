"""Rules: the unit a user selects, ignores, configures and reads documentation for."""


from typing import TYPE_CHECKING, ClassVar, Iterable, Optional

from pydantic import BaseModel, ConfigDict

from reportlint import regex_cache
from .findings import Severity

if TYPE_CHECKING:
    from .context import CheckContext
    from .findings import Finding

CODE = regex_cache.compile(r"^[A-Z]{3}\d{3}$")
NAME = regex_cache.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example")


class NoOptions(BaseModel):
    """This rule has no options."""

    model_config = ConfigDict(extra="forbid")


class Rule:
    """Base class of all rules. Subclasses set the class attributes and write the docstring.

    The docstring follows ruff's sections: ``What it does``, ``Why is this bad?``,
    ``Example`` and, when the rule has options, ``Options``. ``reportlint rule CODE``
    prints it and docs/rules/ is generated from it.

    A rule that checks something on its own overrides ``check(context)``: the framework
    calls it once per file when the rule is enabled (a disabled rule costs nothing), and a
    rule that raises becomes a PRS001 finding naming it while the other rules still report.
    A rule without ``check`` is only declared: its plugin's ``reportlint_check_document``
    hook emits its findings.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str] = ""  # a short Chinese title for report writers (规则的中文名称)
    severity: ClassVar[Severity] = "error"
    enabled_by_default: ClassVar[bool] = True
    Options: ClassVar[type[BaseModel]] = NoOptions
    plugin: ClassVar[str] = ""  # filled in at registration

    def check(self, context: "CheckContext") -> "Optional[Iterable[Finding]]":
        """Return (or yield) this rule's findings for one file, made with `context.finding(self, …)`.

        Read the report through `context.facts` (docs/facts.md) and `context.document`;
        `context.options(self)` gives the rule's options.
        """
        raise NotImplementedError

    @classmethod
    def checks_itself(cls) -> bool:
        """Whether the rule has its own `check` (rather than being reported by a plugin hook)."""
        return cls.check is not Rule.check

    @classmethod
    def family(cls) -> str:
        return cls.code[:3]

    @classmethod
    def summary(cls) -> str:
        doc = (cls.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else cls.name

    @classmethod
    def display_title(cls) -> str:
        """What a report writer reads as the rule's name: its Chinese title, else its summary."""
        return cls.title or cls.summary()

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def problems(cls) -> list[str]:
        """What is wrong with the rule's declaration (empty when it is well formed)."""
        found = []
        if not CODE.match(getattr(cls, "code", "")):
            found.append(f"{cls.__name__}: code {getattr(cls, 'code', None)!r} is not three capitals + three digits")
        if not NAME.match(getattr(cls, "name", "")):
            found.append(f"{cls.__name__}: name {getattr(cls, 'name', None)!r} is not kebab-case")
        # the sections are looked for in the docstring as written: `documentation()` (inspect's
        # cleandoc) only takes off the indent, and a section name never spans a line (54 rules
        # cleaned at every start for this check were 0.4% of a one-file check)
        doc = cls.__doc__ or ""
        for section in DOC_SECTIONS:
            if section not in doc:
                found.append(f"{cls.__name__}: docstring lacks the section {section!r}")
        if cls.Options is not NoOptions and "Options" not in doc:
            found.append(f"{cls.__name__}: has options but its docstring lacks the section 'Options'")
        return found


def matches(code: str, selector: str) -> bool:
    """A selector is ALL, a family prefix (FRM), a partial code (FRM00) or a full code."""
    return selector == "ALL" or code.startswith(selector)
