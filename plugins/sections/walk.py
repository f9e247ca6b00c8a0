"""The report's sections in document order, walked once per document (`context.facts.memo`).

`Document.walk_sections()` is a generator per level of the outline, so each section costs a
step per level above it; the family's helpers and rules read this one list instead of each
walking the tree again.
"""

from __future__ import annotations

from reportlint.parse.model import Section
from reportlint.pluginapi.context import CheckContext


def all_sections(context: CheckContext) -> list[Section]:
    """Every section of the document, parents before their children (`walk_sections` order)."""
    document = context.document
    return context.facts.memo("sections.all", lambda: list(document.walk_sections()))
