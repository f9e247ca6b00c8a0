"""Reader for Excel workbooks (.xlsx): each sheet a table, through openpyxl (extra `xlsx`).

The scoring and basic-data attachments (自评表, 基础数据表) travel as workbooks. Each visible
sheet is laid out as the .docx reader lays out a Word table, so the SCO and FRM table
checks read it:

* the rows before the table (a sheet's caption rows: 附件1-1, the title, 填报单位：…, each a
  row with one filled cell) are text lines, and so are such rows after it (填表人：…); the
  rows from the first one with two or more filled cells to the last such row are the
  table, one tab-prefixed line per cell and an empty line after each row;
* a merged range (``mergeCells``) appears once in its first row; in the rows below, its
  place is an empty cell (a bare tab line), as a vertically merged Word cell;
* a value is shown as Excel shows it: the cached result of a formula, numbers with the
  decimals and percent sign of their number format (``0.00`` → 34.50, ``0.0%`` → 98.5%),
  dates as 2023-12-31; a line break inside a cell (Alt+Enter) starts a new line;
* hidden sheets are not read (a reader does not see them).

Origins: ``工作表“附件1-2” 单元格C7``. The zip is checked by the same container guards as a
.docx before openpyxl opens it (read-only mode, streaming), and a sheet stops being read
at `MAX_ROWS` rows or `MAX_COLUMNS` columns. Merged ranges count only where they meet the
filled rows, at most `MAX_MERGED_CELLS` cells a sheet (a 5 KB file of fifty A1:IV20000
ranges would otherwise mark 250 million cells).
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile
from decimal import Decimal
from typing import Any, Optional

from reportlint import regex_cache
from ...errors import InputError, LimitExceeded
from ..source import Source
from .container import XLSX_CONVERT_HINT, check_zip_container, office_document_target
from .optional import require

MAX_ROWS = 20_000  # per sheet, empty rows included (a scoring sheet has tens)
MAX_COLUMNS = 256
MAX_CELLS = 500_000  # filled cells, whole workbook
MAX_SHEETS = 200
MAX_MERGED_CELLS = 1_000_000  # cells covered by merged ranges, within the filled rows, per sheet


def read_xlsx_report(data: bytes, path: str) -> Source:
    """Lay out every visible sheet of a workbook as a table, with sheet/cell origins."""
    check_zip_container(data, path, "xlsx", _main_part, XLSX_CONVERT_HINT)
    openpyxl = require("openpyxl", "xlsx", "Excel (.xlsx)", path)
    # openpyxl warns (on stderr) about parts it repairs or skips in a damaged workbook: what
    # it reads is checked as any workbook, what it cannot read is one InputError line
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
    from openpyxl.utils import get_column_letter

    lines: list[str] = []
    origins: list[str] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl's errors on a broken package
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise InputError(path, f"not a readable Excel workbook ({type(exc).__name__}: {detail}) "
                               f"/ 无法读取该 .xlsx 文件") from None
    try:
        sheets = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if len(sheets) > MAX_SHEETS:
            raise InputError(path, f"workbook with {len(sheets)} sheets (limit {MAX_SHEETS}) / 工作表过多")
        archive = zipfile.ZipFile(io.BytesIO(data))
        cells_seen = 0
        for sheet in sheets:
            grid, cells_seen = _read_sheet(sheet, path, cells_seen)
            merges = _merged_ranges(archive, getattr(sheet, "_worksheet_path", None))
            append_sheet(lines, origins, *_render_sheet(sheet.title, grid, merges, get_column_letter))
    except (InputError, MemoryError):
        raise
    except LimitExceeded as exc:
        raise InputError(path, str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a broken sheet: one line, never a traceback
        detail = str(exc).splitlines()[0][:160] if str(exc) else ""
        raise InputError(path, f"not a readable Excel workbook ({type(exc).__name__}: {detail}) "
                               f"/ 无法读取该 .xlsx 文件") from None
    finally:
        workbook.close()
    return workbook_source(lines, origins, path)


def _main_part(archive: zipfile.ZipFile, names: set[str], path: str) -> Optional[str]:
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    return office_document_target(archive, names, path, "xl/")


def _read_sheet(sheet: Any, path: str, cells_seen: int) -> tuple[dict[tuple[int, int], str], int]:
    """(row, column) → shown text, for filled cells; limits enforced while streaming."""
    grid: dict[tuple[int, int], str] = {}
    sheet.reset_dimensions()  # a forged <dimension> must not pad every row to XFD
    for row_number, row in enumerate(sheet.iter_rows(), 1):
        if row_number > MAX_ROWS:
            raise InputError(path, f"sheet {sheet.title!r} has more than {MAX_ROWS} rows (limit) / 工作表行数过多")
        for cell in row:
            value = getattr(cell, "value", None)
            if value is None:
                continue
            column = cell.column
            if column > MAX_COLUMNS:
                raise InputError(path, f"sheet {sheet.title!r} uses column {column} (limit {MAX_COLUMNS}) "
                                       f"/ 工作表列数过多")
            shown = show(value, getattr(cell, "number_format", "General") or "General")
            if shown.strip():
                grid[(cell.row, column)] = shown
                cells_seen += 1
                if cells_seen > MAX_CELLS:
                    raise InputError(path, f"workbook with more than {MAX_CELLS} filled cells (limit) / 单元格过多")
    return grid, cells_seen


_MERGE = regex_cache.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Z]+\d+(?::[A-Z]+\d+)?)[\"']")


def _merged_ranges(archive: zipfile.ZipFile, member: Optional[str]) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged range: read-only sheets do not keep them.

    The sheet XML was scanned by the container guards (bounded, no DTD); its `mergeCell`
    elements are attributes-only tags near its end.
    """
    if not member:
        return []
    from openpyxl.utils.cell import range_boundaries

    name = member.lstrip("/")
    try:
        content = archive.read(name)
    except KeyError:
        return []
    out = []
    for match in _MERGE.finditer(content):
        ref = match.group(1).decode("ascii")
        min_col, min_row, max_col, max_row = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
        out.append((min_row, min_col, max_row, max_col))
    return out


def workbook_source(lines: list[str], origins: list[str], path: str) -> Source:
    """The Source of a workbook's rendered sheets; InputError when no sheet holds text."""
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(path, "the workbook contains no text / 工作簿中没有内容")
    return Source(text, path, origins=origins)


def append_sheet(lines: list[str], origins: list[str], sheet_lines: list[str], sheet_origins: list[str]) -> None:
    """Add one sheet's rendered lines to the workbook's, a blank line between two sheets."""
    if not sheet_lines:
        return
    if lines:
        lines.append("")
        origins.append("")
    lines.extend(sheet_lines)
    origins.extend(sheet_origins)


def _render_sheet(title: str, grid: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]],
                  letter: Any) -> tuple[list[str], list[str]]:
    if not grid:
        return [], []
    filled: dict[int, list[int]] = {}
    for row, col in sorted(grid):
        filled.setdefault(row, []).append(col)
    rows = list(filled)
    covered = _covered(title, merges, rows[0], rows[-1])
    table_rows = [row for row in rows if len(filled[row]) >= 2]
    first, last = (table_rows[0], table_rows[-1]) if table_rows else (None, None)
    width = max((col for row in table_rows for col in filled[row]), default=0)
    for min_row, min_col, max_row, max_col in merges:  # a merged cell reaching further right widens the table
        if first is not None and first <= min_row <= last and (min_row, min_col) in grid:
            width = max(width, min(max_col, MAX_COLUMNS))
    lines: list[str] = []
    origins: list[str] = []
    sheet = f"工作表“{title}”"
    for row in range(rows[0], rows[-1] + 1):
        if first is None or row < first or row > last:
            for col in filled.get(row, []):  # a caption or a note: text lines
                for piece in _pieces(grid[(row, col)]):
                    lines.append(piece)
                    origins.append(f"{sheet} 单元格{letter(col)}{row}")
            continue
        if row not in filled and not any(covered.get((row, col)) == "below" for col in range(1, width + 1)):
            continue  # an empty row inside the table
        emitted = 0
        for col in range(1, width + 1):
            state = covered.get((row, col))
            if state == "skip":
                continue
            pieces = _pieces(grid.get((row, col), "")) if state is None else []
            lines.append("\t" + (pieces[0] if pieces else ""))
            origins.append(f"{sheet} 单元格{letter(col)}{row}")
            for piece in pieces[1:]:
                lines.append(piece)
                origins.append(f"{sheet} 单元格{letter(col)}{row}")
            emitted += 1
        if emitted:
            lines.append("")
            origins.append(f"{sheet} 第{row}行")
    return lines, origins


def _covered(title: str, merges: list[tuple[int, int, int, int]], top: int, bottom: int) -> dict[tuple[int, int], str]:
    """(row, col) → "skip" (right of a merged cell's first column) or "below" (under its first
    cell: an empty cell), for the cells of merged ranges between rows `top` and `bottom`."""
    covered: dict[tuple[int, int], str] = {}
    budget = MAX_MERGED_CELLS
    for min_row, min_col, max_row, max_col in merges:
        first, last, right = max(min_row, top), min(max_row, bottom), min(max_col, MAX_COLUMNS)
        if first > last or min_col > right:
            continue
        budget -= (last - first + 1) * (right - min_col + 1)
        if budget < 0:
            raise LimitExceeded(f"sheet {title!r}: merged ranges cover more than {MAX_MERGED_CELLS:,} cells "
                                f"(limit) / 合并单元格过多")
        for row in range(first, last + 1):
            for col in range(min_col, right + 1):
                if (row, col) != (min_row, min_col):
                    covered[(row, col)] = "below" if row > min_row and col == min_col else "skip"
    return covered


def _pieces(text: str) -> list[str]:
    """A cell's lines (Alt+Enter), empty ones dropped, none starting with a tab."""
    out = []
    for piece in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        piece = piece.rstrip().replace("\t", " ")  # leading spaces kept: they indent 其中 rows
        if piece.strip():
            out.append(piece)
    return out


_DECIMALS = regex_cache.compile(r"0(?:\.(0+))?")


def show(value: Any, number_format: str) -> str:
    """The text Excel shows for a value under a number format (the common formats)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        fmt = number_format.split(";")[0]
        fmt = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
        decimals_match = _DECIMALS.search(fmt)
        if "%" in fmt:
            decimals = len(decimals_match.group(1) or "") if decimals_match else 0
            return f"{Decimal(str(value)) * 100:.{decimals}f}%"
        if decimals_match and fmt.lower() != "general":
            decimals = len(decimals_match.group(1) or "")
            grouped = "," in fmt
            return f"{Decimal(str(value)):{',' if grouped else ''}.{decimals}f}"
        if isinstance(value, float):
            if value.is_integer():
                return str(int(value))
            return f"{value:.15g}"
        return str(value)
    return str(value)
