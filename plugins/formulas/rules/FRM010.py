"""FRM010 count-list-mismatch: a count followed by a list of names that has another number of names."""

from __future__ import annotations

from typing import Any, Iterator

from reportlint.facts import Facts
from reportlint.facts.breakdowns import NamedList
from reportlint.pluginapi.rules import Rule


class CountListMismatch(Rule):
    """A count is followed by a list naming another number of items.

    ## What it does
    Reads `facts.get("named_lists")`: a count (个 家 所 名 项 …) followed by 分别为 / 即 /
    具体为 and names separated by 、 (`内设4个科室，分别为：综合科、招商引资科、接待科及信访维稳科`).
    The names are counted at 、 and, since a name may itself contain 和 or 及, both with and
    without splitting the last name at those words (a list joins its last item only: in
    `提案和社会法制委员会、…` the 和 is part of the name): only a count outside that range is
    reported. Short bare phrases after the names' commas that run to the sentence's end may be
    the last names, written after commas for 、 (`…、综合科，垃圾填埋场。`, `…、食堂,接待室,档案室。`),
    so the list may be that much longer; a clause there (`，负责…`, `，均为…`) is not. A bracket
    after a name is part of it (科技管理股（成果转化股）, 综合股（含办公室、财务室）: one name). A list
    that says it is partial (包括, 等, 主要) is reported only when it names more than the count.
    Plain 为 opens a list of names only right after a count of bodies (直属单位3个，为…), and
    so does a bare colon after such a count (本级内设7个科室：办公室、…), when every name is a
    body's (a name such as 交通专厅, or a list of tasks, leaves it unread; 部 and a unit's own
    本级 are bodies: 技术部, 院本级). A bracketed note after the counted noun is part of it
    (设5个内设机构（正处级），即…), and the message names that noun when the count's label is a
    verb or a whole clause (「内设机构」写为 6个, not 「设」; 内设 + 科室: 「内设科室」). When
    some of the count is given as figures first and the names count the rest
    (`共实施项目10个，其中3个已完工，其余为A项目、B项目…`), the names must number 10 − 3.
    The words are data: `[named_lists]` of core/facts/data/vocabulary.toml.

    ## Why is this bad?
    The reader counts the names and gets another number: a unit was added or removed and
    the count was not updated, or a name was left out.

    ## Example
    `直属事业单位4个，即市档案馆、市方志馆、市史志研究中心` → 列出 3 个名称，与所写 4个 不符。

    ## Options
    None.
    """

    code = "FRM010"
    name = "count-list-mismatch"
    title = "数量与所列名称个数不符"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        listing: NamedList
        for listing in facts.get("named_lists"):
            count = listing.expected
            if listing.fewest <= count <= listing.most:
                continue
            if listing.partial and count >= listing.fewest:
                continue
            named = listing.fewest if count < listing.fewest else listing.most
            relation = "多于" if count < listing.fewest else "少于"
            if listing.given:  # 其中3个已完工，其余为A、B…: the names count the rest
                given = " − ".join(q.shown for q in listing.given)
                message = (f"「{_named(listing)}」写为 {listing.count.shown}，其中已列 {given}，"
                           f"其余应为 {listing.count.shown} − {given} = {count}{listing.count.unit}，而其后"
                           f"列出 {named} 个名称（{'、'.join(listing.names)}），{relation}应有数目。")
                figures = [q.shown for q in listing.given] + listing.names
            else:
                message = (f"「{_named(listing)}」写为 {listing.count.shown}，其后"
                           f"列出 {named} 个名称（{'、'.join(listing.names)}），{relation}所写数目。")
                figures = listing.names
            yield context.finding(
                self, message, block=listing.count.block, start=listing.count.start, end=listing.count.end,
                evidence={"stated": listing.count.shown, "computed": str(named),
                          "expression": f"{'、'.join(listing.names)} = {named}", "figures": figures})


def _named(listing: NamedList) -> str:
    """What the count is of, as the message names it: its label (直属事业单位), or, when the
    label ends with a verb (设, 有, 共, 辖), the noun written after the count: 内设 + 科室 → 内设科室;
    a longer clause or a single verb gives way to the noun (元阳县融媒体中心设6个内设机构 → 内设机构;
    …入编2017年部门预算共6个单位 → 单位)."""
    label = listing.label.strip()
    if not listing.noun:
        return label or listing.count.shown
    if len(label) <= 1 or len(label) > 10:  # a verb alone, or a clause (…入编2017年部门预算共6个单位)
        return listing.noun
    if label.endswith(_VERBS):
        return label + listing.noun if len(label) <= 3 else listing.noun
    return label


_VERBS = ("设", "有", "共", "辖")
