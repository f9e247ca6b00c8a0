"""`reportlint facts`: the facts of many reports as one table (JSON or CSV).

A bureau turns a folder of reports into one spreadsheet: one row per fact. The columns
are a stable, documented contract (docs/facts.md "The export"); new columns are only ever
added at the end. CSV is UTF-8 with a byte-order mark so that Excel opens Chinese intact.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Optional, TextIO

# The schema, in column order. `file` is the path as named; the rest come from Fact.row().
COLUMNS: tuple[str, ...] = ("file", "line", "column", "section", "kind", "label", "year", "value",
                            "unit", "qualifier", "text", "weight")
SCHEMA_VERSION = 1


def report_rows(path: str, facts: Any, kinds: Optional[set[str]] = None) -> list[dict[str, Any]]:
    """Every fact of one report as export rows, with the file's path, in document order."""
    rows = []
    for row in facts.rows(kinds):
        out = {column: row.get(column) for column in COLUMNS}
        out["file"] = path
        rows.append(out)
    return rows


def write_json(rows: Iterable[dict[str, Any]], errors: list[dict[str, str]], out: TextIO) -> None:
    json.dump({"schema": SCHEMA_VERSION, "columns": list(COLUMNS), "facts": list(rows), "errors": errors},
              out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """CSV with a BOM (callers open the stream with newline='' or pass a StringIO)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    out.write("\ufeff" + buffer.getvalue())
