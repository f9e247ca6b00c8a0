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

Hostile files never reach the XML parser unchecked: `check_container` rejects what is not
a zip, OLE files (encrypted .docx, legacy .doc), zip-encrypted members, archives whose
declared or actual uncompressed size passes the limits, and XML parts with a DOCTYPE or
ENTITY declaration or an encoding other than UTF-8/UTF-16 (python-docx's lxml parser does
not resolve entities either, but a declaration has no business in a .docx: refusing it
outright means no expansion and no external loading can happen). Each problem is one
InputError line; the batch goes on with the other files.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
from dataclasses import dataclass
from typing import Iterator, Optional

from ...errors import InputError
from ..source import Source

# -- limits ------------------------------------------------------------------------------
MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024  # a report .docx is well under 10 MB, images included
MAX_MEMBER_UNCOMPRESSED = 100 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_RENDERED_CHARS = 20 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_HINT = "convert it with `libreoffice --headless --convert-to docx FILE` / 请用 Word 另存为 .docx"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_SDT, _SDT_CONTENT, _CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
_SKIP_IN_PARAGRAPH = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
                      W + "footnoteReference", W + "endnoteReference", W + "commentReference",
                      W + "drawing", W + "pict", W + "object",
                      "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
_FALSE = {"0", "false", "off"}


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
    if not data:
        raise InputError(path, "empty file / 文件为空")
    if data.startswith(OLE_MAGIC):
        names = ole_stream_names(data)
        if {"EncryptedPackage", "EncryptionInfo"} & names:
            raise InputError(path, "the document is password-protected (encrypted); remove the password in Word "
                                   "(文件 → 信息 → 保护文档 → 用密码进行加密) and save again / 文档已加密，无法读取")
        if "WordDocument" in names:
            raise InputError(path, f"legacy Word .doc (Word 97-2003) is not supported; {CONVERT_HINT}")
        raise InputError(path, f"an old Office (OLE) file, not a .docx; {CONVERT_HINT}")
    if not data.startswith(b"PK"):
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(b"{\\rtf"):
            kind = "an RTF file"
        elif head.startswith(b"<html") or head.startswith(b"<!doctype html") or b"urn:schemas-microsoft-com:office" in head:
            kind = "an HTML/MHT file"
        elif head.startswith(b"<?xml"):
            kind = "a Word XML (2003/Flat OPC) file"
        else:
            kind = "not a zip archive"
        raise InputError(path, f"not a .docx file ({kind}); open it in Word and save as .docx / 不是有效的 .docx 文件")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise InputError(path, f"not a .docx file (broken zip archive: {exc}) / 文件已损坏") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"zip archive with {len(infos)} members (limit {MAX_MEMBERS}) / 压缩包内文件过多")
        names = {info.filename for info in infos}
        if any(info.flag_bits & 0x1 for info in infos):
            raise InputError(path, "the zip archive is encrypted (password-protected) / 文档已加密，无法读取")
        declared = sum(info.file_size for info in infos)
        biggest = max(infos, key=lambda info: info.file_size, default=None)
        if declared > MAX_TOTAL_UNCOMPRESSED or (biggest and biggest.file_size > MAX_MEMBER_UNCOMPRESSED):
            raise InputError(path, f"uncompressed size {declared // (1024 * 1024)} MB exceeds the limit of "
                                   f"{MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB (zip bomb?) / 解压后体积过大，拒绝处理")
        for info in infos:
            # Deflate never makes data much bigger: a member that declares fewer bytes than it
            # has compressed lies about its size, and zipfile would inflate all of it (to check
            # the CRC) while handing back only the declared bytes.
            if info.compress_size > info.file_size + info.file_size // 64 + 1024:
                raise InputError(path, f"zip member {info.filename} declares {info.file_size} bytes but holds "
                                       f"{info.compress_size} compressed (forged size, zip bomb?) / 压缩包已损坏或被篡改")
        main = _main_part(archive, names, path)
        if main is None:
            if "xl/workbook.xml" in names:
                what = "an Excel workbook (.xlsx)"
            elif "ppt/presentation.xml" in names:
                what = "a PowerPoint presentation (.pptx)"
            else:
                what = "a zip archive without a Word document (no word/document.xml)"
            raise InputError(path, f"{what}, not a Word report / 压缩包中没有 Word 文档")
        actual = 0
        for info in infos:
            if info.is_dir():
                continue
            content = _read_member(archive, info, path)
            if content is None:  # not XML: never parsed, its size is bounded by zipfile (declared size + CRC)
                continue
            actual += len(content)
            if actual > MAX_TOTAL_UNCOMPRESSED:
                raise InputError(path, "uncompressed size exceeds the limit (zip bomb?) / 解压后体积过大，拒绝处理")
            _refuse_declarations(content, info.filename, path)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> Optional[bytes]:
    """The bytes of an XML member (read at most limit + 1 bytes), or None for a binary one."""
    try:
        with archive.open(info) as handle:
            head = handle.read(64)
            if not _looks_like_xml(info.filename, head):
                return None
            rest = handle.read(MAX_MEMBER_UNCOMPRESSED + 1 - len(head))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise InputError(path, f"broken zip member {info.filename} ({exc}) / 文件已损坏") from None
    except NotImplementedError as exc:
        raise InputError(path, f"unsupported zip compression in {info.filename} ({exc}) / 文件已损坏") from None
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        raise InputError(path, f"the zip archive is encrypted ({exc}) / 文档已加密，无法读取") from None
    content = head + rest
    if len(content) > MAX_MEMBER_UNCOMPRESSED:
        raise InputError(path, f"{info.filename} is larger than the limit when uncompressed (zip bomb?) "
                               f"/ 解压后体积过大，拒绝处理")
    return content


def _looks_like_xml(name: str, head: bytes) -> bool:
    lowered = name.lower()
    if lowered.endswith((".xml", ".rels", ".vml")):
        return True
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return stripped.startswith(b"<")


_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(r"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _refuse_declarations(content: bytes, member: str, path: str) -> None:
    """No DTD, no entity declaration, and only encodings we can scan (UTF-8, UTF-16)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = content.decode("utf-16", errors="replace")
    elif content[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        text = content.decode("utf-16-le" if content[0:1] == b"<" else "utf-16-be", errors="replace")
    elif content[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        raise InputError(path, f"{member}: unsupported XML encoding (UTF-32) / 不支持的 XML 编码")
    else:
        text = content.decode("utf-8", errors="replace")
    declared = _ENCODING.match(text[:200])
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "utf-16", "utf16",
                                                                      "utf-16le", "utf-16be"):
        raise InputError(path, f"{member}: unsupported XML encoding {declared.group(1)!r} / 不支持的 XML 编码")
    found = _DECLARATION.search(text)
    if found:
        raise InputError(path, f"{member} contains a <!{found.group(1).upper()} declaration (XML entity tricks "
                               f"are refused) / 文档含有 XML 实体声明，拒绝处理")


def _main_part(archive: zipfile.ZipFile, names: set[str], path: str) -> Optional[str]:
    """The Word main document part: word/document.xml, or what _rels/.rels names as officeDocument."""
    if "word/document.xml" in names:
        return "word/document.xml"
    if "_rels/.rels" not in names:
        return None
    info = archive.getinfo("_rels/.rels")
    content = _read_member(archive, info, path) or b""
    _refuse_declarations(content, "_rels/.rels", path)
    for match in re.finditer(rb"<Relationship\b[^>]*>", content):
        tag = match.group()
        if b"/officeDocument\"" in tag or b"/officeDocument'" in tag:
            target = re.search(rb"Target\s*=\s*[\"']/?([^\"']+)[\"']", tag)
            if target:
                name = target.group(1).decode("utf-8", "replace")
                if name in names and name.endswith(".xml") and name.startswith("word/"):
                    return name
    return None


def ole_stream_names(data: bytes) -> set[str]:
    """Names in an OLE compound file's directory (MS-CFB), read defensively.

    Enough to tell an encrypted .docx (EncryptedPackage, EncryptionInfo) from a legacy
    .doc (WordDocument). On any inconsistency, falls back to looking for those names as
    UTF-16LE strings in the raw bytes.
    """
    try:
        return _ole_directory(data)
    except (struct.error, ValueError, IndexError):
        found = set()
        for name in ("EncryptedPackage", "EncryptionInfo", "WordDocument"):
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


# -- numbering ----------------------------------------------------------------------------
CN_DIGITS = "〇一二三四五六七八九"
CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"


def chinese_counting(value: int, digits: str = CN_DIGITS, ten: str = "十", hundred: str = "百",
                     thousand: str = "千") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if value <= 0 or value >= 10000:
        return str(value)
    units = [(1000, thousand), (100, hundred), (10, ten)]
    zero = "零" if digits[0] == "〇" else digits[0]
    out, rest, pending_zero = "", value, False
    for size, name in units:
        count, rest = divmod(rest, size)
        if count:
            if pending_zero:
                out += zero
                pending_zero = False
            out += ("" if (size == 10 and count == 1 and not out) else digits[count]) + name
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out += zero
        out += digits[rest]
    return out


def _letters(value: int, upper: bool) -> str:
    if value <= 0:
        return str(value)
    letter = chr(ord("A" if upper else "a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int, upper: bool) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    out = ""
    for number, text in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            out += text
            value -= number
    return out.upper() if upper else out


def _enclosed(first: int, last: int):
    return lambda v: chr(first + v - 1) if 1 <= v <= last else str(v)


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda v: f"{v:02d}",
    "decimalFullWidth": lambda v: str(v).translate(_FULLWIDTH),
    "decimalFullWidth2": lambda v: str(v).translate(_FULLWIDTH),
    "decimalEnclosedCircle": _enclosed(0x2460, 20),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "decimalEnclosedParen": _enclosed(0x2474, 20),
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
    "chineseLegalSimplified": lambda v: chinese_counting(v, CN_LEGAL, "拾", "佰", "仟"),
    "ideographLegalTraditional": lambda v: chinese_counting(v, CN_LEGAL, "拾", "佰", "仟"),
    "ideographDigital": lambda v: "".join(CN_DIGITS[int(d)] for d in str(v)) if v >= 0 else str(v),
    "taiwaneseDigital": lambda v: "".join(CN_DIGITS[int(d)] for d in str(v)) if v >= 0 else str(v),
    "ideographTraditional": lambda v: "甲乙丙丁戊己庚辛壬癸"[v - 1] if 1 <= v <= 10 else str(v),
    "ideographZodiac": lambda v: "子丑寅卯辰巳午未申酉戌亥"[v - 1] if 1 <= v <= 12 else str(v),
    "lowerLetter": lambda v: _letters(v, False),
    "upperLetter": lambda v: _letters(v, True),
    "lowerRoman": lambda v: _roman(v, False),
    "upperRoman": lambda v: _roman(v, True),
    "none": lambda v: "",
}
_SUFFIX = {"tab": " ", "space": " ", "nothing": ""}
_LEVEL_REF = re.compile(r"%([1-9])")


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: Optional[int] = None  # w:lvlRestart: None = after any higher level; 0 = never
    legal: bool = False  # w:isLgl: referenced levels shown as decimal
    suffix: str = " "
    style: Optional[str] = None  # w:pStyle: the paragraph style bound to this level


def _val(element, name: str) -> Optional[str]:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: Optional[str], default: Optional[int] = None) -> Optional[int]:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _parse_level(element, base: Optional[Level] = None) -> Level:
    level = Level(**base.__dict__) if base else Level()
    if element.find(W + "start") is not None:
        level.start = _int(_val(element, "start"), level.start)
    if element.find(W + "numFmt") is not None:
        level.fmt = _val(element, "numFmt") or "decimal"
    text_el = element.find(W + "lvlText")
    if text_el is not None:
        level.text = text_el.get(W + "val") or ""
    if element.find(W + "lvlRestart") is not None:
        level.restart = _int(_val(element, "lvlRestart"))
    legal = element.find(W + "isLgl")
    if legal is not None:
        level.legal = (legal.get(W + "val") or "1").lower() not in _FALSE
    if element.find(W + "suff") is not None:
        level.suffix = _SUFFIX.get(_val(element, "suff") or "tab", " ")
    if element.find(W + "pStyle") is not None:
        level.style = _val(element, "pStyle")
    if element.find(W + "lvlPicBulletId") is not None:
        level.fmt, level.text = "bullet", "•"
    return level


class Numbering:
    """Word's list counters, advanced paragraph by paragraph in document order.

    Counters belong to the abstract definition (Word continues a list across `w:num`
    instances of one abstractNum); a `w:num` whose `w:lvlOverride` has a `w:startOverride`
    restarts those levels the first time it is used ("restart numbering" in Word).
    """

    def __init__(self, numbering_element=None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if numbering_element is None:
            return
        links: dict[str, str] = {}
        style_owner: dict[str, str] = {}
        for abstract in numbering_element.iterfind(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            levels = {}
            for lvl in abstract.iterfind(W + "lvl"):
                ilvl = _int(lvl.get(W + "ilvl"), 0)
                if 0 <= ilvl <= 8:
                    levels[ilvl] = _parse_level(lvl)
            self.abstract[abstract_id] = levels
            if _val(abstract, "numStyleLink"):
                links[abstract_id] = _val(abstract, "numStyleLink")
            if _val(abstract, "styleLink"):
                style_owner[_val(abstract, "styleLink")] = abstract_id
        for abstract_id, style in links.items():  # a list that borrows another's definition by style
            owner = style_owner.get(style)
            if owner and not self.abstract[abstract_id]:
                self.abstract[abstract_id] = self.abstract.get(owner, {})
        for num in numbering_element.iterfind(W + "num"):
            num_id = num.get(W + "numId")
            abstract_id = _val(num, "abstractNumId")
            base = self.abstract.get(abstract_id, {})
            levels, starts = dict(base), {}
            for override in num.iterfind(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl, base.get(ilvl))
            self.nums[num_id] = (abstract_id, levels, starts)

    def level_for_style(self, num_id: str, style_id: str) -> Optional[int]:
        entry = self.nums.get(num_id)
        if entry:
            for ilvl, level in entry[1].items():
                if level.style == style_id:
                    return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> str:
        """Advance the counters for one numbered paragraph and return its marker ('' if none)."""
        entry = self.nums.get(num_id)
        if entry is None:
            return ""
        abstract_id, levels, starts = entry
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for overridden in starts:
                counters.pop(overridden, None)
        level = levels.get(ilvl) or Level()

        def start_of(index: int) -> int:
            return starts.get(index, (levels.get(index) or Level()).start)

        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [d for d in counters if d > ilvl]:
            restart = (levels.get(deeper) or Level()).restart
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if level.fmt == "bullet":
            symbol = level.text or "•"
            return ("•" if any(0xE000 <= ord(ch) <= 0xF8FF for ch in symbol) else symbol) + level.suffix

        def replace(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            value = counters.get(index, start_of(index))
            fmt = "decimal" if level.legal else (levels.get(index) or Level()).fmt
            return _FORMATS.get(fmt, str)(value)

        text = _LEVEL_REF.sub(replace, level.text)
        return text + level.suffix if text else ""


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
            num_id = _val(num_pr, "numId") if num_pr is not None else None
            ilvl = _int(_val(num_pr, "ilvl")) if num_pr is not None else None
            direct[style_id] = (num_id, ilvl, _val(style, "basedOn"))
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
        num_id = _val(num_pr, "numId") if num_pr is not None else None
        ilvl = _int(_val(num_pr, "ilvl")) if num_pr is not None else None
        if num_id is None or ilvl is None:
            style_id = _val(p_pr, "pStyle") if p_pr is not None else None
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
            if tc_pr is not None and (_val(tc_pr, "hMerge") or "").lower() == "continue":
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
                if vanish is not None and (vanish.get(W + "val") or "1").lower() not in _FALSE:
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
