"""Bytes to text, and the *parse view* of that text.

A report arrives as bytes in whatever encoding its author's tools used. `decode_bytes`
turns them into text (UTF-8 with or without BOM, UTF-16 with BOM, GB18030 fallback) and
rejects what is not a text report. The fallback is never silent mojibake: text that is
UTF-8 but for a few bad bytes is refused naming the first bad byte (line, column, offset);
UTF-16 without a byte-order mark and Big5 (Traditional Chinese) text are recognised and
refused naming the encoding and how to convert the file. `Source` keeps the text as the user sees it and a
parse view of the same length in which full-width digits, letters and punctuation that
matter to parsing, NBSP and ideographic spaces are folded to ASCII one character for one,
so that every line and column computed on the view is a line and column in the file.
"""

from __future__ import annotations

import codecs
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Optional

from reportlint import regex_cache
from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # a report is tens of KB; anything past 50 MB is not a report

# One-for-one folding: full-width digits and the punctuation that formulas and markers use.
_FOLD = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " "}
_FOLD.update({0xFF10 + i: str(i) for i in range(10)})  # ０-９
_FOLD.update({0xFF0E: ".", 0xFF0B: "+", 0xFF0D: "-", 0xFF05: "%", 0xFF1D: "=", 0xFF0F: "/", 0xFF0A: "*"})
_FOLD_CHARS = {chr(k): v for k, v in _FOLD.items()}
_FOLD_RE = regex_cache.compile("[" + "".join(re.escape(ch) for ch in _FOLD_CHARS) + "]")


def fold(text: str) -> str:
    """Return the parse view of `text`: same length, full-width digits and spaces as ASCII.

    A regex finds the few characters to fold (C speed); str.translate with a mapping
    would look up every character of the report in a dict.
    """
    return _FOLD_RE.sub(lambda m: _FOLD_CHARS[m.group()], text)


def decode_bytes(data: bytes, path: str = "<bytes>") -> str:
    """Decode a text report, or raise InputError with one clear line."""
    if len(data) > MAX_BYTES:
        raise InputError(path, f"file too large ({len(data)} bytes, limit {MAX_BYTES}) / 文件过大")
    if not data or not data.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe"):
        raise InputError(path, "empty file / 文件为空")
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8", path)
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = _strict(data, "utf-16", path)
    elif data.startswith(b"PK\x03\x04"):
        raise InputError(path, "this is a zip/.docx file, not a text report; name it with a .docx suffix / 这是 .docx 文件")
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "legacy Word .doc is not supported; convert it with "
                               "`libreoffice --headless --convert-to docx FILE` / 请先转换为 .docx")
    elif b"\x00" in data[:65536]:
        endian = _utf16_without_bom(data)
        if endian:
            raise InputError(path, f"UTF-16 ({endian}) text without a byte-order mark (BOM): save it as UTF-8, "
                                   f"or convert it: iconv -f UTF-16{'LE' if endian == 'little-endian' else 'BE'} -t UTF-8 FILE "
                                   "/ 文件为无 BOM 的 UTF-16 编码，请另存为 UTF-8")
        raise InputError(path, "binary content, not a text report / 文件不是文本报告")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _mostly_utf8(data):
                raise InputError(path, _bad_utf8(data, exc)) from None
            if _looks_big5(data):
                raise InputError(path, "this looks like Big5 (Traditional Chinese) text, not UTF-8 or GB18030: "
                                       "convert it: iconv -f BIG5 -t UTF-8 FILE "
                                       "/ 文件似为 Big5 繁体编码，请转换为 UTF-8") from None
            text = _strict(data, "gb18030", path)
    return normalise_text(text, path)


_SAMPLE = 256 * 1024  # the encoding guesses look at the start of the file
_UTF8_MULTI = regex_cache.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH = regex_cache.compile(rb"[\x80-\xff]")
# One GB18030/Big5 character: a lead byte and its trail (four bytes for GB18030's own range).
_DOUBLE = regex_cache.compile(rb"[\x81-\xfe](?:[\x30-\x39][\x81-\xfe][\x30-\x39]|([\x40-\x7e])|[\x80-\xfe])")


def _mostly_utf8(data: bytes) -> bool:
    """Whether nearly every non-ASCII byte belongs to a valid UTF-8 sequence (a few bad bytes in UTF-8 text)."""
    sample = data[:_SAMPLE]
    high = len(_HIGH.findall(sample))
    if high == 0:
        return False
    valid = sum(len(m) for m in _UTF8_MULTI.findall(sample))
    return valid >= 0.9 * high


def _bad_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    start = exc.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", "replace")) + 1
    bad = data[start:exc.end].hex(" ")
    count = len(re.findall("\ufffd+", data.decode("utf-8", "replace"))) if len(data) <= _SAMPLE * 4 else 0
    many = f"; {count} places in all" if count > 1 else ""
    return (f"not valid UTF-8: bad byte {bad} at line {line}, column {column} (offset {start}){many}; "
            f"the rest reads as UTF-8, so the file was not guessed as GB18030 "
            f"/ 文件为 UTF-8 编码，但第{line}行第{column}列有无效字节")


def _looks_big5(data: bytes) -> bool:
    """Big5 text decoded as GB18030 is mojibake. Big5 characters have trail bytes 0x40-0x7E about
    as often as not, GB2312/GBK text (simplified Chinese) almost never; and Big5 decodes cleanly."""
    sample = data[:_SAMPLE]
    pairs = 0
    low_trail = 0
    for match in _DOUBLE.finditer(sample):
        pairs += 1
        if match.group(1) is not None:
            low_trail += 1
    if pairs < 8 or low_trail < 0.15 * pairs:
        return False
    cut = len(sample)
    if len(data) > _SAMPLE:  # do not judge a character cut in two at the end of the sample
        cut = sample.rfind(b"\n") + 1 or cut
    try:
        sample[:cut].decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str:
    """"little-endian"/"big-endian" when the NUL bytes are those of UTF-16 text without a BOM, else ''."""
    sample = data[:65536]
    sample = sample[:len(sample) - len(sample) % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    for endian, zeros, other in (("little-endian", odd, even), ("big-endian", even, odd)):
        # ASCII (line breaks, digits) puts a NUL in one half of each unit; a few CJK characters
        # (U+4E00 一 …) put one in the other half.
        if zeros >= max(4, 0.01 * half) and other <= 0.25 * zeros:
            try:
                text = sample.decode("utf-16-le" if endian == "little-endian" else "utf-16-be", "replace")
            except UnicodeDecodeError:
                continue
            plausible = len(_PLAUSIBLE.findall(text))
            if plausible >= 0.9 * len(text) and "\n" in text and len(set(text)) >= 8:
                return endian
    return ""


# What a Chinese report is made of: ASCII text, CJK ideographs and punctuation, full-width forms.
_PLAUSIBLE = regex_cache.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u2460-\u24ff\u3000-\u303f"
                        "\u3400-\u9fff\uff00-\uffef]")


def normalise_text(text: str, path: str = "<text>") -> str:
    """Line ends to "\n", and refuse text that is empty or binary (InputError)."""
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise InputError(path, "binary content, not a text report / 文件不是文本报告")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(path, "empty file / 文件为空")
    return text


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"cannot decode as {encoding} (byte {exc.start}) / 无法识别文件编码") from None


_CONTROL = regex_cache.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


class WordOrigin(str):
    """Where a line of a Word document's rendering came from, as data.

    The string value is the short origin every reader records (``第12段``, ``表格2 第3行 第1列``,
    ``脚注3``, ``第5段 文本框``), so code that treats origins as text keeps working; the
    attributes say the same as data, for `CheckContext.where` and `Finding.word`:

    * `part`: ``body`` (a body paragraph), ``table`` (a table cell or row end), ``footnote``,
      ``endnote``, ``textbox``;
    * `paragraph`: the 1-based number of the non-empty body paragraph (tables not counted);
      for a footnote, endnote or text box, the body paragraph it is anchored in (None in a table);
    * `table`, `row`, `column`: the table cell (1-based; the table counted in the document,
      the column among the row's visible cells); for a note or text box anchored in a cell, that cell;
    * `note`: the footnote/endnote number as Word shows it (the order of the references);
    * `label`: length of a prefix the reader added to the line (the ``\t`` of a cell line) and
      `suffix`: of a label it appended (``【脚注】``, ``【文本框】``): text that is not in Word;
      `marker`: length of the automatic numbering marker after the prefix (``三、`` produced by
      Word's numbering, not typed);
    * `inserted`: (start, end) column ranges, 0-based, of tracked insertions (w:ins) on the line.
    """

    part: str
    paragraph: Optional[int]
    table: Optional[int]
    row: Optional[int]
    column: Optional[int]
    note: Optional[int]
    label: int
    suffix: int
    marker: int
    inserted: tuple[tuple[int, int], ...]

    def __new__(cls, text: str = "", *, part: str = "body", paragraph: Optional[int] = None,
                table: Optional[int] = None, row: Optional[int] = None, column: Optional[int] = None,
                note: Optional[int] = None, label: int = 0, suffix: int = 0, marker: int = 0,
                inserted: tuple[tuple[int, int], ...] = ()) -> "WordOrigin":
        self = super().__new__(cls, text)
        self.part, self.paragraph, self.table, self.row, self.column = part, paragraph, table, row, column
        self.note, self.label, self.suffix, self.marker = note, label, suffix, marker
        self.inserted = tuple(inserted)
        return self


class Origins(list):
    """The per-line origins of a document (a list), and what of the document was not read.

    `not_read` names the parts that hold text but are not report content and were not
    checked (``页眉``, ``页脚``, ``批注``), for the PRS005 note.
    """

    not_read: tuple[str, ...] = ()


@dataclass
class Source:
    """A decoded report: its text as the user sees it and its parse view.

    Compact on a large report: the view *is* the text when folding changes nothing; the line
    offsets are an array of machine ints (a list held an int object per line); `lines` is
    split from the text on first use (most checks only ask for a line or two, through
    `line_text`, which slices the text).
    """

    text: str
    path: str = "<text>"
    origins: Optional[list[str]] = None  # per line: where it came from in the original (.docx: WordOrigin, a str)
    view: str = field(init=False)
    _starts: array = field(init=False, repr=False)
    _lines: Optional[list[str]] = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.view = fold(self.text)  # the same str object when nothing is folded
        # line n starts one past the end of line n-1 (its "\n"): running sums of length + 1 from 0,
        # in C (map and accumulate) rather than a Python loop over the lines
        starts = array("q", accumulate(map((1).__add__, map(len, self.text.split("\n"))), initial=0))
        del starts[-1]  # the sum after the last line starts no line
        self._starts = starts

    @property
    def lines(self) -> list[str]:
        """The text's lines (split at "\n"), made on first use."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    @property
    def line_count(self) -> int:
        """How many lines the text has (one more than its "\n"s), without splitting it."""
        return len(self._starts)

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<bytes>") -> "Source":
        return cls(decode_bytes(data, path), path)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, as the user sees it ('' past the end)."""
        starts = self._starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:end]

    def line_length(self, line: int) -> int:
        """len(line_text(line)), without copying the line (asked once per finding)."""
        starts = self._starts
        if not 1 <= line <= len(starts):
            return 0
        return (starts[line] - 1 if line < len(starts) else len(self.text)) - starts[line - 1]

    def line_head(self, line: int, limit: int) -> str:
        """`line_text(line).rstrip()[:limit]`, without copying the whole line: a finding's snippet,
        asked once per finding (a copied web page's one-line paragraph of 250,000 characters may
        hold thousands of findings, and copying it for each made the check quadratic)."""
        starts = self._starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        text = self.text
        while end > start and text[end - 1].isspace():
            end -= 1
        return text[start:min(end, start + max(limit, 0))]

    def origin(self, line: int) -> Optional[str]:
        """Where a line came from in the original document, when a reader recorded it."""
        if self.origins and 1 <= line <= len(self.origins):
            return self.origins[line - 1] or None
        return None

    def word_origin(self, line: int) -> Optional[WordOrigin]:
        """The structured Word origin of a line (a .docx, .doc or .wps), else None."""
        if self.origins and 1 <= line <= len(self.origins):
            found = self.origins[line - 1]
            return found if isinstance(found, WordOrigin) else None
        return None

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        return self._starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1
