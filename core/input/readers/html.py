"""Reader for saved web pages (.html/.htm): the report's own content, without the site around it.

Governments publish the reports as pages of their disclosure sites. The page is parsed by
lxml.html (libxml2's HTML parser: no network, no entities expanded beyond HTML's own), then:

* the encoding comes from a BOM, else the `<meta charset>` / `http-equiv` declaration in
  the first 4 KB (GB2312 and GBK are read as GB18030, their superset, as browsers do), else
  UTF-8 if it decodes, else GB18030;
* site furniture is left out: scripts, styles, forms, `nav`/`header`/`footer`/`aside`,
  elements whose id or class names navigation, breadcrumbs, share or print bars, footers
  (``nav``, ``crumb``, ``position``, ``share``, ``print``, ``footer`` …), the disclosure
  metadata block (a table or list with 索引号/发布机构/发布日期/主题分类…), and short lines
  such as 您当前位置：…, 【打印】【关闭】, 分享到, 字号：大 中 小, 浏览次数;
* block elements are lines; `<br>` breaks a line; whitespace runs collapse as a browser
  shows them; a table is rows of tab-prefixed cells with an empty line after each row, as
  the .docx reader writes them (a `colspan` cell appears once; under a `rowspan` cell the
  rows below get an empty cell, like a vertically merged Word cell);
* links stay as their text (an attachment link 附件1：….xlsx is a line of the report); the
  linked files are not fetched.

Origins: ``第12段`` (the 12th non-empty line outside tables), ``表格2 第3行 第1列``.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from reportlint import regex_cache
from ...errors import InputError
from ..source import Source
from .optional import require

MAX_HTML_BYTES = 16 * 1024 * 1024  # a saved report page is well under 2 MB, inline images aside
MAX_ELEMENTS = 400_000
MAX_RENDERED_CHARS = 20 * 1024 * 1024

_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
              "applet", "form", "button", "select", "textarea", "input", "nav", "header", "footer", "aside",
              "svg", "canvas", "map", "audio", "video", "head", "title", "meta", "link"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
               "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr",
               "body", "html", "caption", "tbody", "thead", "tfoot"}
_FURNITURE_NAME = regex_cache.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|dqwz|wz|header|head|top|topbar|"
    r"footer|foot|bottom|copyright|share|bdshare|fenxiang|fx|print|dayin|toolbar|tools|sidebar|side|"
    r"related|xgwz|search|login|qrcode|ewm|skip|banner|logo|font|zh?size|fontsize|info|article-info|"
    r"meta|xxgk[-_]?(?:table|info|head)|gkxx|pubinfo)(?:$|[-_ \d])", re.IGNORECASE)
_METADATA_LABELS = ("索引号", "发布机构", "发文机关", "发布日期", "成文日期", "生成日期", "主题分类", "公开方式",
                    "公开范围", "信息来源", "文号", "有效性", "信息分类", "公开时限")
_FURNITURE_LINE = regex_cache.compile(
    r"^(?:您?当前(?:的)?位置|当前位置|所在位置|首页\s*[>＞»]|【?\s*(?:打印|关闭|收藏|返回顶部|打印本页|关闭窗口)"
    r"|分享到|字号|字体[:：]|【?\s*字体|浏览次数|访问量|阅读次数|点击数|扫一扫|(?:发布|更新)时间[:：].{0,40}(?:来源|浏览|点击)"
    r"|来源[:：].{0,40}(?:发布|浏览|点击)|网站标识码|版权所有|主办单位|ICP备|京公网安备|上一篇|下一篇)")
_META = regex_cache.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = regex_cache.compile(r"[ \t\r\n\f\v]+")


def read_html_report(data: bytes, path: str) -> Source:
    """Render a saved report page to the layout text, with paragraph/table origins."""
    if len(data) > MAX_HTML_BYTES:
        raise InputError(path, f"web page too large ({len(data)} bytes, limit {MAX_HTML_BYTES}) / 网页文件过大")
    if not data.strip():
        raise InputError(path, "empty file / 文件为空")
    text = decode_html(data, path)
    lxml_html = require("lxml.html", "html", "web page (.html)", path)
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        root = lxml_html.document_fromstring(text, parser=parser)
    except Exception as exc:  # noqa: BLE001 - lxml's ParserError on an empty or broken document
        raise InputError(path, f"not a readable web page ({type(exc).__name__}) / 无法读取该网页") from None
    count = sum(1 for _ in root.iter())
    if count > MAX_ELEMENTS:
        raise InputError(path, f"web page with {count} elements (limit {MAX_ELEMENTS}) / 网页结构过大")
    try:
        _strip_furniture(root)
        content = _content_root(root)
        renderer = _Renderer()
        renderer.block(content)
        lines, origins = renderer.finish()
    except RecursionError:
        raise InputError(path, "web page nested too deep / 网页结构嵌套过深") from None
    out = "\n".join(lines)
    if not out.strip():
        raise InputError(path, "the web page contains no report text / 网页中没有报告正文")
    if len(out) > MAX_RENDERED_CHARS:
        raise InputError(path, f"document too long ({len(out)} characters) / 文档过长")
    return Source(out, path, origins=origins)


def decode_html(data: bytes, path: str) -> str:
    """BOM, then the declared charset (GB2312/GBK → GB18030), then UTF-8, then GB18030."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    declared = _META.search(data[:4096])
    encoding = declared.group(1).decode("ascii", "replace").lower() if declared else None
    if encoding in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb_2312-80"):
        encoding = "gb18030"
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = None
    if encoding and encoding.startswith("utf-16"):
        encoding = "utf-8"  # a page that decodes as ASCII-compatible cannot be UTF-16 without a BOM
    if encoding is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "gb18030"
    return data.decode(encoding, errors="replace")


# -- furniture ---------------------------------------------------------------------------------
def _names(element: Any) -> str:
    return f"{element.get('id') or ''} {element.get('class') or ''}".strip()


def _strip_furniture(root: Any) -> None:
    doomed = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:
            doomed.append(element)  # comments, processing instructions left by the parser
        elif tag.lower() in _DROP_TAGS:
            doomed.append(element)
        elif element.get("role") in ("navigation", "banner", "contentinfo", "search"):
            doomed.append(element)
        elif _FURNITURE_NAME.search(_names(element)) and tag.lower() not in ("html", "body"):
            if len(element.text_content()) < 400 or tag.lower() in ("ul", "ol", "table"):
                doomed.append(element)  # never a big block: a content div named "main-top" keeps its report
        elif tag.lower() in ("table", "ul", "dl", "div") and _is_metadata_block(element):
            doomed.append(element)
        elif (element.get("style") or "").replace(" ", "").lower().find("display:none") >= 0:
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            _remove_keep_tail(element)


def _is_metadata_block(element: Any) -> bool:
    text = element.text_content()
    if len(text) > 600:
        return False
    return sum(1 for label in _METADATA_LABELS if label in text) >= 2


def _remove_keep_tail(element: Any) -> None:
    parent = element.getparent()
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _content_root(root: Any) -> Any:
    """Descend from <body> while one child holds nearly all of the text (the article container)."""
    body = root.find("body")
    node = body if body is not None else root
    while True:
        total = len(_SPACES.sub("", node.text_content()))
        if total == 0:
            return node
        children = [child for child in node if isinstance(child.tag, str)]
        best = max(children, key=lambda c: len(_SPACES.sub("", c.text_content())), default=None)
        if best is None or best.tag in ("table", "p", "tr", "td") or \
                len(_SPACES.sub("", best.text_content())) < total * 0.85:
            return node
        node = best


# -- rendering -------------------------------------------------------------------------------
class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: list[str] = []
        self.current: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def finish(self) -> tuple[list[str], list[str]]:
        self._flush()
        return self.lines, self.origins

    def _flush(self) -> None:
        if not self.current:
            return
        text = "".join(self.current)
        self.current = []
        for piece in text.split("\n"):
            line = _SPACES.sub(" ", piece).strip(" \u00a0\u3000\t")
            if not line or _FURNITURE_LINE.match(line):
                continue
            self.paragraphs += 1
            self.lines.append(line)
            self.origins.append(f"第{self.paragraphs}段")

    def block(self, element: Any) -> None:
        """Walk an element: text into the current line, blocks and <br> end it, tables rendered."""
        if element.text:
            self.current.append(element.text)
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "table":
                self._flush()
                self.table(child)
            elif tag == "br":
                self.current.append("\n")
            elif tag in _BLOCK_TAGS or tag == "tr":
                self._flush()
                self.block(child)
                self._flush()
            elif tag:
                self.block(child)
            if child.tail:
                self.current.append(child.tail)

    def table(self, table: Any) -> None:
        self.tables += 1
        number = self.tables
        pending: dict[int, tuple[int, int]] = {}  # column → (rows still covered by a rowspan, its colspan)
        for row_index, row in enumerate(_rows(table), 1):
            column, visible = 0, 0

            def covered() -> None:  # the cell under a rowspan at `column`: an empty cell, as in Word
                nonlocal column, visible
                left, width = pending.pop(column)
                if left > 1:
                    pending[column] = (left - 1, width)
                visible += 1
                self._emit_cell([], f"表格{number} 第{row_index}行 第{visible}列")
                column += width

            for cell in row:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                while column in pending:
                    covered()
                colspan, rowspan = _int_attr(cell, "colspan"), _int_attr(cell, "rowspan")
                visible += 1
                self._emit_cell(_cell_lines(cell), f"表格{number} 第{row_index}行 第{visible}列")
                if rowspan > 1:
                    pending[column] = (rowspan - 1, colspan)
                column += colspan
            for col in sorted(c for c in pending if c >= column):
                column = col
                covered()
            if visible:
                self.lines.append("")
                self.origins.append(f"表格{number} 第{row_index}行")

    def _emit_cell(self, lines: list[str], origin: str) -> None:
        self.lines.append("\t" + (lines[0] if lines else ""))
        self.origins.append(origin)
        for line in lines[1:]:
            self.lines.append(line)
            self.origins.append(origin)


def _rows(table: Any):
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child)


def _int_attr(cell: Any, name: str) -> int:
    try:
        return max(1, min(int((cell.get(name) or "1").strip()), 1000))
    except ValueError:
        return 1


def _cell_lines(cell: Any) -> list[str]:
    """A cell's lines: its blocks and <br>s, nested tables' cells flattened; empty lines dropped."""
    inner = _Renderer()
    inner.block(cell)
    lines, _ = inner.finish()
    return [line.lstrip("\t") for line in lines if line.strip()]
