"""Built-in checker plugin: dates."""

from __future__ import annotations

from reportlint.hookspecs import hookimpl


@hookimpl
def reportlint_register_rules():
    return []
