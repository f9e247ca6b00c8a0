"""The parsing pipeline in one call: Source → layout items → Document."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator, Optional, Sequence

from .layout import parse_layout
from .model import Document
from .outline import build_document
from .profiles import Profile
from ..input.source import Source


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a document is built.

    Parsing allocates tens of thousands of small objects and no reference cycles; the
    collector's generational passes over that growing graph made parse time grow faster
    than the report (300 copies of a report took ~800x one copy instead of ~300x).
    Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_source(source: Source, profiles: Sequence[Profile] = (), profile: Optional[str] = None) -> Document:
    """Parse a decoded report into its Document, matched against the given profiles."""
    with _collector_paused():
        return build_document(source, parse_layout(source), profiles, profile)
