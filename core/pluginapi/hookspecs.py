"""The hooks reportlint calls, as pluggy hook specifications.

Every plugin, built-in or third-party, implements some of these with `@hookimpl`.
Built-in plugins are registered exactly like external ones (see reportlint.pluginapi.manager).
docs/plugins.md documents each hook with an example; tests/test_docs.py checks that it does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Optional

import pluggy

if TYPE_CHECKING:  # imported for annotations only, to keep plugin import cheap
    from ..facts.store import Facts
    from .context import CheckContext
    from .findings import Finding
    from ..formatters import Formatter
    from ..parse.model import Document
    from ..parse.profiles import Profile
    from .rules import Rule
    from ..input.source import Source
    from ..run.config import Settings

PROJECT = "reportlint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

# The return annotations say Optional: an implementation may return None (nothing to
# contribute; the manager skips it), and a spec's body is only its docstring, which mypy's
# empty-body check accepts for a function that may return None. docs/plugins.md shows the
# values a plugin returns when it contributes something.


@hookspec
def reportlint_register_rules() -> "Optional[list[type[Rule]]]":
    """Return the rule classes this plugin contributes.

    Each rule has a unique code (three-letter family prefix + three digits), a kebab-case
    name, a default severity, an options model and a docstring in the sections
    What it does / Why is this bad? / Example / Options. Findings may only name
    registered rules.
    """


@hookspec
def reportlint_register_profiles() -> "Optional[list[Profile]]":
    """Return report profiles (templates): outline, header fields, attachments, grade bands.

    Usually loaded from TOML data files shipped with the plugin (`Profile.from_toml`).
    """


@hookspec
def reportlint_check_document(document: "Document", context: "CheckContext",
                              facts: "Facts") -> "Optional[Iterable[Finding]]":
    """Check one parsed report and return (or yield) findings made with `context.finding(...)`.

    Called once per file for every plugin that implements it, after the plugin's rules that
    have their own `Rule.check`. Ask only for the arguments you use (pluggy passes an
    implementation just those): `facts` is `context.facts`, the shared reading of the report
    (docs/facts.md). A plugin that raises here is reported as a PRS001 finding for that file;
    the other plugins' findings are kept. Skip work for rules the user turned off with
    `context.enabled(code)`. Hook wrappers are refused at registration.
    """


@hookspec
def reportlint_register_formatters() -> "Optional[dict[str, type[Formatter]]]":
    """Return output formats by name (`--format NAME`): name → Formatter subclass."""


@hookspec
def reportlint_register_readers() -> "Optional[dict[str, Callable[[bytes, str], Source]]]":
    """Return input readers by file suffix (".txt", ".docx"): suffix → reader(data, path) → Source.

    A reader turns the file's bytes into a `Source` whose text uses the layout the grammar
    parses; it raises `InputError` with one clear line for input it cannot read. Asked once
    per plugin manager (a run, a batch worker, the service), like the rules and profiles:
    the mapping is kept and each file's suffix is looked up in it.
    """


@hookspec
def reportlint_configure(settings: "Settings") -> None:
    """Called once per run with the resolved settings, before any file is checked."""
