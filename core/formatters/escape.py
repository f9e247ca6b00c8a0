"""Names and quoted texts are data: make them safe to print in any output format.

A file name on a POSIX file system is bytes. Python turns the bytes that are not UTF-8 (a
file named in GBK, say) into lone surrogates (`os.fsdecode`, "surrogateescape"), which no
UTF-8 stream can carry: one such name used to kill the output of a whole batch. Report
texts and plugin messages can carry control characters (ESC sequences that set a terminal's
title or clipboard, C1 controls) and bidirectional overrides that make a name read as
another.

- `safe_text(s)`: lone surrogates become the visible text `\\xNN` (the byte of the name, for
  surrogate-escaped ones; `\\uDXXX` for others), so the result always encodes as UTF-8.
- `visible(s)`: `safe_text`, and control characters other than tab and line break shown as
  `\\xNN` (C0, DEL, C1); with `names=True` also line breaks and the bidirectional
  embedding/override/isolate controls (`\\u202e`), for file names shown on one line.

Formatters apply them to every name and every quoted text; text.py and html.py may use them too.
"""

from __future__ import annotations

import re

from reportlint import regex_cache

_SURROGATE = regex_cache.compile("[\ud800-\udfff]")
_CONTROL = regex_cache.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps \t and \n
_NAME_CONTROL = regex_cache.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _show_surrogate(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, escaped by os.fsdecode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def _show_control(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """`text` with lone surrogates shown as `\\xNN`: always encodable as UTF-8."""
    if not text or text.isascii():
        return text
    return _SURROGATE.sub(_show_surrogate, text)


def visible(text: str, names: bool = False) -> str:
    """`safe_text`, and control characters shown as `\\xNN` (for names, also line breaks and bidi controls)."""
    if not text:
        return text
    text = safe_text(text)
    return (_NAME_CONTROL if names else _CONTROL).sub(_show_control, text)


def name(path: str) -> str:
    """A file name as it is shown in any output: one line, no control or bidi characters, UTF-8."""
    return visible(path, names=True)


def has_surrogates(text: str) -> bool:
    return bool(_SURROGATE.search(text))


def clean_data(value):
    """`safe_text` applied to every string in a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(v) for v in value]
    return value
