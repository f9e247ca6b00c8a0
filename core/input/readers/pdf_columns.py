"""Reading order across columns of a PDF page: the vertical gutter between two columns of
prose, and the frames (full-width stretches and columns) the page is read in, one after
the other (docs/inputs-and-review.md, PDF)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Optional

from .pdf_runs import Segment, runs_of

@dataclass
class Frame:
    """Rows read together: the full width of the page (column 0), or one column of a region."""

    rows: list[list[dict]]
    column: int = 0  # 0: full width; 1, 2: left, right column of a two-column region
    top: float = 0.0
    bottom: float = 0.0
    gutter: float = 0.0
    margins: Optional[tuple[float, float]] = None  # the column's left and right margins

    def key(self, top: float) -> tuple[float, int, float]:
        """Reading order: full-width rows by height; a region's columns one after the other."""
        return (top, 0, 0.0) if self.column == 0 else (self.top, self.column, top)


def left_margin(starts: list[float]) -> float:
    """Where lines start when not indented: the leftmost start shared by a tenth of the lines
    (a page of headings and indented first lines has fewer lines at the margin than indented)."""
    counts: dict[int, int] = {}
    for start in starts:
        counts[round(start)] = counts.get(round(start), 0) + 1
    enough = max(2, len(starts) // 10) if len(starts) >= 2 else 1
    shared = [x for x, count in counts.items() if count >= enough]
    return float(min(shared) if shared else statistics.mode([round(x) for x in starts]))


def crosses_gutter(row: list[dict], gutter: float, size: float) -> bool:
    return any(s.x0 - size * 0.5 < gutter < s.x1 + size * 0.5 for s in runs_of(row, size))


def frames(rows: list[list[dict]], size: float, gutter: Optional[float], forced: bool = False) -> list[Frame]:
    """The page as full-width rows and two-column regions (read left column, then right).

    `forced`: the gutter is the document's, not seen on this page; any run of rows that does not
    cross it is read as columns, even with text on one side only.
    """
    if gutter is None:
        return [Frame(rows)]

    def crosses(row: list[dict]) -> bool:
        return crosses_gutter(row, gutter, size)

    def split(row: list[dict]) -> bool:
        return any(c["x1"] < gutter for c in row) and any(c["x0"] > gutter for c in row)

    runs: list[tuple[bool, list[list[dict]]]] = []  # (two columns?, rows)
    for row in rows:
        two = not crosses(row)
        if runs and runs[-1][0] == two:
            runs[-1][1].append(row)
        else:
            runs.append((two, [row]))
    frames: list[Frame] = []
    for two, run in runs:
        if not two or (sum(split(row) for row in run) < 2 and not forced):
            frames.append(Frame(run))  # full width (a title, a paragraph across both columns)
            continue
        top, bottom = min(c["top"] for row in run for c in row), max(c["bottom"] for row in run for c in row)
        for column in (1, 2):
            side = [[c for c in row if ((c["x0"] + c["x1"]) / 2 < gutter) == (column == 1)] for row in run]
            side = [row for row in side if row]
            if side:
                margins = (left_margin([row[0]["x0"] for row in side]), max(row[-1]["x1"] for row in side))
                frames.append(Frame(side, column, top, bottom, gutter, margins))
    return frames


def gutter(rows: list[list[dict]], size: float) -> Optional[float]:
    """The x of a vertical gutter splitting the page into two columns of prose, or None.

    A gutter is an x band, in the middle half of the text width, that no character crosses on
    at least three quarters of the rows while at least 40 % of the rows have text on both of
    its sides; and the two sides read as prose: one run of text on each side of those rows, most
    of them filling their column. A centred title, an indented block or a whitespace-aligned
    table on a single-column page fails one of these, and the page is read line by line.
    """
    if len(rows) < 6:
        return None
    segments = [runs_of(row, size) for row in rows]
    spans = [s for row in segments for s in row]
    if not spans:
        return None
    x_min, x_max = min(s.x0 for s in spans), max(s.x1 for s in spans)
    width = x_max - x_min
    if width < size * 20:
        return None
    step = max(size / 2, 1.0)
    best: list[tuple[float, int]] = []  # candidate x, rows with text on both sides
    x = x_min + width * 0.25
    while x <= x_max - width * 0.25:
        blocked = both = 0
        for row in segments:
            if any(s.x0 - size * 0.5 < x < s.x1 + size * 0.5 for s in row):
                blocked += 1
            elif any(s.x1 < x for s in row) and any(s.x0 > x for s in row):
                both += 1
        if blocked <= len(rows) * 0.25 and both >= max(5, len(rows) * 0.4):
            best.append((x, both))
        x += step
    if not best:
        return None
    # the band of candidates around the best one; the gutter is its middle
    top_x, top_count = max(best, key=lambda item: item[1])
    band = [x for x, count in best if abs(x - top_x) <= width * 0.25 and count >= top_count * 0.9]
    gutter = (min(band) + max(band)) / 2
    pairs: list[tuple[Segment, Segment]] = []
    unsplit = 0
    for row in segments:
        left = [s for s in row if s.x1 < gutter]
        right = [s for s in row if s.x0 > gutter]
        if not left or not right or any(s.x0 <= gutter <= s.x1 for s in row):
            continue
        if len(left) != 1 or len(right) != 1:
            unsplit += 1
            continue
        pairs.append((left[0], right[0]))
    if len(pairs) < 5 or unsplit > 0.2 * (len(pairs) + unsplit):
        return None
    for side, span in ((0, gutter - x_min), (1, x_max - gutter)):
        runs = [pair[side] for pair in pairs]
        margin = max(run.x1 for run in runs)
        if statistics.median(run.x1 - run.x0 for run in runs) < 0.6 * span:
            return None  # short runs on either side: a table, not two columns of prose
        if sum(run.x1 >= margin - size * 3 for run in runs) < 0.5 * len(runs):
            return None  # most lines of a column of prose are wrapped at its right margin; a table's cells are ragged
    return gutter
