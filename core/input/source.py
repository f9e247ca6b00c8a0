"""Bytes to text, and the *parse view* of that text.

A report arrives as bytes in whatever encoding its author's tools used. `decode_bytes`
turns them into text (UTF-8 with or without BOM, UTF-16 with BOM, GB18030 fallback) and
rejects what is not a text report. `Source` keeps the text as the user sees it and a
parse view of the same length in which full-width digits, letters and punctuation that
matter to parsing, NBSP and ideographic spaces are folded to ASCII one character for one,
so that every line and column computed on the view is a line and column in the file.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # a report is tens of KB; anything past 50 MB is not a report

# One-for-one folding: full-width digits and the punctuation that formulas and markers use.
_FOLD = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " "}
_FOLD.update({0xFF10 + i: str(i) for i in range(10)})  # ０-９
_FOLD.update({0xFF0E: ".", 0xFF0B: "+", 0xFF0D: "-", 0xFF05: "%", 0xFF1D: "=", 0xFF0F: "/", 0xFF0A: "*"})
_FOLD_CHARS = {chr(k): v for k, v in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(re.escape(ch) for ch in _FOLD_CHARS) + "]")


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
        raise InputError(path, "binary content, not a text report / 文件不是文本报告")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _strict(data, "gb18030", path)
    return normalise_text(text, path)


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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


@dataclass
class Source:
    """A decoded report: its text as the user sees it and its parse view."""

    text: str
    path: str = "<text>"
    origins: Optional[list[str]] = None  # per line: where it came from in the original (.docx paragraph/cell)
    view: str = field(init=False)
    lines: list[str] = field(init=False)
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.view = fold(self.text)
        self.lines = self.text.split("\n")
        starts, pos = [], 0
        for line in self.lines:
            starts.append(pos)
            pos += len(line) + 1
        self._starts = starts

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<bytes>") -> "Source":
        return cls(decode_bytes(data, path), path)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, as the user sees it ('' past the end)."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def origin(self, line: int) -> Optional[str]:
        """Where a line came from in the original document, when a reader recorded it."""
        if self.origins and 1 <= line <= len(self.origins):
            return self.origins[line - 1] or None
        return None

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        return self._starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1
