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

    def format(self, result: "RunResult") -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def is_pseudo_path(path: str) -> bool:
    """Run-level findings (a plugin that failed to load) carry `<plugin NAME>` instead of a file."""
    return path.startswith("<plugin ") and path.endswith(">")


def builtin_formatters() -> dict[str, type[Formatter]]:
    import importlib

    from .json import JsonFormatter
    from .text import TextFormatter

    found: dict[str, type[Formatter]] = {"text": TextFormatter, "json": JsonFormatter}
    # Formats that live in their own modules; a missing optional one is simply not offered.
    for module, cls in (("jsonl", "JsonLinesFormatter"), ("sarif", "SarifFormatter"),
                        ("junit", "JunitFormatter"), ("github", "GithubFormatter"),
                        ("html", "HtmlFormatter")):
        try:
            mod = importlib.import_module(f"{__name__}.{module}")
        except ImportError:
            continue
        formatter = getattr(mod, cls, None)
        if formatter is not None:
            found[formatter.name] = formatter
    return found
