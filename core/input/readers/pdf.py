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

from ...errors import InputError
from ..source import Source
from .optional import require

MAX_PAGES = 500  # a report is 5-60 pages; a bureau's bundle a few hundred
MAX_STREAM_DECODED = 16 * 1024 * 1024  # one content stream, font or form, decoded
MAX_TOTAL_DECODED = 128 * 1024 * 1024  # all of them
MAX_RENDERED_CHARS = 20 * 1024 * 1024

_PAGE_NUMBER = re.compile(r"^(?:[-—–_·\s]*\d{1,4}[-—–_·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                          r"|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页|page\s*\d+(?:\s*of\s*\d+)?)$", re.IGNORECASE)
_NEW_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]"
                       r"|\d+\s*[、.．](?!\d)|[①-⑳⑴-⒇⒈-⒛]|附件|附表)")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
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
    order: tuple = ()  # reading order on the page (see _Frame.key)


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
    rows = _baseline_rows(body)
    ruled = [(table.bbox, _table_rows(table, table_chars[index], number)) for index, table in enumerate(tables)]
    return _PageLayout(number, float(page.height), rows, size, ruled, _gutter(rows, size))


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
        if body_rows and not any(_crosses(row, common, size) for row in body_rows) and \
                not any(isinstance(item, _Borderless) for item in _split_borderless_tables(layout.rows, size)):
            gutter, forced = common, True  # (a page holding only a whitespace table is not cut in two)
    blocks: list[Block] = []
    frames = _frames(layout.rows, size, gutter, forced)
    for frame in frames:
        for item in _split_borderless_tables(frame.rows, size):
            if isinstance(item, _Borderless):
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


def _baseline_rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by baseline (top to bottom), each row's characters left to right."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        size = max(char["bottom"] - char["top"], 1.0)
        if rows and abs(rows[-1][-1]["bottom"] - char["bottom"]) <= size * 0.4:
            rows[-1].append(char)
        else:
            rows.append([char])
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def _text_of(chars: list[dict]) -> str:
    text: list[str] = []
    previous = None
    for char in chars:
        size = max(char["bottom"] - char["top"], 1.0)
        if previous is not None and char["x0"] - previous["x1"] > size * 0.8 and char["text"] != " " \
                and (not text or text[-1] != " "):
            text.append(" ")  # a visible gap with no space glyph (positioned text)
        text.append(char["text"])
        previous = char
    return re.sub(r"[ \u00a0]{2,}", " ", "".join(text)).strip()


def _line_of(row: list[dict], page: int) -> Optional[Line]:
    text = _text_of(row)
    if not text:
        return None
    sizes = [c["bottom"] - c["top"] for c in row]
    return Line(text, row[0]["x0"], row[-1]["x1"], min(c["top"] for c in row),
                max(c["bottom"] for c in row), statistics.median(sizes), page)


def _lines(chars: list[dict], page: int) -> list[Line]:
    """Characters grouped into lines (by baseline), each line's characters left to right."""
    return [line for row in _baseline_rows(chars) if (line := _line_of(row, page)) is not None]


@dataclass
class _Segment:
    """A run of characters on one baseline with no gap wider than `GAP` character sizes."""

    x0: float
    x1: float
    chars: list[dict]


GAP = 1.5  # in character sizes: a wider gap separates two columns or two table cells


def _segments(row: list[dict], size: float) -> list[_Segment]:
    out: list[_Segment] = []
    for char in row:
        if not char["text"].strip():
            continue  # spaces do not fill a gap (a table padded with spaces)
        if out and char["x0"] - out[-1].x1 <= size * GAP:
            out[-1].chars.append(char)
            out[-1].x1 = max(out[-1].x1, char["x1"])
        else:
            out.append(_Segment(char["x0"], char["x1"], [char]))
    return out


# -- columns -----------------------------------------------------------------------------------
@dataclass
class _Frame:
    """Rows read together: the full width of the page (column 0), or one column of a region."""

    rows: list[list[dict]]
    column: int = 0  # 0: full width; 1, 2: left, right column of a two-column region
    top: float = 0.0
    bottom: float = 0.0
    gutter: float = 0.0
    margins: Optional[tuple[float, float]] = None  # the column's left and right margins

    def key(self, top: float) -> tuple[float, int, float]:
        """Reading order: full-width rows by height; a region's columns one after the other."""
        return (top, 0, 0.0) if self.column == 0 else (self.top, self.column, top)


def _left_margin(starts: list[float]) -> float:
    """Where lines start when not indented: the leftmost start shared by a tenth of the lines
    (a page of headings and indented first lines has fewer lines at the margin than indented)."""
    counts: dict[int, int] = {}
    for start in starts:
        counts[round(start)] = counts.get(round(start), 0) + 1
    enough = max(2, len(starts) // 10) if len(starts) >= 2 else 1
    shared = [x for x, count in counts.items() if count >= enough]
    return float(min(shared) if shared else statistics.mode([round(x) for x in starts]))


def _crosses(row: list[dict], gutter: float, size: float) -> bool:
    return any(s.x0 - size * 0.5 < gutter < s.x1 + size * 0.5 for s in _segments(row, size))


def _frames(rows: list[list[dict]], size: float, gutter: Optional[float], forced: bool = False) -> list[_Frame]:
    """The page as full-width rows and two-column regions (read left column, then right).

    `forced`: the gutter is the document's, not seen on this page; any run of rows that does not
    cross it is read as columns, even with text on one side only.
    """
    if gutter is None:
        return [_Frame(rows)]

    def crosses(row: list[dict]) -> bool:
        return _crosses(row, gutter, size)

    def split(row: list[dict]) -> bool:
        return any(c["x1"] < gutter for c in row) and any(c["x0"] > gutter for c in row)

    runs: list[tuple[bool, list[list[dict]]]] = []  # (two columns?, rows)
    for row in rows:
        two = not crosses(row)
        if runs and runs[-1][0] == two:
            runs[-1][1].append(row)
        else:
            runs.append((two, [row]))
    frames: list[_Frame] = []
    for two, run in runs:
        if not two or (sum(split(row) for row in run) < 2 and not forced):
            frames.append(_Frame(run))  # full width (a title, a paragraph across both columns)
            continue
        top, bottom = min(c["top"] for row in run for c in row), max(c["bottom"] for row in run for c in row)
        for column in (1, 2):
            side = [[c for c in row if ((c["x0"] + c["x1"]) / 2 < gutter) == (column == 1)] for row in run]
            side = [row for row in side if row]
            if side:
                margins = (_left_margin([row[0]["x0"] for row in side]), max(row[-1]["x1"] for row in side))
                frames.append(_Frame(side, column, top, bottom, gutter, margins))
    return frames


def _gutter(rows: list[list[dict]], size: float) -> Optional[float]:
    """The x of a vertical gutter splitting the page into two columns of prose, or None.

    A gutter is an x band, in the middle half of the text width, that no character crosses on
    at least three quarters of the rows while at least 40 % of the rows have text on both of
    its sides; and the two sides read as prose: one run of text on each side of those rows, most
    of them filling their column. A centred title, an indented block or a whitespace-aligned
    table on a single-column page fails one of these, and the page is read line by line.
    """
    if len(rows) < 6:
        return None
    segments = [_segments(row, size) for row in rows]
    spans = [s for row in segments for s in row]
    if not spans:
        return None
    x_min, x_max = min(s.x0 for s in spans), max(s.x1 for s in spans)
    width = x_max - x_min
    if width < size * 20:
        return None
    step = max(size / 2, 1.0)
    best: list[tuple[float, int]] = []  # candidate x, rows with text on both sides
    x = x_min + width * 0.25
    while x <= x_max - width * 0.25:
        blocked = both = 0
        for row in segments:
            if any(s.x0 - size * 0.5 < x < s.x1 + size * 0.5 for s in row):
                blocked += 1
            elif any(s.x1 < x for s in row) and any(s.x0 > x for s in row):
                both += 1
        if blocked <= len(rows) * 0.25 and both >= max(5, len(rows) * 0.4):
            best.append((x, both))
        x += step
    if not best:
        return None
    # the band of candidates around the best one; the gutter is its middle
    top_x, top_count = max(best, key=lambda item: item[1])
    band = [x for x, count in best if abs(x - top_x) <= width * 0.25 and count >= top_count * 0.9]
    gutter = (min(band) + max(band)) / 2
    pairs: list[tuple[_Segment, _Segment]] = []
    unsplit = 0
    for row in segments:
        left = [s for s in row if s.x1 < gutter]
        right = [s for s in row if s.x0 > gutter]
        if not left or not right or any(s.x0 <= gutter <= s.x1 for s in row):
            continue
        if len(left) != 1 or len(right) != 1:
            unsplit += 1
            continue
        pairs.append((left[0], right[0]))
    if len(pairs) < 5 or unsplit > 0.2 * (len(pairs) + unsplit):
        return None
    for side, span in ((0, gutter - x_min), (1, x_max - gutter)):
        runs = [pair[side] for pair in pairs]
        margin = max(run.x1 for run in runs)
        if statistics.median(run.x1 - run.x0 for run in runs) < 0.6 * span:
            return None  # short runs on either side: a table, not two columns of prose
        if sum(run.x1 >= margin - size * 3 for run in runs) < 0.5 * len(runs):
            return None  # most lines of a column of prose are wrapped at its right margin; a table's cells are ragged
    return gutter


# -- tables without ruling lines ---------------------------------------------------------------
@dataclass
class _Borderless:
    """A whitespace-aligned table: its rows of cells (a cell is its lines)."""

    top: float
    cells: list[list[Optional[list[str]]]]


_NUMBER_CELL = re.compile(r"^[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:%|‰|万元|元|人|个|项|次)?$")
_CAPTION = re.compile(r"^(?:附件|附表|表\s*\d|[一二三四五六七八九十]+\s*[、.．])")
MIN_TABLE_ROWS = 3
MAX_LABEL_ROWS = 3  # rows with one run (group labels, wrapped cells) in a row inside a table
MAX_TABLE_ROWS = 200  # baseline rows one table is looked for in (a page holds about 50): bounds the work


def _split_borderless_tables(rows: list[list[dict]], size: float) -> list[Any]:
    """Rows as they are (text lines), except runs that are confidently a whitespace-aligned table.

    Confident means: at least `MIN_TABLE_ROWS` consecutive rows, close together, with two or more
    runs of text each, whose runs line up in the same two or more columns, and numbers in the
    cells of at least two rows (and a third of them). A row with one run inside such a table
    (a group label with empty number cells) is a row of the table when it lies in one column.
    """
    segments = [_segments(row, size) for row in rows]
    out: list[Any] = []
    index = 0
    while index < len(rows):
        if len(segments[index]) >= 2:
            end = index
            probe = index + 1
            while probe < len(rows) and _close(rows[probe - 1], rows[probe], size) and probe - end <= MAX_LABEL_ROWS \
                    and probe - index < MAX_TABLE_ROWS:
                if len(segments[probe]) >= 2:
                    end = probe
                elif _CAPTION.match(_text_of(rows[probe])):
                    break  # the caption of the next table, or a heading: the table ends above it
                probe += 1
            aligned, cells = _align(rows[index:end + 1], segments[index:end + 1], size)
            if cells is not None:
                out.append(_Borderless(min(c["top"] for c in rows[index]), cells))
                index += aligned
                continue
            # rows that line up but hold too few numbers: text lines, all of them (no table starts
            # inside them either: this keeps the search linear on a page of aligned words)
            out.extend(rows[index:index + max(1, aligned)])
            index += max(1, aligned)
            continue
        out.append(rows[index])
        index += 1
    return out


def _close(above: list[dict], below: list[dict], size: float) -> bool:
    return min(c["top"] for c in below) - max(c["bottom"] for c in above) <= size * 2.0


def _align(rows: list[list[dict]], segments: list[list[_Segment]], size: float
           ) -> tuple[int, Optional[list[list[Optional[list[str]]]]]]:
    """How many leading rows line up in columns, and their rows of cells when they are a table."""
    width = max(len(row) for row in segments)
    reference = [row for row in segments if len(row) == width]
    if width < 2 or len(reference) < 2:
        return 0, None
    columns = [(min(row[c].x0 for row in reference), max(row[c].x1 for row in reference)) for c in range(width)]
    if any(columns[c][1] >= columns[c + 1][0] for c in range(width - 1)):
        return 0, None  # the widest rows do not line up
    tolerance = size * 0.5
    placed: list[list[Optional[_Segment]]] = []  # per row: the segment starting each cell, None for an empty one
    for row in segments:
        owner: dict[int, _Segment] = {}
        spans: dict[int, int] = {}
        for segment in row:
            hit = [c for c, (x0, x1) in enumerate(columns)
                   if segment.x0 < x1 + tolerance and segment.x1 > x0 - tolerance]
            if not hit or any(c in owner for c in hit):
                break
            for c in hit:
                owner[c] = segment
            spans[hit[0]] = len(hit)
        else:
            if len(row) == 1 and max(spans.values()) > 1:
                break  # one run across several columns: a caption or prose, not a row
            cells: list[Optional[_Segment]] = []
            column = 0
            while column < width:
                cells.append(owner[column] if column in spans else None)
                column += spans.get(column, 1)
            placed.append(cells)
            continue
        break
    while placed and sum(1 for cell in placed[-1] if cell) < 2:
        placed.pop()  # a table ends on a full row
    used = len(placed)
    table: list[list[Optional[list[str]]]] = [[[_text_of(cell.chars)] if cell else [] for cell in row]
                                              for row in placed]
    full_rows = [row for row in table if sum(1 for cell in row if cell) >= 2]
    numeric = [row for row in table if any(cell and _NUMBER_CELL.match(cell[0]) for cell in row)]
    if len(full_rows) < MIN_TABLE_ROWS or len(numeric) < max(2, len(table) / 3):
        return used, None
    return used, _join_wrapped_cells(table, [min(c["top"] for c in row) for row in rows[:used]])


def _join_wrapped_cells(table: list[list[Optional[list[str]]]], tops: list[float]) -> list[list[Optional[list[str]]]]:
    """Rows that are the second line of a wrapped cell, joined to the row above.

    Without rules, a wrapped cell shows only by spacing: its lines are closer together than the
    rows of the table. A row closer than 0.8 of the usual distance to the one above, with the
    same cells and no number in them, is such a line. With even spacing nothing is joined.
    """
    if len(table) < 3:
        return table
    pitches = [below - above for above, below in zip(tops, tops[1:])]
    usual = statistics.median(pitches)
    out = [table[0]]
    for row, pitch in zip(table[1:], pitches):
        above = out[-1]
        numbers = any(cell and _NUMBER_CELL.match(cell[0]) for cell in row)
        if pitch < 0.8 * usual and not numbers and len(row) == len(above):
            for column, cell in enumerate(row):
                if cell:
                    target = above[column]
                    if target:
                        target[-1] = _join(target[-1], cell[0])
                    else:
                        above[column] = list(cell)
            continue
        out.append(row)
    return out


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
            out[-1] = _join(out[-1], line.text)
        else:
            out.append(line.text)
        previous = line
    return out


def _join(before: str, after: str) -> str:
    if before.endswith("-") and _LATIN_END.search(before[:-1]) and after[:1].islower():
        return before[:-1] + after  # a hyphenated word
    if _LATIN_END.search(before) and _LATIN_START.match(after):
        return before + " " + after
    return before + after


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
        left = _left_margin([line.x0 for line in full_width])
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
                    lines[-1] = _join(lines[-1], line.text)
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
