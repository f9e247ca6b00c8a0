"""Reader for Markdown reports (.md): the text as written, with Markdown's marks out of the parse view.

A report converted to Markdown (pandoc, markitdown, an editor's export) writes its headings
after `#` marks (`## 一、部门基本情况`), bold run-in headings and figures between `**`, list
items after `- `, quoted blocks after `> `, and its tables with pipes (`parse.pipe_rows`).
The marks are not report text, but they hide it: `## 一、` is no 一、 heading to the layout
grammar, and `**（一）预算执行情况**` no （一） heading. So the parse view (`Source.view`, the
same length as the text) has each mark written as spaces: the grammar and every fact read
the report's words, and every line and column stays the file's own (a finding quotes the
line as written, marks included).

Only these marks, which a Chinese report never writes as text: a lone `*` or `_` is left alone
(执行数*100% is a formula), and so are links, images and HTML, whose text is the report's.
"""

from __future__ import annotations

import re

from reportlint import regex_cache
from ..source import Source

# a heading's marks: `## ` before it and an optional closing ` ##`; a quote's `> `; a list
# item's `- ` / `* ` / `+ ` (at the start of a line, after its indent)
_LINE_MARKS = regex_cache.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)|[ \t]+#+[ \t]*$", re.MULTILINE)
# bold or strong emphasis: ** or __ (a pair of marks, never a lone * or _)
_STRONG = regex_cache.compile(r"\*\*|__")


def markdown_view(view: str) -> str:
    """`view` with Markdown's heading, quote, list and strong-emphasis marks as spaces (same length)."""
    if "#" not in view and "*" not in view and "_" not in view and ">" not in view and "-" not in view \
            and "+" not in view:
        return view
    blank = lambda match: match.group().translate(_TO_SPACES)  # noqa: E731 - a one-line substitution
    return _STRONG.sub(lambda match: " " * len(match.group()), _LINE_MARKS.sub(blank, view))


_TO_SPACES = {ord(char): " " for char in "#>-*+"}


def read_markdown_report(data: bytes, path: str) -> Source:
    source = Source.from_bytes(data, path)
    view = markdown_view(source.view)
    if view != source.view:
        source.view = view
    return source
