"""Reader for legacy Excel workbooks (.xls, Excel 97-2003), through xlrd (extra `xlsx`).

Finance systems still export the scoring and basic-data tables as .xls. Each visible sheet is
laid out exactly as the .xlsx reader lays out a sheet (its `_render_sheet`): caption rows as
lines, the table as tab-prefixed cells with an empty line after each row, a merged range once
with an empty cell below it, origins ``工作表“附件1-2” 单元格C7``. Values are shown as Excel
shows them as far as the file says: the cached result of a formula (an .xls stores it), numbers
with the decimals and percent sign of their number format (`xlsx.show`), dates (cells whose
format is a date format) as 2023-12-31, TRUE/FALSE, error codes as ``#DIV/0!``.

Files that only carry the suffix are read for what they are: an .xlsx renamed .xls, and a web
page or table saved as .xls (what many reporting systems export). Refused with one line: an
encrypted workbook, an OLE file without a workbook stream (a Word .doc renamed), SpreadsheetML
2003 XML, anything else; and, before xlrd parses anything, a file over `MAX_BYTES`. xlrd keeps
the whole workbook in memory, so the sheet, row and cell limits of the .xlsx reader are checked
on its sheets one at a time (loaded on demand, rows not padded to a forged width).
"""

from __future__ import annotations

import datetime
from typing import Any

from ...errors import InputError
from ..source import Source
from .container import OLE_MAGIC, XLSX_CONVERT_HINT, ole_stream_names
from .optional import require
from .xlsx import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, _render_sheet, append_sheet, show, workbook_source

MAX_BYTES = 20 * 1024 * 1024  # an exported scoring workbook is tens of KB; the .xls format stops at 65 536 rows


def read_xls_report(data: bytes, path: str) -> Source:
    """Lay out every visible sheet of an Excel 97-2003 workbook as a table, with sheet/cell origins."""
    if len(data) > MAX_BYTES:
        raise InputError(path, f"file too large for an .xls workbook ({len(data)} bytes, limit {MAX_BYTES}) "
                               "/ 文件过大")
    if not data.strip():
        raise InputError(path, "empty file / 文件为空")
    if data.startswith(b"PK\x03\x04"):  # an .xlsx under the old name
        from .xlsx import read_xlsx_report
        return read_xlsx_report(data, path)
    head = data[:4096].lower()
    if b"<html" in head or b"<table" in head:
        from .html import read_html_report  # a web page saved as .xls: its tables are the sheet
        return read_html_report(data, path)
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise InputError(path, f"an Excel 2003 XML (SpreadsheetML) file, not a binary .xls; {XLSX_CONVERT_HINT}")
    if not data.startswith(OLE_MAGIC):
        raise InputError(path, "not an Excel .xls workbook (not an OLE document) / 不是有效的 .xls 文件")
    streams = ole_stream_names(data)
    if {"EncryptedPackage", "EncryptionInfo"} & streams:
        raise InputError(path, "the workbook is password-protected (encrypted); remove the password and save "
                               "again / 工作簿已加密，无法读取")
    if streams and not {"Workbook", "Book"} & streams:
        raise InputError(path, "an OLE document without a workbook (a Word .doc renamed .xls?) "
                               "/ 不是有效的 .xls 文件")
    xlrd = require("xlrd", "xlsx", "Excel 97-2003 (.xls)", path)
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=_Silent())
    except Exception as exc:  # noqa: BLE001 - xlrd's XLRDError, CompDocError, struct/index errors on a broken file
        raise _broken(path, exc) from None
    lines: list[str] = []
    origins: list[str] = []
    try:
        if book.nsheets > MAX_SHEETS:
            raise InputError(path, f"workbook with {book.nsheets} sheets (limit {MAX_SHEETS}) / 工作表过多")
        cells_seen = 0
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            try:
                if sheet.visibility != 0:  # hidden or very hidden: a reader does not see it
                    continue
                grid, cells_seen = _read_sheet(book, sheet, path, cells_seen, xlrd)
                merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
                sheet_lines, sheet_origins = _render_sheet(sheet.name, grid, merges, column_letter)
            finally:
                book.unload_sheet(index)
            append_sheet(lines, origins, sheet_lines, sheet_origins)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet: one line, never a traceback
        raise _broken(path, exc) from None
    finally:
        book.release_resources()
    return workbook_source(lines, origins, path)


class _Silent:
    """xlrd writes warnings (unknown records, odd sizes) to its log file: not to our stderr."""

    def write(self, _text: str) -> None:
        pass


def _broken(path: str, exc: Exception) -> InputError:
    detail = str(exc).splitlines()[0][:160] if str(exc) else ""
    if "encrypted" in detail.lower():  # the FILEPASS record: a password to open
        return InputError(path, "the workbook is password-protected (encrypted); remove the password and save "
                                "again / 工作簿已加密，无法读取")
    return InputError(path, f"not a readable Excel .xls workbook ({type(exc).__name__}: {detail}) "
                            f"/ 无法读取该 .xls 文件")


def _read_sheet(book: Any, sheet: Any, path: str, cells_seen: int, xlrd: Any) -> tuple[dict[tuple[int, int], str], int]:
    """(row, column) → shown text (1-based, as the .xlsx reader), for filled cells."""
    if sheet.nrows > MAX_ROWS:
        raise InputError(path, f"sheet {sheet.name!r} has more than {MAX_ROWS} rows (limit) / 工作表行数过多")
    grid: dict[tuple[int, int], str] = {}
    for row in range(sheet.nrows):
        length = sheet.row_len(row)
        for column in range(length):
            cell = sheet.cell(row, column)
            shown = _shown(book, cell, xlrd)
            if not shown.strip():
                continue
            if column + 1 > MAX_COLUMNS:
                raise InputError(path, f"sheet {sheet.name!r} uses column {column + 1} (limit {MAX_COLUMNS}) "
                                       f"/ 工作表列数过多")
            grid[(row + 1, column + 1)] = shown
            cells_seen += 1
            if cells_seen > MAX_CELLS:
                raise InputError(path, f"workbook with more than {MAX_CELLS} filled cells (limit) / 单元格过多")
    return grid, cells_seen


def _shown(book: Any, cell: Any, xlrd: Any) -> str:
    """A cell's text as Excel shows it (the common number formats; dates as ISO dates)."""
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return str(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, "#N/A"))
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return show(value, "General")
        if value < 1:  # a time of day only
            return moment.time().isoformat()
        return show(moment, "General") if isinstance(moment, datetime.datetime) else str(moment)
    return show(value, _number_format(book, cell))


def _number_format(book: Any, cell: Any) -> str:
    try:
        xf = book.xf_list[cell.xf_index]
        return str(book.format_map[xf.format_key].format_str or "General")
    except (IndexError, KeyError, AttributeError, TypeError):
        return "General"


def column_letter(number: int) -> str:
    """1 → A, 27 → AA (the column names Excel shows)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
