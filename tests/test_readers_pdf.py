"""PDF reports (text layer): the four seeds as PDFs give the .txt's findings; hostile PDFs are refused."""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from reportlint.api import check_bytes, check_path  # noqa: E402
from reportlint.cli import main  # noqa: E402
from reportlint.errors import InputError  # noqa: E402
from reportlint.input.readers import pdf as pdf_reader  # noqa: E402
from reportlint.input.readers.pdf import read_pdf_report  # noqa: E402

from published import raw_pdf, seed_pdf  # noqa: E402

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
HEADER = "2023年度部门整体支出绩效自评报告（公开版）"
LOCATION = re.compile(r"^第\d+页 (?:第\d+行|表格\d+ 第\d+行(?: 第\d+列)?)$")


def pairs(findings) -> set[tuple[str, str]]:
    return {(f.rule, "/".join(f.section)) for f in findings}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {seed.name: seed_pdf(seed.read_text(encoding="utf-8"), header=HEADER) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_pdf_gives_the_findings_of_the_text(seed, pdfs, tmp_path):
    path = tmp_path / (seed.stem + ".pdf")
    path.write_bytes(pdfs[seed.name])
    expected = check_path(seed, config={})
    found = check_path(path, config={})
    assert pairs(found) == pairs(expected)
    own = [f for f in found if not f.path.startswith("<plugin")]  # run-level findings have no place
    assert own and all(LOCATION.match(f.location or "") for f in own), [f.location for f in own]


def test_tables_are_rows_of_cells_with_page_and_cell_origins(pdfs):
    source = read_pdf_report(pdfs["004_1a1813143cd16474.txt"], "004.pdf")
    lines = source.lines
    start = lines.index("\t财政供养人员情况")
    assert lines[start:start + 5] == ["\t财政供养人员情况", "\t编制数", "\t2023年实际在职人数", "\t控制率", ""]
    assert lines[start + 5:start + 10] == ["\t", "\t19", "\t10", "\t100%", ""]
    assert re.fullmatch(r"第\d+页 表格1 第1行 第1列", source.origin(start + 1))
    findings = check_bytes(pdfs["004_1a1813143cd16474.txt"], filename="004.pdf", config={})
    sco = next(f for f in findings if f.rule == "SCO007")
    assert re.fullmatch(r"第\d+页 表格\d+ 第\d+行 第\d+列", sco.location)


def test_wrapped_paragraphs_are_rejoined_and_page_furniture_set_aside(pdfs):
    text = SEEDS[0].read_text(encoding="utf-8")
    source = read_pdf_report(pdfs[SEEDS[0].name], "000.pdf")
    long_line = next(line.strip() for line in text.split("\n") if len(line) > 150)
    assert long_line in source.lines  # wrapped over 3+ lines in the PDF, one line again
    assert HEADER not in source.text
    assert not any(re.fullmatch(r"- \d+ -", line) for line in source.lines)
    assert source.lines[0] == next(line.strip() for line in text.split("\n") if line.strip())
    assert source.origin(1) == "第1页 第2行"  # line 1 of page 1 is the running header, set aside


def test_a_paragraph_continued_on_the_next_page_is_one_line():
    long = "本单位严格执行预算管理制度，" * 200  # ~3000 characters: more than a page
    source = read_pdf_report(seed_pdf("标题\n" + long + "\n二、结论\n", header=HEADER), "p.pdf")
    assert long in source.lines
    assert source.lines[-1] == "二、结论"


def test_a_hyphenated_latin_word_loses_its_hyphen():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("Helvetica", 11)
    page.drawString(72, 700, "The execution rate of the annual budget measures the perfor-")
    page.drawString(72, 686, "mance of the unit.")
    page.showPage()
    page.save()
    source = read_pdf_report(buffer.getvalue(), "latin.pdf")
    assert source.lines == ["The execution rate of the annual budget measures the performance of the unit."]


# -- hostile PDFs ------------------------------------------------------------------------------
def refused(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        read_pdf_report(data, "bad.pdf")
    message = info.value.message
    assert "\n" not in message and len(message) < 300
    return message


def test_too_many_pages_is_refused_before_any_page_is_laid_out():
    data = raw_pdf([b"BT /F1 12 Tf 72 700 Td (x) Tj ET"] * (pdf_reader.MAX_PAGES + 100))
    started = time.perf_counter()
    assert "more than 500 pages" in refused(data)
    assert time.perf_counter() - started < 10


def test_a_huge_content_stream_is_refused_by_its_decoded_size():
    bomb = b"0 0 m 1 1 l S\n" * (40 * 1024 * 1024 // 14)  # 40 MB of drawing, ~100 KB compressed
    data = raw_pdf([bomb])
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    message = refused(data)
    assert "page 1: a stream larger than 16 MB when decoded (PDF bomb?)" in message
    assert time.perf_counter() - started < 5


def test_a_scanned_pdf_needs_ocr():
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 560), 255)
    for x in range(40, 360):
        for y in (60, 61, 100, 101, 140, 141):
            image.putpixel((x, y), 0)  # "lines of text" as pixels
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(image), 0, 0, 595, 842)
    page.showPage()
    page.save()
    assert "no text layer (a scanned document?); OCR is needed" in refused(buffer.getvalue())


def test_a_password_protected_pdf_is_refused_and_a_permissions_only_one_is_read():
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    def made(user: str) -> bytes:
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, encrypt=StandardEncryption(user, ownerPassword="owner", canCopy=0))
        # Latin text: pdfminer does not decrypt the strings of a font dictionary, so reportlab's
        # non-embedded CID font (found by its Registry/Ordering strings) is unreadable once encrypted
        page.setFont("Helvetica", 12)
        page.drawString(72, 700, "Budget execution rate 100%")
        page.showPage()
        page.save()
        return buffer.getvalue()

    assert "the PDF is password-protected (encrypted)" in refused(made("secret"))
    assert read_pdf_report(made(""), "restricted.pdf").lines == ["Budget execution rate 100%"]


def test_not_a_pdf_and_a_broken_pdf():
    assert "not a PDF file" in refused("一、部门基本情况\n".encode())
    assert "not a readable PDF" in refused(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")


def test_a_missing_pdfplumber_names_the_extra(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber → ImportError
    path = tmp_path / "report.pdf"
    path.write_bytes(raw_pdf([b""]))
    assert main(["check", "--isolated", str(path)]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if "report.pdf" in line]
    assert len(err) == 1 and 'pip install "reportlint[pdf]"' in err[0], err


def test_a_pdf_is_no_longer_read_as_text(pdfs, tmp_path):
    """Before the PDF reader, seed 001 as a PDF passed with exit 0 and one PRS003 line."""
    path = tmp_path / "001.pdf"
    path.write_bytes(pdfs["001_10aa492466fab5b3.txt"])
    assert main(["check", "--isolated", "--quiet", str(path)]) == 1
