"""The formulas plugin's data files (data/*.toml: definitions, identities, trigger words),
each read and parsed once however many modules take a table from it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlint.parse.toml_files import load_toml
from reportlint.parse.package_files import package_file


@lru_cache(maxsize=None)
def data_file(name: str) -> dict[str, Any]:
    """The parsed TOML of data/`name`, shipped with the plugin."""
    text = package_file("reportlint.plugins.formulas", "data", name).read_text(encoding="utf-8")
    return load_toml(text)
