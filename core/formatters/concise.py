"""`--format concise`: one line per finding, `path:line:col: CODE message` (ruff's, grep's and
editors' "file:line:col" convention: a terminal or an editor's problem matcher jumps to it).

The path and the message are made inert (reportlint.formatters.terminal): one finding is
always exactly one line, and nothing in it is run by a terminal. No colours, no summary.
"""

from __future__ import annotations

from . import StreamingFormatter
from .terminal import inert


class ConciseFormatter(StreamingFormatter):
    name = "concise"
    description = "one line per finding: path:line:col: CODE message / 每个问题一行"

    def format_file(self, file_result) -> str:
        return _lines(file_result.findings)

    def end(self, result) -> str:
        return _lines(result.extra)


def _lines(findings) -> str:
    return "".join(f"{inert(f.path)}:{f.line}:{f.column}: {f.rule} {inert(f.message)}\n" for f in findings)
