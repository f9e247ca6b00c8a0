"""Stage 4, plugin API: what a checker plugin is given and what it gives back.

    from reportlint.pluginapi import hookimpl, Rule

`hookspecs` (the hooks), `rules` (Rule, the unit a user selects), `findings` (Finding),
`context` (CheckContext, with `context.facts`), `manager` (loading and calling plugins),
`testkit` (TOML rule cases). The names below are re-exported lazily so that importing a
plugin stays cheap.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "hookimpl": "hookspecs", "hookspec": "hookspecs",
    "Rule": "rules", "NoOptions": "rules",
    "Finding": "findings", "Evidence": "findings",
    "CheckContext": "context",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
