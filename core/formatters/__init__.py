"""Output formats. Each is a Formatter subclass registered by name through
`reportlint_register_formatters`; the built-in ones are listed in `builtin_formatters`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..pluginapi.rules import Rule
    from ..run.runner import RunResult


class Formatter:
    """Turns a run's results into text (or bytes-safe text) for a file or the terminal."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    needs_text: ClassVar[bool] = False  # the formatter shows the report text (html)

    def __init__(self, rules: "dict[str, type[Rule]]", color: bool = False):
        self.rules = rules
        self.color = color

    streams: ClassVar[bool] = False  # the output can be written file by file (see StreamingFormatter)

    def format(self, result: "RunResult") -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class StreamingFormatter(Formatter):
    """A format whose output is the files' parts in order, then a closing part.

    The command line writes `begin()`, then `format_file(each file result)` as results
    arrive (in the order of the files), then `end(run)`, so a batch's findings need not all
    be held to the end; `format` is the same three for a whole run, so both ways give the
    same bytes. `end` gets the run with its run-level findings (`extra`) and every file,
    whose findings may by then be compact stand-ins with only `rule` and `severity`.
    """

    streams: ClassVar[bool] = True

    def begin(self) -> str:
        return ""

    def format_file(self, file_result) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def end(self, result: "RunResult") -> str:
        return ""

    def format(self, result: "RunResult") -> str:
        return self.begin() + "".join(self.format_file(item) for item in result.files) + self.end(result)


def is_pseudo_path(path: str) -> bool:
    """Run-level findings (a plugin that failed to load) carry `<plugin NAME>` instead of a file."""
    return path.startswith("<plugin ") and path.endswith(">")


# The built-in formats: (name, module, class). Each module is imported only when its format
# is used (or listed): a one-file JSON run does not load the terminal, HTML or XML code.
BUILTIN: tuple[tuple[str, str, str], ...] = (
    ("text", "text", "TextFormatter"), ("concise", "concise", "ConciseFormatter"), ("json", "json", "JsonFormatter"),
    ("jsonl", "jsonl", "JsonLinesFormatter"), ("sarif", "sarif", "SarifFormatter"),
    ("junit", "junit", "JunitFormatter"), ("github", "github", "GithubFormatter"),
    ("html", "html", "HtmlFormatter"))


class _LazyFormatterType(type):
    """Metaclass of a built-in format's stand-in: its attributes are the real class's, read
    (and the module imported) on first use. Properties of a metaclass take precedence over
    the class's own attributes, so `description` and `needs_text` are never the defaults."""

    _module: str
    _class: str

    def real(cls) -> "type[Formatter]":
        import importlib

        formatter: type[Formatter] = getattr(importlib.import_module(f"{__name__}.{cls._module}"), cls._class)
        return formatter

    @property
    def description(cls) -> str:
        return cls.real().description

    @property
    def needs_text(cls) -> bool:
        return cls.real().needs_text

    @property
    def streams(cls) -> bool:
        return cls.real().streams


def _lazy(name: str, module: str, cls_name: str) -> "type[Formatter]":
    def __new__(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        return cls.real()(*args, **kwargs)  # an instance of the real class

    stub = _LazyFormatterType(cls_name, (Formatter,), {
        "__new__": __new__, "_module": module, "_class": cls_name, "name": name,
        "__doc__": f"The `{name}` format ({__name__}.{module}.{cls_name}), imported on first use."})
    return stub


def builtin_formatters() -> dict[str, type[Formatter]]:
    """The built-in formats by name, as lazy stand-ins (calling one builds the real formatter)."""
    from importlib.util import find_spec

    found: dict[str, type[Formatter]] = {}
    for name, module, cls_name in BUILTIN:
        # a missing optional module is simply not offered
        if find_spec(f"{__name__}.{module}") is not None:
            found[name] = _lazy(name, module, cls_name)
    return found
