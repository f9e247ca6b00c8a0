"""Whose act a date dates: the reporting unit's own work, or another body's.

A sentence about the self-evaluation also dates what other bodies did for it: the finance
bureau issued the notice (市财政局于2022年12月30日印发《关于开展…自评工作的通知》), the
competent department approved the targets (2023年3月批复的年度绩效目标). Those dates lie
before the evaluated year ended and are right; DAT007 checks only the unit's own work.
The actor is read from the date's clause, by its grammatical place, not from one wording:

- the body named right before the date (县财政局于2022年12月30日…, 根据市财政局2022年12月30日…),
  or right after it as the subject of an act (2022年12月30日，县财政局印发…);
- else the body the clause opens with, as its subject (县财政局以…文件于2022年12月30日印发,
  县财政局要求各单位于…前报送: a requirement of that body);
- else a date that dates a thing issued or approved (2023年3月批复的年度绩效目标,
  2022年12月30日印发的《…》, 2022年12月30日的通知): its issuer is not said, and the date is
  the document's, not a date of the unit's work.

A body is another's when it is a superior or a finance body by name (财政, 主管部门, 上级) or
an office named with its level (县财政局, 湛江市农业农村局, 县委, 市政府) that is not the
reporting unit itself; 我局 / 本单位, and a unit's own bodies (局党委), are the unit's own.
"""

from __future__ import annotations

from typing import Optional

from reportlint import regex_cache

# another body: named with its level (县…局, 市委, 省政府), or a superior / finance body by name
_BODY = (r"(?:[省市县区州旗盟](?:委|政府|[\u4e00-\u9fff]{1,8}?(?:局|厅|委|部|办公室|政府))"
         r"|财政(?:部|厅|局)?|(?:行业)?主管(?:部门|单位)|上级(?:主管)?(?:部门|单位)?|人民政府)")
_SELF = r"(?:[我本](?:单位|部门|[\u4e00-\u9fff]))"  # 我局, 本单位, 我院
_LINK = r"(?:于|在|已于|已经于|已|曾于|先后于|分别于)?\s*"
# the body right before the date: 县财政局于 | 根据市财政局 | 我局于 (tried from the date back:
# the nearest body is the actor, 我局 in 县财政局通知后我局于…)
_ACTOR_BEFORE = regex_cache.compile(rf"(?:(?P<own>{_SELF})|(?P<body>{_BODY})){_LINK}\Z")
_BEFORE_REACH = 16  # the longest body and link before a date (湛江市农业农村局 已于)
# the body right after the date, as the subject of an act: 2022年12月30日县财政局印发… |
# …日，湛江市财政局下发… (成立市府办公室…工作小组: the body is what the unit's act names; written after
# the body, 保山市人民政府成立了…领导小组, it is that body's act)
_ACT = (r"(?:正式|联合|专门|统一|先后|再次)?(?:印发|下发|下达|发布|出台|转发|制发|颁布|发出|发文|批复|批准|核定|核批|审批|通知|要求|部署|布置|启动|组织"
        r"|成立|组建)")
_NOT_A_PLACE = "我本根按依遵对结经为接收应在据照随向报"  # what opens a verb or preposition, not a place name
_PLACE = rf"(?![{_NOT_A_PLACE}])[\u4e00-\u9fff]{{0,3}}?"  # 湛江 (市财政局): a place before a body's level
_ACTOR_AFTER = regex_cache.compile(
    rf"\s*(?:[，,]\s*(?:(?P<own>{_SELF})|{_PLACE}(?P<body>{_BODY}))|(?P<own2>{_SELF})|(?P<body2>{_BODY}))\s*{_ACT}")
# the body a clause opens with as the subject of what follows (由 marks the agent; 根据/按照…
# open no subject): 县财政局以…于, 县财政局要求…
_ACTOR_OPENS = regex_cache.compile(
    rf"\s*由?{_PLACE}(?P<body>{_BODY})\s*"
    rf"(?:{_ACT}|以|于|在|已|将|曾|先后|分别|会同)")
# a date of a thing issued or approved: 2023年3月批复的…, 2022年12月30日印发的《…》, …日的通知
_THING_ISSUED = regex_cache.compile(
    r"\s*(?:(?:印发|下发|下达|发布|出台|转发|制发|颁布|发出|批复|批准|核准|核定|核批|审批)了?的"
    r"|的(?:通知|文件|批复|《))")
_CLAUSE_BREAKS = "，,；;：:"


def another_bodys_act(view: str, start: int, end: int, left: int, unit: Optional[str]) -> bool:
    """The date at view[start:end] (in the sentence from `left`) dates another body's act, not
    the reporting unit's (`unit`: its name, when the report says it)."""
    clause = max(left, *(view.rfind(mark, left, start) + 1 for mark in _CLAUSE_BREAKS))
    for at in range(start - 2, max(clause, start - _BEFORE_REACH) - 1, -1):
        before = _ACTOR_BEFORE.match(view, at, start)
        if before is not None:
            return before.group("own") is None and not _is_unit(before.group("body"), unit)
    after = _ACTOR_AFTER.match(view, end)
    if after is not None:
        own = after.group("own") or after.group("own2")
        return own is None and not _is_unit(after.group("body") or after.group("body2"), unit)
    if _THING_ISSUED.match(view, end):
        return True
    opens = _ACTOR_OPENS.match(view, clause, start)
    return opens is not None and not _is_unit(opens.group("body"), unit)


def _is_unit(body: str, unit: Optional[str]) -> bool:
    """The body named is the reporting unit, or one of its own (县水利局, 县水利局党委 in
    某县水利局's report: its name from its last level on)."""
    if not unit:
        return False
    level = _LEVEL.search(unit)
    name = unit[level.start():] if level is not None else unit
    return name.endswith(body) or body.startswith(name)


_LEVEL = regex_cache.compile(r"[省市县区州旗盟](?!.*[省市县区州旗盟])")
