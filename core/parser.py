"""The parsing pipeline in one call: Source → layout items → Document."""

from __future__ import annotations

from typing import Optional, Sequence

from .layout import parse_layout
from .model import Document
from .outline import build_document
from .profiles import Profile
from .source import Source


def parse_source(source: Source, profiles: Sequence[Profile] = (), profile: Optional[str] = None) -> Document:
    """Parse a decoded report into its Document, matched against the given profiles."""
    return build_document(source, parse_layout(source), profiles, profile)
