"""Layout items → Document: profile detection, unmarked headings, section nesting, attachments.

Markers give a heading's level (一、 1, （一） 2, 1. 3, （1） 4, ① 5; the syntax is
`reportlint.parse.markers`, decoded by the layout pass into HeadingLine). A heading that lost
its marker (单位基本情况 on a line of its own) is recognised by matching the line against
the titles of the detected profile's outline, and takes the level the template gives it.
A list that reuses a higher level's markers inside a deeper section (一、二、 under
（五）改进措施, then 四、 continuing the real outline) is nested under that section and
marked `borrowed`, so the outline a reader sees stays intact; so is a list its section
announces with a colon (1.主要职能。…主要职责是： then （一）（二）…), whose next numbers
continue it even where they could continue the real outline. A page that holds a second
report (部门整体支出绩效评价报告 … then 项目支出绩效评价报告 and its own 一、) starts the outline
again at that report's title: its 一、 is a top-level heading, not a borrowed list. A report
embedded in a section named after it (九、整体支出绩效自评报告, then its own 一、二、) is nested
under that section, and 十、 after it continues the outline around it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional, Sequence, Union

from reportlint import regex_cache
from ..errors import ConfigError
from .folding import fold_traditional
from .contents import set_aside_contents
from .furniture import (DOCUMENT_SUFFIX, has_site_cue, is_bare_label, is_furniture, is_page_header, is_page_heading,
                        is_site_name, is_site_notice_label)
from .layout import AttachmentMark, FieldLine, HeadingLine, Item, normalise_title
from .model import (Attachment, Document, Paragraph, ProfileMatch, Row, Section, Table, assign, parsed,
                    parsed_paragraph, parsed_section, parsed_span)
from .profiles import OutlineEntry, Profile
from ..input.source import Source

MAX_UNMARKED_TITLE = 30  # a line longer than this is prose, not a lost heading


_INDEX_CACHE: dict[int, tuple[Profile, dict[str, OutlineEntry]]] = {}

# -- headings matched by meaning ---------------------------------------------------------
# 部门概况, 单位基本概况, 部门（单位）基本概况 and 基本情况 are one section; so are 存在问题 and
# 存在的问题, 下一步改进措施 and 改进措施. The meaning key drops what varies between versions
# and provinces: the 部门/单位 prefix and an 整体 after it, 的, 及/和/与/、, a leading 下一步 or 第X部分, and reads
# 概况 as 基本情况; a 自评 put before 完成 or 实现 (绩效目标自评完成情况分析) is dropped, and so is a
# closing note that points to an attachment (主要绩效（附绩效目标自评表）).
# It is the second key of a profile's title index (the exact title first).
_KEY_PREFIX = regex_cache.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?:下一步|(?:本?部门（单位）|部门、单位|本?部门|本?单位)?整体|本?部门（单位）|部门、单位|本?部门|本?单位|我单位|我局)")
_KEY_FILLER = regex_cache.compile(r"[及和与、的]")
_KEY_SELF = regex_cache.compile(r"(?<=.)自评(?=完成|实现)")  # 自评结果, 绩效自评情况 keep theirs


# a closing note that points to an attachment: （附专项资金绩效目标自评表）, （详见附件2）
_ATTACHED_NOTE = regex_cache.compile(r"（(?:附|详见|见)[^（）]{0,30}）$")
# …anywhere in a heading, brackets of either width, or 详见附件 / 见附表 without them
_POINTS_TO_ATTACHMENT = regex_cache.compile(r"[（(]\s*(?:附|详见|见)[^）)]{0,30}?(?:表|附件\s*\d*|清单)[^）)]{0,6}[）)]"
                                            r"|(?:详见|见)附(?:件|表)")


def points_to_attachment(text: str) -> bool:
    """Whether a heading says its content is attached (三、主要绩效（附绩效目标自评表）, （详见附件2）)."""
    return _POINTS_TO_ATTACHMENT.search(text) is not None


@lru_cache(maxsize=4096)
def meaning_key(title: str) -> str:
    """The key under which titles that mean the same section meet (see above)."""
    key = normalise_title(title)
    if key.startswith("（") and key.endswith("）") and len(key) > 2:  # 【部门基本情况】
        key = key[1:-1]
    note = _ATTACHED_NOTE.search(key)
    if note is not None and note.start() >= 2:  # 主要绩效（附绩效目标自评表）: where its content is, not its name
        key = key[:note.start()]
    stripped = _KEY_PREFIX.sub("", key)
    if len(stripped) >= 2:
        key = stripped
    key = _KEY_SELF.sub("", _KEY_FILLER.sub("", key)).replace("基本概况", "基本情况")
    return "基本情况" if key == "概况" else key


def title_index(profile: Profile) -> dict[str, OutlineEntry]:
    """Normalised title and synonyms → outline entry, also by meaning key (computed once per profile object)."""
    cached = _INDEX_CACHE.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    index: dict[str, OutlineEntry] = {}
    for entry in profile.entries():
        for name in entry.names():
            index.setdefault(normalise_title(name), entry)
    for entry in profile.entries():
        for name in entry.names():
            index.setdefault("≈" + meaning_key(name), entry)
    _INDEX_CACHE[id(profile)] = (profile, index)
    return index


_GROUPS_CACHE: dict[tuple[int, ...], dict[str, int]] = {}


def meaning_groups(profiles: Sequence[Profile]) -> dict[str, int]:
    """Meaning key → group: the names every profile gives one section, joined across profiles.

    Two entries of different templates that share a name (单位机构设置、部门职能情况 in
    Zhanjiang's, with 主要职能 beside it in the city outline) mean one section; a heading
    named by any of the group's names is that section. Used so that a forced profile of
    another version finds a section the report names the other version's way.
    """
    key = tuple(id(profile) for profile in profiles)
    cached = _GROUPS_CACHE.get(key)
    if cached is not None:
        return cached
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for profile in profiles:
        for entry in profile.entries():
            keys = [meaning_key(name) for name in entry.names()]
            for other in keys[1:]:
                parent[find(other)] = find(keys[0])
            find(keys[0])
    roots: dict[str, int] = {}
    groups = {name: roots.setdefault(find(name), len(roots)) for name in list(parent)}
    _GROUPS_CACHE[key] = groups
    return groups


def lookup(index: dict[str, OutlineEntry], title: str) -> Optional[OutlineEntry]:
    """The outline entry a title names: exactly (as normalised), else by meaning."""
    if not index:
        return None
    return index.get(normalise_title(title)) or index.get("≈" + meaning_key(title))


def _candidates(items: Sequence[Item]) -> tuple[set[str], list[str], list[str]]:
    """Keys of the lines that may be headings; the titles of marked headings; those of level 1."""
    found = set()
    titles: list[str] = []
    top: list[str] = []
    seen_heading = False
    for item in items:
        kind = type(item)
        if kind is Row:
            continue
        if kind is AttachmentMark and seen_heading:
            break  # the attached tables and forms are no part of the outline
        if kind is HeadingLine:
            seen_heading = True
            found.add(normalise_title(item.title))
            found.add("≈" + meaning_key(item.title))
            titles.append(meaning_key(item.title))
            if item.level == 1:
                top.append(item.title)
        elif kind is Paragraph:
            if len(item.text) <= MAX_UNMARKED_TITLE + 2:
                found.add(normalise_title(item.text))
                found.add("≈" + meaning_key(item.text))
            else:  # a heading run into the end of the line before it: …内设股室7个。二、一般公共预算支出情况
                tail = _RUN_IN.search(item.text, max(0, len(item.text) - 40))
                if tail is not None:
                    title = tail.group("title")
                    found.add(normalise_title(title))
                    found.add("≈" + meaning_key(title))
                    titles.append(meaning_key(title))
                    if tail.group("cn"):
                        top.append(title)
    return found, titles, top


# a heading run into the end of a paragraph: after a sentence end, 二、 or （三） and a short title
_RUN_IN = regex_cache.compile(r"[。；;！？!?]\s*(?:(?P<cn>[一二三四五六七八九十]{1,3}、)|[（(][一二三四五六七八九十]{1,3}[）)])"
                     r"\s*(?P<title>[^。；;！？!?\n，,]{2,30})[。.]?\s*$")


# -- what kind of report: from its title ---------------------------------------------------
_FORM_TITLE = regex_cache.compile(r"绩效自评表|绩效评价表|自评表")
_PROJECT_TITLE = regex_cache.compile(r"项目支出|项目绩效|项目自评|衔接资金|转移支付|专项资金|补助资金|项目$")
_DEPARTMENT_TITLE = regex_cache.compile(r"部门整体|整体支出|整体绩效|部门（单位）整体|单位整体")
# a report on what was put right after an evaluation (绩效评价整改情况报告, 自评整改报告): another
# kind of document, with an outline of its own (问题, 整改措施), not a self-evaluation template's
_RECTIFICATION_TITLE = regex_cache.compile(r"整改(?:落实)?(?:情况|工作)?的?报告$|整改方案$")
RECTIFICATION = "rectification"
# a line that lists what is attached (附件：某项目自评表, 附表2 …): it names the attachment, not this report
_ATTACHMENT_LINE = regex_cache.compile(r"\s*附[件表]\s*[0-9一二三四五六七八九十]*\s*[：:．.、]")


def names_a_project(title: str) -> bool:
    """Whether a title speaks of a project's spending (项目支出, 衔接资金, 专项资金 …), not a whole department's."""
    return _PROJECT_TITLE.search(title) is not None and _DEPARTMENT_TITLE.search(title) is None


def report_kind(lines: Sequence[str]) -> Optional[str]:
    """department, project, form or rectification, from the report's title lines (None when
    they do not say).

    The lines are read as given: `detect_profile` passes them folded to simplified script.
    """
    titles = [line for line in lines if ("报告" in line or "自评表" in line) and len(line.strip()) <= 60
              and not _ATTACHMENT_LINE.match(line)]
    if not titles:
        return None
    reports = [t for t in titles if "报告" in t]
    first = (reports or titles)[0]
    if _RECTIFICATION_TITLE.search(first.strip()):
        return RECTIFICATION
    if not reports and _FORM_TITLE.search(first):
        return "form"
    if _PROJECT_TITLE.search(first) and not _DEPARTMENT_TITLE.search(first):
        return "project"
    if _DEPARTMENT_TITLE.search(first):
        return "department"
    if _PROJECT_TITLE.search(first):
        return "project"
    return None


_TITLE_YEAR = regex_cache.compile(r"((?:19|20)\d{2})\s*年")
MIN_SCORE = 0.35  # below it, no profile: PRS003 says so once
CLEAR_MARGIN = 0.1  # a narrower lead over the runner-up is a low-confidence match


_KEYS_CACHE: dict[int, tuple[Profile, list[tuple[OutlineEntry, frozenset[str], tuple[str, ...]]]]] = {}


def _name_keys(profile: Profile) -> list[tuple[OutlineEntry, frozenset[str], tuple[str, ...]]]:
    """Each outline entry with the keys of its names (normalised, and ≈ meaning) and its meaning
    keys of four characters or more (looked for inside headings), once per profile."""
    cached = _KEYS_CACHE.get(id(profile))
    if cached is not None and cached[0] is profile:
        return cached[1]
    prepared = [(entry, frozenset([normalise_title(n) for n in entry.names()] +
                                  ["≈" + meaning_key(n) for n in entry.names()]),
                 tuple(key for key in (meaning_key(n) for n in entry.names()) if len(key) >= 4))
                for entry in profile.entries()]
    _KEYS_CACHE[id(profile)] = (profile, prepared)
    return prepared


GENERIC_FAMILY = "generic"
SIGNATURE_SPAN = 5000  # a form's field names are looked for in its first characters (a form is short)
GENERIC_WEIGHT = 0.8


def _score(profile: Profile, keys: set[str], titles: list[str], top: list[tuple[str, str]], front_text: str,
           whole_text: str, kind: Optional[str], year: Optional[int], fields: set[str]) -> tuple[float, list[str]]:
    """How well a report fits a profile, and the outline titles found (see docs/profiles.md)."""
    keywords = sum(1 for word in profile.keywords if word in front_text) / max(1, len(profile.keywords))
    matched: list[str] = []
    score = 0.0
    if profile.outline:
        index = title_index(profile)

        prepared = _name_keys(profile)
        joined = "\n".join(titles)

        # found by a key (exact or meaning), else as part of a heading's title: 一、部门整体支出绩效自评情况
        # (loops, not a generator per entry: every profile is scored against every report)
        found = []
        for entry, names, long_meanings in prepared:
            if not names.isdisjoint(keys):
                found.append(entry)
                continue
            for key in long_meanings:
                if key in joined:
                    found.append(entry)
                    break
        matched = [entry.title for entry in found]
        found_ids = {id(entry) for entry in found}
        recall_top = sum(1 for e in profile.outline if id(e) in found_ids) / len(profile.outline)
        recall_all = len(found) / len(prepared)
        precision = (sum(1 for exact, meaning in top if exact in index or meaning in index) / len(top)) if top else 0.0
        score = 0.45 * recall_top + 0.25 * recall_all + 0.2 * precision + 0.1 * keywords
    if profile.signatures and kind in (None, "form"):  # a title saying 报告 is no form
        hits = [word for word in profile.signatures if word in whole_text[:SIGNATURE_SPAN]]
        matched = matched or hits
        score = max(score, 0.85 * len(hits) / len(profile.signatures) + 0.15 * keywords)
    if profile.required_fields:  # the cover block of a version that has one (评价年度 / 评价单位 / 填报日期)
        share = sum(1 for label in profile.required_fields if label in fields) / len(profile.required_fields)
        score += 0.05 * share - (0.1 if share == 0 else 0.0)
    if profile.family == GENERIC_FAMILY:  # a named template that fits as well is the better answer
        score *= GENERIC_WEIGHT
    if kind is not None and kind != profile.kind:
        score *= 0.6
    if year is not None and profile.years and not profile.years[0] <= year <= profile.years[1]:
        score -= 0.1
    return round(max(score, 0.0), 3), matched


def detect_profile(items: Sequence[Item], profiles: Sequence[Profile], front_text: str,
                   name: Optional[str] = None, whole_text: str = "") -> tuple[Optional[Profile], ProfileMatch]:
    """Score every profile against the report; the best one at or above MIN_SCORE wins.

    The score weighs the share of the template's top-level sections found (as headings or
    lines of their own, by title, synonym or meaning), the share of all its entries, the
    share of the report's own top-level headings the template knows (so a later version
    with more sections does not fit an earlier report as well as that report's version),
    and its keywords in the first lines. A form has no outline: its `signatures` (项目名称,
    年度指标值 …) found anywhere count instead. A template of another kind than the title
    says (项目支出 vs 部门整体 vs 自评表) counts for 0.6 of its score, and a version made for
    other years than the title's loses 0.1. A report on the rectification that followed an
    evaluation (its title ends 整改情况报告) fits no template: no profile. `name` forces a
    profile (--profile or the configuration); its score is still computed, for the record.
    """
    keys, titles, top_titles = _candidates(items)
    top = [(normalise_title(title), "≈" + meaning_key(title)) for title in top_titles]
    front = fold_traditional(front_text)
    lines = front.split("\n")
    kind = report_kind(lines)
    year = None
    for line in lines:
        if "报告" in line or "自评表" in line:
            found_year = _TITLE_YEAR.search(line)
            if found_year:
                year = int(found_year.group(1))
                break
    whole = whole_text or front_text
    if front != front_text:  # a traditional-script copy: the form's field names are looked for folded
        whole = fold_traditional(whole)
    fields = {field.label for item in items if isinstance(item, FieldLine) for field in item.fields}
    scored = []
    for profile in profiles:
        score, matched = _score(profile, keys, titles, top, front, whole, kind, year, fields)
        scored.append((score, profile, matched))
    scored.sort(key=lambda triple: -triple[0])
    if name:
        for score, profile, matched in scored:
            if profile.name == name:
                return profile, _match(name=profile.name, title=profile.title, score=1.0, forced=True,
                                      family=profile.family or None, version=profile.version or None,
                                      kind=profile.kind, matched=matched)
        raise ConfigError(f"unknown profile {name!r}; known: {', '.join(p.name for p in profiles) or 'none'}")
    if not scored or scored[0][0] < MIN_SCORE or kind == RECTIFICATION:
        best = scored[0] if scored else (0.0, None, [])
        return None, _match(score=best[0], runner_up=best[1].name if best[1] else None,
                            runner_up_score=best[0], kind=kind)
    best_score, best, matched = scored[0]
    runner = scored[1] if len(scored) > 1 else (0.0, None, [])
    confidence = "high" if best_score - runner[0] >= CLEAR_MARGIN else "low"
    return best, _match(name=best.name, title=best.title, score=best_score,
                        runner_up=runner[1].name if runner[1] else None, runner_up_score=runner[0],
                        family=best.family or None, version=best.version or None, kind=best.kind,
                        confidence=confidence, matched=matched)


def _match(**fields: Any) -> ProfileMatch:
    """A ProfileMatch of detection's own values, unvalidated like the other nodes (validating
    one built the class's schema at every start); scores are floats, as validation made them."""
    for name in ("score", "runner_up_score"):
        if name in fields:
            fields[name] = float(fields[name])
    return ProfileMatch.model_construct(**fields)


def build_document(source: Source, items: list[Item], profiles: Sequence[Profile] = (),
                   profile_name: Optional[str] = None) -> Document:
    items, furniture = set_aside_furniture(items)
    items, contents = set_aside_contents(items)  # a 目录 lists the headings; it is not headings
    if contents:
        furniture = sorted([*furniture, *contents], key=lambda block: block.span.line)
    furniture_lines = {block.span.line for block in furniture}
    front = [source.line_text(number) for number in range(1, min(40, source.line_count) + 1)
             if number not in furniture_lines][:15]
    profile, match = detect_profile(items, profiles, "\n".join(front), profile_name, source.view)
    index = title_index(profile) if profile else {}
    items = _promote_unmarked(items, index)
    document = _Assembler(source, index, match).assemble(items)
    document.furniture = furniture
    return document


TRAILING_ITEMS = 12  # the page's furniture after the report: buttons, download lines, footer
MAX_LABEL_VALUE = 60  # the value a page prints on the line under its metadata label


def set_aside_furniture(items: list[Item]) -> tuple[list[Item], list]:
    """The items without the web page's furniture, and the furniture (reportlint.parse.furniture).

    The page's metadata labels count only before the report starts: before its first
    heading, header field, or paragraph of prose. After that only the last TRAILING_ITEMS
    lines are looked at (the download lines, buttons and footer of the page): the page
    wraps the report, it does not interrupt it.
    """
    kept: list[Item] = []
    furniture: list = []
    before_report = True
    # a page's furniture stands before the report and after its last heading's text: the
    # paragraphs in between are not looked at (a report's body is most of its lines)
    tail = len(items) - TRAILING_ITEMS
    title_at, site_notice = _title_index(items)
    for index, item in enumerate(items):
        if not before_report and index < tail:
            kept.append(item)
            continue
        if site_notice and index in site_notice:
            furniture.append(item.paragraph)  # the hosting site's numbered notice above the title
            continue
        if isinstance(item, Paragraph):
            if is_furniture(item.text, before_report=before_report) \
                    or (index < title_at and is_page_header(item.text)) \
                    or (before_report and is_site_name(item.text)):
                furniture.append(item)
                continue
            if before_report and furniture and furniture[-1] is items[index - 1] \
                    and is_bare_label(furniture[-1].text) and len(item.text) <= MAX_LABEL_VALUE:
                furniture.append(item)  # • 发布机构 / 某县教育和体育局: the value under its label
                continue
            if len(item.text) > 60:
                before_report = False
        elif isinstance(item, Row):
            first = item.cells[0].text if item.cells else ""
            if is_furniture(first, before_report=before_report) and (before_report or len(item.cells) <= 2):
                # a block of the document, as furniture is: a table of the one row
                furniture.append(parsed(Table, {"kind": "table", "rows": [item], "span": item.span}))
                continue
        elif isinstance(item, AttachmentMark) and item.title and item.paragraph is not None \
                and is_furniture(item.paragraph.text, before_report=False):
            furniture.append(item.paragraph)
            continue
        elif isinstance(item, HeadingLine) and is_page_heading(item.title):
            furniture.append(item.paragraph)  # 1. <sup id="x"></sup>, 三、某某评价结论.doc
            continue
        elif isinstance(item, (HeadingLine, FieldLine)):
            before_report = False
        kept.append(item)
    return kept, furniture


MAX_TITLE = 40  # a longer line before the first heading is the report's prose, not its title


def could_be_title(text: str) -> bool:
    """The assembler's test for the report's title before the first heading: a short line
    naming a 报告 or a 自评 (traditional script folded). `_title_index` asks it too."""
    if len(text) > MAX_TITLE:
        return False
    folded = fold_traditional(text)
    return "报告" in folded or "自评" in folded


# a report's own title line: it ends with 报告 (a bracketed note, a number or 篇N after it), or
# a collection's 【第二篇】; no sentence in it
_REPORT_TITLE = regex_cache.compile(
    r"(?:报告[ ]*(?:[（(〔【][^）)〕】]{1,12}[）)〕】])?[ ]*(?:篇?[0-9一二三四五六七八九十]{1,2})?|[【（(]第[一二三四五六七八九十0-9]{1,2}篇[】）)])[ ]*$")
_SENTENCE_MARKS = frozenset("，,。；;：:！？")


def is_report_title(text: str) -> bool:
    """A line that is a report's own title (项目支出绩效评价报告, 某某自评报告 篇2): in the body,
    the title of a second report on the same page."""
    text = text.strip()
    return (could_be_title(text) and _REPORT_TITLE.search(text) is not None
            and not any(mark in _SENTENCE_MARKS for mark in text))


def _title_index(items: list[Item]) -> tuple[int, frozenset[int]]:
    """The index of the line the report's title will be (the assembler's test: a short line with
    报告 or 自评 before the first heading), not counting the page's furniture and header lines;
    0 when there is none before the report starts (then no line is above the title).

    With it, the indices of the hosting site's numbered notice above the title (a download site's
    温馨提示： / 2、文档下载后… / 3、本站不支持…): headings that stand under a notice label, or that
    each speak of the site (下载, 浏览器, 本站, 预览 …), before a title that follows them. They are
    page furniture, not the report's numbering; any other heading before a title means the report
    has started without one (0, and no notice).
    """
    notice: list[int] = []
    under_label = False
    document_line = 0  # after the notice, the site's line naming the report's file (某局自评报告.docx)
    for index, item in enumerate(items):
        kind = type(item)
        if kind is HeadingLine:
            if not document_line and (under_label or has_site_cue(item.paragraph.text)):
                notice.append(index)
                continue
            break
        if kind is FieldLine:
            break
        if kind is not Paragraph:
            under_label = False
            continue
        text = item.text
        if len(text) > 60:
            break
        if is_site_notice_label(text):
            under_label = True
            continue
        under_label = False
        if notice and not document_line and "." in text and _DOCUMENT_FILE.search(text) is not None:
            document_line = index  # (its name may be longer than a title: 某年度自评表单位名称…填报日期….docx)
            continue
        if not could_be_title(text):
            continue
        if is_furniture(text, before_report=True) or is_page_header(text):
            continue
        return index, frozenset(notice)
    # no title: the report has started without one, unless the site has named its file after the notice
    return (document_line, frozenset(notice)) if document_line else (0, frozenset())


# the name of a document's file, as a download site lists it above the document's text
_DOCUMENT_FILE = regex_cache.compile(DOCUMENT_SUFFIX + r"[ \t]*(?:[（(][^）)]*[）)])?[ \t]*$", re.IGNORECASE)


def _promote_unmarked(items: list[Item], index: dict[str, OutlineEntry]) -> list[Item]:
    """Turn lines that are a template title without a marker into headings."""
    if not index:
        return items
    out: list[Item] = []
    in_attachment = False
    seen_heading = False
    for position, item in enumerate(items):
        if isinstance(item, AttachmentMark) and seen_heading:
            in_attachment = True
        if (not in_attachment and isinstance(item, Paragraph)
                and len(item.text) <= MAX_UNMARKED_TITLE + 2):
            entry = lookup(index, item.text)
            if entry is not None and _is_form_label(items, position):
                entry = None
            if entry is not None:
                # a copy, as model_copy makes (the same span and enumerations)
                heading = parsed_paragraph("heading", item.text, item.span, item.enumerations)
                item = HeadingLine(None, entry.level, None, entry.number or 0,
                                   item.text.strip(" 。.：:"), heading)
        if isinstance(item, HeadingLine):
            seen_heading = True
        out.append(item)
    return out


# a cell of a form copied one cell to a line: a bare figure (151.70, 98.17%, 52人)
_BARE_FIGURE = regex_cache.compile(r"^[ \t]*[-+]?\d[\d,，]*(?:\.\d+)?[ \t]*(?:%|万元|元|人|个|项)?[ \t]*$")


def _is_form_label(items: list[Item], position: int) -> bool:
    """The line is a form's label cell, not a lost heading: the line after it is a bare figure,
    its value (项目支出 then 151.70, a form's cells copied one to a line). No heading's content
    opens with a figure alone."""
    following = items[position + 1] if position + 1 < len(items) else None
    return isinstance(following, Paragraph) and _BARE_FIGURE.match(following.text) is not None


Container = Union[Section, Attachment, None]


class _Assembler:
    def __init__(self, source: Source, index: dict[str, OutlineEntry], match: ProfileMatch):
        self.source = source
        self.index = index
        self.document = Document.model_construct(
            path=source.path, title="", title_span=None, template_label="", header=[], front=[],
            sections=[], attachments=[], profile=match, line_count=source.line_count, furniture=[])
        self.stack: list[Section] = []
        self.attachment: Optional[Attachment] = None
        self.table: Optional[Table] = None
        self.real_last: dict[int, int] = {}  # marker level → last number of the real outline
        self.borrowed_last: dict[tuple[int, int], int] = {}  # (id(parent), marker level) → last number
        # the borrowed lists their section announced with a colon (主要职责是：): their next number
        # continues them even where it could also continue the real outline
        self.announced: set[tuple[int, int]] = set()
        self.after_report_title = False  # a later report's own title line since the last heading

    # -- where blocks go -------------------------------------------------------------
    def _body(self) -> list:
        if self.attachment is not None:
            return self.attachment.body
        if self.stack:
            return self.stack[-1].body
        return self.document.front

    def _add_block(self, block) -> None:
        self.table = None
        self._body().append(block)

    def _add_row(self, row: Row) -> None:
        if self.table is None:
            self.table = parsed(Table, {"kind": "table", "rows": [], "span": row.span})
            self._body().append(self.table)
        elif len(self.table.rows) == 1:  # a second row: the table gets a span of its own
            first = self.table.span
            assign(self.table, "span", parsed_span(first.line, first.column, row.span.end_line, row.span.end_column))
        else:  # the table's own span grows with each row
            assign(self.table.span, "end_line", row.span.end_line)
            assign(self.table.span, "end_column", row.span.end_column)
        self.table.rows.append(row)

    # -- main loop -------------------------------------------------------------------
    def assemble(self, items: list[Item]) -> Document:
        doc = self.document
        body_started = False
        # A workbook of attachments (附件1-1, 附件1-2 as sheets) has no heading at all: there a
        # leading 附件 mark opens an attachment, not the template label above a report's title.
        attachments_only = not any(isinstance(item, HeadingLine) for item in items)
        for item in items:
            if isinstance(item, Row):
                self._add_row(item)
                continue
            if isinstance(item, AttachmentMark) and attachments_only and "-" in item.label:
                body_started = True
            if isinstance(item, AttachmentMark):
                if not body_started and not item.title:
                    doc.template_label = item.label
                    continue
                if not body_started and item.paragraph is not None:  # 附件1：… before the report starts
                    self._add_block(item.paragraph)
                    continue
                self.table = None
                self.attachment = parsed(Attachment, {
                    "kind": "attachment", "label": item.label, "number": item.number, "title": item.title,
                    "span": item.span, "end_line": item.span.end_line, "body": []})
                doc.attachments.append(self.attachment)
                continue
            if isinstance(item, FieldLine):
                doc.header.extend(item.fields)
                self._add_block(item.paragraph)
                continue
            if isinstance(item, HeadingLine):
                if self.attachment is not None:
                    self._add_block(item.paragraph)
                    continue
                body_started = True
                self._open_section(item)
                self.after_report_title = False
                continue
            # a paragraph
            if self.attachment is not None and not self.attachment.title and not self.attachment.body \
                    and len(item.text) <= 40:
                assign(self.attachment, "title", item.text.strip())
            if not body_started and not doc.title and could_be_title(item.text):
                doc.title = item.text
                doc.title_span = item.span
            if body_started and self.attachment is None and is_report_title(item.text):
                self.after_report_title = True  # until the next heading (its 根据… opening may come first)
            self._add_block(item)
        self._close()
        return doc

    def _open_section(self, item: HeadingLine) -> None:
        self.table = None
        level, borrowed = item.level, False
        if item.style is not None:
            level, borrowed = self._place_marked(item)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        entry = lookup(self.index, item.title)
        section = parsed_section(item.marker, item.style, level, item.number, item.title, item.paragraph,
                                 entry.title if entry is not None else None, borrowed)
        if self.stack:
            self.stack[-1].children.append(section)
        else:
            self.document.sections.append(section)
        self.stack.append(section)

    def _place_marked(self, item: HeadingLine) -> tuple[int, bool]:
        """Level and borrowed flag of a marked heading (see the module docstring)."""
        marker_level, number = item.level, item.number
        if self.after_report_title and number == 1 and marker_level <= min(self.real_last, default=marker_level):
            # a later report's first heading, right under its title: the outline starts again
            self.stack.clear()
            self.real_last = {marker_level: number}
            self.borrowed_last = {}
            self.announced = set()
            return marker_level, False
        deeper_open = bool(self.stack) and self.stack[-1].level > marker_level
        real = self.real_last.get(marker_level)
        if number == 1 and self.stack and self.stack[-1].level == marker_level and not self.stack[-1].children \
                and (self.stack[-1].number or 0) >= 2 and is_report_title(self.stack[-1].title):
            # 九、整体支出绩效自评报告 then the embedded report's own 一、二、: nested under it, and
            # 十、 after them continues the outline around it
            parent = self.stack[-1]
            self.borrowed_last[(id(parent), marker_level)] = number
            return parent.level + 1, True
        if deeper_open:
            parent = self.stack[-1]
            # a borrowed run under an open section (or under one of its ancestors) continues
            for ancestor in reversed(self.stack):
                key = (id(ancestor), marker_level)
                last = self.borrowed_last.get(key)
                if last is not None and number == last + 1 and (key in self.announced
                                                                  or not (real is not None and number == real + 1)):
                    self.borrowed_last[key] = number
                    while self.stack[-1] is not ancestor:
                        self.stack.pop()
                    return ancestor.level + 1, True
            # A new borrowed list: its numbering restarts at 1 although the real outline had
            # gone past 1 at that level, or it starts the level (none of its markers yet under
            # the section above: （1）资金到位 then 1、2、3、 then （2）), and it stands in a
            # section that is not itself a borrowed item (so nesting stays bounded: 1.（1）1.（1）…
            # are siblings that repeat a number, not lists ever deeper).
            # Or a list its section announces with a colon (1.主要职能。…主要职责是： then （一）…
            # （二）…, although the real outline is at its （一）): never a duplicate heading.
            announced = _announces_a_list(parent)
            if number == 1 and (real is None or real >= 2 or announced) and not parent.borrowed:
                self.borrowed_last[(id(parent), marker_level)] = number
                if announced:
                    self.announced.add((id(parent), marker_level))
                return parent.level + 1, True
        self.real_last[marker_level] = number
        for deeper in [lvl for lvl in self.real_last if lvl > marker_level]:
            del self.real_last[deeper]
        return marker_level, False

    def _close(self) -> None:
        doc = self.document
        for section in doc.sections:
            _set_end_line(section)
        for attachment in doc.attachments:
            if attachment.body:
                assign(attachment, "end_line", attachment.body[-1].span.end_line)


def _announces_a_list(section: Section) -> bool:
    """The section's last line so far (its heading, when it has no body yet) ends with a colon:
    what follows is the list it announces (主要职责是：)."""
    last = section.body[-1] if section.body else section.heading
    text = getattr(last, "text", "")
    return isinstance(text, str) and text.rstrip(" \u3000").endswith(("：", ":"))


def _set_end_line(section: Section) -> int:
    """Set `end_line` of a section and all below it: its last line, children included.

    A module function, not a recursive closure: a closure that calls itself is a reference
    cycle that only the garbage collector frees.
    """
    end = section.span.end_line
    if section.body:
        end = max(end, section.body[-1].span.end_line)
    for child in section.children:
        end = max(end, _set_end_line(child))
    assign(section, "end_line", end)
    return end


def evaluated_year(document: Document) -> Optional[int]:
    """The evaluated year: `facts.report.evaluated_year` (core/facts/report.py), the one answer.

    Kept for callers that have only a document; new code reads `context.facts.report`.
    """
    from ..facts.store import Facts

    return Facts(document).report.year


def reporting_unit(document: Document) -> Optional[str]:
    """The reporting unit: `facts.report.unit` (评价单位 / 填报单位 / 预算单位名称, else the line above the title)."""
    from ..facts.report import reporting_unit as located_unit

    found = located_unit(document)
    return found.value if found is not None else None
