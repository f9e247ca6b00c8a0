"""`--format jsonl`: one JSON object per line, the same fields as `--format json`.

Handy for streaming into `jq -c`, log pipelines or databases line by line. Strings are
written as in `--format json` (always valid UTF-8; no raw line separator or control
character can split a line).
"""

from __future__ import annotations

from . import StreamingFormatter
from .json import dumps


class JsonLinesFormatter(StreamingFormatter):
    name = "jsonl"
    description = "one JSON object per finding per line (same fields as json)"

    def format_file(self, file_result) -> str:
        return _lines(file_result.findings)

    def end(self, result) -> str:
        return _lines(result.extra)


def _lines(findings) -> str:
    return "".join(dumps(f.model_dump(mode="json")) + "\n" for f in findings)
