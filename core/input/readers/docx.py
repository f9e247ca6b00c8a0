"""Reader for Word reports (.docx): the document rendered to the layout the grammar parses.

The layout is the one the .txt seeds were extracted in, so one grammar serves both:

* a body paragraph is one line; an empty paragraph is an empty line; a line break inside a
  paragraph (``w:br``, ``w:cr``) starts a new line; ``w:tab`` is a tab character, except
  that tabs at the start of a line become spaces (a leading tab would make a table row);
* a table is one line per cell, each starting with a tab, the cell's further paragraphs on
  the following lines (empty ones dropped: an empty line ends the row), and one empty line
  after each row. A horizontally merged cell (``w:gridSpan``, legacy ``w:hMerge``) appears
  once. A vertically merged cell (``w:vMerge``) shows its text in its first row; in the
  rows below, where Word draws one tall cell, it appears as an empty cell (a bare tab
  line), which is how the seeds' own extraction renders it and keeps every row's cells in
  their columns. Nested tables are flattened into the cell's lines;
* Word's automatic numbering is rendered as the marker a reader sees (``numbering.xml``:
  abstract definitions, ``w:num`` instances with ``w:lvlOverride``/``w:startOverride``,
  numbering inherited from paragraph styles, ``lvlText`` such as ``%1、`` or ``（%2）``,
  formats ``decimal``, ``chineseCounting``, ``decimalEnclosedCircle`` and the others in
  ``_FORMATS``), so a heading numbered by Word is a heading here too;
* hidden text (``w:vanish``), deleted and moved-away text, field codes and text boxes
  are not rendered (a reader of the printed page does not see them inline).

Every rendered line records where it came from (``第12段``, ``表格2 第3行 第1列``); the
runner puts that in `Finding.location` so a user can find the place in Word.

Hostile files never reach the XML parser unchecked: `check_container` applies the zip
guards of `container` (shared with the .xlsx reader) and finds the Word main part. Word's
numbering is `wordnumbering`; this module is the rendering.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Iterator, Optional

from ...errors import InputError
from ..source import Source
from .container import (CONVERT_HINT, MAX_MEMBER_UNCOMPRESSED, MAX_MEMBERS, MAX_TOTAL_UNCOMPRESSED, OLE_MAGIC,
                        check_zip_container, office_document_target, ole_stream_names)
from .wordnumbering import FALSE, W, Level, Numbering, chinese_counting, w_int, w_val

__all__ = ["read_docx_report", "check_container", "DocxRenderer", "paragraph_text", "Numbering", "Level",
           "chinese_counting", "ole_stream_names", "MAX_TOTAL_UNCOMPRESSED", "MAX_MEMBER_UNCOMPRESSED",
           "MAX_MEMBERS", "MAX_RENDERED_CHARS", "OLE_MAGIC", "CONVERT_HINT"]

MAX_RENDERED_CHARS = 20 * 1024 * 1024

_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_SDT, _SDT_CONTENT, _CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
_SKIP_IN_PARAGRAPH = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
                      W + "footnoteReference", W + "endnoteReference", W + "commentReference",
                      W + "drawing", W + "pict", W + "object",
                      "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


# -- the reader ----------------------------------------------------------------------------
def read_docx_report(data: bytes, path: str) -> Source:
    """Render a .docx to the layout text, with per-line origins; InputError for a bad file."""
    check_container(data, path)
    import docx  # python-docx; imported here so a .txt-only run does not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
        lines, origins = DocxRenderer(document).render()
    except InputError:
        raise
    except RecursionError:
        raise InputError(path, "document nesting too deep / 文档结构嵌套过深") from None
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml errors on a broken package
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise InputError(path, f"not a readable Word document ({type(exc).__name__}: {detail}) "
                               f"/ 无法读取该 .docx 文件") from None
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(path, "the Word document contains no text / 文档中没有文字")
    if len(text) > MAX_RENDERED_CHARS:
        raise InputError(path, f"document too long ({len(text)} characters) / 文档过长")
    return Source(text, path, origins=origins)


# -- the container: everything that must be refused before any XML is parsed ---------------
def check_container(data: bytes, path: str) -> None:
    """Raise InputError (one line) unless `data` is a plain, sane .docx zip."""
    check_zip_container(data, path, "docx", _main_part)


def _main_part(archive: zipfile.ZipFile, names: set[str], path: str) -> Optional[str]:
    """The Word main document part: word/document.xml, or what _rels/.rels names as officeDocument."""
    if "word/document.xml" in names:
        return "word/document.xml"
    return office_document_target(archive, names, path, "word/")


# -- rendering ----------------------------------------------------------------------------
_LEADING_TABS = re.compile(r"^[ \t]*\t[ \t]*")


def _safe_line(line: str) -> str:
    """A line that cannot start a table row by accident: leading tabs become spaces."""
    if "\t" in line[:64]:
        match = _LEADING_TABS.match(line)
        if match:
            return match.group().replace("\t", "    ") + line[match.end():]
    return line


class DocxRenderer:
    """Walks the body in document order and renders lines with their origins."""

    def __init__(self, document):
        self.body = document.element.body
        part = document.part
        numbering_element = None
        try:
            related = part.rels.values()
            for rel in related:
                if rel.reltype.endswith("/numbering") and not rel.is_external:
                    numbering_element = rel.target_part.element
        except Exception:  # noqa: BLE001 - a broken numbering part: render without markers
            numbering_element = None
        self.numbering = Numbering(numbering_element)
        self.style_numbering = self._style_numbering(part)
        self.lines: list[str] = []
        self.origins: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    @staticmethod
    def _style_numbering(part) -> dict[str, tuple[Optional[str], Optional[int]]]:
        """Paragraph style id → (numId, ilvl) inherited through w:basedOn."""
        try:
            styles_element = None
            for rel in part.rels.values():
                if rel.reltype.endswith("/styles") and not rel.is_external:
                    styles_element = rel.target_part.element
            if styles_element is None:
                return {}
        except Exception:  # noqa: BLE001
            return {}
        direct: dict[str, tuple[Optional[str], Optional[int], Optional[str]]] = {}
        for style in styles_element.iterfind(W + "style"):
            style_id = style.get(W + "styleId")
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = w_val(num_pr, "numId") if num_pr is not None else None
            ilvl = w_int(w_val(num_pr, "ilvl")) if num_pr is not None else None
            direct[style_id] = (num_id, ilvl, w_val(style, "basedOn"))
        resolved: dict[str, tuple[Optional[str], Optional[int]]] = {}
        for style_id in direct:
            current, seen = style_id, set()
            num_id, ilvl = None, None
            while current in direct and current not in seen:
                seen.add(current)
                own_num, own_lvl, based = direct[current]
                num_id = num_id if num_id is not None else own_num
                ilvl = ilvl if ilvl is not None else own_lvl
                if num_id is not None:
                    break
                current = based
            if num_id is not None:
                resolved[style_id] = (num_id, ilvl)
        return resolved

    # -- walking ------------------------------------------------------------------------
    def render(self) -> tuple[list[str], list[str]]:
        for block in _blocks(self.body):
            if block.tag == _P:
                self._paragraph(block)
            else:
                self._table(block)
        return self.lines, self.origins

    def _emit(self, line: str, origin: str) -> None:
        self.lines.append(line)
        self.origins.append(origin)

    def _paragraph(self, paragraph) -> None:
        text = self.marker(paragraph) + paragraph_text(paragraph)
        if text.strip():
            self.paragraphs += 1
            origin = f"第{self.paragraphs}段"
        else:
            origin = ""
        for piece in text.split("\n"):
            self._emit(_safe_line(piece), origin)

    def _table(self, table) -> None:
        self.tables += 1
        number = self.tables
        for row_index, row in enumerate(_rows(table), 1):
            column = 0
            for cell in _cells(row):
                column += 1
                origin = f"表格{number} 第{row_index}行 第{column}列"
                lines = self._cell_lines(cell)
                self._emit("\t" + (lines[0] if lines else ""), origin)
                for line in lines[1:]:
                    self._emit(line, origin)
            if column:
                self._emit("", f"表格{number} 第{row_index}行")

    def _cell_lines(self, cell) -> list[str]:
        """The cell's paragraphs (and nested tables' cells) as lines; empty lines dropped."""
        if _is_vmerge_continuation(cell):
            self._advance_numbering_in(cell)
            return []
        lines: list[str] = []
        for block in _blocks(cell):
            if block.tag == _P:
                pieces = (self.marker(block) + paragraph_text(block)).split("\n")
            else:
                pieces = [line for row in _rows(block) for inner in _cells(row) for line in self._cell_lines(inner)]
            lines.extend(pieces)
        kept = [line for line in lines if line != ""]
        if not kept:
            return []
        return [_safe_line(line) for line in kept]

    def _advance_numbering_in(self, cell) -> None:
        for paragraph in cell.iter(_P):
            self.marker(paragraph)

    def marker(self, paragraph) -> str:
        """The Word numbering marker of a paragraph ('' when it is not numbered)."""
        p_pr = paragraph.find(W + "pPr")
        num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
        num_id = w_val(num_pr, "numId") if num_pr is not None else None
        ilvl = w_int(w_val(num_pr, "ilvl")) if num_pr is not None else None
        if num_id is None or ilvl is None:
            style_id = w_val(p_pr, "pStyle") if p_pr is not None else None
            inherited = self.style_numbering.get(style_id) if style_id else None
            if inherited:
                num_id = num_id if num_id is not None else inherited[0]
                if ilvl is None:
                    ilvl = inherited[1]
                if ilvl is None and num_id is not None:
                    ilvl = self.numbering.level_for_style(num_id, style_id)
        if num_id is None or num_id == "0":
            return ""
        return self.numbering.marker(num_id, ilvl or 0)


def _blocks(container) -> Iterator:
    """Paragraphs and tables of a body or cell in document order, through content controls."""
    for child in container:
        tag = child.tag
        if tag == _P or tag == _TBL:
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag == _CUSTOM_XML or tag == W + "ins" or tag == W + "moveTo":
            yield from _blocks(child)


def _rows(table) -> Iterator:
    for child in table:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _rows(inner)


def _cells(row) -> Iterator:
    """The visible cells of a row: a horizontally merged cell once (gridSpan), hMerge continuations skipped."""
    for child in row:
        if child.tag == _TC:
            tc_pr = child.find(W + "tcPr")
            if tc_pr is not None and (w_val(tc_pr, "hMerge") or "").lower() == "continue":
                continue
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _cells(inner)


def _is_vmerge_continuation(cell) -> bool:
    tc_pr = cell.find(W + "tcPr")
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(W + "vMerge")
    return v_merge is not None and (v_merge.get(W + "val") or "continue") == "continue"


def paragraph_text(paragraph) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields' results, insertions."""
    out: list[str] = []
    _collect(paragraph, out)
    return "".join(out).replace("\r\n", "\n").replace("\r", "\n")


def _collect(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
            continue
        if tag == _T:
            if child.text:
                out.append(child.text)
        elif tag == _R:
            r_pr = child.find(W + "rPr")
            if r_pr is not None:
                vanish = r_pr.find(W + "vanish")
                if vanish is not None and (vanish.get(W + "val") or "1").lower() not in FALSE:
                    continue
            _collect(child, out)
        elif tag == W + "tab" or tag == W + "ptab":
            out.append("\t")
        elif tag == W + "br":
            if (child.get(W + "type") or "textWrapping") == "textWrapping":
                out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            code = _int_hex(child.get(W + "char"))
            if code is not None and not (0xE000 <= code <= 0xF8FF) and code >= 0x20:
                out.append(chr(code))
        elif tag == _P or tag == _TBL:  # a paragraph nested in odd places: its text only
            _collect(child, out)
        else:
            _collect(child, out)  # hyperlink, smartTag, fldSimple, ins, sdt, customXml, …


def _int_hex(value: Optional[str]) -> Optional[int]:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None
