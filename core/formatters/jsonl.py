"""`--format jsonl`: one JSON object per line, the same fields as `--format json`.

Handy for streaming into `jq -c`, log pipelines or databases line by line.
"""

from __future__ import annotations

import json

from . import Formatter


class JsonLinesFormatter(Formatter):
    name = "jsonl"
    description = "one JSON object per finding per line (same fields as json)"

    def format(self, result) -> str:
        return "".join(json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n" for f in result.findings)
