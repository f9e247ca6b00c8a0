"""Legacy Excel (.xls): read as the .xlsx reader reads the same workbook; hostile files refused in one line.

The fixture tests/fixtures/xls/attachments.xls is LibreOffice's conversion of `make.build_xlsx()`
(seed 004's attachment tables, a sheet of formats, a hidden sheet): see tests/fixtures/xls/make.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("xlrd")
pytest.importorskip("openpyxl")

from reportlint.api import check_bytes  # noqa: E402
from reportlint.cli import main  # noqa: E402
from reportlint.errors import InputError  # noqa: E402
from reportlint.input.readers import xls as xls_reader  # noqa: E402
from reportlint.input.readers.xls import column_letter, read_xls_report  # noqa: E402
from reportlint.input.readers.xlsx import read_xlsx_report  # noqa: E402

from test_docx_hostile import build_cfb  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "xls"


def _load_make():
    """tests/fixtures/xls/make.py, the script the fixture was made with (it is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("xls_fixture_make", FIXTURES / "make.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_xlsx = _load_make().build_xlsx

XLS = (FIXTURES / "attachments.xls").read_bytes()


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return build_xlsx()


def key(finding) -> tuple:
    return finding.rule, finding.line, finding.column, finding.message, finding.location


def test_the_xls_reads_as_the_workbook_it_was_converted_from(xlsx):
    old, new = read_xls_report(XLS, "a.xls"), read_xlsx_report(xlsx, "a.xlsx")
    assert old.origins == new.origins
    differ = [(n, a, b) for n, (a, b) in enumerate(zip(old.lines, new.lines), 1) if a != b]
    # one cell differs: a formula openpyxl wrote without a result, which LibreOffice computed and stored
    assert len(old.lines) == len(new.lines) and differ == [(differ[0][0], "\t50%", "\t")]
    assert old.origin(differ[0][0]) == "工作表“格式” 单元格C4"


def test_the_attachments_findings_are_those_of_the_xlsx(xlsx):
    found = check_bytes(XLS, filename="004.xls", config={})
    assert [key(f) for f in found] == [key(f) for f in check_bytes(xlsx, filename="004.xlsx", config={})]
    by_rule = {f.rule: f for f in found}
    assert set(by_rule) >= {"FRM003", "FRM004", "SCO007"}
    assert by_rule["SCO007"].location == "工作表“附件1-2” 单元格G5"
    assert "执行率102.32%与全年执行数/全年预算数不符：300.36/300.48×100%=99.96%" in by_rule["SCO007"].message


def test_merged_cells_number_formats_dates_and_hidden_sheets():
    source = read_xls_report(XLS, "a.xls")
    start = source.lines.index("附表 格式说明")
    assert source.origin(start + 1) == "工作表“格式” 单元格A1"  # a caption merged across the table
    assert source.lines[start + 1:start + 11] == [
        "\t项目", "\t金额", "\t执行率", "\t日期", "",
        "\t合计", "\t1,234.50", "\t98.5%", "\t2023-12-31", ""]
    assert source.lines[start + 11:start + 17] == ["\t其中：", "设备购置", "\t1000.00", "\t50%", "\t见上", ""]
    assert source.lines[start + 17:start + 22] == ["\t设备维护", "\t234.50", "\t25%", "\t", ""]  # under D4:D5
    assert "不应读出的内容" not in source.text  # the hidden sheet
    assert [column_letter(n) for n in (1, 26, 27, 256)] == ["A", "Z", "AA", "IV"]


# -- files that only carry the suffix, hostile files -------------------------------------------
def refused(data: bytes, name: str = "bad.xls") -> str:
    with pytest.raises(InputError) as info:
        read_xls_report(data, name)
    message = info.value.message
    assert "\n" not in message and len(message) < 300
    return message


def test_an_xlsx_or_a_web_page_saved_as_xls_is_read_as_what_it_is(xlsx):
    assert read_xls_report(xlsx, "renamed.xls").text == read_xlsx_report(xlsx, "a.xlsx").text
    page = ("<html><head><meta charset='utf-8'></head><body><table>"
            "<tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>12.50</td></tr></table></body></html>").encode()
    assert read_xls_report(page, "export.xls").lines == ["\t项目", "\t金额", "", "\t合计", "\t12.50", ""]


def test_broken_encrypted_and_foreign_files_are_one_line():
    assert "not a readable Excel .xls workbook" in refused(XLS[: len(XLS) // 3])
    assert "password-protected (encrypted)" in refused(build_cfb({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}))
    assert "without a workbook (a Word .doc renamed .xls?)" in refused(build_cfb({"WordDocument": b"\0" * 64}))
    assert "not an Excel .xls workbook" in refused("项目\t金额\n".encode())
    spreadsheet_ml = (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
                      b"<Worksheet/></Workbook>")
    assert "SpreadsheetML" in refused(spreadsheet_ml) and "--convert-to xlsx" in refused(spreadsheet_ml)
    assert "empty file" in refused(b"")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(xls_reader, "MAX_BYTES", len(XLS) - 1)
    monkeypatch.setitem(sys.modules, "xlrd", None)  # xlrd must not even be imported
    started = time.perf_counter()
    assert "file too large for an .xls workbook" in refused(XLS)
    assert time.perf_counter() - started < 1


def test_sheet_limits_apply(monkeypatch):
    monkeypatch.setattr(xls_reader, "MAX_ROWS", 5)
    assert "has more than 5 rows (limit)" in refused(XLS)
    monkeypatch.setattr(xls_reader, "MAX_ROWS", 20_000)
    monkeypatch.setattr(xls_reader, "MAX_CELLS", 10)
    assert "more than 10 filled cells" in refused(XLS)


def test_the_cli_reads_an_xls_and_a_missing_xlrd_names_the_extra(tmp_path, monkeypatch, capsys):
    path = tmp_path / "004.xls"
    path.write_bytes(XLS)
    assert main(["check", "--isolated", "--no-cache", str(path)]) == 1
    assert "工作表“附件1-2” 单元格G5" in capsys.readouterr().out
    monkeypatch.setitem(sys.modules, "xlrd", None)
    assert main(["check", "--isolated", "--no-cache", str(path)]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if "004.xls" in line]
    assert len(err) == 1 and 'pip install "reportlint[xlsx]"' in err[0], err


def test_booleans_errors_and_times_are_shown_as_excel_shows_them():
    import xlrd
    from xlrd.sheet import Cell

    class Book:  # what _shown reads of a workbook: the date system and the formats
        datemode = 0
        xf_list: list = []
        format_map: dict = {}

    shown = [xls_reader._shown(Book(), Cell(kind, value), xlrd) for kind, value in (
        (xlrd.XL_CELL_BOOLEAN, 1), (xlrd.XL_CELL_ERROR, 0x07), (xlrd.XL_CELL_DATE, 0.5),
        (xlrd.XL_CELL_DATE, 45291.0), (xlrd.XL_CELL_NUMBER, 34.5), (xlrd.XL_CELL_TEXT, "34.50"))]
    assert shown == ["TRUE", "#DIV/0!", "12:00:00", "2023-12-31", "34.5", "34.50"]


def test_a_workbook_with_a_password_to_open_is_named_so():
    """xlrd refuses a FILEPASS record ("Workbook is encrypted"); the user is told what to do."""
    import xlrd

    message = xls_reader._broken("locked.xls", xlrd.XLRDError("Workbook is encrypted")).message
    assert message.startswith("the workbook is password-protected (encrypted); remove the password")
