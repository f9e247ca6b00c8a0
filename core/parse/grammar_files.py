"""Loading the .lark grammars from the installed package (works from a wheel, not only a checkout)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_grammar(name: str) -> str:
    """Text of grammars/<name>, read through importlib.resources."""
    return resources.files("reportlint.grammars").joinpath(name).read_text(encoding="utf-8")
