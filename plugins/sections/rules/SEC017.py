"""SEC017 foreign-unit-name: another unit's name left in the places where the report names itself."""

from __future__ import annotations

from typing import Iterator

from reportlint import regex_cache
from reportlint.facts.report import signature_block, title_unit
from reportlint.parse.model import Paragraph
from reportlint.pluginapi.context import CheckContext
from reportlint.pluginapi.findings import Finding
from reportlint.pluginapi.rules import Rule

_UNIT = r"[\u4e00-\u9fff（）()]{3,30}?(?:局|委员会|办公室|中心|人民政府|政府|院|所|站|馆|队|联络处|办事处|处|厅|学校|医院|公司)"
# the preamble names the unit whose report follows: 现将2021年茂名市发展和改革局整体支出绩效自评报告如下
_PREAMBLE = regex_cache.compile(rf"现将\s*(?:(?:19|20)\d{{2}}\s*年度?)?\s*(?P<u>{_UNIT})(?:(?:19|20)\d{{2}}\s*年度?)?"
                       r"(?:本级)?(?:部门|单位)?(?:整体支出|项目支出|[\u4e00-\u9fff]{0,20}项目)")
# a unit introduced with its short name: 茂名市发展和改革局（以下简称“市发改局”）
_SHORT = regex_cache.compile(rf"(?P<u>{_UNIT})[（(]以下简称")
# a verb before the unit makes it the object of the writer's act, another body: 我们接受昌都市财政局
# （以下简称“市财政局”）委托 (the evaluating firm writes), 根据某市财政局（以下简称…）的通知 (not
# 联合: 残疾人联合会 is a name)
_OBJECT_OF = regex_cache.compile(r"接受|根据|按照|依据|依照|受托|委托|会同|配合|协助|我们")
_PLACE = regex_cache.compile(r"^(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,6}?(?:市|州|盟))?"
                    r"(?:[\u4e00-\u9fff]{1,6}?(?:县|区|旗))?")
_NOISE = regex_cache.compile(r"本级|（公章）|\(公章\)|[\s\u3000]")


def _core(name: str) -> str:
    """The unit's name without its place and 本级: 茂名市发展和改革局 → 发展和改革局."""
    name = _NOISE.sub("", name)
    stripped = _PLACE.sub("", name, count=1)
    return stripped if len(stripped) >= 2 else name


def same_unit(first: str, second: str) -> bool:
    """Whether two names can be one unit: one holds the other, or, when one leaves its place
    out (市发展和改革局 for 茂名市发展和改革局), their names without the place do. Two places
    written out and different (汝城县… and 宜章县…) are two units."""
    a, b = _NOISE.sub("", first), _NOISE.sub("", second)
    if a in b or b in a:
        return True
    place_a, place_b = _PLACE.match(a), _PLACE.match(b)
    written_a = place_a.group(0) if place_a else ""
    written_b = place_b.group(0) if place_b else ""
    if written_a and written_b and not (written_a in written_b or written_b in written_a):
        return False
    core_a, core_b = _core(a), _core(b)
    return core_a in core_b or core_b in core_a


class ForeignUnitName(Rule):
    """Another unit's name where the report names itself: left from the report it was copied from.

    ## What it does
    Takes the unit the report is by (the 评价单位 / 填报单位 / 预算部门单位 field, else the
    unit named in the title, else the signature at the end) and compares it with the other
    places where a report names itself: the title, the preamble (现将…XX局整体支出绩效自评报告如下),
    a unit introduced with its short name (XX局（以下简称“…”）) in the front matter or the
    first section, and the signature block. A unit named after a verb of the writer's
    (我们接受某市财政局（以下简称“市财政局”）委托, 根据…, 按照…) is another body, not the
    report naming itself. A name that cannot be the same unit (neither
    holds the other, place names such as 茂名市 aside) is reported. Other bodies the report
    mentions (the 财政局 whose notice it follows) are not self-references and are left alone.

    ## Why is this bad?
    Reports are often written from last year's report or a neighbouring unit's; a name left
    from that report makes the published report say it is someone else's.

    ## Example
    `评价单位：某市水务局 … 现将2022年某市自然资源局整体支出绩效自评报告如下` →
    `报告自称的单位“某市自然资源局”与本报告单位“某市水务局”（第3行）不一致：可能是复制其他单位报告后未改`

    ## Options
    None.
    """

    code = "SEC017"
    name = "foreign-unit-name"
    title = "残留其他单位名称"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        facts = context.facts
        report = facts.report
        reference = report.unit
        if reference is None or not reference.value:
            return
        ref_name = str(reference.value)
        ref_line = reference.span.line if reference.span is not None else None
        mentions: list[tuple[Paragraph, int, int, str]] = []
        document = context.document
        if document.title and reference.source != "标题":
            found = title_unit(document.title)
            if found is not None:
                title_block = next((b for b in document.front if isinstance(b, Paragraph) and b.text == document.title), None)
                if title_block is not None:
                    start = document.title.find(found)
                    mentions.append((title_block, start, start + len(found), found))
        blocks = [b for b in document.front if isinstance(b, Paragraph)]
        if document.sections:
            blocks += [b for b in document.sections[0].body if isinstance(b, Paragraph)][:4]
        for block in blocks:
            item = facts.block_text(block)
            view = item.view if item is not None else block.text
            for pattern, word in ((_PREAMBLE, "现将"), (_SHORT, "以下简称")):
                if word not in view:  # the literal every match holds: the pattern is not tried in vain
                    continue
                for match in pattern.finditer(view):
                    if _OBJECT_OF.search(match.group("u")):
                        continue  # 我们接受某市财政局（以下简称…）委托: another body, named by the writer
                    mentions.append((block, match.start("u"), match.end("u"), block.text[match.start("u"):match.end("u")]))
        if reference.source != "落款":
            unit, _ = signature_block(facts)
            if unit is not None:
                text = unit.text.strip(" \u3000")
                start = unit.text.find(text)
                mentions.append((unit, start, start + len(text), text))
        seen: set[tuple[int, int]] = set()
        for block, start, end, name in mentions:
            key = (block.span.line, start)
            if key in seen or (reference.span is not None and block.span.line == ref_line and reference.source != "标题"):
                continue
            seen.add(key)
            if same_unit(name, ref_name):
                continue
            where = f"（{context.where(ref_line)}）" if ref_line else ""
            yield context.finding(self, f"报告自称的单位“{name}”与本报告单位“{ref_name}”{where}不一致："
                                        f"可能是复制其他单位报告后未改", block=block, start=start, end=end,
                                  evidence={"stated": name, "computed": ref_name,
                                            "related": [{"line": ref_line, "source": reference.source}] if ref_line else []})




