"""Reader for plain-text reports (.txt): decoding only, the text is already in layout form."""

from __future__ import annotations

from ..source import Source


def read_text_report(data: bytes, path: str) -> Source:
    return Source.from_bytes(data, path)
