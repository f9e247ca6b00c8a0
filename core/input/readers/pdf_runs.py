"""A PDF page's characters as the PDF reader sees them: rows on one baseline, runs of
characters with no wide gap in them (the unit both column and borderless-table detection
work on), and the text of a run with its word breaks rejoined."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlint import regex_cache

_LATIN_END = regex_cache.compile(r"[A-Za-z]$")
_LATIN_START = regex_cache.compile(r"^[A-Za-z]")


def baseline_rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by baseline (top to bottom), each row's characters left to right."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        size = max(char["bottom"] - char["top"], 1.0)
        if rows and abs(rows[-1][-1]["bottom"] - char["bottom"]) <= size * 0.4:
            rows[-1].append(char)
        else:
            rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def text_of(chars: list[dict]) -> str:
    text: list[str] = []
    previous = None
    for char in chars:
        size = max(char["bottom"] - char["top"], 1.0)
        if previous is not None and char["x0"] - previous["x1"] > size * 0.8 and char["text"] != " " \
                and (not text or text[-1] != " "):
            text.append(" ")  # a visible gap with no space glyph (positioned text)
        text.append(char["text"])
        previous = char
    return re.sub(r"[ \u00a0]{2,}", " ", "".join(text)).strip()


@dataclass
class Segment:
    """A run of characters on one baseline with no gap wider than `GAP` character sizes."""

    x0: float
    x1: float
    chars: list[dict]


GAP = 1.5  # in character sizes: a wider gap separates two columns or two table cells


def runs_of(row: list[dict], size: float) -> list[Segment]:
    """A baseline row's runs, left to right (`size`: the page's character size)."""
    out: list[Segment] = []
    for char in row:
        if not char["text"].strip():
            continue  # spaces do not fill a gap (a table padded with spaces)
        if out and char["x0"] - out[-1].x1 <= size * GAP:
            out[-1].chars.append(char)
            out[-1].x1 = max(out[-1].x1, char["x1"])
        else:
            out.append(Segment(char["x0"], char["x1"], [char]))
    return out


def join_text(before: str, after: str) -> str:
    """Two pieces of one paragraph or cell broken over lines: a hyphenated Latin word is
    joined, two Latin words get their space back, Chinese text joins as it is."""
    if before.endswith("-") and _LATIN_END.search(before[:-1]) and after[:1].islower():
        return before[:-1] + after  # a hyphenated word
    if _LATIN_END.search(before) and _LATIN_START.match(after):
        return before + " " + after
    return before + after
