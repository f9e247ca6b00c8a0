"""FRM012 share-mismatch: a part's stated share of the total is not the part over the total."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from reportlint import regex_cache
from reportlint.facts import Facts, Quantity
from reportlint.facts.breakdowns import share_of_total
from reportlint.numbers import ArithmeticProblem, Interval
from reportlint.pluginapi.rules import Rule

from ..display import show
from ..rates import cut_or_rounded
from ..reading import FIGURE_UNITS, label_of
from .FRM002 import verdict_of


class ShareMismatch(Rule):
    """A part's stated share of the total is not what the part and the total give.

    ## What it does
    Reads the lists of parts after 其中 (FRM002's lists, `facts.breakdowns`) whose parts state
    their share of the total after them (`收入合计4215.36万元，其中：财政拨款收入4180.36万元，
    占99.17%；其他收入35.00万元，占0.83%`) and reports a share that is not its part over the
    total. Every figure stands for its rounding interval, so honest rounding is silent, and so
    is a share one unit of its last written place off (89.68% for 89.674%): writers nudge one
    share so that the shares make 100%, an accepted practice, not a mistake. Only
    lists whose other shares confirm the total are read: a list is taken only when every share
    but at most one is its part's share of the figure before 其中 (a share of another figure,
    such as 原值 before 净值, leaves the list unread), so a list that states one share only, or
    whose shares all miss, is never checked here. A part the list takes away (调减) has no share
    to check, and a list whose parts do not add up to the total is FRM002's (its message names
    the figure most likely wrong, which is then also the one whose share misses).

    A share written out in one clause is read too: `实际在职人员136人，占核定编制数143人的比率为
    95.10%`, `培训2399人，完成目标任务数2000人的120%` (the figure right before 占 or 完成, the
    figure of the same kind right before 的, then the share). Such a share may be cut rather
    than rounded (95% for 95.9%); only one outside both readings is reported.

    ## Why is this bad?
    A share is what readers compare across units and years; one that its own figures do not
    give was mistyped (99.82% for 98.82%) or computed from another figure, and the amount it
    stands beside may be the wrong one.

    ## Example
    `本年收入合计5413.37万元，其中：财政拨款收入5402.37万元，占99.80%；其他收入11.00万元，占0.20%`
    → 5402.37 ÷ 5413.37 = 99.80%, 11.00 ÷ 5413.37 = 0.20%: silent. With `占98.80%` for the first:
    `「财政拨款收入」5402.37万元占「本年收入」5413.37万元的比例应为 5402.37万元 ÷ 5413.37万元 = 99.80%，所写为 98.80%。`

    ## Options
    None.
    """

    code = "FRM012"
    name = "share-mismatch"
    title = "所占比例与金额不符"
    severity = "warning"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        yield from self._written_shares(context, facts)
        for listing in facts.breakdowns:
            if listing.source != "prose" or not listing.shares or listing.total.unit not in FIGURE_UNITS:
                continue
            if verdict_of(listing) is not None:
                continue  # parts that do not add up are FRM002's, whose message names the likely wrong one
            total = listing.total
            if total.in_yuan.low <= 0:
                continue
            for index, (part, share) in enumerate(zip(listing.parts, listing.shares)):
                if share is None or listing.sign_of(index) < 0 or part.unit not in FIGURE_UNITS:
                    continue
                try:
                    ratio = share_of_total(part, total)
                except ArithmeticProblem:
                    continue
                stated = share.interval
                step = stated.high - stated.low  # one unit of the share's last written place
                if ratio.meets(Interval(stated.low - step, stated.high + step)):
                    continue  # right, or one last-place unit off: shares nudged to make 100% (89.68 for 89.674)
                computed = show(ratio, max(share.decimals, 2), percent=True)
                label = label_of(facts, part)
                name = f"「{label}」" if label else ""
                total_label = label_of(facts, total)
                whose = f"「{total_label}」" if total_label else "总数"
                message = (f"{name}{part.shown}占{whose}{total.shown}的比例应为 {part.shown} ÷ {total.shown} = "
                           f"{computed}，所写为 {share.shown}。")
                yield context.finding(
                    self, message, block=share.block, start=share.start, end=share.end,
                    evidence={"stated": share.shown, "computed": computed,
                              "expression": f"{part.shown} ÷ {total.shown} = {computed}",
                              "figures": [part.shown, total.shown],
                              "related": [{"line": part.line, "label": label, "value": part.shown},
                                          {"line": total.line, "label": total_label, "value": total.shown}]})

    def _written_shares(self, context: Any, facts: Facts) -> Iterator[Any]:
        """Shares written out in one clause: A占…B的Z% and A，完成…B的Z%."""
        for item in facts.blocks:
            view = item.view
            if "的" not in view or ("占" not in view and "完成" not in view) or "%" not in view:
                continue
            figures = facts.quantities_in(item.block)
            for part, total, share in zip(figures, figures[1:], figures[2:]):
                whole_words = _written_share(view, part, total, share)
                if whole_words is None:
                    continue
                try:
                    ratio = share_of_total(part, total)
                except ArithmeticProblem:
                    continue
                if ratio.meets(cut_or_rounded(share)):
                    continue  # right, rounded or cut (95% for 95.9%)
                computed = show(ratio, max(share.decimals, 2), percent=True)
                part_label = label_of(facts, part)
                named = f"「{part_label}」{part.shown}" if part_label else part.shown
                whole = f"「{whole_words}」{total.shown}" if whole_words else total.shown
                message = (f"{named}是{whole}的 {computed}（{part.shown} ÷ {total.shown}），所写为 {share.shown}。")
                yield context.finding(
                    self, message, block=share.block, start=share.start, end=share.end,
                    evidence={"stated": share.shown, "computed": computed,
                              "expression": f"{part.shown} ÷ {total.shown} = {computed}",
                              "figures": [part.shown, total.shown]})


# between the part and the whole: ，占编委核定的落实编制数 / ，完成市目标任务数 (no figure, no clause end)
_PART_TO_WHOLE = regex_cache.compile(r"[，,]?\s*(?:约|共)?(?:占|完成)(?P<whole>[^，。；,;:：\d%％]{0,20})")
# between the whole and the share: 的 / 的比率为 / 的比例达
_WHOLE_TO_SHARE = regex_cache.compile(r"的(?:比率|比例|比重)?(?:为|达|是|达到)?\s*")


def _written_share(view: str, part: Quantity, total: Quantity, share: Optional[Quantity]) -> Optional[str]:
    """The words naming the whole when `part`, `total` and `share` are written as one share
    (136人，占编制数143人的比率为95.10% → 编制数), else None."""
    if share is None or not share.is_percent or part.is_percent or total.is_percent:
        return None
    if part.family != total.family or total.in_yuan.low <= 0 or share.value < 0:
        return None
    if _WHOLE_TO_SHARE.fullmatch(view, total.end, share.start) is None:
        return None
    between = _PART_TO_WHOLE.fullmatch(view, part.end, total.start)
    return None if between is None else between.group("whole").strip()
