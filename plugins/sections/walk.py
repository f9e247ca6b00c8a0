"""The report's sections in document order, for the family's helpers and rules.

`Document.walk_sections()` is a generator per level of the outline, so each section costs a
step per level above it; the family reads `Document.section_list()`, the tuple every rule
and the facts stage share, instead of each walking the tree again.
"""

from __future__ import annotations

from typing import Sequence

from reportlint.parse.model import Section
from reportlint.pluginapi.context import CheckContext


def all_sections(context: CheckContext) -> Sequence[Section]:
    """Every section of the document, parents before their children (`walk_sections` order)."""
    return context.document.section_list()
