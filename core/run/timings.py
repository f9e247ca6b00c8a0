"""Where a check's time goes: `reportlint check --timings`.

ESLint's `TIMING=1` and pytest's `--durations` answer the question a plugin author and a
bureau running thousands of reports both ask: which rule, or which kind of fact, costs the
most. When asked, each file's check measures its parse, each rule's own work, and each kind
of fact (`facts.get`) and derived value (`facts.memo`) it reads. Time is charged once, to
the innermost of these: a rule that is first to ask for the dates is not charged for reading
them (the next rule would have read them otherwise), the dates are. Quantities, read block by
block on demand, are charged to whoever reads a block first. What is left of a file's check
(reading and decoding it, the outline, making and checking findings) is "other".

Off by default, and then it costs one `is None` test per rule and per fact kind read. The
measure is wall time (`time.perf_counter`), summed over the files; with `--jobs N` each worker
measures its own files and the parent sums them.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any, Callable, Iterable, Optional, TypeVar

T = TypeVar("T")

OTHER = "other"  # what the measured parts leave of a file's check (the parse is "parse")


class Stopwatch:
    """One file's timings: label → seconds of its own (nested measured calls left out)."""

    __slots__ = ("totals", "_nested")

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self._nested: list[float] = [0.0]  # per open call: the time of the calls measured inside it

    def call(self, label: str, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)`, its time charged to `label` less that of the calls measured inside."""
        nested = self._nested
        nested.append(0.0)
        started = perf_counter()
        try:
            return function(*args)
        finally:
            elapsed = perf_counter() - started
            inner = nested.pop()
            self.totals[label] = self.totals.get(label, 0.0) + elapsed - inner
            nested[-1] += elapsed

    def finish(self, check_seconds: float) -> dict[str, float]:
        """The totals, with what the measured calls leave of the file's check as `other`."""
        totals = dict(self.totals)
        totals[OTHER] = max(0.0, check_seconds - sum(totals.values()))
        return totals


def rule_label(code: str) -> str:
    return f"rule {code}"


def fact_label(name: str) -> str:
    return f"facts {name}"


def add_up(per_file: Iterable[Optional[dict[str, float]]]) -> tuple[dict[str, float], int]:
    """The files' timings summed, and how many files had any (a cached or unreadable file has none)."""
    totals: dict[str, float] = {}
    timed = 0
    for timings in per_file:
        if not timings:
            continue
        timed += 1
        for label, seconds in timings.items():
            totals[label] = totals.get(label, 0.0) + seconds
    return totals, timed


def render(totals: dict[str, float], files: int, top: int = 15) -> str:
    """The `top` costliest labels, most first: milliseconds, per file and share of the whole."""
    whole = sum(totals.values())
    if not totals or whole <= 0:
        return "耗时统计：没有检查任何文件（结果缓存中的文件不计时）。\n"
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:top] if top > 0 else ranked
    width = max(len(label) for label, _ in shown)
    lines = [f"耗时统计：{files} 个文件，共 {whole * 1e3:.1f} 毫秒（每个文件 {whole / files * 1e3:.2f} 毫秒）",
             f"  {'part':<{width}}  {'total ms':>10}  {'ms/file':>8}  {'share':>6}"]
    for label, seconds in shown:
        lines.append(f"  {label:<{width}}  {seconds * 1e3:>10.1f}  {seconds / files * 1e3:>8.3f}  "
                     f"{seconds / whole:>6.1%}")
    if len(ranked) > len(shown):
        rest = sum(seconds for _, seconds in ranked[len(shown):])
        lines.append(f"  （其余 {len(ranked) - len(shown)} 项共 {rest * 1e3:.1f} 毫秒，{rest / whole:.1%}）")
    return "\n".join(lines) + "\n"
