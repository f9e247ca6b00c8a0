"""`--format concise`: one line per finding, `path:line:col: CODE message` (ruff's, grep's and
editors' "file:line:col" convention: a terminal or an editor's problem matcher jumps to it).

The path and the message are made inert (reportlint.formatters.terminal): one finding is
always exactly one line, and nothing in it is run by a terminal. No colours, no summary.
"""

from __future__ import annotations

from . import Formatter
from .terminal import inert


class ConciseFormatter(Formatter):
    name = "concise"
    description = "one line per finding: path:line:col: CODE message / 每个问题一行"

    def format(self, result) -> str:
        lines = [f"{inert(f.path)}:{f.line}:{f.column}: {f.rule} {inert(f.message)}" for f in result.findings]
        return "".join(line + "\n" for line in lines)
