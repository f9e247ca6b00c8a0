"""Guards for Office zip containers (.docx, .xlsx), applied before any XML is parsed.

A hostile file must cost nothing: these checks read the zip's central directory and scan
the XML members' bytes, and refuse with one InputError line what is not a zip, an OLE file
(an encrypted Office document, a legacy .doc/.xls), zip-encrypted members, archives whose
declared or actual uncompressed size passes the limits (zip bombs, forged sizes), and XML
parts with a DOCTYPE or ENTITY declaration or an encoding other than UTF-8/UTF-16 (the
parsers behind python-docx and openpyxl do not resolve entities either, but a declaration
has no business in an Office file: refusing it means no expansion and no external load).

The format-specific part (which member is the main document, what to call the file) is
the reader's: `check_zip_container(data, path, label, main_part)`.

The XML parts are bounded far below what a zip can hold, because parsing is what costs
memory: lxml's tree takes about 120 bytes per element and 250 per attribute, 13 times the
XML of a Word table and up to 45 times XML of bare empty elements. Real sizes: a report's
word/document.xml is 0.1-5 MB; a 300-page report dense with tables, in Word's verbose XML
(about 1 KB per table cell, 1.5 KB per paragraph), stays under 20 MB. Hence
`MAX_XML_MEMBER` (32 MB per XML part), `MAX_XML_TOTAL` (48 MB for all of them) and
`MAX_XML_NODES` (5 million elements + 2 x attributes in all XML parts, counted from the
bytes before any parse: about 600 MB of tree at most; a 20 MB document.xml has 2.6 million).
Binary members (images) are never inflated by the Word reader; they count only towards
`MAX_TOTAL_UNCOMPRESSED`.

A corrupt archive (bad deflate data, an unknown compression method, a CRC error, a
truncated file, a local header that disagrees with the central directory) is one
InputError line too: `corrupt_zip_message` words it.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from typing import Callable, Optional

from reportlint import regex_cache
from ...errors import InputError

MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024  # all members, images included (a report .docx is under 10 MB)
MAX_MEMBER_UNCOMPRESSED = 100 * 1024 * 1024  # one binary member (never parsed)
MAX_XML_MEMBER = 32 * 1024 * 1024  # one XML part: a 300-page report's document.xml stays under 20 MB
MAX_XML_TOTAL = 48 * 1024 * 1024  # all XML parts together
MAX_XML_NODES = 5_000_000  # elements + 2 x attributes in all XML parts (~120 bytes of tree each)
MAX_MEMBERS = 5000
MAX_CENTRAL_DIRECTORY = MAX_MEMBERS * 1024  # bytes: 5000 entries with long names (a .docx has ~2 KB)
_MB = 1024 * 1024

# What zipfile and zlib raise on a corrupt archive or member (CRC errors are BadZipFile;
# an unknown compression method NotImplementedError; bad deflate data zlib.error).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
              NotImplementedError, struct.error, IndexError, KeyError, UnicodeDecodeError, OverflowError)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_HINT = "convert it with `libreoffice --headless --convert-to docx FILE` / 请用 Word 另存为 .docx"
XLSX_CONVERT_HINT = "convert it with `libreoffice --headless --convert-to xlsx FILE` / 请用 Excel 另存为 .xlsx"

# main_part(archive, names, path) → the main part's name, or None when the zip holds no such document
MainPart = Callable[[zipfile.ZipFile, set, str], Optional[str]]


def check_zip_container(data: bytes, path: str, label: str, main_part: MainPart,
                        convert_hint: str = CONVERT_HINT) -> str:
    """Raise InputError (one line) unless `data` is a plain, sane Office zip; return its main part.

    `label` names the format in messages ("docx", "xlsx").
    """
    if not data:
        raise InputError(path, "empty file / 文件为空")
    if data.startswith(OLE_MAGIC):
        refuse_ole(data, path, label, convert_hint)
    if not data.startswith(b"PK"):
        refuse_not_zip(data, path, label)
    check_central_directory(data, path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError as exc:
        raise InputError(path, f"not a readable .{label} file: {corrupt_zip_message(exc)}") from None
    except ZIP_ERRORS as exc:
        raise InputError(path, f"not a .{label} file (broken zip archive: {_detail(exc)}) / 文件已损坏") from None
    with archive:
        infos = archive.infolist()
        check_sizes(infos, path)
        names = {info.filename for info in infos}
        main = main_part(archive, names, path)
        if main is None:
            raise InputError(path, f"{_what_zip(names, label)}, not a {_KIND[label]} / {_NO_MAIN[label]}")
        scan_xml_members(archive, infos, path)
        return main


def _detail(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def corrupt_zip_message(exc: BaseException, member: str = "") -> str:
    """The one line for an archive or member zipfile/zlib could not read."""
    where = f" in {member}" if member else ""
    if isinstance(exc, NotImplementedError):
        return f"unsupported zip compression method or version{where} ({_detail(exc)}) / 文件已损坏或压缩方式不受支持"
    return f"corrupt zip archive{where} ({_detail(exc)}) / 文件已损坏"


_KIND = {"docx": "Word report", "xlsx": "Excel workbook"}
_NO_MAIN = {"docx": "压缩包中没有 Word 文档", "xlsx": "压缩包中没有 Excel 工作簿"}


def _what_zip(names: set[str], label: str) -> str:
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation (.pptx)"
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    if label == "xlsx":
        return "a zip archive without a workbook (no xl/workbook.xml)"
    return "a zip archive without a Word document (no word/document.xml)"


def refuse_ole(data: bytes, path: str, label: str, convert_hint: str = CONVERT_HINT) -> None:
    """An OLE compound file is never a .docx/.xlsx: say what it is instead."""
    names = ole_stream_names(data)
    if {"EncryptedPackage", "EncryptionInfo"} & names:
        if label == "xlsx":
            raise InputError(path, "the workbook is password-protected (encrypted); remove the password in Excel "
                                   "and save again / 工作簿已加密，无法读取")
        raise InputError(path, "the document is password-protected (encrypted); remove the password in Word "
                               "(文件 → 信息 → 保护文档 → 用密码进行加密) and save again / 文档已加密，无法读取")
    if "WordDocument" in names:
        raise InputError(path, f"legacy Word .doc (Word 97-2003) is not supported; {CONVERT_HINT}")
    if {"Workbook", "Book"} & names:
        raise InputError(path, f"legacy Excel .xls (Excel 97-2003) is not supported; {XLSX_CONVERT_HINT}")
    raise InputError(path, f"an old Office (OLE) file, not a .{label}; {convert_hint}")


def refuse_not_zip(data: bytes, path: str, label: str) -> None:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        kind = "an RTF file"
    elif head.startswith(b"<html") or head.startswith(b"<!doctype html") or b"urn:schemas-microsoft-com:office" in head:
        kind = "an HTML/MHT file"
    elif head.startswith(b"<?xml"):
        kind = "a Word XML (2003/Flat OPC) file" if label == "docx" else "an XML file"
    else:
        kind = "not a zip archive"
    app = "Word" if label == "docx" else "Excel"
    raise InputError(path, f"not a .{label} file ({kind}); open it in {app} and save as .{label} "
                           f"/ 不是有效的 .{label} 文件")


def check_central_directory(data: bytes, path: str) -> None:
    """Refuse, from the end-of-central-directory record, an archive whose directory declares
    more than MAX_MEMBERS entries or more than MAX_CENTRAL_DIRECTORY bytes: zipfile builds
    an object per entry (a 47 MB directory of a million entries: 7 s and 500 MB) before
    `check_sizes` could count them. An unreadable record is left to zipfile to refuse."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return
    count, size = struct.unpack_from("<HI", data, end + 10)
    locator = end - 20
    if (count == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", data, locator + 8)[0]
        if offset + 56 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            count, size = struct.unpack_from("<QQ", data, offset + 32)
    if count > MAX_MEMBERS:
        raise InputError(path, f"zip archive with {count} members (limit {MAX_MEMBERS}) / 压缩包内文件过多")
    if size > MAX_CENTRAL_DIRECTORY:
        raise InputError(path, f"zip directory of {size // 1024} KB (limit {MAX_CENTRAL_DIRECTORY // 1024} KB) "
                               f"/ 压缩包内文件过多")


def check_sizes(infos: list[zipfile.ZipInfo], path: str) -> None:
    """Member count, zip encryption, declared sizes and forged sizes, from the central directory."""
    if len(infos) > MAX_MEMBERS:
        raise InputError(path, f"zip archive with {len(infos)} members (limit {MAX_MEMBERS}) / 压缩包内文件过多")
    if any(info.flag_bits & 0x1 for info in infos):
        raise InputError(path, "the zip archive is encrypted (password-protected) / 文档已加密，无法读取")
    declared = sum(info.file_size for info in infos)
    biggest = max(infos, key=lambda info: info.file_size, default=None)
    if declared > MAX_TOTAL_UNCOMPRESSED or (biggest and biggest.file_size > MAX_MEMBER_UNCOMPRESSED):
        raise InputError(path, f"uncompressed size {declared // _MB} MB exceeds the limit of "
                               f"{MAX_TOTAL_UNCOMPRESSED // _MB} MB (zip bomb?) / 解压后体积过大，拒绝处理")
    xml = [info for info in infos if _xml_name(info.filename)]
    for info in xml:
        if info.file_size > MAX_XML_MEMBER:
            raise InputError(path, _xml_too_big(info.filename, info.file_size))
    xml_declared = sum(info.file_size for info in xml)
    if xml_declared > MAX_XML_TOTAL:
        raise InputError(path, _xml_total_too_big(xml_declared))
    for info in infos:
        # Deflate never makes data much bigger: a member that declares fewer bytes than it
        # has compressed lies about its size, and zipfile would inflate all of it (to check
        # the CRC) while handing back only the declared bytes.
        if info.compress_size > info.file_size + info.file_size // 64 + 1024:
            raise InputError(path, f"zip member {info.filename} declares {info.file_size} bytes but holds "
                                   f"{info.compress_size} compressed (forged size, zip bomb?) / 压缩包已损坏或被篡改")


def _xml_too_big(member: str, size: int) -> str:
    return (f"{member} is {size // _MB} MB uncompressed, over the limit of {MAX_XML_MEMBER // _MB} MB "
            f"per XML part (zip bomb?) / 解压后体积过大，拒绝处理")


def _xml_total_too_big(size: int) -> str:
    return (f"the XML parts are {size // _MB} MB uncompressed, over the limit of {MAX_XML_TOTAL // _MB} MB "
            f"in all (zip bomb?) / 解压后体积过大，拒绝处理")


def xml_nodes(content: bytes) -> int:
    """An upper bound of what parsing `content` builds: elements + 2 x attributes.

    Every element starts with `<` and every attribute holds a `=` (comments, end tags and
    text only make the count larger), so the bound costs two scans in C and no parse.
    """
    return content.count(b"<") + 2 * content.count(b"=")


def scan_xml_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], path: str) -> None:
    """Read every XML-looking member (bounded) and refuse declarations, odd encodings and
    more XML, or denser XML, than `MAX_XML_TOTAL` and `MAX_XML_NODES` allow."""
    actual = nodes = 0
    for info in infos:
        if info.is_dir():
            continue
        content = read_member(archive, info, path)
        if content is None:  # not XML: never parsed, its size is bounded by zipfile (declared size + CRC)
            continue
        actual += len(content)
        if actual > MAX_XML_TOTAL:
            raise InputError(path, _xml_total_too_big(actual))
        nodes += xml_nodes(content)
        if nodes > MAX_XML_NODES:
            raise InputError(path, f"the XML parts hold over {MAX_XML_NODES:,} elements and attributes (limit; "
                                   f"{info.filename} passes it) / 文档结构过于庞大，拒绝处理")
        refuse_declarations(content, info.filename, path)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> Optional[bytes]:
    """The bytes of an XML member (read at most its limit + 1 bytes), or None for a binary one."""
    try:
        with archive.open(info) as handle:
            head = handle.read(64)
            if not _looks_like_xml(info.filename, head):
                return None
            rest = handle.read(MAX_XML_MEMBER + 1 - len(head))
    except ZIP_ERRORS as exc:  # NotImplementedError (a compression method) first: it is a RuntimeError
        raise InputError(path, corrupt_zip_message(exc, info.filename)) from None
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise InputError(path, f"the zip archive is encrypted ({exc}) / 文档已加密，无法读取") from None
    content = head + rest
    if len(content) > MAX_XML_MEMBER:
        raise InputError(path, _xml_too_big(info.filename, len(content)))
    return content


def _xml_name(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _looks_like_xml(name: str, head: bytes) -> bool:
    if _xml_name(name):
        return True
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return stripped.startswith(b"<")


_DECLARATION = regex_cache.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARATION_BYTES = regex_cache.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = regex_cache.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def refuse_declarations(content: bytes, member: str, path: str) -> None:
    """No DTD, no entity declaration, and only encodings we can scan (UTF-8, UTF-16)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = content.decode("utf-16", errors="replace")
    elif content[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        text = content.decode("utf-16-le" if content[0:1] == b"<" else "utf-16-be", errors="replace")
    elif content[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        raise InputError(path, f"{member}: unsupported XML encoding (UTF-32) / 不支持的 XML 编码")
    else:
        text = None  # UTF-8: scanned as bytes (ASCII-compatible), no decoded copy of the part
    head = text[:200] if text is not None else content[:800].decode("utf-8", errors="replace")[:200]
    declared = _ENCODING.match(head)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "utf-16", "utf16",
                                                                      "utf-16le", "utf-16be"):
        raise InputError(path, f"{member}: unsupported XML encoding {declared.group(1)!r} / 不支持的 XML 编码")
    found = _DECLARATION.search(text) if text is not None else _DECLARATION_BYTES.search(content)
    if found:
        kind = found.group(1)
        kind = (kind.decode("ascii") if isinstance(kind, bytes) else kind).upper()
        raise InputError(path, f"{member} contains a <!{kind} declaration (XML entity tricks "
                               f"are refused) / 文档含有 XML 实体声明，拒绝处理")


def office_document_target(archive: zipfile.ZipFile, names: set[str], path: str, folder: str) -> Optional[str]:
    """The part `_rels/.rels` names as officeDocument, when it is an XML part under `folder`."""
    if "_rels/.rels" not in names:
        return None
    info = archive.getinfo("_rels/.rels")
    content = read_member(archive, info, path) or b""
    refuse_declarations(content, "_rels/.rels", path)
    for match in re.finditer(rb"<Relationship\b[^>]*>", content):
        tag = match.group()
        if b"/officeDocument\"" in tag or b"/officeDocument'" in tag:
            target = re.search(rb"Target\s*=\s*[\"']/?([^\"']+)[\"']", tag)
            if target:
                name = target.group(1).decode("utf-8", "replace")
                if name in names and name.endswith(".xml") and name.startswith(folder):
                    return name
    return None


def ole_stream_names(data: bytes) -> set[str]:
    """Names in an OLE compound file's directory (MS-CFB), read defensively.

    Enough to tell an encrypted Office file (EncryptedPackage, EncryptionInfo) from a legacy
    .doc (WordDocument) or .xls (Workbook). On any inconsistency, falls back to looking for
    those names as UTF-16LE strings in the raw bytes.
    """
    try:
        return _ole_directory(data)
    except (struct.error, ValueError, IndexError):
        found = set()
        for name in ("EncryptedPackage", "EncryptionInfo", "WordDocument", "Workbook"):
            if name.encode("utf-16-le") in data:
                found.add(name)
        return found


def _ole_directory(data: bytes) -> set[str]:
    sector_shift, = struct.unpack_from("<H", data, 0x1E)
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << sector_shift
    num_fat, first_dir = struct.unpack_from("<I", data, 0x2C)[0], struct.unpack_from("<I", data, 0x30)[0]
    difat = list(struct.unpack_from("<109I", data, 0x4C))[:min(num_fat, 109)]

    def sector(index: int) -> bytes:
        start = (index + 1) * size
        if start + size > len(data):
            raise ValueError("sector past the end")
        return data[start:start + size]

    fat: list[int] = []
    for index in difat:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(index)))
    names: set[str] = set()
    current, seen = first_dir, 0
    while current < 0xFFFFFFFA and seen < 4096:
        block = sector(current)
        for offset in range(0, size, 128):
            length, = struct.unpack_from("<H", block, offset + 64)
            if 2 <= length <= 64:
                names.add(block[offset:offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
        seen += 1
    return names
