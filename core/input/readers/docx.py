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
  their columns. Nested tables are flattened into the cell's lines, except in a frame (a
  one-column table whose cells hold tables): it is unwrapped, its paragraphs lines as in the
  body, its tables tables of their own. A table that follows a table with nothing between
  is one table with it, as Word draws it; a row deleted with track changes is not rendered;
* Word's automatic numbering is rendered as the marker a reader sees (``numbering.xml``:
  abstract definitions, ``w:num`` instances with ``w:lvlOverride``/``w:startOverride``,
  numbering inherited from paragraph styles, ``lvlText`` such as ``%1、`` or ``（%2）``,
  formats ``decimal``, ``chineseCounting``, ``decimalEnclosedCircle`` and the others in
  ``_FORMATS``), so a heading numbered by Word is a heading here too;
* hidden text (``w:vanish``, also through the run's character style), deleted and moved-away
  text and field codes are not rendered (of a complex field only its result, so not the result
  of a field nested in another's code); a paragraph whose mark is deleted or hidden runs on
  into the next one, as Word shows it; an equation (Office Math) is read as its linear text
  (a fraction ``a/b``), a phonetic guide (``w:rt``) is not read;
* footnotes, endnotes and text boxes are report content: their paragraphs are rendered as
  lines after the block that holds the reference or the anchor (after the whole table for a
  cell), each ending with a label (``LABELS``: 【脚注】, 【尾注】, 【文本框】); of an
  ``mc:AlternateContent`` one branch is read, so a text box written both as DrawingML and as
  VML is read once. Headers, footers and comments are not report content: `not_read` names
  those that hold text, for the PRS005 note.

Every rendered line records where it came from as a `WordOrigin` (a str, ``第12段``,
``表格2 第3行 第1列``, ``脚注3``, with the part, paragraph, cell, note number, the length of
Word's numbering marker and the tracked insertions as attributes); `CheckContext.finding`
turns it into the Word location of `Finding.location` and `Finding.word`.

Hostile files never reach the XML parser unchecked: `check_container` applies the zip
guards of `container` (shared with the .xlsx reader: sizes, XML nodes, declarations) and
finds the Word main part. What rendering may cost is bounded too: the rendered text is
counted as it is produced (`MAX_RENDERED_CHARS`, `MAX_RENDERED_LINES`: a 300-page report
renders about 0.5 million characters), paragraph styles are resolved once each through `w:basedOn` (memoised, cycles
broken, chains over `MAX_STYLE_DEPTH` refused) and Word's numbering is bounded in
`wordnumbering`. Each bound is one InputError line naming it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, Iterator, Optional

from reportlint import regex_cache
from ...errors import InputError, LimitExceeded
from ..source import Origins, Source, WordOrigin
from .container import (CONVERT_HINT, MAX_MEMBER_UNCOMPRESSED, MAX_MEMBERS, MAX_TOTAL_UNCOMPRESSED, OLE_MAGIC,
                        ZIP_ERRORS, check_zip_container, corrupt_zip_message, office_document_target,
                        ole_stream_names)
from .wordnumbering import FALSE, W, Level, Numbering, chinese_counting, w_int, w_val

__all__ = ["read_docx_report", "check_container", "DocxRenderer", "paragraph_text", "paragraph_pieces", "LABELS", "Numbering", "Level",
           "chinese_counting", "ole_stream_names", "MAX_TOTAL_UNCOMPRESSED", "MAX_MEMBER_UNCOMPRESSED",
           "MAX_MEMBERS", "MAX_RENDERED_CHARS", "MAX_RENDERED_LINES", "OLE_MAGIC", "CONVERT_HINT"]

# A 300-page report renders about 0.5 million characters and, all tables, 80 000 lines;
# checking costs up to 500 bytes a character (dense figures) and 600 a line (origins, facts).
MAX_RENDERED_CHARS = 2_000_000
MAX_RENDERED_LINES = 200_000
MAX_STYLE_DEPTH = 100  # w:basedOn links from a paragraph style to its root (real chains: 2-5)

_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_SDT, _SDT_CONTENT, _CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TXBX, _FOOTNOTE_REF, _ENDNOTE_REF = W + "txbxContent", W + "footnoteReference", W + "endnoteReference"
_INSERTED = (W + "ins", W + "moveTo")
_FLD_CHAR = W + "fldChar"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"  # Office Math (equations)
_M_T, _M_F, _M_D = _M + "t", _M + "f", _M + "d"
_NOT_SHOWN = (W + "del", W + "moveFrom")
# Labels put after the lines of the parts that Word does not show inline (after, so that a rule
# naming what precedes a figure does not take them in; no digits: they are not figures);
# `WordOrigin.suffix` says how long they are, so a quote leaves them out.
LABELS = {"footnote": "【脚注】", "endnote": "【尾注】", "textbox": "【文本框】"}
_NOTE_CN = {"footnote": "脚注", "endnote": "尾注"}
_SKIP_IN_PARAGRAPH = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
                      W + "footnoteReference", W + "endnoteReference", W + "commentReference",
                      W + "drawing", W + "pict", W + "object", W + "txbxContent", W + "rt", W + "rubyPr",
                      "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


# -- the reader ----------------------------------------------------------------------------
def read_docx_report(data: bytes, path: str) -> Source:
    """Render a .docx to the layout text, with per-line origins; InputError for a bad file.

    A plain Word document is read straight from its XML after the container checks (the
    main part, its relationships, numbering and styles: what the renderer reads), without
    python-docx opening and parsing every part of the package; anything else (another
    content type, a missing part, XML that does not parse) goes through python-docx as
    before, with its checks and its errors.
    """
    main = check_container(data, path)
    try:
        document = _read_direct(data, main, path)
        if document is None:
            import docx  # python-docx; imported here so a .txt-only run does not pay for it

            document = docx.Document(io.BytesIO(data))
        renderer = DocxRenderer(document)
        lines, origins = renderer.render()
        origins = Origins(origins)
        origins.not_read = renderer.not_read()
    except InputError:
        raise
    except LimitExceeded as exc:
        raise InputError(path, str(exc)) from None
    except RecursionError:
        raise InputError(path, "document nesting too deep / 文档结构嵌套过深") from None
    except MemoryError:
        raise  # not the file's fault alone: the caller words it with the limit in force
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml errors on a broken package
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise InputError(path, f"not a readable Word document ({type(exc).__name__}: {detail}) "
                               f"/ 无法读取该 .docx 文件") from None
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(path, "the Word document contains no text / 文档中没有文字")
    if len(text) > MAX_RENDERED_CHARS:
        raise InputError(path, _too_long(len(text)))
    return Source(text, path, origins=origins)


def _too_long(size: int) -> str:
    return (f"document too long (over {size:,} characters rendered, limit {MAX_RENDERED_CHARS:,}) "
            f"/ 文档过长")


# -- the container: everything that must be refused before any XML is parsed ---------------
def check_container(data: bytes, path: str) -> Optional[str]:
    """Raise InputError (one line) unless `data` is a plain, sane .docx zip; return its main part."""
    return check_zip_container(data, path, "docx", _main_part)


def _main_part(archive: zipfile.ZipFile, names: set[str], path: str) -> Optional[str]:
    """The Word main document part: word/document.xml, or what _rels/.rels names as officeDocument."""
    if "word/document.xml" in names:
        return "word/document.xml"
    return office_document_target(archive, names, path, "word/")


# -- reading the XML straight from the zip -------------------------------------------------
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class _Part:
    """The little of a python-docx part the renderer reads: its element and relationships."""

    def __init__(self, element, rels: dict) -> None:
        self.element = element
        self.rels = rels


class _Relationship:
    def __init__(self, reltype: str, external: bool, load) -> None:
        self.reltype = reltype
        self.is_external = external
        self._load = load
        self._part: Optional[_Part] = None

    @property
    def target_part(self) -> _Part:  # parsed when first asked for (numbering, styles)
        if self._part is None:
            self._part = _Part(self._load(), {})
        return self._part


class _Body:
    def __init__(self, root) -> None:
        self.body = root.find(W + "body")


class _DirectDocument:
    def __init__(self, root, rels: dict) -> None:
        self.element = _Body(root)
        self.part = _Part(root, rels)


def _read_direct(data: bytes, main: Optional[str], path: str = "report.docx"):
    """The main part of a plain Word document, parsed with python-docx's parser settings
    (blank text dropped, no entities), or None when python-docx should read the package."""
    if main is None:
        return None
    import posixpath

    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        # kept open (in memory) for the parts the renderer asks for; read only then
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        types = etree.fromstring(_read(archive, "[Content_Types].xml", path), parser)
        declared = {item.get("PartName", "").lstrip("/"): item.get("ContentType")
                    for item in types.iterfind(_CT + "Override")}
        if declared.get(main) != _DOCUMENT_MAIN:
            return None
        root = etree.fromstring(_read(archive, main, path), parser)
        rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
        rels: dict[str, _Relationship] = {}
        parts: dict[str, _Relationship] = {}  # one parse per part, however many relationships name it
        if rels_name in names:
            for rel in etree.fromstring(_read(archive, rels_name, path), parser).iterfind(_REL + "Relationship"):
                external = rel.get("TargetMode") == "External"
                target = rel.get("Target") or ""
                name = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(posixpath.dirname(main), target))
                if not external and name not in names:
                    return None  # python-docx refuses a package with a dangling part
                relationship = _Relationship(rel.get("Type") or "", external,
                                             lambda name=name: etree.fromstring(_read(archive, name, path), parser))
                shared = parts.setdefault(name, relationship) if not external else relationship
                if shared is not relationship:
                    relationship._load = lambda shared=shared: shared.target_part.element
                rels[rel.get("Id") or str(len(rels))] = relationship
    except InputError:
        raise
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return None
    if root.tag != W + "document" or root.find(W + "body") is None:
        return None
    return _DirectDocument(root, rels)


def _read(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    """A member's bytes; a corrupt member (CRC, deflate data, method, header) is an InputError
    (KeyError, a missing member, is left to the caller)."""
    try:
        return archive.read(name)
    except KeyError:
        raise
    except ZIP_ERRORS as exc:  # before RuntimeError: NotImplementedError is one
        raise InputError(path, corrupt_zip_message(exc, name)) from None
    except RuntimeError as exc:
        raise InputError(path, f"the zip archive is encrypted ({exc}) / 文档已加密，无法读取") from None


# -- rendering ----------------------------------------------------------------------------
_LEADING_TABS = regex_cache.compile(r"^[ \t]*\t[ \t]*")


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
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - a broken numbering part: render without markers
            numbering_element = None
        self.numbering = Numbering(numbering_element)
        self.style_numbering = self._style_numbering(part)
        self.hidden_styles = self._hidden_styles(part)
        self.fields: list = []  # complex fields open at this point of the document (`paragraph_pieces`)
        self.part = part
        self.lines: list[str] = []
        self.origins: list[str] = []
        self.rendered = 0  # characters so far, line breaks included (MAX_RENDERED_CHARS)
        self.paragraphs = 0
        self.tables = 0
        self.pending: list = []  # notes and text boxes met in the current block
        self.carry: Optional[tuple] = None  # (lead marker, text, inserted) of paragraphs run on into the next
        self.last_rows: Optional[int] = None  # rows of the table just rendered, if nothing came after it
        self.note_numbers: dict[str, dict] = {"footnote": {}, "endnote": {}}
        self._notes: dict[str, dict] = {}

    @staticmethod
    def _styles_element(part) -> Any:
        """The root of the part's styles part, None when it has none or it cannot be read."""
        try:
            styles_element = None
            for rel in part.rels.values():
                if rel.reltype.endswith("/styles") and not rel.is_external:
                    styles_element = rel.target_part.element
            return styles_element
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - a broken styles part: read as no styles
            return None

    @staticmethod
    def _style_numbering(part) -> dict[str, tuple[Optional[str], Optional[int]]]:
        """Paragraph style id → (numId, ilvl) inherited through w:basedOn (`resolve_styles`)."""
        styles_element = DocxRenderer._styles_element(part)
        if styles_element is None:
            return {}
        direct: dict[str, tuple[Optional[str], Optional[int], Optional[str]]] = {}
        for style in styles_element.iterfind(W + "style"):
            style_id = style.get(W + "styleId")
            num_pr = style.find(f"{W}pPr/{W}numPr")
            num_id = w_val(num_pr, "numId") if num_pr is not None else None
            ilvl = w_int(w_val(num_pr, "ilvl")) if num_pr is not None else None
            direct.setdefault(style_id, (num_id, ilvl, w_val(style, "basedOn")))  # Word reads the first
        return resolve_styles(direct)

    @staticmethod
    def _hidden_styles(part) -> frozenset:
        """Character styles that hide their text (w:vanish in the style's rPr, through w:basedOn)."""
        styles_element = DocxRenderer._styles_element(part)
        if styles_element is None:
            return frozenset()
        own: dict[str, tuple[Optional[bool], Optional[str]]] = {}
        for style in styles_element.iterfind(W + "style"):
            if style.get(W + "type") != "character":
                continue
            vanish = style.find(f"{W}rPr/{W}vanish")
            hidden = None if vanish is None else (vanish.get(W + "val") or "1").lower() not in FALSE
            own.setdefault(style.get(W + "styleId"), (hidden, w_val(style, "basedOn")))
        hidden_ids = set()
        for style_id in own:
            current, seen = style_id, set()
            while current in own and current not in seen and len(seen) <= MAX_STYLE_DEPTH:
                seen.add(current)
                if own[current][0] is not None:
                    if own[current][0]:
                        hidden_ids.add(style_id)
                    break
                current = own[current][1]
        return frozenset(hidden_ids)

    def _pieces(self, paragraph) -> tuple[str, list[tuple[int, int]]]:
        return paragraph_pieces(paragraph, self.hidden_styles, self.fields)

    # -- walking ------------------------------------------------------------------------
    def render(self) -> tuple[list[str], list[str]]:
        for block in _blocks(self.body):
            if block.tag == _P:
                self._paragraph(block)
                self.last_rows = None
            else:
                self._flush_carry()
                self._table(block, after_table=self.last_rows is not None)
            if self.pending and not self.carry:
                self._anchored()
                self.last_rows = None  # lines came between this table and the next
        self._flush_carry()
        if self.pending:
            self._anchored()
        return self.lines, self.origins

    def _emit(self, line: str, origin: str) -> None:
        self.rendered += len(line) + 1
        if self.rendered > MAX_RENDERED_CHARS:  # counted as it grows: the lines are never all built
            raise LimitExceeded(_too_long(self.rendered))
        if len(self.lines) >= MAX_RENDERED_LINES:
            raise LimitExceeded(f"document too long (over {MAX_RENDERED_LINES:,} lines rendered, limit) / 文档过长")
        self.lines.append(line)
        self.origins.append(origin)

    def _paragraph(self, paragraph) -> None:
        text, inserted = self._pieces(paragraph)
        if paragraph.getparent().tag in _INSERTED:
            inserted = [(0, len(text))] if text else []
        joined = _mark_joined(paragraph)
        if joined == "deleted":
            # its paragraph mark is a tracked deletion: Word shows its text (if any) at the start
            # of the next paragraph, which gives the joined paragraph its numbering
            if text:
                self._carry("", text, inserted)
            self._find_anchored(paragraph, {"paragraph": self.paragraphs + 1})
            return
        if joined == "hidden":
            # a hidden paragraph mark (Word's style separator): the paragraph, marker and all,
            # runs on into the next one; wholly hidden, it is not shown at all, and not counted
            # by its list (whether Word counts it varies: a number is never found missing for it)
            if text:
                self._carry(self.marker(paragraph), text, inserted)
            self._find_anchored(paragraph, {"paragraph": self.paragraphs + 1})
            return
        marker = self.marker(paragraph)
        if self.carry:
            marker, text, inserted = _joined(self.carry, marker, text, inserted)
            self.carry = None
        self._body_paragraph(marker, text, inserted, paragraph)

    def _carry(self, marker: str, text: str, inserted) -> None:
        self.carry = _carried(self.carry, marker, text, inserted)

    def _flush_carry(self) -> None:
        """Text of joined paragraphs with no paragraph after them to join: a paragraph of its own."""
        if self.carry:
            lead, text, inserted = self.carry
            self.carry = None
            self._body_paragraph(lead, text, inserted, None)

    def _body_paragraph(self, marker: str, text: str, inserted, paragraph) -> None:
        whole = marker + text
        counted = bool(whole.strip())
        if counted:
            self.paragraphs += 1
        for piece, piece_marker, ranges in _split_lines(whole, len(marker), _shift(inserted, len(marker))):
            line, ranges = _safe(piece, ranges)
            if counted:
                origin = WordOrigin(f"第{self.paragraphs}段", part="body", paragraph=self.paragraphs,
                                    marker=piece_marker, inserted=ranges)
            else:
                origin = WordOrigin("", part="body")
            self._emit(line, origin)
        if paragraph is not None:
            self._find_anchored(paragraph, {"paragraph": self.paragraphs, "after": not counted})

    def _table(self, table, after_table: bool = False) -> None:
        """A table's rows; one that follows a table with no paragraph between (`after_table`)
        is the same table in Word's eyes, drawn as one: its rows go on with the same number."""
        if after_table and self.last_rows is not None and not _is_frame(table):
            number, first = self.tables, self.last_rows + 1
        else:
            self.tables += 1
            number, first = self.tables, 1
            self.last_rows = None
            if _is_frame(table):
                self._frame(table, number)
                self.last_rows = None  # a table after the frame goes on from neither
                return
        row_index = first - 1
        for row_index, row in enumerate(_rows(table), first):
            column = 0
            for cell in _cells(row):
                column += 1
                where = dict(part="table", table=number, row=row_index, column=column)
                name = f"表格{number} 第{row_index}行 第{column}列"
                lines = self._cell_lines(cell, {"table": number, "row": row_index, "column": column})
                first = lines[0] if lines else ("", 0, [])
                self._emit("\t" + first[0], WordOrigin(name, label=1, marker=first[1],
                                                        inserted=_shift(first[2], 1), **where))
                for line, marker, ranges in lines[1:]:
                    self._emit(line, WordOrigin(name, marker=marker, inserted=tuple(ranges), **where))
            if column:
                self._emit("", WordOrigin(f"表格{number} 第{row_index}行", part="table", table=number, row=row_index))
        self.last_rows = row_index

    def _frame(self, table, number: int) -> None:
        """A frame (a one-column table whose cells hold tables: a border drawn around a form or
        the whole report) is unwrapped: its paragraphs are lines as in the body, each located in
        its frame cell, and its tables are tables of their own, numbered after it."""
        for row_index, row in enumerate(_rows(table), 1):
            for cell in _cells(row):
                anchor = {"table": number, "row": row_index, "column": 1}
                name = f"表格{number} 第{row_index}行 第1列"
                if _is_vmerge_continuation(cell):
                    self._advance_numbering_in(cell)
                    continue
                for block in _blocks(cell):
                    if block.tag != _P:
                        self._table(block)
                        continue
                    text, inserted = self._pieces(block)
                    if not text and _mark_joined(block):
                        continue
                    marker = self.marker(block)
                    if block.getparent().tag in _INSERTED:
                        inserted = [(0, len(text))] if text else []
                    for piece, piece_marker, ranges in _split_lines(marker + text, len(marker),
                                                                    _shift(inserted, len(marker))):
                        line, ranges = _safe(piece, ranges)
                        self._emit(line, WordOrigin(name if line.strip() else "", part="table", table=number,
                                                    row=row_index, column=1, marker=piece_marker,
                                                    inserted=ranges))
                    self._find_anchored(block, anchor)

    def _cell_lines(self, cell, anchor: dict) -> list[tuple[str, int, list]]:
        """The cell's paragraphs (and nested tables' cells) as (line, marker length, inserted
        ranges); empty lines dropped."""
        if _is_vmerge_continuation(cell):
            self._advance_numbering_in(cell)
            return []
        lines: list[tuple[str, int, list]] = []
        carry: Optional[tuple] = None  # paragraphs run on into the next (see `_paragraph`)
        for block in _blocks(cell):
            if block.tag == _P:
                text, inserted = self._pieces(block)
                if block.getparent().tag in _INSERTED:
                    inserted = [(0, len(text))] if text else []
                joined = _mark_joined(block)
                marker = self.marker(block) if not joined or joined == "hidden" and text else ""
                if joined:
                    if text:
                        carry = _carried(carry, marker, text, inserted)
                    self._find_anchored(block, anchor)
                    continue
                if carry:
                    marker, text, inserted = _joined(carry, marker, text, inserted)
                    carry = None
                lines.extend(_split_lines(marker + text, len(marker), _shift(inserted, len(marker))))
                self._find_anchored(block, anchor)
            else:
                if carry:
                    lines.extend(_split_lines(carry[0] + carry[1], len(carry[0]), _shift(carry[2], len(carry[0]))))
                    carry = None
                lines.extend(line for row in _rows(block) for inner in _cells(row)
                             for line in self._cell_lines(inner, anchor))
        if carry:
            lines.extend(_split_lines(carry[0] + carry[1], len(carry[0]), _shift(carry[2], len(carry[0]))))
        kept = []
        for line, marker, ranges in lines:
            if line != "":
                safe, ranges = _safe(line, ranges)
                kept.append((safe, marker, ranges))
        return kept

    def _advance_numbering_in(self, cell) -> None:
        for paragraph in cell.iter(_P):
            self.marker(paragraph)

    # -- footnotes, endnotes, text boxes: rendered after the block that holds them ---------
    def _find_anchored(self, paragraph, anchor: dict) -> None:
        if next(paragraph.iter(_FOOTNOTE_REF, _ENDNOTE_REF, _TXBX), None) is None:
            return  # nearly every paragraph: one search in C instead of a walk in Python
        found: list = []
        _anchored_in(paragraph, found)
        for kind, payload in found:
            self.pending.append((kind, payload, anchor))

    def _anchored(self) -> None:
        """Render the notes and text boxes met in the last block, in document order (a text box
        or note met inside one of them is rendered after it)."""
        queue, self.pending = self.pending, []
        index = 0
        while index < len(queue):
            kind, payload, anchor = queue[index]
            index += 1
            if kind == "textbox":
                paragraphs = list(_flat_paragraphs(payload))
                name = _anchor_name(anchor) + " 文本框"
                number = None
            else:
                note_id = payload
                numbers = self.note_numbers[kind]
                if note_id in numbers:
                    continue  # a second reference to the same note: rendered once
                numbers[note_id] = number = len(numbers) + 1
                element = self.notes(kind).get(note_id)
                if element is None:
                    continue
                paragraphs = list(_flat_paragraphs(element))
                name = f"{_NOTE_CN[kind]}{number}"
            label = LABELS[kind]
            inner: list = []
            for paragraph in paragraphs:
                text, inserted = self._pieces(paragraph)
                if paragraph.getparent().tag in _INSERTED:
                    inserted = [(0, len(text))] if text else []
                for piece, _, ranges in _split_lines(text, 0, inserted):
                    content = piece.lstrip()
                    if not content.strip():
                        continue
                    ranges = _shift(ranges, len(content) - len(piece))
                    line, ranges = _safe(content.replace("\t", " ").rstrip() + label, ranges)
                    self._emit(line, WordOrigin(name, part=kind, paragraph=anchor.get("paragraph"),
                                                table=anchor.get("table"), row=anchor.get("row"),
                                                column=anchor.get("column"), note=number, suffix=len(label),
                                                inserted=ranges))
                found: list = []
                _anchored_in(paragraph, found)
                inner.extend((k, p, anchor) for k, p in found)
            queue[index:index] = inner

    def notes(self, kind: str) -> dict:
        """Footnote or endnote id → its element (w:footnote/w:endnote), read on first use."""
        if kind not in self._notes:
            notes: dict = {}
            element = self._related(kind + "s")
            if element is not None:
                for note in element.iterfind(W + kind):
                    if (note.get(W + "type") or "normal") == "normal":
                        notes[note.get(W + "id")] = note
            self._notes[kind] = notes
        return self._notes[kind]

    def _related(self, suffix: str, every: bool = False):
        """The element of the main part's related part of type …/`suffix` (all of them with `every`)."""
        found = []
        seen: set[int] = set()  # a part named by many relationships is read once
        try:
            for rel in self.part.rels.values():
                if rel.reltype.endswith("/" + suffix) and not rel.is_external:
                    element = _part_element(rel.target_part)
                    if element is not None and id(element) not in seen:
                        seen.add(id(element))
                        found.append(element)
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - a broken part is not report content we can read
            pass
        return found if every else (found[0] if found else None)

    def not_read(self) -> tuple[str, ...]:
        """The parts with text that are not report content and were not checked."""
        missing = []
        for suffix, name in (("header", "页眉"), ("footer", "页脚")):
            if any(_has_text(element) for element in self._related(suffix, every=True)):
                missing.append(name)
        comments = self._related("comments")
        if comments is not None and comments.find(W + "comment") is not None:
            missing.append("批注")
        return tuple(missing)

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


def resolve_styles(direct: dict) -> dict[str, tuple[Optional[str], Optional[int]]]:
    """style id → (numId, ilvl) inherited through w:basedOn, from style id → (own numId, own
    ilvl, basedOn): the nearest numId on the chain, with the nearest ilvl up to it.

    Each style is resolved once (memoised), so a chain of n styles costs n steps, not n²; a
    cycle ends the chain where it closes (as if the style it returns to had no basedOn); a
    chain longer than MAX_STYLE_DEPTH is refused (LimitExceeded).
    """
    memo: dict[str, tuple[Optional[str], Optional[int], int]] = {}  # (numId, ilvl, links walked)
    for style_id in direct:
        chain: list[str] = []
        on_chain: set[str] = set()
        current = style_id
        while current in direct and current not in memo and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            if direct[current][0] is not None:
                break
            current = direct[current][2]
        # resolve from the far end back: each style from its own values and its base's result
        if chain and direct[chain[-1]][0] is not None or current not in memo:
            inherited = (None, None, 0)
        else:
            inherited = memo[current]
        for link in reversed(chain):
            own_num, own_lvl, _ = direct[link]
            if own_num is not None:
                inherited = (own_num, own_lvl, 1)
            else:
                inherited = (inherited[0], own_lvl if own_lvl is not None else inherited[1], inherited[2] + 1)
            if inherited[2] > MAX_STYLE_DEPTH:
                raise LimitExceeded(f"styles.xml: paragraph style {link!r} is based on a chain of over "
                                    f"{MAX_STYLE_DEPTH} styles (w:basedOn, limit) / 样式继承层级过深，拒绝处理")
            memo[link] = inherited
    return {style_id: value[:2] for style_id, value in memo.items() if value[0] is not None}


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
    """The rows of a table, through content controls; a row deleted with track changes is gone."""
    for child in table:
        if child.tag == _TR:
            tr_pr = child.find(W + "trPr")
            if tr_pr is not None and tr_pr.find(W + "del") is not None:
                continue
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


def _carried(carry: Optional[tuple], marker: str, text: str, inserted) -> tuple:
    """The (lead marker, text, inserted ranges) of paragraphs run on so far, with one more
    (`marker`: its numbering marker, '' for a deleted mark)."""
    if carry is None:
        return marker, text, tuple(inserted)
    lead, before, ranges = carry
    return lead, before + marker + text, tuple(ranges) + _shift(inserted, len(before) + len(marker))


def _joined(carry: tuple, marker: str, text: str, inserted) -> tuple[str, str, tuple]:
    """(marker, text, inserted) of the paragraph the run-on paragraphs of `carry` join: the
    first one's marker if it had one (a hidden mark), else this paragraph's (a deleted mark:
    the joined paragraph is formatted by the mark that remains)."""
    lead, before, ranges = carry
    if lead:
        return lead, before + marker + text, tuple(ranges) + _shift(inserted, len(before) + len(marker))
    return marker, before + text, tuple(ranges) + _shift(inserted, len(before))


def _mark_joined(paragraph) -> Optional[str]:
    """'deleted' when the paragraph mark is a tracked deletion (or moved away: pPr/rPr/w:del),
    'hidden' when it is hidden text (pPr/rPr/w:vanish): either way Word shows the paragraph
    run on into the next one; None for an ordinary paragraph."""
    p_pr = paragraph.find(W + "pPr")
    r_pr = p_pr.find(W + "rPr") if p_pr is not None else None
    if r_pr is None:
        return None
    if r_pr.find(W + "del") is not None or r_pr.find(W + "moveFrom") is not None:
        return "deleted"
    vanish = r_pr.find(W + "vanish")
    if vanish is not None and (vanish.get(W + "val") or "1").lower() not in FALSE:
        return "hidden"
    return None


def _is_frame(table) -> bool:
    """A one-column table (every row one visible cell) with a table in one of its cells."""
    has_table = False
    for row in _rows(table):
        cells = list(_cells(row))
        if len(cells) > 1:
            return False
        if not has_table and cells and any(block.tag == _TBL for block in _blocks(cells[0])):
            has_table = True
    return has_table


def _is_vmerge_continuation(cell) -> bool:
    tc_pr = cell.find(W + "tcPr")
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(W + "vMerge")
    return v_merge is not None and (v_merge.get(W + "val") or "continue") == "continue"


def paragraph_text(paragraph) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields' results, insertions."""
    return paragraph_pieces(paragraph)[0]


def paragraph_pieces(paragraph, hidden_styles: frozenset = frozenset(),
                     fields: Optional[list] = None) -> tuple[str, list[tuple[int, int]]]:
    """The visible text of a paragraph and the (start, end) offsets of its tracked insertions
    (`hidden_styles`: character style ids whose text Word hides).

    Of a complex field (``w:fldChar`` begin … separate … end) only the result is shown: text
    between begin and separate is the field's code, also the results of fields nested in it
    (``IF { MERGEFIELD … } …``). `fields` is the stack of open fields (True: in its code), kept
    by the caller across paragraphs, since a field's result may span many (a TOC); a code left
    open at the end of the paragraph is closed there (with the fields opened in it), so a broken
    field hides one paragraph at most, and each paragraph starts outside any field's code."""
    out = _Text(hidden_styles, fields if fields is not None else [])
    _collect(paragraph, out, False)
    if out.code:  # a field still in its code: closed here, with the fields opened inside it
        del out.fields[out.fields.index(True, out.low):]
    text = "".join(out.parts)
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n"), []
    return text, out.inserted


class _Text:
    __slots__ = ("parts", "size", "inserted", "hidden", "fields", "code", "low")

    def __init__(self, hidden: frozenset = frozenset(), fields: Optional[list] = None) -> None:
        self.hidden = hidden
        self.fields: list = fields if fields is not None else []  # open complex fields: True while in the code
        self.code = 0  # how many of them are in their code (their text is not shown): none between paragraphs
        self.low = len(self.fields)  # the stack's lowest point in this paragraph: all below is in results
        self.parts: list[str] = []
        self.size = 0
        self.inserted: list[tuple[int, int]] = []

    def field(self, kind: Optional[str]) -> None:
        """A w:fldChar: begin opens a field in its code, separate starts its result, end closes it."""
        if kind == "begin":
            self.fields.append(True)
            self.code += 1
        elif self.fields:
            if kind == "separate" and self.fields[-1]:
                self.fields[-1] = False
                self.code -= 1
            elif kind == "end":
                self.code -= self.fields.pop()
                self.low = min(self.low, len(self.fields))

    def add(self, text: str, inserted: bool) -> None:
        if self.code:
            return
        if inserted and text:
            if self.inserted and self.inserted[-1][1] == self.size:
                self.inserted[-1] = (self.inserted[-1][0], self.size + len(text))
            else:
                self.inserted.append((self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)


def _collect(element, out: _Text, inserted: bool) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
            continue
        if tag == _T:
            if child.text:
                out.add(child.text, inserted)
        elif tag == _R:
            r_pr = child.find(W + "rPr")
            if r_pr is not None:
                vanish = r_pr.find(W + "vanish")
                if vanish is not None and (vanish.get(W + "val") or "1").lower() not in FALSE or \
                        vanish is None and out.hidden and w_val(r_pr, "rStyle") in out.hidden:
                    for field in child.iterfind(_FLD_CHAR):  # a hidden field mark still opens or closes it
                        out.field(field.get(W + "fldCharType"))
                    continue
            _collect(child, out, inserted)
        elif tag == _FLD_CHAR:
            out.field(child.get(W + "fldCharType"))
        elif tag == W + "tab" or tag == W + "ptab":
            out.add("\t", inserted)
        elif tag == W + "br":
            if (child.get(W + "type") or "textWrapping") == "textWrapping":
                out.add("\n", inserted)
        elif tag == W + "cr":
            out.add("\n", inserted)
        elif tag == W + "noBreakHyphen":
            out.add("-", inserted)
        elif tag == W + "sym":
            code = _int_hex(child.get(W + "char"))
            if code is not None and not (0xE000 <= code <= 0xF8FF) and code >= 0x20:
                out.add(chr(code), inserted)
        elif tag == _M_T:
            if child.text:
                out.add(child.text, inserted)
        elif tag == _M_F:  # an equation's fraction, written on one line: numerator/denominator
            for index, part in enumerate(p for p in child if p.tag in (_M + "num", _M + "den")):
                if index:
                    out.add("/", inserted)
                _collect(part, out, inserted)
        elif tag == _M_D:  # an equation's brackets (m:begChr/m:endChr, round by default)
            props = child.find(_M + "dPr")
            begin = props.find(_M + "begChr") if props is not None else None
            end = props.find(_M + "endChr") if props is not None else None
            out.add(begin.get(_M + "val", "") if begin is not None else "(", inserted)
            _collect(child, out, inserted)
            out.add(end.get(_M + "val", "") if end is not None else ")", inserted)
        elif tag in _INSERTED:
            _collect(child, out, True)
        else:  # hyperlink, smartTag, fldSimple, sdt, customXml, a paragraph nested in odd places, …
            _collect(child, out, inserted)


def _shift(ranges, by: int) -> tuple[tuple[int, int], ...]:
    return tuple((max(0, a + by), max(0, b + by)) for a, b in ranges)


def _split_lines(text: str, marker: int, ranges) -> list[tuple[str, int, tuple]]:
    """A paragraph's text cut at its line breaks: (line, marker length on it, its insertion ranges)."""
    if "\n" not in text:
        return [(text, marker, tuple(ranges))]
    out = []
    position = 0
    for piece in text.split("\n"):
        end = position + len(piece)
        local = tuple((max(a, position) - position, min(b, end) - position) for a, b in ranges
                      if a < end and b > position)
        out.append((piece, min(marker, len(piece)) if position == 0 else 0, local))
        position = end + 1
    return out


def _safe(line: str, ranges) -> tuple[str, tuple]:
    """`_safe_line`, with the insertion ranges moved by what it changed."""
    safe = _safe_line(line)
    delta = len(safe) - len(line)
    return safe, (_shift(ranges, delta) if delta else tuple(ranges))


def _anchored_in(element, found: list) -> None:
    """Footnote and endnote references and text boxes in a paragraph, in document order: not in
    deleted text, and of an mc:AlternateContent only one branch (the first mc:Choice, unless only
    the mc:Fallback holds a text box): Word writes a text box twice, as DrawingML and as VML."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_SHOWN:
            continue
        if tag == _FOOTNOTE_REF or tag == _ENDNOTE_REF:
            found.append(("footnote" if tag == _FOOTNOTE_REF else "endnote", child.get(W + "id")))
        elif tag == _TXBX:
            found.append(("textbox", child))  # its own paragraphs are searched when it is rendered
        elif tag == _MC + "AlternateContent":
            branches = [c for c in child if c.tag in (_MC + "Choice", _MC + "Fallback")]
            chosen = next((b for b in branches if next(b.iter(_TXBX), None) is not None), None)
            if chosen is None:
                chosen = next((b for b in branches if b.tag == _MC + "Choice"), None)
            if chosen is not None:
                _anchored_in(chosen, found)
        elif tag != W + "pPr":
            _anchored_in(child, found)


def _flat_paragraphs(container) -> Iterator:
    """The paragraphs of a note or text box, tables' cells included, in document order."""
    for block in _blocks(container):
        if block.tag == _P:
            yield block
        else:
            for row in _rows(block):
                for cell in _cells(row):
                    yield from _flat_paragraphs(cell)


def _anchor_name(anchor: dict) -> str:
    if anchor.get("table"):
        return f"表格{anchor['table']} 第{anchor['row']}行 第{anchor['column']}列"
    number = anchor.get("paragraph") or 0
    if anchor.get("after"):
        return f"第{number}段后" if number else "文档开头"
    return f"第{number}段"


def _part_element(part):
    """A related part's XML element: python-docx's, or its bytes parsed like the main part."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    blob = getattr(part, "blob", None)
    if not blob:
        return None
    from lxml import etree

    return etree.fromstring(blob, etree.XMLParser(remove_blank_text=True, resolve_entities=False))


def _has_text(element) -> bool:
    return any(t.text and t.text.strip() for t in element.iter(_T))


def _int_hex(value: Optional[str]) -> Optional[int]:
    try:
        return int(value, 16) if value else None
    except ValueError:
        return None
