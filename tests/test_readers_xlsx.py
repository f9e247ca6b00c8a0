"""Excel workbooks: seed 004's attachment tables as a workbook give the attachments' findings."""

from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("openpyxl")

from reportlint.api import check_bytes, check_path  # noqa: E402
from reportlint.errors import InputError  # noqa: E402
from reportlint.input.readers.xlsx import MAX_ROWS, read_xlsx_report, show  # noqa: E402

from published import seed_xlsx  # noqa: E402
from test_docx_hostile import build_cfb  # noqa: E402

SEED = Path(__file__).parent / "fixtures" / "seeds" / "004_1a1813143cd16474.txt"
CELL = re.compile(r"^工作表“(附件\d+-\d+)” (?:单元格[A-Z]+\d+|第\d+行)$")


def test_the_attachments_workbook_gives_the_attachments_findings():
    """The same (rule, section) findings as the attachments of the whole .txt report, with no
    option given: a workbook whose sheets are 附件1-1 / 附件1-2 is read as those attachments
    (sections named like the report's), and each finding's location names the sheet and cell.
    A workbook alone is no report of a known kind: one PRS003 info line says so."""
    text = SEED.read_text(encoding="utf-8")
    expected = {(f.rule, f.section[0]) for f in check_path(SEED, config={})
                if f.section and f.section[0].startswith("附件")}
    findings = [f for f in check_bytes(seed_xlsx(text), filename="004.xlsx", config={})
                if not f.path.startswith("<plugin")]
    assert [f.rule for f in findings if f.rule.startswith("PRS")] == ["PRS003"]
    findings = [f for f in findings if f.rule != "PRS003"]
    assert {(f.rule, f.section[0]) for f in findings} == expected
    assert {(f.rule, f.section[0].split()[0]) for f in findings} == {
        ("FRM003", "附件1-1"), ("FRM004", "附件1-1"), ("FRM003", "附件1-2"), ("SCO007", "附件1-2")}
    assert all(CELL.match(f.location or "") for f in findings), [f.location for f in findings]
    assert {(f.rule, CELL.match(f.location).group(1)) for f in findings} == {
        (rule, section.split()[0]) for rule, section in expected}
    sco = next(f for f in findings if f.rule == "SCO007")
    assert sco.location == "工作表“附件1-2” 单元格G5"


def _workbook(build) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_captions_merged_cells_and_number_formats():
    def build(sheet):
        sheet.title = "附件1-2"
        sheet["A1"] = "附件1-2"
        sheet["A2"] = "部门整体支出绩效自评表"
        sheet.merge_cells("A2:C2")
        sheet.append(["一级指标", "分值", "得分率"])
        sheet.append(["产出", 20, 0.985])
        sheet["C4"].number_format = "0.0%"
        sheet.append([None, "质量\n指标", 34.5])
        sheet["C5"].number_format = "0.00"
        sheet.merge_cells("A4:A5")
        sheet.append(["合计", None, 100])
        sheet.merge_cells("A6:B6")
        sheet.append(["填表人：张三"])

    source = read_xlsx_report(_workbook(build), "t.xlsx")
    assert source.lines == ["附件1-2", "部门整体支出绩效自评表",
                            "\t一级指标", "\t分值", "\t得分率", "",
                            "\t产出", "\t20", "\t98.5%", "",
                            "\t", "\t质量", "指标", "\t34.50", "",
                            "\t合计", "\t100", "",
                            "填表人：张三"]
    assert source.origin(11) == "工作表“附件1-2” 单元格A5"
    assert source.origin(1) == "工作表“附件1-2” 单元格A1"


@pytest.mark.parametrize("value, fmt, shown", [(72.34, "General", "72.34"), (100.0, "General", "100"),
                                               (0.5, "0%", "50%"), (1234.5, "#,##0.00", "1,234.50"),
                                               (3, '0.00"万元"', "3.00"), ("文字", "@", "文字")])
def test_values_are_shown_as_excel_shows_them(value, fmt, shown):
    assert show(value, fmt) == shown


def refused(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        read_xlsx_report(data, "bad.xlsx")
    message = info.value.message
    assert "\n" not in message and len(message) < 300
    return message


def test_a_zip_bomb_sheet_is_refused_before_openpyxl_opens_it():
    good = _workbook(lambda sheet: sheet.append(["a", "b"]))
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, source.read(info))
                continue
            with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
                handle.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                row = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>' * 20000
                for _ in range(150 * 1024 * 1024 // len(row)):
                    handle.write(row)
                handle.write(b"</sheetData></worksheet>")
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024  # ~150 MB of sheet in a small file
    started = time.perf_counter()
    assert "exceeds the limit of 100 MB (zip bomb?)" in refused(data)
    assert time.perf_counter() - started < 2


def test_a_sheet_of_too_many_rows_stops_being_read():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    for number in range(MAX_ROWS + 10):
        sheet.append([number, 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert f"has more than {MAX_ROWS} rows" in refused(buffer.getvalue())


def test_other_files_named_xlsx():
    assert "legacy Excel .xls" in refused(build_cfb({"Workbook": b"\x09\x08"}))
    assert "the workbook is password-protected" in refused(build_cfb({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}))
    assert "not a .xlsx file" in refused("一、部门基本情况".encode())
    docx_like = io.BytesIO()
    with zipfile.ZipFile(docx_like, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "a Word document (.docx), not a Excel workbook" in refused(docx_like.getvalue()) or \
        "not a Excel workbook" in refused(docx_like.getvalue())


def test_a_missing_openpyxl_names_the_extra(monkeypatch):
    data = _workbook(lambda sheet: sheet.append(["a", "b"]))
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert 'pip install "reportlint[xlsx]"' in refused(data)


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_sheet(rows: str, merges: str = "") -> bytes:
    """A small workbook whose first sheet is the given rows (and mergeCells), as raw XML."""
    good = _workbook(lambda sheet: sheet.append(["a", "b"]))
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = (f'<worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData>{merges}</worksheet>').encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def _row(number: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def test_huge_merged_ranges_outside_the_filled_rows_cost_nothing():
    """Before: fifty A3:IV20000 ranges in a 5 KB file marked 250 million cells (minutes)."""
    merges = '<mergeCells count="50">' + '<mergeCell ref="A3:IV20000"/>' * 50 + "</mergeCells>"
    data = _with_sheet(_row(1, ["指标", "分值"]) + _row(2, ["产出", "20"]), merges)
    assert len(data) < 10_000
    started = time.perf_counter()
    source = read_xlsx_report(data, "m.xlsx")
    assert time.perf_counter() - started < 2
    assert source.lines[:5] == ["\t指标", "\t分值", "", "\t产出", "\t20"]


def test_merged_ranges_over_the_filled_rows_are_bounded():
    from reportlint.input.readers.xlsx import MAX_MERGED_CELLS

    merges = '<mergeCells count="50">' + '<mergeCell ref="A2:IV19999"/>' * 50 + "</mergeCells>"
    data = _with_sheet(_row(1, ["指标", "分值"]) + _row(20000, ["产出", "20"]), merges)
    started = time.perf_counter()
    assert f"merged ranges cover more than {MAX_MERGED_CELLS:,} cells" in refused(data)
    assert time.perf_counter() - started < 5


def test_many_filled_rows_are_laid_out_in_linear_time():
    """Before: each row searched every filled cell of the sheet (rows x cells)."""
    rows = "".join(_row(n, [f"项{n}", "1", "2", "3", "4", "5", "6", "7"]) for n in range(1, 8001))
    started = time.perf_counter()
    source = read_xlsx_report(_with_sheet(rows), "rows.xlsx")
    assert time.perf_counter() - started < 10
    assert source.lines[:2] == ["\t项1", "\t1"] and len(source.lines) == 8000 * 9
