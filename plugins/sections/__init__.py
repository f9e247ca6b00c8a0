"""Built-in checker plugin: sections."""

from __future__ import annotations

from reportlint.hookspecs import hookimpl


@hookimpl
def reportlint_register_rules():
    return []
