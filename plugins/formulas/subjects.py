"""What a figure is about beyond its label: a project a label or a heading names (农业示范项目,
（一）乡村振兴示范村建设项目), or the unit as a whole (部门, 单位). FRM004 borrows no operand
across two subjects; FRM005 compares no figures of two projects. The words are data:
`[subjects]` of data/definitions.toml.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from .datafiles import data_file

UNIT = "（单位整体）"  # the subject of a label naming the unit as a whole


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    table = data_file("definitions.toml").get("subjects", {})
    return tuple(table.get("project", [])), tuple(table.get("unit", []))


@lru_cache(maxsize=4096)  # labels and titles recur within and across reports
def project_named(text: str, before: int = 2) -> Optional[str]:
    """The project `text` names: everything up to the first word of `project` with at least
    `before` characters ahead of it (农业示范项目已支付 → 农业示范项目; 项目支出, 该项目 name none)."""
    ends = []
    for word in _words()[0]:
        at = text.find(word, before)
        if at >= 0:
            ends.append(at + len(word))
    return text[:min(ends)] if ends else None


@lru_cache(maxsize=4096)
def subject_of_label(label: str) -> Optional[str]:
    """The project a label names, else UNIT when it names the unit as a whole, else None."""
    name = project_named(label)
    if name is not None:
        return name
    return UNIT if any(word in label for word in _words()[1]) else None
