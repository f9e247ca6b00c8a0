"""SEC015 labelled-item-numbering: numbered labels such as 措施1 … 措施4、措施6 skip or repeat."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.numerals import cn_to_int
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

#: the words reports number their items with: 措施1, 问题2, 举措三 …
LABEL_WORDS = ("措施", "举措", "问题", "建议", "做法", "经验", "亮点", "任务", "要点", "对策")
# the word at the start of a clause, a number, then a separator (措施4、 / 问题2： / 建议3. / 措施6 )
_LABELLED = regex_cache.compile(
    r"(?:^|(?<=[。；;：:，,！？!?\s、）)]))(?P<word>" + "|".join(LABEL_WORDS) + r")"
    r"(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})(?=[：:、.．，,\s）)]|$)"
)
# any label word: one alternation finds one much faster than ten substring tests
_ANY_WORD = regex_cache.compile("|".join(LABEL_WORDS))


def labelled_items(text: str, pos: int = 0) -> list[tuple[int, int, str, int]]:
    """(start, end, word, number) of every numbered label in `text` from `pos` (where the
    first label word is: every label starts with one, and the look-behind still reads the
    characters before `pos`)."""
    found = []
    for match in _LABELLED.finditer(text, pos):
        raw = match.group("n")
        number = int(raw) if raw.isdigit() else (cn_to_int(raw) or 0)
        if number:
            found.append((match.start(), match.end(), match.group("word"), number))
    return found


class LabelledItemNumbering(Rule):
    """Items numbered with a label word (措施1, 问题2 …) skip or repeat a number.

    ## What it does
    Follows the numbered labels a section gives its items — 措施1 … 措施2 …, 问题一 … 问题二 …
    (措施, 举措, 问题, 建议, 做法, 经验, 亮点, 任务, 要点, 对策, each followed by a number and a
    separator) — through the section, paragraph after paragraph, one list per label word, and
    reports a number that skips (措施4 then 措施6), repeats (措施2 twice) or goes back. A list
    is followed from its first label on, whatever its number; a new section starts afresh.

    ## Why is this bad?
    Such ad-hoc numbering is invisible to the heading rules (SEC005 … SEC007), yet the reader
    counts the problems and measures by it: 措施4、措施6 says a measure is missing.

    ## Example
    `措施4：健全内控制度。 措施6：加强绩效监控。` → `编号跳号：“措施4”之后应为“措施5”，此处为“措施6”`

    ## Options
    None.
    """

    code = "SEC015"
    name = "labelled-item-numbering"
    title = "带标签编号跳号或重复"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        last: dict[tuple, tuple[int, str, int]] = {}  # (section path, word) → (number, written, line)
        for item in context.facts.blocks:
            block = item.block
            if getattr(block, "kind", "") not in ("paragraph", "heading"):
                continue
            first = _ANY_WORD.search(item.view)
            if first is None:
                continue
            for start, end, word, number in labelled_items(item.view, first.start()):
                key = (item.section, word)
                before = last.get(key)
                written = item.text[start:end]
                last[key] = (number, written, block.span.line)
                if before is None:
                    continue
                previous, previous_written, line = before
                if number == previous + 1:
                    continue
                kind = "重复" if number == previous else ("跳号" if number > previous else "倒退")
                expected = f"{word}{previous + 1}" if written[len(word):].isdigit() else f"{word}{_cn(previous + 1)}"
                where = f"（{context.where(line)}）" if line != block.span.line else ""
                yield context.finding(self, f"编号{kind}：“{previous_written}”{where}之后应为“{expected}”，此处为“{written}”",
                                      block=block, start=start, end=end,
                                      evidence={"stated": written, "computed": expected,
                                                "related": [{"line": line, "marker": previous_written}]})


def _cn(number: int) -> str:
    from reportlint.numerals import int_to_cn

    return int_to_cn(number)
