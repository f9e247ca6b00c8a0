"""Web page furniture: the parts of a government web page that are not the report.

Text copied from a government site opens with the page's metadata (索引号 / 发布机构 /
发布日期 / 生成日期 / 文号 / 有效性, often as a table), a breadcrumb (您当前位置：首页 > …),
a view counter (浏览次数：…), a welcome line (欢迎来到…网站!), print and close buttons
(【打印】 【关闭】, or at the end of the date line: 日期:… 来源:… 打印页面 关闭页面), and ends with the
attachment download lines (附件：xxx自评报告.pdf) and the site's footer. None of it is the
report: it must never be read as the title, a heading, a header field or a date. The outline
builder sets it aside (`Document.furniture`) and `reportlint parse` shows it as furniture.

Two strengths of pattern: the page's *metadata labels* (索引号, 发布日期 …) are furniture only
before the report starts (before its first heading, header field or paragraph of prose),
where a page puts them; the *unmistakable* shapes (breadcrumbs, counters, 打印/关闭, download
lines, footers) there and in the report's last lines. The outline builder does not look in
between (`reportlint.parse.outline.set_aside_furniture`).
Every pattern is matched on the traditional-folded text, so 發佈日期 and 瀏覽次數 count too.
"""

from __future__ import annotations

import re
from typing import Iterable

from reportlint import regex_cache
from .folding import fold_traditional

# page metadata: a label and a colon, possibly several on one line, possibly bulleted (- 索引号:)
_META_LABELS = ("索引号", "发布机构", "发布日期", "生成日期", "成文日期", "发文日期", "发布时间", "文号", "有效性",
                "时效性", "主题分类", "信息来源", "来源", "更新时间", "公开日期", "公开时间", "公开方式", "公开范围", "信息分类",
                "组配分类", "体裁分类", "所属机构", "发文机关", "主题词", "关键词", "关键字", "信息名称", "作者", "编辑",
                "责任部门", "公开时限", "是否有效", "公开目录", "信息公开目录")
# a label as a site may space it out: 索 引 号, 关 键 字
_SPACED_LABELS = "|".join("[ \u3000]*".join(label) for label in _META_LABELS)
# (or in brackets, as some sites print them: [ 发布机构 ] 某某区发展改革委, 【发布日期】2022-05-10,
# 【字体：】 【发布时间：2022-04-15】 【作者：办公室】 on one line)
_META = regex_cache.compile(r"^[ \t\-•·*]*(?:" + _SPACED_LABELS + r")(?:[ \t]*[:：]|\t|[ \u3000]+(?=\S))"
                            r"|^[ \t]*[\[【［][ \t\u3000]*(?:" + "|".join((*_META_LABELS, "字体", "字号")) + r")[ \t\u3000]*[\]】］:：]")
# (and a bare index number, as some sites print it: 监督索引号53090000722201000)
_INDEX_NUMBER = regex_cache.compile(r"^[ \t]*(?:监督|信息)?索引号[ \t:：]*[0-9A-Za-z][0-9A-Za-z/\-_.]{5,}[ \t]*$")
_META_CELL = regex_cache.compile(r"^(?:" + "|".join(_META_LABELS) + r")[ \t]*[:：]?$"
                                 r"|^[\[【［][ \t\u3000]*(?:" + "|".join(_META_LABELS) + r")[ \t\u3000]*[\]】］][ \t]*[:：]?$")
# a run of markup a copy left (<dfn id="x"><var id="x"></var></dfn>), and a document file's suffix:
# shared by the furniture lines, the page's headings and the outline's download-site file line
MARKUP_RUN = r"(?:</?[a-z][a-z0-9]*(?:[ \t][^<>\n]*)?/?>[ \t]*)+"
DOCUMENT_SUFFIX = r"\.(?:pdf|docx?|xlsx?|wps|et|ofd)"
# anywhere: breadcrumbs, counters, buttons, download lines, footers
_ALWAYS = regex_cache.compile(
    r"^[ \t]*(?:"
    r"(?:您(?:当前|现在)?(?:所在)?的?位置|当前(?:所在)?位置|所在位置)[ \t]*[:：]"
    r"|首页[ \t]*[>＞»›/]"
    r"|(?:浏览次数|浏览量|访问量|阅读次数|点击数|点击量|阅读量|访问次数)[ \t]*[:：]"
    r"|(?:【[ \t]*)?(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏|返回顶部|分享到?|保存|下载)(?:[ \t]*】)?"
    r"(?:[ \t]+(?:【[ \t]*)?(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|收藏|返回顶部|分享到?|保存|下载)(?:[ \t]*】)?)*[ \t]*$"
    r"|【?[ \t]*字(?:号|体)[ \t]*[:：]?[ \t]*大[ \t]*中[ \t]*小[ \t]*】?"
    r"|(?:附件下载|相关附件|附件|相关下载)?[ \t]*[:：]?[ \t]*[^\n]{1,80}?(?:" + DOCUMENT_SUFFIX + r"|\.(?:zip|rar))"
    r"[ \t]*(?:[（(][^）)]*[）)])?[ \t]*$"
    r"|(?:上一篇|下一篇)[ \t]*[:：]"
    r"|欢迎(?:来到|访问|光临)[^\n，,。；;]{1,30}?(?:网站|网|门户|平台)?[ \t]*[!！。]?[ \t]*$"
    # a line whose last words are the print and close buttons: 日期:… 来源:… 打印页面 关闭页面
    r"|[^\n]*?(?:【[ \t]*)?打印(?:页面|本页|此页)?(?:[ \t]*】)?[ \t|｜]*(?:【[ \t]*)?关闭(?:页面|窗口|本页|此页)?(?:[ \t]*】)?[ \t]*$"
    r"|扫一扫在手机(?:上)?(?:打开|查看)"
    r"|保护视力色[ \t]*[:：]"
    r"|(?:主办单位|承办单位|网站标识码|版权所有|ICP备|网站地图|联系我们|网站声明|网站纠错|网站导航)"
    # the footer's sponsor line with the copyright or the site's numbers after it: 主办:某区人民政府 版权所有©
    r"|(?:主办|承办)[ \t]*[:：][^\n]{1,60}?(?:版权所有|ICP|网站标识码|承办[ \t]*[:：])"
    # markup the copy left, and nothing else: <dfn id="x"><var id="x"></var></dfn>
    r"|" + MARKUP_RUN + r"$"
    r")", re.IGNORECASE)
# a line made only of furniture words: 打印 关闭 / 【打印】【关闭】
_BUTTONS = regex_cache.compile(r"^[ \t【】\[\]]*(?:(?:打印|关闭|收藏|分享|返回|顶部|纠错|字号|页面|大|中|小)[ \t【】\[\]|｜]*)+$")


# a heading line only the page made: its title is the copy's markup (1. <sup id="x"></sup>, an HTML
# list's number before a tag) or the name of a document's file (三、绩效分析及评价结论.doc: the
# download site's name of the file, above its text)
_PAGE_HEADING = regex_cache.compile(r"^[ \t]*(?:" + MARKUP_RUN + r"|[^\n]{1,80}?" + DOCUMENT_SUFFIX + r")[ \t]*$",
                                    re.IGNORECASE)


def is_page_heading(title: str) -> bool:
    """Whether a heading line's title (its text after the marker) is the page's, not the report's."""
    return len(title) <= MAX_FURNITURE and _PAGE_HEADING.match(title) is not None


# before the report, a bulleted line is the page's navigation or metadata list (• 某县教育和体育局,
# • 索引号): never the report's title, nor the unit named above it
_BULLETED = regex_cache.compile(r"^[ \t]*[•▪◦●][ \t\u3000]*\S")

MAX_FURNITURE = 160  # a longer line is report text (a download line with a long file name is shorter)


def is_furniture(text: str, *, before_report: bool) -> bool:
    """Whether a line (or a row's first cell) is page furniture.

    `before_report`: the report has not started yet (no title, no heading read), where the
    page's metadata labels stand.
    """
    if len(text) > MAX_FURNITURE:
        return False
    stripped = fold_traditional(text.strip())
    if not stripped:
        return False
    if _ALWAYS.match(stripped) or _BUTTONS.match(stripped):
        return True
    return before_report and (_META.match(stripped) is not None or _META_CELL.match(stripped) is not None
                              or _INDEX_NUMBER.match(stripped) is not None or _BULLETED.match(stripped) is not None)


# above the report's title only, a page's header as a markdown list renders it: "- " bulleted
# lines and bare "-" (or "•") separators (- 某县卫生健康局 / - / 发布机构…), and a metadata label glued to its
# value without a colon (发布机构某县卫生健康局, 发布日期2023-06-30). Below the title a dash line is a
# list item of the report and a label word starts a sentence (来源于…): report text.
_DASH_BULLETED = regex_cache.compile(r"^-(?:[ \t\u3000]+\S|[ \t\u3000]*$)|^[•▪◦●][ \t\u3000]*$")
_GLUED_LABEL = regex_cache.compile(r"^[•▪◦●·\-]?[ \t\u3000]*(?:" + _SPACED_LABELS + r")[ \u3000]*"
                                   r"(?=[\u4e00-\u9fff0-9A-Za-z])[^:：]{1,%d}$" % 60)
_GLUED_FIRST = frozenset(label[0] for label in _META_LABELS) | frozenset("•▪◦●·-")
MAX_PAGE_HEADER = 80  # a page header's line is short: a label and its value, a unit's name


def is_page_header(text: str) -> bool:
    """A line of a page's header that only counts above the report's title: a "- " bulleted line
    or a bare "-" (markdown list rendering of the site's metadata), a metadata label glued to
    its value (发布机构某县卫生健康局, 索引号000012345/2023-00101), or the hosting site's own line
    (a notice label, a download site's line: `is_site_line`)."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_PAGE_HEADER:
        return False
    if is_site_line(stripped):
        return True
    if fold_traditional(stripped[0]) not in _GLUED_FIRST:
        return False
    if stripped[0] in "-•▪◦●" and _DASH_BULLETED.match(stripped) is not None:
        return True
    return _GLUED_LABEL.match(fold_traditional(stripped)) is not None


# the hosting site's own lines. Its name (某县人民政府门户网站, 某某文档网 - 在线文档分享平台): a web
# site, never a unit, anywhere before the report. Above the report's title only: a notice label
# (温馨提示：, 友情提示：) and a download site's lines (下载所需积分, 资源编号, 浏览器, 本站, 预览, 上传).
MAX_SITE_NAME = 40
_SITE_NAME = regex_cache.compile(r"(?:网站|门户|政府网|政务网|服务网|公开网|信息网|文档网|文库"
                                 r"|(?:公开|服务|分享|文档|资源|下载)平台)[ \t\u3000]*$")
_SITE_NAME_STOPS = frozenset("。，,；;：:！!？?、")
_SITE_NOTICE = regex_cache.compile(r"^[【\[［]?[ \t\u3000]*(?:温馨提示|友情提示|特别提示|下载须知|下载说明|下载提示)"
                                   r"[ \t\u3000]*(?:[】\]］]|[:：]|$)")
_SITE_CUES = ("下载", "浏览器", "本站", "预览", "上传", "资源编号", "所需积分")
_TITLE_WORDS = ("报告", "自评")


def is_site_name(text: str) -> bool:
    """A line that names a web site (某县人民政府门户网站, 某某政务服务网): the page's banner."""
    stripped = fold_traditional(text.strip())
    if not stripped or len(stripped) > MAX_SITE_NAME or not ("网" in stripped or "门户" in stripped
                                                              or "平台" in stripped or "文库" in stripped):
        return False
    return not _SITE_NAME_STOPS.intersection(stripped) and _SITE_NAME.search(stripped) is not None


def is_site_notice_label(text: str) -> bool:
    """A site's notice label opening its line (温馨提示：, 【友情提示】, 下载须知)."""
    stripped = fold_traditional(text.strip())
    head = stripped[:8]
    if "提示" not in head and "下载" not in head:
        return False
    return _SITE_NOTICE.match(stripped) is not None


def has_site_cue(text: str) -> bool:
    """Words of a download site's page (下载, 浏览器, 本站, 预览, 上传, 资源编号, 所需积分), in a line
    that is no title (报告, 自评)."""
    folded = fold_traditional(text)
    return any(cue in folded for cue in _SITE_CUES) and not any(word in folded for word in _TITLE_WORDS)


def is_site_line(text: str) -> bool:
    """The hosting site's line above the report's title: its name, a notice label, a download site's line."""
    stripped = fold_traditional(text.strip())
    return is_site_name(stripped) or is_site_notice_label(stripped) or has_site_cue(stripped)


_BARE_LABEL = regex_cache.compile(r"^[ \t•▪◦●\-*·]*(?:" + _SPACED_LABELS + r")[ \t\u3000]*[:：]?[ \t]*$")


def is_bare_label(text: str) -> bool:
    """A page metadata label with nothing after it (• 发布机构): its value is on the next line."""
    return _BARE_LABEL.match(fold_traditional(text.strip())) is not None


def render_furniture(document) -> list[str]:
    """`reportlint parse`'s lines for the furniture set aside: `L3     furniture  发布日期：2023-05-10`."""
    out = []
    for block in getattr(document, "furniture", []) or []:
        text = block.text if hasattr(block, "text") else " | ".join(cell.text for row in block.rows for cell in row.cells)
        out.append(f"L{block.span.line:<5} furniture  {text[:60]}")
    return out


def furniture_lines(blocks: Iterable) -> list[int]:
    """The line numbers of the given furniture blocks."""
    return [block.span.line for block in blocks]
