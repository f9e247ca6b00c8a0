"""DAT015 year-run-into-month: a date whose 年 was lost, the year run into the month (20255月)."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

# the digits right before a 月: a year of this century or the last, then a month (1–12) with no 年
# between them; nothing of a number before it (a longer run of digits, a decimal point)
_FUSED = regex_cache.compile(r"(?<![\d.．,，])((?:19|20)\d{2})(0?[1-9]|1[0-2])\s*$")
_REACH = 8  # the characters before a 月 the year and month are looked for in (2025 05 and a space)


class YearRunIntoMonth(Rule):
    """A date whose 年 was lost: the year written straight into the month (20255月, 201912月).

    ## What it does
    Looks at the digits right before each 月 of the text. When they are a year (1900–2099) and
    a month (1–12) with nothing between them, the 年 was lost: `20255月` is 2025年5月,
    `截至201912月` is 截至2019年12月. A longer run of digits, a decimal (2025.5月) or a
    year that the text writes with its 年 are left alone. The date reader does not take
    such a date as one (its month would be 20255), so no other DAT rule sees it.

    ## Why is this bad?
    The date cannot be read as written; a reader has to guess where the year ends. It is
    the mark of a 年 deleted while the report was edited.

    ## Example
    `20255月` → `日期“20255月”缺少“年”字，应为“2025年5月”`

    ## Options
    None.
    """

    code = "DAT015"
    name = "year-run-into-month"
    title = "日期缺少“年”字"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for item in context.facts.blocks:
            if not item.has_digits:
                continue
            view = item.view
            at = view.find("月")
            while at >= 0:
                found = _FUSED.search(view, max(0, at - _REACH), at)
                if found is not None:
                    year, month = found.group(1), found.group(2)
                    written = view[found.start():at + 1]
                    suggestion = f"{year}年{int(month)}月"
                    yield context.finding(
                        self, f"日期“{written}”缺少“年”字，应为“{suggestion}”", block=item.block,
                        start=found.start(), end=at + 1,
                        evidence={"stated": written, "computed": suggestion, "figures": [year, str(int(month))]},
                        suggestion=suggestion)
                at = view.find("月", at + 1)
