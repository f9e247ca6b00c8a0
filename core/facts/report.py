"""The report itself: which year it evaluates (and who says so), when it was filed, by whom.

One answer for every rule and every command (`facts.report`). The evaluated year is stated
in up to five places, each a `YearClaim`: 评价年度, the title (2023年部门整体支出绩效自评报告),
the preamble (现将2021年度…报告如下), the self-evaluation notice it cites (关于开展2022年…
自评工作的通知: the round of work held the year after, so it fits 2021) and that notice's
document number (湛财绩〔2022〕3号: issued in the evaluated year's last weeks or the year
after). The year most claims fit is the evaluated year (a tie goes to the claim written
first); a cited notice alone settles nothing. A title's year that begins the project's name
(2022年…补助资金项目) gives way to a later year stated as 年度. The claims that do not fit
it are `contradicting` (rule DAT003 reports them).
"""


from datetime import date
from itertools import islice
from re import Match
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Optional

from pydantic import BaseModel, ConfigDict

from reportlint import regex_cache
from ..input.source import Source, fold
from ..parse.folding import fold_traditional
from ..parse.model import Document, HeaderField, Paragraph, Section, Span, Table
from .base import Fact, Located, construct, located, make_span
from .dates import YEAR, DateMention, DocumentNumber, dates_in, read_block_dates, text_item, year_of
from .text import BlockText, span_of
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from .store import Facts

_PREAMBLE = regex_cache.compile(rf"现将[^。；;]{{0,30}}?(?P<y>{YEAR})\s*年")
# 根据…要求，我局对2021年度部门整体支出开展了绩效自评 / 对平山县行政审批局部门2022年度整体支出情况
# 实施了…绩效自评价: 对, the unit's name (no figure, no clause mark), the year, the money, the verb
# (not 针对 / 相对, nor 对照 / 对标 / 对比, which compare with another year)
_PREAMBLE_OF = regex_cache.compile(rf"(?<![针相])对(?![照标比])[^。；;，,\d]{{0,30}}?(?P<y>{YEAR})\s*年度?[^。；;]{{0,30}}?"
                          rf"(?:开展|进行|组织|实施)[^。；;]{{0,10}}?(?:自评|评价)")
_BARE_YEAR = regex_cache.compile(rf"^[ \u3000]*(?P<y>{YEAR})[ \u3000]*$")
# a form's caption: （2022年度）
# (a table exported one cell per line ends each line with its cell's bar: （2022年度） |)
_CAPTION = regex_cache.compile(rf"^[ \u3000]*[（(][ \u3000]*(?P<y>{YEAR})[ \u3000]*年度?[ \u3000]*[）)][ \u3000|]*$")
# how a form's name ends: …绩效自评表, …评价表, 2023年度部门整体支出绩效评价基础数据表
_FORM_NAME = r"(?:自评表|评价表|基础数据表)"
# a form's own title line under the page's headline: 2022年度项目支出绩效自评表 (the year as 年度)
_FORM_TITLE = regex_cache.compile(rf"^[ \u3000]*(?P<y>{YEAR})[ \u3000]*年度[\u4e00-\u9fff（）()]{{0,30}}?"
                                  rf"(?:绩效{_FORM_NAME}|基础数据表)[ \u3000|]*$")
# a form's title with its caption on the same line: 项目支出绩效自评表（2023年度）
_TITLED_CAPTION = regex_cache.compile(rf"{_FORM_NAME}[ \u3000]*[（(][ \u3000]*(?P<y>{YEAR})[ \u3000]*年度"
                                      r"[ \u3000]*[）)][ \u3000|]*$")
# the body's first statement of the year: 2021年，我局… / 2021年度一般公共预算支出… (not 2021年5月)
_BODY_YEAR = regex_cache.compile(rf"^[ \u3000]*(?P<y>{YEAR})\s*年度?(?![\d月０-９至到\-—~])")
# the signature block: a unit's name (a short line, no sentence) above a complete date
_UNIT_END = ("局", "委员会", "委", "办公室", "办", "中心", "政府", "院", "所", "站", "馆", "队", "处", "会", "部",
             "厅", "校", "学校", "医院", "公司", "联络处", "办事处", "街道", "社区", "（公章）", "(公章)")
# the unit's name opens with neither 年 nor 度 (2021年林业局…: 林业局, not 年林业局) and holds two
# characters or more before its kind (林业局, 水利局)
# the kinds a title's unit ends in (the 关于 form of title_unit adds towns: 玄马镇关于…)
_TITLE_UNIT_KINDS = "局|委员会|办公室|中心|人民政府|政府|院|所|站|馆|队|联络处|办事处|处|厅|学校|医院|公司"
_TITLE_UNIT = regex_cache.compile(r"(?:(?:19|20)\d{2}\s*年度?)?(?P<u>(?![年度])[\u4e00-\u9fff（）()]{2,30}?"
                         rf"(?:{_TITLE_UNIT_KINDS}))(?:(?:19|20)\d{{2}}\s*年度?)?"
                         r"(?:部门|单位|本级)?(?:整体支出|整体绩效|项目支出|部门整体|绩效自评|[\u4e00-\u9fff]{0,20}项目)")
SIGNATURE = "落款"
# the closing formula of a notice or a reply (a fund's allocation notice copied above its form), not of a report
_NOTICE_CLOSES = ("特此通知", "特此函告", "特此批复", "此复")
# 《湛江市财政局关于开展2022年市级财政资金绩效自评工作的通知》: the round of work, held the year after
_NOTICE = regex_cache.compile(rf"关于开展\s*(?P<y>{YEAR})\s*年(?P<fy>度)?[^》〉]{{0,40}}?自评[^》〉]{{0,20}}?通知")
FILING_LABEL = "填报日期"
# The other labels a cover gives the filing date (湖南/岳阳 form: 评价机构 / 报告日期：2021年12月31日 /
# XX财政局(制)): read, as 填报日期 is, when no 填报日期 field holds a date
COVER_FILING_LABELS = ("报告日期", "报告时间", "报送日期", "报送时间", "编报日期", "自评日期")
# such a label opening a line of the cover, with its value: 报告日期：2022年12月31日 (simplified or
# traditional script); the value ends where the next field of a form's line begins (two spaces or a tab,
# a label, a colon)
_COVER_FILING = regex_cache.compile(r"[ \u3000]*(?P<label>" + "|".join(COVER_FILING_LABELS) + r")[ \u3000]*[：:][ \u3000]*")
_NEXT_FIELD = regex_cache.compile(r"(?:[ \u3000]{2,}|\t)[^\s：:，。]{2,16}?[ \u3000]*[：:]")
DIRECT_SOURCES = ("评价年度", "标题", "表头", "前言", "正文")  # claims that say it themselves (a cited notice does not)
UNIT_LABELS = ("评价单位", "填报单位", "预算单位名称", "单位名称", "预算部门单位", "实施单位")



class YearClaim(Fact):
    """One place that says which year the report evaluates."""

    kind: ClassVar[str] = "year_claim"

    source: str  # 评价年度 | 标题 | 表头 | 前言 | 正文 | 自评通知 | 通知文号
    year: int  # the year as written there
    fits: tuple[int, ...]  # the evaluated years this statement is consistent with, ascending

    @property
    def direct(self) -> bool:
        """Whether the claim names the evaluated year itself (not through a cited notice)."""
        return self.source in DIRECT_SOURCES

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(label=self.source, year=self.year, value=str(self.year),
                   qualifier="或".join(str(year) for year in self.fits))
        return row


class FilingDate(Fact):
    """A 填报日期 field: its value, and the one complete date it holds (None when it holds none)."""

    kind: ClassVar[str] = "filing_date"

    value: str  # the field's value as written
    source: str = FILING_LABEL  # 填报日期, a cover's 报告日期 / 报送日期 … , or 落款 (the date under the unit's name at the end)
    date: Optional[DateMention] = None  # the one complete day, year written
    mentions: list[DateMention] = []  # every date in the value

    def row(self) -> dict[str, Any]:
        row = super().row()
        row.update(label=self.source, year=self.date.year if self.date else None,
                   value=self.date.iso if self.date else self.value)
        return row


class ReportFacts(BaseModel):
    """What the report says about itself, each value with where it was read (`Located`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid", defer_build=True)  # built with `construct`

    evaluated_year: Optional[Located] = None  # value: int; source: the first direct claim that fits
    filing_date: Optional[Located] = None  # value: datetime.date; source 填报日期 | 报告日期 … | 落款
    unit: Optional[Located] = None  # value: str; source: 评价单位 | 填报单位 | … | 标题上方
    profile: Optional[Located] = None  # value: the profile's name; source: 模板识别 | 指定
    claims: list[YearClaim] = []  # every claim, in the order read
    supporting: list[YearClaim] = []  # the claims that fit the evaluated year
    contradicting: list[YearClaim] = []  # the claims that do not
    filings: list[FilingDate] = []  # every 填报日期 field, in order (without a date there: the cover's 报告日期 …, the 落款)

    @property
    def year(self) -> Optional[int]:
        """The evaluated year as an int (None when the report does not say)."""
        return self.evaluated_year.value if self.evaluated_year is not None else None

    @property
    def year_end(self) -> Optional[date]:
        return date(self.year, 12, 31) if self.year is not None else None

    @property
    def filing(self) -> Optional[FilingDate]:
        """The first filing date that is a real, complete date (a 填报日期 before a cover's 报告日期)."""
        for item in self.filings:
            if item.date is not None and item.date.valid:
                return item
        return None

    def rows(self) -> list[dict[str, Any]]:
        """Export rows: every year claim and every filing date (docs/facts.md)."""
        return [fact.row() for fact in sorted([*self.claims, *self.filings], key=lambda f: (f.line, f.span.column))]


def _claim(source: Optional[Source], item: BlockText, name: str, year: int, fits: set[int],
           start: int, end: int) -> YearClaim:
    return YearClaim.build(span=span_of(source, item.block, start, end), section=item.section, label=name,
                           text=item.text[start:end], block=item.block, container=item.container, start=start,
                           end=end, source=name, year=year, fits=tuple(sorted(fits)))


def _first_year(found: list[DateMention]) -> Optional[DateMention]:
    for mention in found:
        if mention.year is not None and mention.year_stated:
            return mention
    return None


def _value_claim(source: Optional[Source], vocab: Vocabulary, name: str, text: str,
                 span: Optional[Span]) -> Optional[YearClaim]:
    if span is None or not text:
        return None
    item = text_item(text, span)
    mention = _first_year(read_block_dates(item, source, vocab).points)
    if mention is None or mention.year is None:
        return None
    return _claim(source, item, name, mention.year, {mention.year}, mention.start, mention.end)


def read_claims(facts: "Facts") -> list[YearClaim]:
    """Every place that names the evaluated year, in reading order."""
    document, source = facts.document, facts.source
    claims: list[YearClaim] = []
    evaluated = document.field("评价年度")
    if evaluated is not None:
        claim = _value_claim(source, facts.vocabulary, "评价年度", evaluated.value, evaluated.value_span)
        bare = _BARE_YEAR.match(evaluated.value)
        if claim is None and bare and evaluated.value_span is not None and (year := year_of(bare.group("y"))):
            # 评价年度：2022 (the year alone, which is no date on its own)
            item = text_item(evaluated.value, evaluated.value_span)
            claim = _claim(source, item, "评价年度", year, {year}, bare.start("y"), bare.end("y"))
        if claim is not None:
            claims.append(claim)
    claim = _value_claim(source, facts.vocabulary, "标题", document.title, document.title_span)
    if claim is None:
        claim = _title_above_claim(facts)
    if claim is not None:
        if _PUBLISHED.match(fold(claim.block.text), claim.start):
            claim.fits = (claim.year - 1, claim.year)
        claims.append(claim)
    for block in document.front:
        if not isinstance(block, Paragraph) or block.kind != "paragraph":
            continue
        found = facts.block_text(block)
        if found is None:
            continue
        item = found
        view = item.view
        caption = _caption(view)
        if caption and (year := year_of(caption.group("y"))):
            claims.append(_claim(source, item, "表头", year, {year}, caption.start("y"), caption.end("y") + 1))
            continue
        preamble = _PREAMBLE.search(view) or _PREAMBLE_OF.search(view)
        if preamble and (year := year_of(preamble.group("y"))):
            claims.append(_claim(source, item, "前言", year, {year}, preamble.start("y"), preamble.end("y") + 1))
        notice = _NOTICE.search(view)
        if notice and (year := year_of(notice.group("y"))):
            fits = {year - 1, year} if notice.group("fy") else {year - 1}
            claims.append(_claim(source, item, "自评通知", year, fits, notice.start("y"),
                                 notice.end("y") + 1 + bool(notice.group("fy"))))
            number = _notice_number(facts, block, notice.end())
            if number is not None:
                # a notice is issued in the evaluated year's last weeks or, usually, the year after
                claims.append(_claim(source, item, "通知文号", number.year, {number.year - 1, number.year},
                                     number.start, number.end))
    claims.extend(_form_captions(facts))
    if not any(claim.direct for claim in claims):
        body = _body_claim(facts)
        if body is not None:
            claims.append(body)
    _name_year_gives_way(facts, claims)
    return claims


# a year that begins a fund's or project's name: 2022年农村饮水安全补助资金项目支出… (2022年度… names
# the year evaluated, and so does 2022年部门整体支出)
_NAME_YEAR = regex_cache.compile(rf"{YEAR}[ \u3000]*年(?!度)[\u4e00-\u9fff]{{2,30}}?资金(?:项目)?(?=支出|绩效|自评|项目)")
_LEADING_YEAR = regex_cache.compile(rf"{YEAR}[ \u3000]*年")
_FISCAL_YEAR = regex_cache.compile(rf"{YEAR}[ \u3000]*年度")  # 评价年度 / a caption stating 年度: （2023年度）


def _in_project_name(facts: "Facts", claim: YearClaim) -> bool:
    """Whether the title's year begins the name of the project evaluated: the words of the
    项目名称 field (2022年农村饮水安全补助资金项目), or a fund's or project's name it is glued to."""
    view = fold(claim.block.text)
    field = facts.document.field("项目名称")
    if field is not None:
        name = fold(field.value).strip(" \u3000\t")
        if _LEADING_YEAR.match(name) and view.startswith(name, claim.start):
            return True
    return bool(_NAME_YEAR.match(view, claim.start))


def _name_year_gives_way(facts: "Facts", claims: list[YearClaim]) -> None:
    """A title's year that begins the project's name is part of the name: where 评价年度 or a
    caption stating 年度 names one later year (2022年…补助资金项目 evaluated in （2023年度）), the
    title fits that year too (its money spent and evaluated the year after), so it gives way."""
    title = next((claim for claim in claims if claim.source == "标题"), None)
    if title is None:
        return
    stated = {claim.year for claim in claims if claim.source in ("评价年度", "表头")
              and _FISCAL_YEAR.match(fold(claim.block.text), claim.start)}
    if len(stated) != 1 or (year := next(iter(stated))) <= title.year or not _in_project_name(facts, title):
        return
    title.fits = (title.year, year)


# The first half of a title written over two lines (a cover: 2022年度部门整体支出 / 绩效自评报告):
# a unit's name and a year, then only the words that open a title, no sentence, no date
_TITLE_HALF = regex_cache.compile(
    rf"^[ \u3000]*(?P<pre>[\u4e00-\u9fff（）()]{{0,30}}?)(?P<y>{YEAR})[ \u3000]*年度?"
    r"(?P<post>[\u4e00-\u9fff（）()]{0,24}?)[ \u3000]*$")
# what the second half of a wrapped title opens with (…整体支出 / 绩效自评报告)
_TITLE_GOES_ON = regex_cache.compile(r"^[ \u3000]*(?:绩效|部门|单位|整体|项目|支出|自评|财政|专项|资金|本级)")
_NOT_TITLE_WORDS = regex_cache.compile(r"^[月至到起]")  # 2022年5月…, 2022年至…: a date, not a title's year
TITLE_ABOVE_LINES = 2  # a title is written over at most three lines


def title_above(document: Document) -> list[Paragraph]:
    """The lines just above the title that are the first part of it, nearest first: a cover's
    title written over lines (2022年度 / 某局部门整体支出绩效自评报告, or 某局2022年度部门整体支出 /
    绩效自评报告). Short lines without a sentence mark, directly above, before anything else."""
    span = document.title_span
    if span is None:
        return []
    front = document.front
    at = next((index for index, block in enumerate(front) if block.span == span), None)
    out: list[Paragraph] = []
    line = span.line
    for block in reversed(front[:at] if at is not None else []):
        if len(out) >= TITLE_ABOVE_LINES or not isinstance(block, Paragraph) or block.kind != "paragraph":
            break
        text = block.text.strip(" \u3000")
        if not text or len(text) > 30 or block.span.line < line - 4 or not _TITLE_CHARS.match(text):
            break
        out.append(block)
        line = block.span.line
    return out


_TITLE_CHARS = regex_cache.compile(r"^[\u4e00-\u9fff（）()0-9〇零○ \u3000]+$")


def _title_above_claim(facts: "Facts") -> Optional[YearClaim]:
    """The year of a title written over lines, read in the line above it that holds the year:
    a year alone (2022年度), or a line that the title goes on from (…2022年度部门整体支出 / 绩效自评报告)."""
    document = facts.document
    goes_on = bool(_TITLE_GOES_ON.match(document.title))
    for block in title_above(document):
        item = facts.block_text(block)
        if item is None:
            return None
        half = _TITLE_HALF.match(item.view)
        if half is not None and not _NOT_TITLE_WORDS.match(half.group("post")) \
                and (goes_on or not (half.group("pre") or half.group("post"))) and (year := year_of(half.group("y"))):
            return _claim(facts.source, item, "标题", year, {year}, half.start("y"), half.end("y") + 1)
        goes_on = bool(_TITLE_GOES_ON.match(item.view))  # the line above this one goes on into it
    return None


# a page's headline on publishing results (九亭镇2021年预算绩效评价结果公开): the year, 年 without 度,
# may be the year they were published in, the year after the one evaluated
_PUBLISHED = regex_cache.compile(rf"{YEAR}[ \u3000]*年(?!度)[^。；;，,]{{0,20}}?结果公开")
# the caption without its brackets, on the line under the form's name: 财政项目支出绩效自评表 / 2020年度
_FORM_NAME_END = regex_cache.compile(rf"{_FORM_NAME}[ \u3000|]*$")
_BARE_FISCAL_YEAR = regex_cache.compile(rf"^[ \u3000]*(?P<y>{YEAR})[ \u3000]*年度[ \u3000|]*$")


def _caption(view: str) -> Optional[Match[str]]:
    """A form's caption （2022年度）, its title line 2022年度项目支出绩效自评表, or both on one
    line (项目支出绩效自评表（2023年度）)."""
    return _CAPTION.match(view) or _FORM_TITLE.match(view) or _TITLED_CAPTION.search(view)


def _form_captions(facts: "Facts") -> list[YearClaim]:
    """Every form's caption or title line after the front matter's paragraphs (a bare 2020年度
    counts on the line under a form's name): in a table cell
    that is alone in its row (a caption row, not a column heading such as （2022年度） beside
    （2023年度）), or in the body and the attachments (a report's later forms, 附件二 2023年度…
    自评表). A document evaluates one year, so each form names it."""
    found: list[YearClaim] = []
    front = {id(block) for block in facts.document.front if isinstance(block, Paragraph)}
    alone: Optional[set[int]] = None
    blocks = facts.blocks
    for index, item in enumerate(blocks):
        view = item.view
        if len(view) > 48 or "年度" not in view:  # cheapest tests first
            continue
        block = item.block
        caption = _caption(view)
        if caption is None and index and _FORM_NAME_END.search(blocks[index - 1].view):
            caption = _BARE_FISCAL_YEAR.match(view)  # 财政项目支出绩效自评表 / 2020年度
        elif id(block) in front and block.kind == "paragraph":
            continue  # read with the front matter's other claims
        if caption is None or (year := year_of(caption.group("y"))) is None:
            continue
        if not isinstance(block, Paragraph):
            if alone is None:
                alone = _cells_alone_in_row(facts.document)
            if id(block) not in alone:
                continue
        found.append(_claim(facts.source, item, "表头", year, {year}, caption.start("y"), caption.end("y") + 1))
    return found


def _cells_alone_in_row(document: Document) -> set[int]:
    """The ids of the cells that are the only filled cell of their row."""
    alone: set[int] = set()
    for _, table in document.table_list():
        for row in table.rows:
            filled = [cell for cell in row.cells if cell.text.strip(" \u3000")]
            if len(filled) == 1:
                alone.add(id(filled[0]))
    return alone


def _body_claim(facts: "Facts") -> Optional[YearClaim]:
    """The first of the body's first ten paragraphs that opens with a year (2021年，我局… /
    2022年一般公共预算支出…), when nothing else says which year the report evaluates."""
    paragraphs = [block for section in facts.document.section_list() for block in section.body
                  if isinstance(block, Paragraph)]
    for block in paragraphs[:10]:
        if block.kind != "paragraph":
            continue
        item = facts.block_text(block)
        if item is None:
            continue
        match = _BODY_YEAR.match(item.view)
        if match and (year := year_of(match.group("y"))):
            return _claim(facts.source, item, "正文", year, {year}, match.start("y"), match.end("y") + 1)
    return None


def _notice_number(facts: "Facts", block: Any, after: int) -> Optional[DocumentNumber]:
    found = dates_in(facts, block)
    if found is None:
        return None
    for number in found.numbers:
        if after <= number.start <= after + 12 and number.problem is None:
            return number
    return None


def settle_year(claims: list[YearClaim]) -> Optional[int]:
    """The year most claims fit (a tie: the single-year claim written first), None without a direct claim."""
    if not claims or not any(claim.direct for claim in claims):
        return None  # a cited notice alone does not settle what the report evaluates
    votes: dict[int, int] = {}
    for claim in claims:
        for year in claim.fits:
            votes[year] = votes.get(year, 0) + 1
    order = {claim.year: rank for rank, claim in reversed(list(enumerate(claims))) if len(claim.fits) == 1}
    return max(votes, key=lambda year: (votes[year], -order.get(year, 99)))


def read_filings(facts: "Facts") -> list[FilingDate]:
    """Every 填报日期 field of the header, with the complete date it holds."""
    return [_filing(facts, FILING_LABEL, item.value, item.value_span) for item in facts.document.header
            if item.label == FILING_LABEL and item.value_span is not None and item.value]


def read_cover_filings(facts: "Facts") -> list[FilingDate]:
    """Every field of another filing label (报告日期, 报送日期 …, `COVER_FILING_LABELS`), in order: a
    header field (填表人：某某  报告日期：…) or a line of the cover that opens with the label and its
    colon (报告日期：2021年12月31日, before the first heading). A sentence that mentions 报告日期
    is no field."""
    found: list[tuple[str, str, Span]] = [(item.label, item.value, item.value_span) for item in facts.document.header
                                          if item.label in COVER_FILING_LABELS and item.value_span is not None
                                          and item.value]
    for block in facts.document.front:
        if not isinstance(block, Paragraph) or block.kind != "paragraph" or block.span.end_line != block.span.line:
            continue  # a field line's fields are the header's
        text = block.text
        match = _COVER_FILING.match(fold_traditional(text))
        if match is None:
            continue
        rest = _NEXT_FIELD.search(text, match.end())
        raw = text[match.end():rest.start() if rest else len(text)]
        value = raw.rstrip(" \t\u3000\xa0")
        if not value:
            continue
        column = block.span.column + match.end()
        found.append((match.group("label"), value, make_span(block.span.line, column, block.span.line, column + len(value))))
    found.extend(_cover_table_filings(facts.document))
    return [_filing(facts, label, value, span) for label, value, span in sorted(found, key=lambda f: (f[2].line, f[2].column))]


_TABLE_FILING_LABELS = (FILING_LABEL, *COVER_FILING_LABELS)


def _cover_table_filings(document: Document) -> list[tuple[str, str, Span]]:
    """A cover written as a table before the first heading: a cell 填报日期 (or 报告日期 …, a colon
    after it allowed) and the date in the cell right after it, in the same row."""
    found: list[tuple[str, str, Span]] = []
    for block in document.front:
        if not isinstance(block, Table):
            continue
        for row in block.rows:
            cells = row.cells
            for index, cell in enumerate(cells[:-1]):
                label = fold_traditional(cell.text.strip(" \u3000\xa0：:"))
                if label not in _TABLE_FILING_LABELS:
                    continue
                value = cells[index + 1]
                if value.text.strip() and value.span.end_line == value.span.line:  # a date on one line
                    found.append((label, value.text, value.span))
    return found


def _filing(facts: "Facts", label: str, text: str, span: Span) -> FilingDate:
    """The filing date of a field's value: the one complete day it holds (None for none or more)."""
    value = text_item(text, span)
    mentions = read_block_dates(value, facts.source, facts.vocabulary).points
    days = [m for m in mentions if m.precision == "day" and m.year_stated]
    section = tuple(facts.document.section_path(span.line))  # 填报日期 in an attached table
    for mention in mentions:
        mention.section = section
    return FilingDate.build(span=span_of(facts.source, value.block, 0, len(text)), section=section, label=label,
                            text=text, block=value.block, start=0, end=len(text), value=text, source=label,
                            date=days[0] if len(days) == 1 else None, mentions=mentions)


def _main_paragraphs_backwards(document: Document) -> Iterator[Paragraph]:
    """The paragraphs of the report itself (front matter, then each section's heading and body,
    not the attached tables), last first.

    The signature is at the end: read from there, a long report is not walked whole. A stack
    holds what is still to read, in reverse: a section (its subsections come out first, then
    its body, then its heading), a list of blocks (the front matter, a body) or a heading.
    """
    stack: list[Any] = [document.front, *document.sections]
    while stack:
        item = stack.pop()
        if isinstance(item, Section):
            stack.append(item.heading)
            stack.append(item.body)
            stack.extend(item.children)  # the last subsection is read first
        elif isinstance(item, (list, tuple)):
            for block in reversed(item):
                if isinstance(block, Paragraph):
                    yield block
        else:
            yield item  # a section's heading


def signature_block(facts: "Facts") -> tuple[Optional[Paragraph], Optional[DateMention]]:
    """The signature at the end of the report: the unit's name above a date on a line of its own.

    Looked for among the last six paragraphs of the report (before its attached tables);
    the date must be one complete day filling its line (2023年4月25日, 二〇二三年四月二十五日).
    Returns (the unit's line or None, the date or None). Read once per document (the report
    facts ask twice, rule SEC017 once more).
    """
    return facts.memo("report.signature", lambda: _read_signature(facts))


def _read_signature(facts: "Facts") -> tuple[Optional[Paragraph], Optional[DateMention]]:
    last = islice((p for p in _main_paragraphs_backwards(facts.document) if p.kind != "heading"), 6)
    paragraphs = list(last)[::-1]  # the last six, in order
    for index in range(len(paragraphs) - 1, -1, -1):
        block = paragraphs[index]
        text = block.text.strip(" \u3000")
        if not text or len(text) > 16:
            continue
        item = facts.block_text(block)
        if item is None:
            continue
        found = dates_in(facts, block)
        days = [m for m in (found.points if found else []) if m.precision == "day" and m.year_stated]
        if len(days) != 1 or len(days[0].text) < len(text) - 2:
            continue
        unit = None
        if index > 0:
            above = paragraphs[index - 1]
            words = above.text.strip(" \u3000")
            if words.rstrip("。.！!").endswith(_NOTICE_CLOSES):
                return None, None  # the date closes a notice copied above the report (特此通知。), not the report
            if 2 <= len(words) <= 30 and not any(mark in words for mark in "。；;，,：:") \
                    and not any(char.isdigit() for char in words) and words.endswith(_UNIT_END):
                unit = above
        return unit, days[0]
    return None, None


def _signature_filing(facts: "Facts") -> Optional[FilingDate]:
    """The signature's date as the filing date (a report without a 填报日期 field is dated there)."""
    _, day = signature_block(facts)
    if day is None or not day.valid:
        return None
    block = day.block
    return FilingDate.build(span=day.span, section=day.section, label=SIGNATURE, text=day.text, block=block,
                            container=day.container, start=day.start, end=day.end, value=day.text, source=SIGNATURE,
                            date=day, mentions=[day])


def reporting_unit(document: Document, facts: Optional["Facts"] = None) -> Optional[Located]:
    """The reporting unit: 评价单位 / 填报单位 / 预算单位名称, else the line above the title, the
    signature at the end (落款) or the unit the title names."""
    for label in UNIT_LABELS:
        found: Optional[HeaderField] = document.field(label)
        if found is not None and found.value and not _SEAL_ONLY.fullmatch(found.value):
            return located(value=found.value, source=label, span=found.value_span, text=found.value)
    if document.title_span is not None:
        title_line = document.title_span.line
        # the page's furniture between a line and the title (索引号, 发布机构 …) makes that line the
        # site's header (庆城县人民政府 / 玄马镇政府信息公开 / 索引号… / the title), not the report's unit
        furniture = [item.span.line for item in document.furniture if item.span.line < title_line]
        for block in document.front:
            if isinstance(block, Paragraph) and block.span.line < title_line and block.text \
                    and block.text.strip(" \u3000").endswith(_UNIT_END) \
                    and not any(block.span.line < line for line in furniture):
                return located(value=block.text, source="标题上方", span=block.span, text=block.text)
    if facts is not None:
        unit, _ = signature_block(facts)
        if unit is not None:
            text = unit.text.strip(" \u3000")
            return located(value=text, source=SIGNATURE, span=unit.span, text=text)
    if facts is not None:
        in_form = _form_unit(facts)
        if in_form is not None:
            return in_form
    if document.title:
        named = title_unit(document.title)
        if named is not None:
            return located(value=named, source="标题", span=document.title_span, text=named)
        above = title_above(document)
        for first in range(len(above)):  # the title with its lines above: 某局2022年度 / 部门整体支出绩效自评报告
            lines = above[first::-1]
            named = title_unit("".join(block.text.strip(" \u3000") for block in lines) + document.title)
            if named is not None:
                holder = next((block for block in lines if named in block.text), None)
                if holder is not None:
                    return located(value=named, source="标题", span=holder.span, text=named)
    return None


# a unit field left to the seal: 单位名称：（盖章）, （公章）, ( 盖 章 )
_SEAL_ONLY = regex_cache.compile(r"[\s\u3000]*[（(]?[\s\u3000]*(?:盖[\s\u3000]*章|公[\s\u3000]*章|签[\s\u3000]*章)[\s\u3000]*[）)]?[\s\u3000]*")

FORM_UNIT_LABELS = ("实施单位", "部门（单位）名称", "部门名称", "单位名称", "预算单位", "预算部门", "主管部门")


def _form_unit(facts: "Facts") -> Optional[Located]:
    """A form's unit: the cell after 实施单位 / 部门（单位）名称 / … (the first label of the list found)."""
    blocks = facts.blocks
    found: dict[str, Located] = {}
    for index, item in enumerate(blocks[:-1]):
        view = item.view
        if ("单位" not in view and "部门" not in view) or not item.is_cell:
            continue  # (every label of FORM_UNIT_LABELS names a 单位 or a 部门)
        label = view.strip(" \u3000：:").replace("(", "（").replace(")", "）")
        if label not in FORM_UNIT_LABELS or label in found:
            continue
        value = blocks[index + 1]
        text = value.text.strip(" \u3000")
        if (2 <= len(text) <= 30 and value.block.kind == "cell" and text not in FORM_UNIT_LABELS
                and not _column_label(text)):
            found[label] = located(value=text, source="表内" + label, span=value.block.span, text=text)
    return next((found[label] for label in FORM_UNIT_LABELS if label in found), None)


# What ends a column heading, not a unit's name: 预算数, 执行金额, 执行率, 年度指标值, 分值, 金额（万元）,
# and the headings of a list of units or projects (项目单位, 项目名称, 责任部门, 序号): no unit's name
# ends so (they end 局, 中心, 政府, 学校 …)
_COLUMN_LABEL = regex_cache.compile(r"(?:数|额|率|值|分|比例|[（(](?:万?元|%|分)[）)]|单位|名称|部门|序号|项目)$")


def _column_label(text: str) -> bool:
    """Whether a cell reads as a column heading (a table whose first row starts with 单位名称
    is a list of units: the cell after the label is the next heading, not the report's unit)."""
    return _COLUMN_LABEL.search(text.replace(" ", "")) is not None


def title_unit(title: str) -> Optional[str]:
    """The unit a title names: 2021年茂名市发展和改革局整体支出绩效自评报告 → 茂名市发展和改革局;
    in a report's title with 关于, what stands before it (玄马镇关于农村厕所革命建设项目的绩效自评报告
    → 玄马镇, not 玄马镇关于农村厕所), or none."""
    about = title.find("关于")
    if about > 0 and "报告" in title[about:] and "通知" not in title[about:]:  # (a notice's title: as before)
        before = _UNIT_BEFORE_ABOUT.fullmatch(title[:about].strip(" \u3000"))
        return before.group("u") if before else None
    match = _TITLE_UNIT.search(title)
    return match.group("u") if match else None


# 某局关于…的报告: the unit before 关于 (a town or a township too: 玄马镇关于…)
_UNIT_BEFORE_ABOUT = regex_cache.compile(r"(?:(?:19|20)\d{2}\s*年度?)?(?P<u>[\u4e00-\u9fff（）()]{1,30}?"
                                         rf"(?:{_TITLE_UNIT_KINDS}|镇|乡|街道))")


def _profile(facts: "Facts") -> Optional[Located]:
    match = facts.document.profile
    name = match.name or (facts.profile.name if facts.profile is not None else None)
    if not name:
        return None
    return located(value=name, source="指定" if match.forced else "模板识别", text=match.title or "")


def extract_report(facts: "Facts") -> ReportFacts:
    """ReportFacts of one document (the `report` kind of `facts`)."""
    claims = read_claims(facts)
    year = settle_year(claims)
    filings = read_filings(facts)
    if not any(item.date is not None and item.date.valid for item in filings):
        filings.extend(read_cover_filings(facts))  # 报告日期 …: a 填报日期 of its own comes first
    if not any(item.date is not None and item.date.valid for item in filings):
        signed = _signature_filing(facts)
        if signed is not None:
            filings.append(signed)
    report = construct(ReportFacts, {"claims": claims, "filings": filings,
                                     "unit": reporting_unit(facts.document, facts), "profile": _profile(facts)})
    if year is not None:
        report.supporting = [claim for claim in claims if year in claim.fits]
        report.contradicting = [claim for claim in claims if year not in claim.fits]
        first = next((claim for claim in report.supporting if claim.direct and len(claim.fits) == 1),
                     next((claim for claim in report.supporting if claim.direct), report.supporting[0]))
        report.evaluated_year = located(value=year, source=first.source, span=first.span, text=first.text)
    filing = report.filing
    if filing is not None and filing.date is not None:
        day = filing.date.first_day()
        report.filing_date = located(value=day, source=filing.source, span=filing.date.span, text=filing.date.text)
    return report
