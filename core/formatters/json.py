"""`--format json`: one JSON array of findings, the stable contract for scripts.

Every string is data and the output is always valid UTF-8 JSON: a lone surrogate (a file
name that is not UTF-8, decoded by os.fsdecode) is written as the visible text `\\xNN`
(reportlint.formatters.escape), and DEL, C1 controls and U+2028/U+2029 are written as
`\\u` escapes (json already escapes the C0 controls, ESC among them), so the output never
carries a raw terminal control sequence.
"""

from __future__ import annotations

import json

from reportlint import regex_cache
from . import Formatter
from .escape import clean_data

_RAW = regex_cache.compile("[\x7f-\x9f\u2028\u2029]")  # only ever inside strings: JSON's structure is ASCII


def dumps(value, **options) -> str:
    """json.dumps that always gives valid UTF-8 text without raw control characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, **options)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(clean_data(value), ensure_ascii=False, **options)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonFormatter(Formatter):
    name = "json"
    description = "one JSON array of findings (stable field set, see docs/output.md)"

    def format(self, result) -> str:
        items = [f.model_dump(mode="json") for f in result.findings]
        return dumps(items, indent=2) + "\n"
