"""Reader for published PDF reports (text layer), through pdfplumber (extra `pdf`).

Governments publish the reports as PDF attachments; checking them means getting back the
layout the .txt seeds are in, from glyph positions:

* lines are rebuilt from the characters (pdfminer decodes CID-font Chinese through the
  font's ToUnicode map or its Adobe CMap); a paragraph the PDF wrapped over several lines,
  or over a page break, is one line again: a line joins the previous one when that one
  reaches the right margin and this one starts at the left margin without an indent or a
  heading marker, in the same font size (a Latin word hyphenated at the break loses its hyphen);
* running headers and footers (short lines in the top or bottom band of the page that
  recur on other pages, digits aside) and page numbers (``- 3 -``, ``第3页 共9页``, ``3/9``)
  are set aside;
* a page in two columns is read column by column: a vertical gutter (an x band in the middle
  half of the text that no character crosses on three quarters of the rows, with prose on
  both sides) splits it; rows that cross it (a full-width title, a paragraph across the page)
  are read where they stand, each run of rows between them left column first. A page of the
  same document where the gutter does not show (the last one, half full) uses the document's;
* ruled tables (pdfplumber's line-based table finder) become rows of tab-prefixed cells
  with an empty line after each row, as the .docx reader writes them: a cell spanning
  columns appears once, the rows under a cell spanning rows get an empty cell;
* tables without ruling lines (whitespace-aligned columns, as many exported reports have)
  become the same rows of cells, but only when that is certain: three or more consecutive
  rows whose runs of text line up in two or more columns, with numbers in the cells; an
  empty cell keeps its column. Anything less stays text lines;
* every line keeps its origin, ``第3页 第12行`` (the 12th line of text of page 3, tables
  not counted) or ``第3页 表格1 第2行 第3列``.

Refused with one line (InputError): not a PDF, a password needed to open it, no text layer
(a scan: OCR is needed), fonts without a Unicode mapping, and, before any page is laid
out, more than `MAX_PAGES` pages or a stream that decodes past `MAX_STREAM_DECODED` (a
flate bomb). A PDF that opens without a password but carries permission restrictions
(an owner password only) is read, as every viewer shows it.
"""

from __future__ import annotations

import io
import re
import statistics
import zlib
from dataclasses import dataclass, field
from typing import Any, Optional

from reportlint import regex_cache
from ...errors import InputError
from ..source import Source
from .optional import require
from . import pdf_columns as columns
from .pdf_runs import baseline_rows, join_text, text_of
from .pdf_tables import Borderless, split_borderless_tables

MAX_PAGES = 500  # a report is 5-60 pages; a bureau's bundle a few hundred
MAX_STREAM_DECODED = 16 * 1024 * 1024  # one content stream, font or form, decoded
MAX_TOTAL_DECODED = 128 * 1024 * 1024  # all of them
MAX_RENDERED_CHARS = 20 * 1024 * 1024

_PAGE_NUMBER = regex_cache.compile(r"^(?:[-—–_·\s]*\d{1,4}[-—–_·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                          r"|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页|page\s*\d+(?:\s*of\s*\d+)?)$", re.IGNORECASE)
_NEW_ITEM = regex_cache.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
                       r"|\d+\s*[、.．](?!\d)|[①-⑳⑴-⒇⒈-⒛]|附件|附表)")
BAND = 0.075  # top and bottom share of the page height where headers and footers sit


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    number: int = 0  # the line's number on its page (text lines, tables not counted)
    frame: Optional[tuple[float, float]] = None  # left and right margins of its column (None: the page's)


@dataclass
class Block:
    """What one page contributes, in reading order: text lines and tables."""

    top: float
    page: int
    line: Optional[Line] = None
    rows: list[list[Optional[list[str]]]] = field(default_factory=list)  # table: rows of cells (lines) or None
    table: int = 0
    order: tuple = ()  # reading order on the page (see Frame.key)


def read_pdf_report(data: bytes, path: str) -> Source:
    """Lay out a PDF's text layer in the report layout, with page/line origins."""
    head = data[:1024]
    if b"%PDF-" not in head:
        raise InputError(path, "not a PDF file (no %PDF header) / 不是有效的 PDF 文件")
    pdfplumber = require("pdfplumber", "pdf", "PDF", path)
    from pdfminer.pdfpage import PDFPage

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer wraps everything in PdfminerException
        raise _open_error(path, exc) from None
    with pdf:
        try:
            pages = _count_pages(pdf.doc, PDFPage, path)
            _check_streams(pages, path)
            layouts = [_page_layout(page, number) for number, page in enumerate(pdf.pages, 1)]
            gutters = [layout.gutter for layout in layouts if layout.gutter is not None]
            common = statistics.median(gutters) if gutters else None
            blocks_per_page = [_page_blocks(layout, common) for layout in layouts]
            heights = [layout.height for layout in layouts]
        except InputError:
            raise
        except RecursionError:
            raise InputError(path, "PDF structure nested too deep / PDF 结构嵌套过深") from None
        except Exception as exc:  # noqa: BLE001 - a broken PDF: one line, never a traceback
            detail = str(exc).splitlines()[0][:160] if str(exc) else ""
            raise InputError(path, f"not a readable PDF ({type(exc).__name__}: {detail}) / 无法读取该 PDF 文件") from None
    all_lines = [b.line for blocks in blocks_per_page for b in blocks if b.line is not None]
    cells = [c for blocks in blocks_per_page for b in blocks for row in b.rows for c in row if c]
    visible = "".join(line.text for line in all_lines) + "".join("".join(c) for c in cells)
    if not visible.strip():
        raise InputError(path, "the PDF has no text layer (a scanned document?); OCR is needed to check it "
                               "/ PDF 中没有文字层（扫描件），需先进行文字识别（OCR）")
    if visible.count("(cid:") * 6 > len(visible) * 0.2:
        raise InputError(path, "the PDF's fonts have no Unicode mapping, its text cannot be extracted; OCR is "
                               "needed / PDF 字体缺少字符映射，无法提取文字")
    _drop_furniture(blocks_per_page, heights)
    lines, origins = _render(blocks_per_page)
    text = "\n".join(lines)
    if len(text) > MAX_RENDERED_CHARS:
        raise InputError(path, f"document too long ({len(text)} characters) / 文档过长")
    if not text.strip():
        raise InputError(path, "the PDF contains no report text / PDF 中没有报告正文")
    return Source(text, path, origins=origins)


def _open_error(path: str, exc: Exception) -> InputError:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return InputError(path, "the PDF is password-protected (encrypted); save an unprotected copy to check it "
                                "/ PDF 已加密，无法读取")
    detail = str(inner).splitlines()[0][:160] if str(inner) else ""
    return InputError(path, f"not a readable PDF ({name}: {detail}) / 无法读取该 PDF 文件")


# -- limits, checked before any page is laid out --------------------------------------------
def _count_pages(document: Any, page_class: Any, path: str) -> list:
    """The page objects, stopping one past the limit (the page tree is walked, not trusted)."""
    pages = []
    for page in page_class.create_pages(document):
        pages.append(page)
        if len(pages) > MAX_PAGES:
            raise InputError(path, f"PDF with more than {MAX_PAGES} pages (limit {MAX_PAGES}) / PDF 页数过多")
    if not pages:
        raise InputError(path, "the PDF has no pages / PDF 没有页面")
    return pages


def _check_streams(pages: list, path: str) -> None:
    """Every stream a page will decode (contents, forms, fonts), measured by a bounded decoder."""
    from pdfminer.pdftypes import PDFStream, resolve1

    seen: set[int] = set()
    total = 0

    def measure(stream: Any, where: str) -> None:
        nonlocal total
        key = id(stream) if stream.objid is None else stream.objid
        if key in seen:
            return
        seen.add(key)
        size = _decoded_size(stream, MAX_STREAM_DECODED)
        if size > MAX_STREAM_DECODED:
            raise InputError(path, f"{where}: a stream larger than {MAX_STREAM_DECODED // (1024 * 1024)} MB when "
                                   f"decoded (PDF bomb?) / PDF 数据流解压后过大，拒绝处理")
        total += size
        if total > MAX_TOTAL_DECODED:
            raise InputError(path, f"{where}: decoded streams exceed {MAX_TOTAL_DECODED // (1024 * 1024)} MB in "
                                   f"total (PDF bomb?) / PDF 解压后体积过大，拒绝处理")

    def walk(obj: Any, where: str, depth: int) -> None:
        obj = resolve1(obj)
        if depth > 12 or obj is None:
            return
        if isinstance(obj, PDFStream):
            subtype = _name(obj.get("Subtype"))
            if subtype == "Image":
                return  # images are not decoded for text
            measure(obj, where)
            for key in ("Resources",):
                if key in obj.attrs:
                    walk(obj.attrs[key], where, depth + 1)
            return
        if isinstance(obj, list):
            for item in obj:
                walk(item, where, depth + 1)
        elif isinstance(obj, dict):
            for key in ("Font", "XObject", "DescendantFonts", "FontDescriptor", "FontFile", "FontFile2",
                        "FontFile3", "ToUnicode", "Resources", "CharProcs"):
                if key in obj:
                    value = resolve1(obj[key])
                    if key in ("Font", "XObject", "CharProcs") and isinstance(value, dict):
                        for item in value.values():
                            walk(item, where, depth + 1)
                    else:
                        walk(value, where, depth + 1)

    for number, page in enumerate(pages, 1):
        where = f"page {number}"
        contents = page.contents if isinstance(page.contents, list) else [page.contents]
        for stream in contents:
            stream = resolve1(stream)
            if isinstance(stream, PDFStream):
                measure(stream, where)
        walk(page.resources, where, 0)


def _name(value: Any) -> str:
    return getattr(value, "name", str(value) if value is not None else "")


def _decoded_size(stream: Any, limit: int) -> int:
    """How many bytes pdfminer would get from `stream`, counting at most limit + 1."""
    data = stream.data if stream.data is not None else stream.rawdata
    if stream.data is not None:
        return len(data)
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    for kind, _params in stream.get_filters():
        name = _name(kind)
        if name in ("FlateDecode", "Fl"):
            decoder = zlib.decompressobj()
            try:
                data = decoder.decompress(data, limit + 1)
            except zlib.error:
                return len(data)
        elif name in ("LZWDecode", "LZW"):
            if len(data) > limit // 64:  # LZW expands at most ~ hundreds of times; refuse a big one unmeasured
                return limit + 1
            from pdfminer.lzw import lzwdecode
            data = lzwdecode(data)
        elif name in ("ASCII85Decode", "A85", "ASCIIHexDecode", "AHx", "RunLengthDecode", "RL"):
            if len(data) * (4 if "85" in name else 1) > limit:
                return limit + 1
            from pdfminer import ascii85, runlength
            data = (ascii85.ascii85decode(data) if "85" in name else ascii85.asciihexdecode(data)
                    if "Hex" in name or name == "AHx" else runlength.rldecode(data))
        else:
            break  # image codecs (DCT, JPX, JBIG2, CCITT) are not decoded for text
        if len(data) > limit:
            return limit + 1
    return len(data)


# -- one page --------------------------------------------------------------------------------
@dataclass
class _PageLayout:
    """A page's characters outside ruled tables, as baseline rows, and its ruled tables."""

    number: int
    height: float
    rows: list[list[dict]]
    size: float
    tables: list[tuple[tuple[float, float, float, float], list[list[Optional[list[str]]]]]]  # (bbox, rows)
    gutter: Optional[float]


def _page_layout(page: Any, number: int) -> _PageLayout:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def in_table(obj: dict) -> Optional[int]:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        for index, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                return index
        return None

    body: list[dict] = []
    table_chars: dict[int, list[dict]] = {index: [] for index in range(len(boxes))}
    for char in _dedupe(page.chars):
        if not char.get("text"):
            continue
        index = in_table(char)
        (body if index is None else table_chars[index]).append(char)
    size = statistics.median([max(c["bottom"] - c["top"], 1.0) for c in body]) if body else 10.0
    rows = baseline_rows(body)
    ruled = [(table.bbox, _table_rows(table, table_chars[index], number)) for index, table in enumerate(tables)]
    return _PageLayout(number, float(page.height), rows, size, ruled, columns.gutter(rows, size))


def _dedupe(chars: list[dict]) -> list[dict]:
    """Characters drawn twice at the same place (fake bold, overprinting) kept once: the same
    glyph in the same font and size within 1 point. (pdfplumber's `dedupe_chars` does this too,
    but in time quadratic in the characters of a page; a grid of 1-point cells is linear.)"""
    seen: dict[tuple[Any, ...], list[dict]] = {}
    out = []
    for char in chars:
        key = (char.get("text"), char.get("fontname"), round(float(char.get("size") or 0), 1))
        x, y = int(char["x0"] // 1), int(char["top"] // 1)
        twin = any(abs(other["x0"] - char["x0"]) <= 1 and abs(other["top"] - char["top"]) <= 1
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in seen.get((*key, x + dx, y + dy), ()))
        if not twin:
            out.append(char)
            seen.setdefault((*key, x, y), []).append(char)
    return out


def _page_blocks(layout: _PageLayout, common: Optional[float]) -> list[Block]:
    """A page's text lines and tables, in reading order (column by column on a two-column page).

    A page of a two-column document where no gutter shows (the last page, its left column only
    half full) is read in the document's columns when none of its rows but the running header
    and footer crosses the document's gutter.
    """
    number, size = layout.number, layout.size
    gutter, forced = layout.gutter, False
    if gutter is None and common is not None and layout.rows:
        band = layout.height * BAND
        body_rows = [row for row in layout.rows
                     if min(c["top"] for c in row) >= band and max(c["bottom"] for c in row) <= layout.height - band]
        if body_rows and not any(columns.crosses_gutter(row, common, size) for row in body_rows) and \
                not any(isinstance(item, Borderless) for item in split_borderless_tables(layout.rows, size)):
            gutter, forced = common, True  # (a page holding only a whitespace table is not cut in two)
    blocks: list[Block] = []
    frames = columns.frames(layout.rows, size, gutter, forced)
    for frame in frames:
        for item in split_borderless_tables(frame.rows, size):
            if isinstance(item, Borderless):
                top = item.top
                blocks.append(Block(top=top, page=number, rows=item.cells, order=frame.key(top)))
                continue
            line = _line_of(item, number)
            if line is not None:
                line.frame = frame.margins
                blocks.append(Block(top=line.top, page=number, line=line, order=frame.key(line.top)))
    for (x0, top, x1, _bottom), rows in layout.tables:
        order = (top, 0, 0.0)
        for frame in frames:  # a ruled table inside one column is read with that column
            if frame.column and frame.top - size <= top <= frame.bottom and \
                    (x1 <= frame.gutter if frame.column == 1 else x0 >= frame.gutter):
                order = frame.key(top)
        blocks.append(Block(top=top, page=number, rows=rows, order=order))
    blocks.sort(key=lambda block: block.order)
    lines_seen = tables_seen = 0
    for block in blocks:
        if block.line is not None:
            lines_seen += 1
            block.line.number = lines_seen
        else:
            tables_seen += 1
            block.table = tables_seen
    return blocks


def _line_of(row: list[dict], page: int) -> Optional[Line]:
    text = text_of(row)
    if not text:
        return None
    sizes = [c["bottom"] - c["top"] for c in row]
    return Line(text, row[0]["x0"], row[-1]["x1"], min(c["top"] for c in row),
                max(c["bottom"] for c in row), statistics.median(sizes), page)


def _lines(chars: list[dict], page: int) -> list[Line]:
    """Characters grouped into lines (by baseline), each line's characters left to right."""
    return [line for row in baseline_rows(chars) if (line := _line_of(row, page)) is not None]


def _table_rows(table: Any, chars: list[dict], page: int) -> list[list[Optional[list[str]]]]:
    """Rows of cells; a cell is its lines, None for the empty cell under a row-spanning one."""
    columns = sorted({round(cell[0], 1) for cell in table.cells})
    out: list[list[Optional[list[str]]]] = []
    for row in table.rows:
        real = [cell for cell in row.cells if cell is not None]
        rendered: list[Optional[list[str]]] = []
        for index, cell in enumerate(row.cells):
            if cell is None:
                x = columns[index] if index < len(columns) else None
                covered = x is not None and any(c[0] - 0.5 < x < c[2] - 0.5 for c in real)
                if not covered:  # spanned from a row above: an empty cell keeps the columns
                    rendered.append(None)
                continue  # spanned from the left: the cell appears once
            x0, top, x1, bottom = cell
            inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
            rendered.append(_join_wrapped(_lines(inside, page), x1))
        if rendered:
            out.append(rendered)
    return out


def _join_wrapped(lines: list[Line], right: float) -> list[str]:
    """Lines, with those a narrow cell wrapped joined back (the previous line reaches the right)."""
    out: list[str] = []
    previous: Optional[Line] = None
    for line in lines:
        if previous is not None and out and previous.x1 >= right - line.size * 2.2 and not _NEW_ITEM.match(line.text):
            out[-1] = join_text(out[-1], line.text)
        else:
            out.append(line.text)
        previous = line
    return out


# -- headers, footers, page numbers -----------------------------------------------------------
def _drop_furniture(pages: list[list[Block]], heights: list[float]) -> None:
    """Set aside page numbers and running headers/footers (band lines recurring on other pages)."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s", "", text))

    seen: dict[str, set[int]] = {}
    bands: list[list[Block]] = []
    for index, blocks in enumerate(pages):
        page_height = heights[index]
        band = []
        for block in blocks:
            line = block.line
            if line is None:
                continue
            if line.top < page_height * BAND or line.bottom > page_height * (1 - BAND):
                band.append(block)
                seen.setdefault(key(line.text), set()).add(index)
        bands.append(band)
    for index, band in enumerate(bands):
        for block in band:
            assert block.line is not None
            text = block.line.text
            if _PAGE_NUMBER.match(text.strip()) or (len(pages) > 1 and len(seen[key(text)]) > 1 and len(text) < 80):
                pages[index].remove(block)


# -- rendering ---------------------------------------------------------------------------------
def _render(pages: list[list[Block]]) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    origins: list[str] = []
    body = [b.line for blocks in pages for b in blocks if b.line is not None]
    full_width = [line for line in body if line.frame is None] or body
    if body:
        size = statistics.median([line.size for line in body])
        left = columns.left_margin([line.x0 for line in full_width])
        right = max(line.x1 for line in full_width)
    else:
        size, left, right = 10.0, 0.0, 0.0
    previous: Optional[Line] = None  # the last text line, when nothing came between (a table resets it)
    for blocks in pages:
        for block in blocks:
            if block.line is not None:
                line = block.line
                # a line reaching its column's right margin goes on in the next line that starts
                # at its column's left margin (the next column or page, for the last line of one)
                joins = (previous is not None and lines
                         and previous.x1 >= (previous.frame or (left, right))[1] - size * 1.6
                         and line.x0 <= (line.frame or (left, right))[0] + size * 0.6
                         and abs(previous.size - line.size) <= 0.15 * max(previous.size, line.size)
                         and not _NEW_ITEM.match(line.text))  # (a paragraph keeps its font size)
                if joins:
                    lines[-1] = join_text(lines[-1], line.text)
                else:
                    lines.append(line.text)
                    origins.append(f"第{line.page}页 第{line.number}行")
                previous = line
                continue
            previous = None
            for row_index, row in enumerate(block.rows, 1):
                for column, cell in enumerate(row, 1):
                    where = f"第{block.page}页 表格{block.table} 第{row_index}行 第{column}列"
                    cell_lines = cell or []
                    lines.append("\t" + (cell_lines[0] if cell_lines else ""))
                    origins.append(where)
                    for extra in cell_lines[1:]:
                        lines.append(extra)
                        origins.append(where)
                lines.append("")
                origins.append(f"第{block.page}页 表格{block.table} 第{row_index}行")
    return lines, origins
