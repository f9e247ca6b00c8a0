"""Test helper: turn a layout-text report (a seed .txt) into a real Word .docx.

Body lines become paragraphs; runs of tab-prefixed cell lines become real Word tables
(a row with fewer cells than the table's widest row gets its last cell merged across the
rest, `w:gridSpan`; an empty first cell under a filled one becomes a vertical merge,
`w:vMerge`); headings whose marker is `一、`, `（一）`, `1.` or `（1）` at the start of the
line are numbered by Word's automatic numbering (the marker is removed from the text and
produced by numbering.xml: one multi-level list, chineseCounting / decimal formats, and a
new `w:num` with `w:startOverride` wherever the text's number is not the one Word would
produce next, i.e. Word's "restart/set numbering value").

The builder simulates Word's counters on its own (it does not use the reader's code), so
the round trip text → .docx → reader checks the reader against an independent model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

CELL = re.compile(r"^[ ]*\t")
CN = "一二三四五六七八九十"
CN_VALUE = {ch: i + 1 for i, ch in enumerate(CN)}

# (level, regex on the line, format, lvlText)
LIST_LEVELS = [
    (0, re.compile(rf"^([{CN}]{{1,2}})、(?=\S)"), "chineseCounting", "%1、"),
    (1, re.compile(rf"^（([{CN}]{{1,2}})）(?=\S)"), "chineseCounting", "（%2）"),
    (2, re.compile(r"^(\d{1,2})\.(?![\d\s])"), "decimal", "%3."),
    (3, re.compile(r"^（(\d{1,2})）(?=\S)"), "decimal", "（%4）"),
]
ABSTRACT_ID = 90
FIRST_NUM_ID = 90


def _cn_value(text: str) -> int:
    if len(text) == 1:
        return CN_VALUE[text]
    if text[0] == "十":
        return 10 + CN_VALUE[text[1]]
    if text[1] == "十":
        return CN_VALUE[text[0]] * 10
    return -1


@dataclass
class Table:
    rows: list[list[list[str]]] = field(default_factory=list)  # row → cell → lines


@dataclass
class BuildStats:
    paragraphs: int = 0
    numbered: int = 0
    restarts: int = 0
    tables: int = 0
    hmerges: int = 0
    vmerges: int = 0


def split_blocks(text: str) -> list[Union[str, Table]]:
    """Body lines (str) and tables, as the layout grammar groups them."""
    lines = text.split("\n")
    blocks: list[Union[str, Table]] = []
    i, n = 0, len(lines)
    while i < n:
        if not CELL.match(lines[i]):
            blocks.append(lines[i])
            i += 1
            continue
        table = Table()
        while i < n and CELL.match(lines[i]):
            row: list[list[str]] = []
            while i < n and lines[i] != "":
                if CELL.match(lines[i]):
                    row.append([CELL.sub("", lines[i], count=1)])
                else:
                    row[-1].append(lines[i])
                i += 1
            table.rows.append(row)
            i += 1  # the empty line that ends the row
        blocks.append(table)
    return blocks


class _ListState:
    """Word's counters for the builder's one list, to decide when a restart is needed."""

    def __init__(self, numbering_el):
        self.numbering_el = numbering_el
        self.counters: dict[int, int] = {}
        self.starts: dict[int, int] = {}  # the current w:num's startOverride values
        self.next_num_id = FIRST_NUM_ID
        self.current = self._new_num({})

    def _new_num(self, overrides: dict[int, int]) -> int:
        num_id = self.next_num_id
        self.next_num_id += 1
        xml = f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{ABSTRACT_ID}"/>'
        for level, start in overrides.items():
            xml += f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        self.numbering_el.append(parse_xml(xml + "</w:num>"))
        return num_id

    def use(self, level: int, number: int) -> tuple[int, bool]:
        """The numId that renders `number` at `level` next; True when it is a restart."""
        restarted = False
        expected = self.counters[level] + 1 if level in self.counters else self.starts.get(level, 1)
        if expected != number:
            # Word's "set numbering value": a new w:num whose startOverride is the level's start
            # value for that instance, also when the level restarts after a higher level later.
            self.current = self._new_num({level: number})
            self.starts = {level: number}
            restarted = True
        self.counters[level] = number
        for deeper in [d for d in self.counters if d > level]:
            del self.counters[deeper]
        return self.current, restarted


def _abstract_xml() -> str:
    levels = ""
    for level, _, fmt, text in LIST_LEVELS:
        levels += (f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>')


def _numbered(line: str):
    for level, pattern, _, _ in LIST_LEVELS:
        match = pattern.match(line)
        if match:
            raw = match.group(1)
            number = int(raw) if raw.isdigit() else _cn_value(raw)
            if number > 0:
                return level, number, line[match.end():]
    return None


def _set_numbering(paragraph, num_id: int, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(text: str, out: Path, numbering: bool = True) -> BuildStats:
    """Write `text` as a .docx at `out`; returns what was built (for tests to assert on)."""
    document = docx.Document()
    stats = BuildStats()
    numbering_el = document.part.numbering_part.element
    first_num = numbering_el.find(qn("w:num"))
    abstract = parse_xml(_abstract_xml())
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering_el.append(abstract)
    state = _ListState(numbering_el)
    for block in split_blocks(text):
        if isinstance(block, Table):
            _add_table(document, block, stats)
            continue
        stats.paragraphs += 1
        found = _numbered(block) if numbering else None
        if found:
            level, number, rest = found
            paragraph = document.add_paragraph(rest)
            num_id, restarted = state.use(level, number)
            _set_numbering(paragraph, num_id, level)
            stats.numbered += 1
            stats.restarts += restarted
        else:
            document.add_paragraph(block)
    document.save(str(out))
    return stats


def _add_table(document, block: Table, stats: BuildStats) -> None:
    stats.tables += 1
    width = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=width)
    for r, row in enumerate(block.rows):
        if len(row) < width:
            table.cell(r, len(row) - 1).merge(table.cell(r, width - 1))
            stats.hmerges += 1
    for r in range(1, len(block.rows)):
        row, above = block.rows[r], block.rows[r - 1]
        if len(row) >= 2 and len(above) >= 2 and row[0] == [""] and (above[0] != [""] or _is_continuation(table, r - 1)):
            table.cell(r - 1, 0).merge(table.cell(r, 0))
            stats.vmerges += 1
    for r, row in enumerate(block.rows):
        tr = table.rows[r]._tr
        tcs = tr.findall(qn("w:tc"))
        for c, lines in enumerate(row):
            tc = tcs[c]
            if _tc_is_continuation(tc):
                continue
            cell = docx.table._Cell(tc, table)
            cell.paragraphs[0].text = lines[0]
            for extra in lines[1:]:
                cell.add_paragraph(extra)
    # Word needs a paragraph between two tables; the text has the row's empty line for it.


def _tc_is_continuation(tc) -> bool:
    tc_pr = tc.tcPr
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(qn("w:vMerge"))
    return v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"


def _is_continuation(table, r: int) -> bool:
    return _tc_is_continuation(table.rows[r]._tr.findall(qn("w:tc"))[0])


# -- Word parts beyond the body: footnotes, endnotes, text boxes, tracked insertions, headers --
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MC_DECL = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml"')


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_note_reference(paragraph, note_id: int, kind: str = "footnote") -> None:
    """A footnote (or endnote) reference mark at the end of a python-docx paragraph."""
    style = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
                                  f'<w:{kind}Reference w:id="{note_id}"/></w:r>'))


def add_text_box(paragraph, lines: list[str]) -> None:
    """A floating text box in a paragraph, written as Word writes it: an mc:AlternateContent
    with the DrawingML shape (mc:Choice) and the same text again as VML (mc:Fallback)."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{_esc(line)}</w:t></w:r></w:p>" for line in lines)
    xml = (f'<w:r {nsdecls("w")} {_MC_DECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
           f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
           f'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
           f'<wp:extent cx="1800000" cy="600000"/><wp:docPr id="7" name="文本框 7"/>'
           f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
           f'<wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
           f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><v:shape id="文本框 7"><v:textbox><w:txbxContent>{body}</w:txbxContent>'
           f'</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    paragraph._p.append(parse_xml(xml))


def add_insertion(paragraph, text: str) -> None:
    """Text added with track changes on (w:ins) at the end of a paragraph."""
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="901" w:author="审核人" w:date="2024-03-01T09:00:00Z">'
                                  f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:ins>'))


def add_deletion(paragraph, text: str) -> None:
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="902" w:author="审核人" w:date="2024-03-01T09:00:00Z">'
                                  f'<w:r><w:delText xml:space="preserve">{_esc(text)}</w:delText></w:r></w:del>'))


def _notes_xml(kind: str, notes: dict[int, str]) -> str:
    items = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
             f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>')
    for note_id, text in notes.items():
        items += (f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>'
                  f'<w:r><w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p></w:{kind}>')
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s xmlns:w="{_W_NS}">{items}</w:{kind}s>'


def _story_xml(root: str, text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} xmlns:w="{_W_NS}">'
            f'<w:p><w:r><w:t>{_esc(text)}</w:t></w:r></w:p></w:{root}>')


def add_package_parts(path: Path, *, footnotes: dict[int, str] | None = None, endnotes: dict[int, str] | None = None,
                      header: str | None = None, footer: str | None = None, comments: list[str] | None = None,
                      raw: dict[str, bytes] | None = None) -> None:
    """Add parts to a saved .docx (rewriting the zip): footnotes.xml, endnotes.xml, a header, a
    footer, comments.xml, each with its relationship from the main part and its content type;
    `raw` replaces the bytes of any member (for hostile variants)."""
    import zipfile

    parts: list[tuple[str, str, str, str]] = []  # (name, relationship type, content type, xml)
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    if footnotes is not None:
        parts.append(("footnotes.xml", "footnotes", ct + "footnotes+xml", _notes_xml("footnote", footnotes)))
    if endnotes is not None:
        parts.append(("endnotes.xml", "endnotes", ct + "endnotes+xml", _notes_xml("endnote", endnotes)))
    if header is not None:
        parts.append(("header9.xml", "header", ct + "header+xml", _story_xml("hdr", header)))
    if footer is not None:
        parts.append(("footer9.xml", "footer", ct + "footer+xml", _story_xml("ftr", footer)))
    if comments is not None:
        body = "".join(f'<w:comment w:id="{i}" w:author="审核人"><w:p><w:r><w:t>{_esc(c)}</w:t></w:r></w:p></w:comment>'
                       for i, c in enumerate(comments))
        parts.append(("comments.xml", "comments", ct + "comments+xml",
                      f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="{_W_NS}">{body}</w:comments>'))
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    rels = members["word/_rels/document.xml.rels"].decode("utf-8")
    types = members["[Content_Types].xml"].decode("utf-8")
    for index, (name, rel_type, content_type, xml) in enumerate(parts):
        members["word/" + name] = xml.encode("utf-8")
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdX{index}" Type="{_REL_BASE}{rel_type}" '
                                                f'Target="{name}"/></Relationships>')
        if f'PartName="/word/{name}"' not in types:
            types = types.replace("</Types>", f'<Override PartName="/word/{name}" ContentType="{content_type}"/></Types>')
    members["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    members["[Content_Types].xml"] = types.encode("utf-8")
    members.update(raw or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# -- documents written as WordprocessingML directly (features python-docx has no API for) -----
W_DECLS = (f'xmlns:w="{_W_NS}" xmlns:r="{_R_NS}" {_MC_DECL}')


def xml_run(text: str, rpr: str = "") -> str:
    """A run of text (`rpr`: the inside of its w:rPr)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def xml_paragraph(*content: str, num: tuple[int, int] | None = None, style: str | None = None, ppr: str = "") -> str:
    """A paragraph of plain strings (runs) and raw XML pieces (starting with '<');
    `num`: (numId, ilvl) of Word's numbering; `ppr`: more of its w:pPr."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "")
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    props += ppr
    body = "".join(piece if piece.startswith("<") else xml_run(piece) for piece in content)
    return f'<w:p>{f"<w:pPr>{props}</w:pPr>" if props else ""}{body}</w:p>'


def xml_cell(*paragraphs: str, tcpr: str = "") -> str:
    body = "".join(p if p.startswith("<") else xml_paragraph(p) for p in paragraphs) or "<w:p/>"
    return f'<w:tc>{f"<w:tcPr>{tcpr}</w:tcPr>" if tcpr else ""}{body}</w:tc>'


def xml_row(*cells: str, trpr: str = "") -> str:
    body = "".join(c if c.startswith("<") else xml_cell(c) for c in cells)
    return f'<w:tr>{f"<w:trPr>{trpr}</w:trPr>" if trpr else ""}{body}</w:tr>'


def xml_table(*rows: str, columns: int = 5) -> str:
    grid = '<w:gridCol w:w="1500"/>' * columns
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'


def xml_field(code: str, result: str, code_xml: str | None = None) -> str:
    """A complex field (w:fldChar begin/separate/end): its code, then its cached result (raw XML)."""
    code_xml = code_xml if code_xml is not None else \
        f'<w:r><w:instrText xml:space="preserve"> {_esc(code)} </w:instrText></w:r>'
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{code_xml}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{result}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def xml_text_box(lines: list[str]) -> str:
    """A floating text box run (DrawingML with its VML fallback, as Word writes it)."""
    body = "".join(xml_paragraph(line) for line in lines)
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
            f'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:extent cx="1800000" cy="600000"/><wp:docPr id="8" name="文本框 8"/>'
            f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
            f'</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape>'
            f'</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def xml_list_level(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl>')


# 一、 / （一） / 1. / （1）: the levels of one list, numId 1
STANDARD_NUMBERING = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W_DECLS}>'
                      f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
                      + "".join(xml_list_level(level, fmt, text) for level, _, fmt, text in LIST_LEVELS)
                      + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def build_xml_docx(out: Path, body: str, *, numbering: str | None = STANDARD_NUMBERING, styles: str = "") -> Path:
    """A .docx whose body is `body` (WordprocessingML), with python-docx's default package
    around it: `numbering` replaces numbering.xml, `styles` (w:style elements) is added to styles.xml."""
    import io
    import zipfile

    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_DECLS}><w:body>{body}'
        f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>').encode("utf-8")
    if numbering is not None:
        members["word/numbering.xml"] = numbering.encode("utf-8")
    if styles:
        members["word/styles.xml"] = members["word/styles.xml"].decode("utf-8").replace(
            "</w:styles>", styles + "</w:styles>").encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out
