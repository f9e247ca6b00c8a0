"""`--format json`: one JSON array of findings, the stable contract for scripts."""

from __future__ import annotations

import json

from . import Formatter


class JsonFormatter(Formatter):
    name = "json"
    description = "one JSON array of findings (stable field set, see docs/output.md)"

    def format(self, result) -> str:
        items = [f.model_dump(mode="json") for f in result.findings]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
