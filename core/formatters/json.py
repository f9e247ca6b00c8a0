"""`--format json`: one JSON array of findings, the stable contract for scripts.

Every string is data and the output is always valid UTF-8 JSON: a lone surrogate (a file
name that is not UTF-8, decoded by os.fsdecode) is written as the visible text `\\xNN`
(reportlint.formatters.escape), and DEL, C1 controls and U+2028/U+2029 are written as
`\\u` escapes (json already escapes the C0 controls, ESC among them), so the output never
carries a raw terminal control sequence.
"""

from __future__ import annotations

import json
import json.encoder
from typing import Any, Optional

from pydantic_core import PydanticSerializationError

from reportlint import regex_cache
from ..pluginapi.findings import Evidence, Finding, WordLocation
from . import Formatter
from .escape import clean_data

_RAW = regex_cache.compile("[\x7f-\x9f\u2028\u2029]")  # only ever inside strings: JSON's structure is ASCII


def dumps(value, **options) -> str:
    """json.dumps that always gives valid UTF-8 text without raw control characters."""
    try:
        text = _dumps(value, options)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _dumps(clean_data(value), options)
    return _escape_raw(text)


def _escape_raw(text: str) -> str:
    """DEL, the C1 controls and U+2028/U+2029 as `\\u` escapes (json and pydantic write them raw)."""
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _dumps(value, options: dict) -> str:
    """json.dumps(value, ensure_ascii=False, **options), indented output written by `_indented`.

    With `indent`, the json module cannot use its C encoder and walks the value in Python
    generators; the findings of a batch are mostly short strings and ints, which `_indented`
    writes with the same C string encoder in a third of the time, to the same text.
    """
    indent = options.get("indent")
    if len(options) == 1 and isinstance(indent, int) and not isinstance(indent, bool) and indent >= 0:
        parts: list[str] = []
        try:
            _indented(value, "\n", " " * indent, parts.append)
        except _Unusual:
            pass  # a value json.dumps writes its own way (a float such as NaN, a non-string key …)
        else:
            return "".join(parts)
    return json.dumps(value, ensure_ascii=False, **options)


class _Unusual(Exception):
    """A value `_indented` leaves to json.dumps."""


_encode_string = json.encoder.encode_basestring  # the C encoder (ensure_ascii=False), as json.dumps uses
_INFINITY = float("inf")


def _indented(value, newline: str, step: str, out) -> None:
    """Write `value` as json.dumps(…, indent=len(step)) writes it: `newline` is the line break
    and indent before a closing bracket at this depth; each part goes to `out`."""
    if isinstance(value, str):
        out(_encode_string(value))
    elif value is None:
        out("null")
    elif value is True:
        out("true")
    elif value is False:
        out("false")
    elif isinstance(value, int):
        out(int.__repr__(value))
    elif isinstance(value, float) and -_INFINITY < value < _INFINITY:  # NaN and ±Infinity: json's own spelling
        out(float.__repr__(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            out(separator)
            separator = "," + inner
            _indented(item, inner, step, out)
        out(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unusual
            out(separator)
            out(_encode_string(key))
            out(": ")
            separator = "," + inner
            _indented(item, inner, step, out)
        out(newline + "}")
    else:
        raise _Unusual


def findings_json(findings) -> Optional[str]:
    """`dumps([f.model_dump(mode="json") for f in findings], indent=2)`, written by pydantic's
    own serializer (in Rust: about half the time), or None where the two could differ.

    Each finding's `model_dump_json(indent=2)` is json.dumps's text for it, indented one step
    deeper (JSON strings hold no raw line break), except for what this leaves to `dumps`: a
    float (pydantic writes 1e-7, json 1e-07), a value of another type, a dict key that is not
    a string (all possible only in the evidence's free-form parts), a Finding or part of one
    of a subclass, and a lone surrogate (pydantic refuses it; `dumps` writes it as \\xNN).
    tests/test_formats.py compares the two on findings of every kind.
    """
    if not findings:
        return "[]"
    for finding in findings:
        if type(finding) is not Finding or type(finding.word) not in _WORD_TYPES:
            return None
        evidence = finding.evidence
        if type(evidence) is not Evidence or not _plain(evidence.related) or not _plain(evidence.__pydantic_extra__):
            return None
    try:
        text = "[\n  " + ",\n  ".join(f.model_dump_json(indent=2).replace("\n", "\n  ") for f in findings) + "\n]"
    except PydanticSerializationError:  # a lone surrogate
        return None
    return _escape_raw(text)


_WORD_TYPES = (WordLocation, type(None))
_LEAVES = (str, int, bool, type(None))


def _plain(value: Any) -> bool:
    """Whether a free-form evidence value holds only strings, ints, booleans, None, lists and
    string-keyed dicts (what pydantic and json write alike)."""
    kind = type(value)
    if kind in _LEAVES:
        return True
    if kind is list:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    return False


class JsonFormatter(Formatter):
    name = "json"
    description = "one JSON array of findings (stable field set, see docs/output.md)"

    def format(self, result) -> str:
        findings = result.findings
        text = findings_json(findings)
        if text is None:
            text = dumps([f.model_dump(mode="json") for f in findings], indent=2)
        return text + "\n"
