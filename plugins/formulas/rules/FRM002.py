"""FRM002 parts-do-not-add-up: the parts listed after 其中 do not add up to the total before it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Optional

from reportlint.facts import Facts
from reportlint.facts.breakdowns import CLOSERS, Breakdown, bracket_depth, names_the_rest
from reportlint.numbers import Interval, sum_intervals
from reportlint.pluginapi.rules import Rule

from ..corroboration import blame
from ..display import abs_diff, show
from ..reading import FIGURE_UNITS, label_of

_MAX_LISTED_RATE = 1000  # a % beyond this in a list of parts is a figure whose unit a copy garbled
SHORTFALL_FAMILIES = {"money", "heads"}  # lists of 人次/次/件 often name highlights only,
# unless the list says it names every part (分别为, 即) or its parts are levels (国家级, 省级 …)


class PartsDoNotAddUp(Rule):
    """The parts listed after 其中 do not add up to the total before it.

    ## What it does
    Reads `总数…，其中A…，B…，C…` in prose (and the lists opened by the other words of
    vocabulary.toml `[breakdowns] markers`: 分别为, 具体为, 即, 包括, 主要用于 …): the figure
    right before the word is the total, the figures after it (to the end of the sentence or
    bracket, across ；when the parts are ；-separated, never past a run-in heading 二、) its
    parts. A count inside a part's name (街道和8个社区工作经费12万元) belongs to the part, and
    so does a count that opens each part before its amount (其中“优”的项目40个，财政资金
    1620.00万元；“良”的项目8个，财政资金150.40万元；…: the amounts are the parts; a part that
    gives a count and no amount leaves the list unchecked). An amount is no such count: after a
    change rate, `其中：财政拨款收入4180.36万元，占99.17%；其他收入35.00万元，占0.83%` gives
    amounts and their shares, not parts of the rate. A thousands separator (21,402.56万元)
    is part of its figure. Rates are added and shown in % (76.9% + 25.4% = 102.3%).
    A part followed by its share (`财政拨款收入5402.37万元，占本年收入99.82%；其他收入…`) is one
    item, and the shares tell which total the parts are of: when none of them, or more than one,
    is its part's share of the figure before 其中 (`原值482.46万元，…，净值320.32万元。其中：房屋
    134.67万元，占27.91%`: shares of the 原值) the list is not read; shares short of 100% make
    it partial. Behind a comparison (`收入共计4215.36万元，较上年减少238.14万元，降低5.35%。其中：…`)
    the figure compared is the total, only when the parts give their shares and the shares say so
    (the parts of 较上年增加270.15万元，其中… may be of the increase).
    A list that falls short by what the figures after it in its sentence make up (its parts
    went on past a ；: `…其他费38976.00元；支付…经费50万元，…经费15万元`) is left alone.
    When the parts, all in one unit, make the total's number in that unit (补助471.23元，其中…
    189.63万元 + 281.6万元), the message says the total's unit is the likely slip.
    Reports parts that exceed the total, or, for a complete list of amounts or head counts,
    fall short of it; a list of 件 / 个 / 项 / 次 falls short only when it says it names every
    part (分别为, 即) or its parts are levels (国家级, 省级, 市级).
    Plain 为 opens a list only right after the total (nothing or a comma between) and before
    two or more parts separated by 、，；以及 (`合计45.6万元，为：培训费12万元、印刷费8.6万元、…`);
    a list whose last part is named 剩余 / 其余 / 余下 names every part, and the message says
    what the rest should be (data/lists.toml of the facts stage).
    A part right after whose figure a list of its own opens (，分别… / 具体为 / 包括) ends the list
    there, and a figure labelled 总计 / 合计 / 共计 is another total, never a part.
    A part whose figure follows a decrease word (调减 核减 扣减 收回 退回 …) or a minus is
    subtracted (the message writes 4.5万元 − 2.8万元 + 1.5万元); a list with an item of no
    figure (公益林补偿资金 万元, 点击查看>>, a name between two parts) or a part of unclear sign
    (收回资金2万元, 调减为2万元) cannot be added up from the text and is left alone.
    A budget's list ends at a figure spent (全年预算600万元，其中财政拨款500万元，实际支出475万元:
    实际支出 is no part), and a spending's at a budget (the [basis] of vocabulary.toml).
    Parts listed first may be closed by their total (`分配甲区24.6万元，乙县56.5万元，…，共计
    266.6万元`, or 合计 / 总计 right before the figure): the figures of the total's unit walked
    back from it while each is a parallel part (a few words after its separator, none of 每, 均,
    其中, 较, 增, 减, 率, 占 …; `每村每年补助4400元` is a rate, no part); when the last few
    parts alone make the total, the list is those.
    A list that ends in 等 or says 主要 is partial and may fall short. Lists that evidently
    go on to other things (a prefix of the parts already makes the total; parts that mix
    收入 and 支出; comparisons such as 较上年增加) are left alone.

    ## Why is this bad?
    The breakdown and the total cannot both be right: one of the figures was mistyped or a
    part is missing from the list.

    ## Example
    `2024年年底在职15人，其中公务员8名，后勤服务人员9名` → 8 + 9 = 17，不等于 15。
    """

    code = "FRM002"
    name = "parts-do-not-add-up"
    title = "分项之和与总数不符"
    severity = "error"

    def check(self, context: Any) -> Iterator[Any]:
        facts: Facts = context.facts
        money = facts.vocabulary.units.money
        for listing in facts.breakdowns:
            if listing.source != "prose" or not _figures_only(listing) or listing.unknown:
                continue  # listing.unknown: an item without a figure (万元 alone, 点击查看>>) or of unclear sign
            if listing.total.is_percent and any(abs(q.value) > _MAX_LISTED_RATE for q in (listing.total, *listing.parts)):
                continue  # 资金总额1484631.00%，其中中央资金10200%: a copy that lost its units, no rates
            verdict = verdict_of(listing)
            if verdict is None or verdict == "short" and _made_up_after(facts, listing):
                continue  # (…工程建设其他费38976.00元；支付…经费50万元，…经费15万元: the list went on)
            total, parts = listing.total, listing.parts
            # the parts are added in 元 (money) or as fractions (a % is 0.0398): back to the unit written
            factor = Decimal("0.01") if total.is_percent else money.get(total.unit, Decimal(1))
            in_unit = Interval(listing.sum.low / factor, listing.sum.high / factor)
            stated = listing.value_of(total)
            stated = Interval(stated.low / factor, stated.high / factor)
            decimals = max(p.decimals for p in parts + [total])
            computed = show(in_unit, decimals)
            unit = total.unit
            label = label_of(facts, total)
            name = f"「{label}」" if label else ""
            relation = "超过" if verdict == "exceeds" else "少于"
            terms = listing.terms()
            difference = f"（相差 {show(abs_diff(in_unit, stated), decimals)}{unit}）。"
            closing = listing.introduced_by in CLOSERS  # …，乙县56.5万元，共计266.6万元
            if closing:
                message = (f"所列各项 {terms} = {computed}{unit}，{relation}其后所写{listing.introduced_by} "
                           f"{total.shown}" + difference)
            else:
                opening = "其中" if listing.introduced_by in ("", "其中") else ""
                message = (f"{name}{total.shown}，{opening}所列各项 {terms} = {computed}{unit}，{relation}总数 "
                           f"{total.shown}" + difference)
            message += _unit_slip(listing, money) + blame(facts, total, parts)
            if verdict == "short" and names_the_rest(listing):
                message += _the_rest(listing, factor, decimals, unit)
            elif verdict == "short" and not closing:
                message += "若只列举了部分项目，请写明“等”或“主要”。"
            yield context.finding(
                self, message, block=total.block, start=total.start, end=total.end,
                evidence={"stated": total.shown, "computed": computed + unit, "expression": f"{terms} = {computed}{unit}",
                          "figures": [p.shown for p in parts],
                          "related": [{"line": p.line, "label": label_of(facts, p), "value": p.shown} for p in parts]})


def _the_rest(listing: Breakdown, factor: Decimal, decimals: int, unit: str) -> str:
    """What the last part, named as the rest (剩余, 其余), should be: the total less the others."""
    before = listing.parts[:-1]
    rest = listing.value_of(listing.total) - sum_intervals([listing.signed_value(i) for i in range(len(before))])
    shown = show(Interval(rest.low / factor, rest.high / factor), decimals)
    terms = listing.total.shown
    for index, part in enumerate(before):  # the total less the parts (plus those the list takes away)
        negative = (listing.sign_of(index) < 0) != (part.value < 0)
        terms += (" + " if negative else " − ") + part.shown.lstrip("-−－")
    return f"「{listing.part_labels[-1]}」应为 {terms} = {shown}{unit}。"


def _made_up_after(facts: Facts, listing: Breakdown) -> bool:
    """The figures of the total's family after the list, to its last part's full stop, make up
    what it falls short by (中标价2472551.80元，其中：建安工程费1783575.80元，其他费38976.00元；
    支付…场地补助经费50万元，…展品购置经费15万元。): the list went on past where it was read."""
    last = listing.parts[-1]
    missing = listing.value_of(listing.total) - listing.sum
    running = Interval.exact(Decimal(0))
    item = facts.block_text(last.block)
    view = item.view if item is not None else last.block.text
    for quantity in facts.quantities_in(last.block):
        if quantity.start < last.end or quantity.in_cell:
            continue
        between = view[last.end:quantity.start]
        if "。" in between or "\n" in between or quantity.family != listing.total.family:
            break  # (across ；, not past the sentence's end)
        if bracket_depth(between) > 0:
            continue  # (监理费用33408.00元，造价咨询费5568.00元): a part's own detail, in its bracket
        running = running + listing.value_of(quantity)
        if running.meets(missing):
            return True
    return False


def _unit_slip(listing: Breakdown, money: dict[str, Decimal]) -> str:
    """The parts, all in one unit, make the total's number in that unit (补助471.23元，其中中央补助
    189.63万元，地方补助281.6万元): the total's unit is what was mistyped, and the message says so."""
    total, parts = listing.total, listing.parts
    units = {part.unit for part in parts}
    if total.family != "money" or len(units) != 1:
        return ""
    (unit,) = units
    factor = money.get(unit)
    if unit == total.unit or factor is None:
        return ""
    if not Interval(listing.sum.low / factor, listing.sum.high / factor).meets(total.interval):
        return ""
    return f"所列各项之和为{total.number}{unit}，与总数的数字相同：总数的单位“{total.unit}”可能应为“{unit}”。"


def _figures_only(listing: Breakdown) -> bool:
    """Every member is a figure FRM reads (not 分 or 户, which it has never added up)."""
    return listing.total.unit in FIGURE_UNITS and all(p.unit in FIGURE_UNITS for p in listing.parts)


def verdict_of(listing: Breakdown) -> Optional[str]:
    """'exceeds' / 'short' when the parts and the total disagree, else None."""
    parts = listing.parts
    total = listing.total.in_yuan
    running = Interval.exact(0)
    for index in range(len(parts) - 1):
        running = running + listing.signed_value(index)
        if running.meets(total):
            return None  # the total is made before the list ends: the rest is about something else
    if listing.exceeds():
        return "exceeds"
    if (listing.falls_short() and not listing.partial and len(parts) >= 2
            and (listing.total.family in SHORTFALL_FAMILIES or listing.exhaustive and not listing.total.is_percent)):
        return "short"
    return None
