"""SEC011 mixed-marker-style: markers of one level written in different ways."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from reportlint.parse.markers import NUMERAL_RUN
from reportlint.parse.model import Section
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

from ..walk import all_sections


class MixedMarkerStyle(Rule):
    """Markers of one level are written in different ways: （一） and (一), 1. and 1、.

    ## What it does
    Markers of one level written with other brackets, punctuation or spacing than most
    markers of that level in the report are reported. They are understood as the same
    level either way; this rule is about presentation and is off by default.

    ## Why is this bad?
    Inconsistent typography looks careless in a published report.

    ## Example
    `编号写法不一致：“(四）”，本文同级编号多写作“（一）”`
    """

    code = "SEC011"
    name = "mixed-marker-style"
    title = "同级序号写法不一"
    severity = "info"
    enabled_by_default = False

    def check(self, context: CheckContext) -> Iterator[Finding]:
        by_style: dict[str, list[tuple[Section, str]]] = {}
        for section in all_sections(context):
            if section.marker is None or section.style is None:
                continue
            variant = NUMERAL_RUN.sub("N", section.marker)  # the marker's written form: （N） N、
            by_style.setdefault(section.style, []).append((section, variant))
        for items in by_style.values():
            counts = Counter(variant for _, variant in items)
            if len(counts) < 2:
                continue
            usual, _ = counts.most_common(1)[0]
            example = next(s.marker for s, v in items if v == usual)
            for section, variant in items:
                if variant == usual:
                    continue
                heading = section.heading
                start = max(heading.text.find(section.marker or ""), 0)
                yield context.finding(
                    self, f"编号写法不一致：“{section.marker}”，本文同级编号多写作“{example}”式",
                    block=heading, start=start, end=start + len(section.marker or ""),
                    evidence={"stated": section.marker, "computed": example})
