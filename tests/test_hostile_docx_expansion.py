"""Small .docx files that would cost far more than their size: each is read in bounded time
and memory, or refused with one InputError line naming the limit.

Every file is built here from a few lines of XML (no bomb is shipped): numbering values and
level texts that expand (w:start 10⁹ in letters, a long w:lvlText on every paragraph),
levels outside Word's nine, w:basedOn chains and cycles, XML parts too large or too dense
for their tree, rendered text past its limit, and corrupt archives (bad deflate data, an
unknown compression method or version, a CRC error, truncation, a local header that
disagrees with the central directory), for .docx and .xlsx.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from reportlint.api import check_report
from reportlint.errors import InputError
from reportlint.input.readers import container
from reportlint.input.readers import docx as docx_reader
from reportlint.input.readers.docx import read_docx_report, resolve_styles
from reportlint.input.readers.xlsx import read_xlsx_report

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>')


def paragraph(text: str, num_id: str | None = None, ilvl: str | None = "0", style: str | None = None) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num_id is not None:
        props += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
                 f'<w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def level(ilvl: int = 0, start: str = "1", fmt: str = "decimal", text: str = "%1、") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>')


def numbering(levels: str, nums: str = '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>') -> str:
    return f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>{nums}</w:numbering>'


def build(body: str, numbering_xml: str = "", styles_xml: str = "", extra: dict | None = None) -> bytes:
    """A minimal .docx read by the direct reader: the parts given, deflated."""
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
             "word/_rels/document.xml.rels": DOCUMENT_RELS, "word/document.xml": document,
             "word/numbering.xml": numbering_xml or numbering(level()),
             "word/styles.xml": styles_xml or f'<w:styles xmlns:w="{W_NS}"/>'}
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content if isinstance(content, bytes) else content.encode("utf-8"))
    return buffer.getvalue()


def read(data: bytes, budget: float = 5.0):
    """read_docx_report within `budget` seconds."""
    started = time.perf_counter()
    try:
        return read_docx_report(data, "r.docx")
    finally:
        assert time.perf_counter() - started < budget, "bounded input took too long"


def refused(data: bytes, budget: float = 5.0) -> str:
    with pytest.raises(InputError) as info:
        read(data, budget)
    message = info.value.message
    assert "\n" not in message and len(message) < 400
    return message


# -- numbering values -------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["upperLetter", "lowerLetter", "upperRoman", "chineseCounting",
                                 "decimalEnclosedCircle", "ideographTraditional", "decimal"])
def test_a_start_of_a_billion_is_shown_as_digits_in_any_format(fmt):
    data = build(paragraph("单位基本情况", "1") * 3, numbering(level(start="1000000000", fmt=fmt)))
    assert len(data) < 3000
    assert read(data, 2.0).lines[:3] == ["1000000000、单位基本情况", "1000000001、单位基本情况",
                                         "1000000002、单位基本情况"]


def test_small_values_keep_their_format():
    data = build(paragraph("甲", "1") + paragraph("乙", "1"), numbering(level(start="27", fmt="upperLetter")))
    assert read(data).lines == ["AA、甲", "BB、乙"]
    data = build(paragraph("甲", "1"), numbering(level(start="12", fmt="chineseCounting")))
    assert read(data).lines == ["十二、甲"]


def test_a_start_override_of_a_billion_is_bounded_too():
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
            '<w:startOverride w:val="999999999"/></w:lvlOverride></w:num>')
    data = build(paragraph("甲", "1"), numbering(level(fmt="lowerLetter"), nums))
    assert read(data, 2.0).lines == ["999999999、甲"]


def test_a_thousand_digit_start_is_not_a_value():
    data = build(paragraph("甲", "1"), numbering(level(start="9" * 1000, fmt="lowerLetter")))
    assert read(data, 2.0).lines == ["a、甲"]  # Word's values are 32-bit: the default start, 1


def test_a_long_level_text_is_refused_naming_the_limit():
    data = build(paragraph("甲", "1") * 20_000, numbering(level(text="%1" * 50_000)))
    assert len(data) < 10_000
    message = refused(data, 2.0)
    assert "w:lvlText" in message and "100000" in message.replace(",", "") and "255" in message


def test_a_level_text_referencing_every_level_stays_bounded():
    levels = "".join(level(i, start="1000000000", fmt="upperLetter", text="%1.%2.%3.%4.%5.%6.%7.%8.%9")
                     for i in range(9))
    data = build("".join(paragraph("项", "1", str(i % 9)) for i in range(4000)), numbering(levels))
    source = read(data, 5.0)
    assert source.lines[0] == "1000000000." + ".".join(["1000000000"] * 8) + "项"


@pytest.mark.parametrize("ilvl", ["9", "-1", "2147483647", "99999999999"])
def test_levels_outside_words_nine_have_no_marker(ilvl):
    data = build(paragraph("一级", "1") + paragraph("怪", "1", ilvl) + paragraph("二级", "1"), numbering(level()))
    assert read(data).lines == ["1、一级", "怪", "2、二级"]


def test_distinct_levels_on_every_paragraph_cost_linear_time():
    """Before: every distinct w:ilvl became a counter, and each paragraph walked all of them."""
    body = "".join(paragraph("项", "1", str(100 + i)) for i in range(30_000))
    source = read(build(body, numbering(level())), 5.0)
    assert source.lines[:2] == ["项", "项"]


def test_thousands_of_num_overrides_are_read_in_linear_time():
    nums = "".join(f'<w:num w:numId="{i}"><w:abstractNumId w:val="0"/>'
                   + "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{i}"/></w:lvlOverride>'
                             for k in (0, 5, 100, 1000))
                   + "</w:num>" for i in range(1, 5001))
    body = "".join(paragraph("项", str(i)) for i in range(1, 5001))
    source = read(build(body, numbering(level(), nums)), 5.0)
    assert source.lines[:3] == ["1、项", "2、项", "3、项"]


# -- style chains ----------------------------------------------------------------------
def _styles(chain: list[tuple[str, str | None, str | None]]) -> str:
    """(styleId, basedOn, numId) → styles.xml."""
    out = []
    for style_id, based, num in chain:
        inner = f'<w:basedOn w:val="{based}"/>' if based else ""
        if num:
            inner += f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        out.append(f'<w:style w:type="paragraph" w:styleId="{style_id}">{inner}</w:style>')
    return f'<w:styles xmlns:w="{W_NS}">{"".join(out)}</w:styles>'


def test_numbering_is_inherited_through_a_chain_of_styles():
    chain = [(f"s{i}", f"s{i - 1}" if i else None, "1" if i == 0 else None) for i in range(60)]
    data = build(paragraph("标题", style="s59") + paragraph("正文"), styles_xml=_styles(list(reversed(chain))))
    assert read(data).lines == ["1、标题", "正文"]


def test_a_chain_longer_than_the_limit_is_refused_in_linear_time():
    """Before: each of n styles walked its whole chain (n² steps for a 111 KB styles.xml)."""
    chain = [(f"s{i}", f"s{i - 1}" if i else None, "1" if i == 0 else None) for i in range(5000)]
    data = build(paragraph("标题", style="s4999"), styles_xml=_styles(list(reversed(chain))))
    message = refused(data, 3.0)
    assert "w:basedOn" in message and str(docx_reader.MAX_STYLE_DEPTH) in message


def test_a_chain_is_measured_the_same_whatever_the_order_of_the_styles():
    chain = [(f"s{i}", f"s{i - 1}" if i else None, "1" if i == 0 else None) for i in range(150)]
    for order in (chain, list(reversed(chain))):
        with pytest.raises(InputError, match="w:basedOn"):
            read(build(paragraph("标题", style="s149"), styles_xml=_styles(order)))


def test_style_cycles_are_broken_and_do_not_invent_numbering():
    styles = _styles([("a", "b", None), ("b", "c", None), ("c", "a", None), ("d", "a", None), ("n", "n", "1")])
    data = build(paragraph("甲", style="d") + paragraph("乙", style="n"), styles_xml=styles)
    assert read(data).lines == ["甲", "1、乙"]


def test_resolve_styles_takes_the_nearest_values():
    direct = {"base": ("7", 2, None), "mid": (None, 1, "base"), "leaf": (None, None, "mid"), "loose": (None, 3, "gone")}
    assert resolve_styles(direct) == {"base": ("7", 2), "mid": ("7", 1), "leaf": ("7", 1)}


# -- XML parts: size, density, rendered text --------------------------------------------
def test_an_xml_part_over_its_size_limit_is_refused_from_the_central_directory():
    body = "<w:p/>" * (container.MAX_XML_MEMBER // 6 + 10)
    data = build(body)
    assert len(data) < container.MAX_XML_MEMBER // 200
    message = refused(data, 3.0)
    assert "word/document.xml" in message and f"{container.MAX_XML_MEMBER // (1024 * 1024)} MB" in message


def test_xml_parts_together_are_bounded():
    half = '<w:p/>' * (container.MAX_XML_TOTAL // 6 // 2 + 10)
    part = f'<w:ftr xmlns:w="{W_NS}">{half}</w:ftr>'
    message = refused(build(half, extra={"word/footer1.xml": part}), 3.0)
    assert f"{container.MAX_XML_TOTAL // (1024 * 1024)} MB in all" in message


def test_dense_xml_is_refused_before_its_tree_is_built():
    """Before: a 321 KB file inflating to 90 MB of attributes took 3.9 GB to parse."""
    run = '<w:p w:a="" w:b=""/>'  # 20 bytes, 1 element and 2 attributes: ~620 bytes of lxml tree
    count = container.MAX_XML_NODES // 5 + 1000
    data = build(run * count)
    assert count * len(run) < container.MAX_XML_MEMBER
    message = refused(data, 3.0)
    assert f"{container.MAX_XML_NODES:,}" in message


def test_xml_nodes_counts_elements_and_attributes():
    assert container.xml_nodes(b'<a b="1"><c/></a>') == 3 + 2  # three '<' (one closing tag), one '='


def test_rendered_text_is_counted_as_it_grows(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_RENDERED_CHARS", 5000)
    message = refused(build(paragraph("正文内容") * 2000))
    assert "limit 5,000" in message


def test_the_rendered_limit_holds_for_long_markers(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_RENDERED_CHARS", 100_000)
    levels = "".join(level(i, start="9999", fmt="lowerLetter", text="%1%2%3%4%5%6%7%8%9") for i in range(9))
    body = "".join(paragraph("项", "1", "8") for _ in range(3000))
    message = refused(build(body, numbering(levels)))
    assert "limit 100,000" in message


def test_a_text_box_is_not_read_twice_when_it_sits_in_a_run():
    box = f'<w:r><w:txbxContent>{paragraph("框内")}</w:txbxContent></w:r>'
    data = build(f"<w:p><w:r><w:t>正文</w:t></w:r>{box}</w:p>")
    assert read(data).lines == ["正文", "框内【文本框】"]


# -- corrupt archives -------------------------------------------------------------------
def _docx() -> bytes:
    return build(paragraph("一、单位基本情况"))


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["指标", "分值"])
    sheet.append(["产出", 20])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _headers(data: bytes, member: str) -> tuple[int, int]:
    """(local header offset, central directory entry offset) of a member."""
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(member).header_offset
    index = data.find(b"PK\x01\x02")
    while index >= 0:
        length = struct.unpack_from("<H", data, index + 28)[0]
        if data[index + 46:index + 46 + length] == member.encode():
            return local, index
        index = data.find(b"PK\x01\x02", index + 4)
    raise AssertionError(member)


def corrupt(data: bytes, member: str, kind: str) -> bytes:
    raw = bytearray(data)
    local, central = _headers(data, member)
    if kind == "bad deflate data":
        name_len, extra_len = struct.unpack_from("<HH", raw, local + 26)
        start = local + 30 + name_len + extra_len
        for index in range(start, start + 32):
            raw[index] ^= 0x5A
    elif kind == "compression method":
        struct.pack_into("<H", raw, local + 8, 99)
        struct.pack_into("<H", raw, central + 10, 99)
    elif kind == "zip version":
        struct.pack_into("<H", raw, central + 6, 99)
    elif kind == "crc":
        struct.pack_into("<I", raw, local + 14, 0x12345678)
        struct.pack_into("<I", raw, central + 16, 0x12345678)
    elif kind == "local name":
        raw[local + 30] ^= 0x01
    elif kind == "local magic":
        raw[local:local + 4] = b"PK\x09\x09"
    elif kind == "truncated":
        del raw[len(raw) // 2:]
    elif kind == "truncated central directory":
        del raw[central + 10:]
    return bytes(raw)


KINDS = ["bad deflate data", "compression method", "zip version", "crc", "local name", "local magic",
         "truncated", "truncated central directory"]
EXPECTED = {"compression method": "unsupported zip compression", "zip version": "unsupported zip compression",
            "crc": "Bad CRC-32", "local name": "differ", "local magic": "Bad magic number",
            "bad deflate data": "corrupt zip archive in word/document.xml"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_corrupt_docx_is_one_input_error(kind):
    message = refused(corrupt(_docx(), "word/document.xml", kind))
    assert EXPECTED.get(kind, "broken zip archive") in message
    assert "internal error" not in message


@pytest.mark.parametrize("kind", KINDS)
def test_a_corrupt_xlsx_is_one_input_error(kind):
    with pytest.raises(InputError) as info:
        read_xlsx_report(corrupt(_xlsx(), "xl/worksheets/sheet1.xml", kind), "r.xlsx")
    message = info.value.message
    assert "\n" not in message and "internal error" not in message
    assert EXPECTED.get(kind, "broken zip archive").replace("word/document.xml", "xl/worksheets/sheet1.xml") in message


@pytest.mark.parametrize("kind", ["crc", "compression method"])
def test_the_api_gives_the_same_one_line(kind):
    result = check_report(corrupt(_docx(), "word/document.xml", kind), "r.docx")
    assert result.error and "\n" not in result.error and "internal error" not in result.error
    assert EXPECTED[kind] in result.error


def test_the_cli_exits_2_with_one_line(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(corrupt(_docx(), "word/document.xml", "bad deflate data"))
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "corrupt zip archive" in done.stderr


def _directory_bomb(entries: int, declared: int) -> bytes:
    """One stored member and a central directory of `entries` entries all pointing at it."""
    import zlib

    crc = zlib.crc32(b"x")
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, 1, 1, 1, 0) + b"a" + b"x"
    entry = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, 1, 1, 1, 0, 0, 0, 0, 0, 0) + b"a"
    directory = entry * entries
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, declared, declared, len(directory), len(local), 0)
    return local + directory + end


@pytest.mark.parametrize("declared, expected", [(0xFFFF, "65535 members (limit 5000)"),
                                                (10, "zip directory of")])
def test_a_huge_central_directory_is_refused_before_zipfile_reads_it(declared, expected):
    """Before: 200 000 entries (9 MB) were all parsed into objects before being counted."""
    message = refused(_directory_bomb(200_000, declared), 1.0)
    assert expected in message


def test_a_part_named_by_thousands_of_relationships_is_parsed_once():
    """Before: every relationship to numbering.xml, styles.xml or a header parsed it again."""
    rels = "".join(f'<Relationship Id="r{i}{kind}" Type="{REL}/{kind}" Target="{target}"/>'
                   for i in range(3000) for kind, target in (("numbering", "numbering.xml"), ("styles", "styles.xml"),
                                                              ("header", "header1.xml")))
    document_rels = ('<?xml version="1.0" encoding="UTF-8"?>'
                     f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                     '</Relationships>')
    big_numbering = numbering(level() + "".join(f'<w:lvl w:ilvl="{9 + i}"/>' for i in range(20_000)))
    header = f'<w:hdr xmlns:w="{W_NS}">' + paragraph("页眉") * 5000 + "</w:hdr>"
    data = build(paragraph("甲", "1"), big_numbering,
                 extra={"word/_rels/document.xml.rels": document_rels, "word/header1.xml": header})
    source = read(data, 5.0)
    assert source.lines == ["1、甲"] and source.origins.not_read == ("页眉",)
