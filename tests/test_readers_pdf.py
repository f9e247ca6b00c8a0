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

from published import FONT, _wrap, raw_pdf, seed_pdf  # noqa: E402

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


# -- two columns, tables without ruling lines --------------------------------------------------
COLUMNS_TEXT = """某县档案馆2023年度部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
本馆是县委直属的公益一类事业单位，承担全县党政机关、企事业单位档案的接收、征集、整理、保管和提供利用工作，指导和监督全县各单位的档案业务，组织开展档案数字化建设和档案宣传教育活动。
（二）机构和人员情况
本馆内设办公室、业务科、信息科三个科室。年底在职人数15人，其中行政编制8名，事业编制9名。退休人员的养老金由县社保中心统一发放。
二、部门整体支出情况
2023年决算收入合计320.50万元，其中财政拨款收入300.50万元，其他收入20.00万元。决算支出合计318.20万元，其中基本支出210.20万元，项目支出108.00万元，年末结转和结余2.30万元。
三、绩效自评情况
（一）预算编制和执行
本馆年初按照零基预算的要求编制部门预算，项目经过科室申报、馆务会审议和财政评审三个环节，年中追加预算均履行了报批程序，全年未发生无预算、超预算支出的情况，预算执行进度符合序时要求。
（二）资产和财务管理
本馆修订了财务报销、政府采购和固定资产管理等内部制度，每季度开展一次资产盘点，做到账账相符、账实相符，全年未发生资产流失情况，会计凭证和账簿按规定装订归档。
（三）绩效目标完成情况
全年接收进馆档案1200卷，完成馆藏档案数字化扫描45万页，接待查档群众2600人次，举办档案宣传展览2次，各项产出指标均达到年初设定的目标值，服务对象满意度达到95%以上。
四、存在的问题和改进措施
一是绩效目标设置还不够细化，部分指标难以量化考核；二是档案数字化项目的支出进度前慢后快，下一步将加强项目的全过程管理，按月调度支出进度，确保资金及时发挥效益。
"""

BASIC_ROWS = [["经费控制情况", "2022年决算数", "2023年预算数", "2023年决算数"],
              ["三公经费", "20.00", "30.00", "29.50"],
              ["1.公务用车购置和维护经费", "12.00", "15.00", "14.50"],
              ["2.出国经费", "", "", ""],
              ["3.公务接待", "8.00", "15.00", "15.00"],
              ["项目支出：", "60.00", "80.00", "90.00"],  # 50 + 20 = 70, 45 + 30 = 75: FRM003 twice
              ["1.专项业务经费", "40.00", "50.00", "45.00"],
              ["2.工作经费", "20.00", "20.00", "30.00"]]
SCORE_ROWS = [["一级指标", "二级指标", "指标值", "分值", "得分"],
              ["产出指标", "数量指标", "1200卷", "20", "20"],
              ["产出指标", "质量指标", "100%", "20", "18"],
              ["效益指标", "社会效益指标", "明显", "30", "32"],  # SCO001: 32 over 30
              ["满意度指标", "服务对象满意度", "95%", "10", "10"],
              ["总分", "", "", "80", "80"]]  # SCO003: 80, not 100
TABLES_HEAD = """某县档案馆2023年度部门整体支出绩效自评报告
一、部门基本情况
本馆为县委直属公益一类事业单位，主要负责全县档案的收集、整理、保管和利用工作，内设办公室、业务科和信息科三个科室。
二、绩效自评情况
本年度预算执行总体平稳，各项支出均按预算执行。
三、附件
"""


class Writer:
    """A reportlab A4 page writer in the CID font: paragraphs wrapped to a column, a page-number footer."""

    def __init__(self, size: float = 10.5) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buffer = io.BytesIO()
        self.width, self.height = A4
        self.pdf = canvas.Canvas(self.buffer, pagesize=A4)
        self.size, self.page = size, 1
        self.y = self.height - 72

    def footer(self) -> None:
        self.pdf.setFont(FONT, 9)
        self.pdf.drawCentredString(self.width / 2, 30, f"- {self.page} -")

    def new_page(self) -> None:
        self.footer()
        self.pdf.showPage()
        self.page += 1
        self.y = self.height - 72

    def title(self, text: str) -> None:
        self.y -= 24
        self.pdf.setFont(FONT, 15)
        self.pdf.drawCentredString(self.width / 2, self.y, text)
        self.y -= 10

    def paragraph(self, text: str, x: float = 72, width: float = 595.27 - 144) -> None:
        size = self.size
        for number, piece in enumerate(_wrap(text, width, size, size * 2)):
            if self.y - size * 1.6 < 72:
                self.new_page()
            self.y -= size * 1.6
            self.pdf.setFont(FONT, size)
            self.pdf.drawString(x + (size * 2 if number == 0 else 0), self.y, piece)

    def borderless(self, rows: list[list[str]], size: float = 9.0) -> None:
        """Whitespace-aligned columns, no ruling: the first column left-aligned, numbers right-aligned."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        widths = [max(stringWidth(piece, FONT, size) for row in rows for piece in row[c].split("\n"))
                  for c in range(len(rows[0]))]
        x, starts = 72.0, []
        for width in widths:
            starts.append(x)
            x += width + size * 3
        self.pdf.setFont(FONT, size)
        for row in rows:  # a cell with "\n" wraps: its lines closer together than the rows
            self.y -= size * 1.8
            for column, cell in enumerate(row):
                for number, piece in enumerate(cell.split("\n")):
                    y = self.y - number * size * 1.2
                    if column == 0:
                        self.pdf.drawString(starts[0], y, piece)
                    else:
                        self.pdf.drawRightString(starts[column] + widths[column], y, piece)
            self.y -= (max(len(cell.split("\n")) for cell in row) - 1) * size * 1.2

    def done(self) -> bytes:
        self.footer()
        self.pdf.showPage()
        self.pdf.save()
        return self.buffer.getvalue()


def two_column_pdf(text: str, gutter: float = 22.0) -> bytes:
    """The title centred across the page, the rest in two columns, page after page."""
    writer = Writer()
    lines = [line for line in text.split("\n") if line.strip()]
    writer.title(lines[0])
    column_width = (writer.width - 144 - gutter) / 2
    top, column, size = writer.y, 0, writer.size
    for paragraph in lines[1:]:
        for number, piece in enumerate(_wrap(paragraph, column_width, size, size * 2)):
            if writer.y - size * 1.6 < 72:
                if column == 0:
                    column, writer.y = 1, top
                else:
                    writer.new_page()
                    column, top = 0, writer.y
            writer.y -= size * 1.6
            writer.pdf.setFont(FONT, size)
            x = 72 + column * (column_width + gutter) + (size * 2 if number == 0 else 0)
            writer.pdf.drawString(x, writer.y, piece)
    return writer.done()


def layout(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def same_findings(text: str, pdf: bytes, tmp_path) -> list:
    """The findings of the PDF, after asserting they are those of the same text as .txt."""
    (tmp_path / "same.txt").write_text(text, encoding="utf-8")
    (tmp_path / "same.pdf").write_bytes(pdf)
    def key(finding) -> tuple:  # a place named in a message is 第16行 in the text, 第1页 第38行 in the PDF
        return finding.rule, finding.line, finding.column, re.sub(r"（第[^（）]*行）", "（…）", finding.message)

    expected = [key(f) for f in check_path(tmp_path / "same.txt", config={})]
    found = check_path(tmp_path / "same.pdf", config={})
    assert [key(f) for f in found] == expected
    return found


def test_two_columns_under_a_full_width_title_are_read_column_by_column(tmp_path):
    long = COLUMNS_TEXT + COLUMNS_TEXT.split("\n", 1)[1].replace("2023年", "同年")  # more than one page
    data = two_column_pdf(long)
    source = read_pdf_report(data, "columns.pdf")
    assert source.lines == layout(long)  # not interleaved: each paragraph whole, in order
    assert source.origin(2) == "第1页 第2行"  # the title is line 1, the left column follows
    findings = same_findings(long, data, tmp_path)
    frm = [f for f in findings if f.rule == "FRM002"]
    assert frm and "8名 + 9名 = 17人，超过总数 15人" in frm[0].message


def test_one_column_with_a_centred_title_and_an_indented_block_is_not_split():
    writer = Writer()
    writer.title("某县档案馆2023年度部门整体支出绩效自评报告")
    for paragraph in layout(COLUMNS_TEXT)[1:6]:
        writer.paragraph(paragraph)
    pairs_of_words = [("档案接收", "业务科"), ("数字化扫描", "信息科"), ("查档接待", "办公室"), ("宣传展览", "办公室")]
    for left, right in pairs_of_words:  # an indented two-column list, words only
        writer.y -= 16
        writer.pdf.drawString(140, writer.y, left)
        writer.pdf.drawString(330, writer.y, right)
    for paragraph in layout(COLUMNS_TEXT)[6:9]:
        writer.paragraph(paragraph)
    source = read_pdf_report(writer.done(), "single.pdf")
    words = [f"{left} {right}" for left, right in pairs_of_words]
    assert source.lines == layout(COLUMNS_TEXT)[:6] + words + layout(COLUMNS_TEXT)[6:9]


def table_text(rows: list[list[str]]) -> str:
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)


def test_a_borderless_table_is_read_as_rows_and_cells_and_checked(tmp_path):
    writer = Writer()
    for line in layout(TABLES_HEAD):
        writer.paragraph(line)
    writer.paragraph("附件1-1 部门整体支出绩效评价基础数据表")
    writer.borderless(BASIC_ROWS)
    writer.new_page()
    writer.paragraph("附件1-2 部门整体支出绩效自评表")
    writer.borderless(SCORE_ROWS)
    writer.paragraph("填表人：张明")
    data = writer.done()
    text = (TABLES_HEAD + "附件1-1 部门整体支出绩效评价基础数据表\n" + table_text(BASIC_ROWS)
            + "附件1-2 部门整体支出绩效自评表\n" + table_text(SCORE_ROWS) + "填表人：张明\n")
    source = read_pdf_report(data, "tables.pdf")
    assert source.text == text.rstrip("\n")
    start = source.lines.index("\t项目支出：")
    assert source.lines[start:start + 5] == ["\t项目支出：", "\t60.00", "\t80.00", "\t90.00", ""]
    assert source.origin(start + 3) == "第1页 表格1 第6行 第3列"
    empty = source.lines.index("\t2.出国经费")
    assert source.lines[empty:empty + 5] == ["\t2.出国经费", "\t", "\t", "\t", ""]  # empty cells keep their columns
    found = same_findings(text, data, tmp_path)
    frm = {f.message for f in found if f.rule == "FRM003"}
    assert any("为 80.00，而各分项之和 50.00 + 20.00 = 70.00" in m for m in frm)
    assert any("为 90.00，而各分项之和 45.00 + 30.00 = 75.00" in m for m in frm)
    sco = next(f for f in found if f.rule == "SCO001")
    assert "得分32分，超过其分值30分" in sco.message and sco.location == "第2页 表格1 第4行 第5列"
    assert any(f.rule == "SCO003" and "80分" in f.message for f in found)


def test_prose_and_gapped_lines_are_not_mistaken_for_a_table():
    writer = Writer()
    lines = layout(COLUMNS_TEXT)[:8] + ["以上情况特此说明。"]
    for line in lines:
        writer.paragraph(line)
    gapped = [("填表人：张明", "联系电话：0745-1234567"), ("审核人：李华", "填报日期：2024年3月1日")]
    for left, right in gapped:  # two rows with a wide gap and numbers: too few rows for a table
        writer.y -= 16
        writer.pdf.drawString(72, writer.y, left)
        writer.pdf.drawString(330, writer.y, right)
    words = [("档案接收", "业务科"), ("数字化扫描", "信息科"), ("查档接待", "办公室")]
    for left, right in words:  # aligned, but no numbers in the cells
        writer.y -= 16
        writer.pdf.drawString(72, writer.y, left)
        writer.pdf.drawString(330, writer.y, right)
    source = read_pdf_report(writer.done(), "prose.pdf")
    assert source.lines == lines + [f"{a} {b}" for a, b in gapped + words]
    assert not any(line.startswith("\t") for line in source.lines)


def test_a_borderless_text_table_on_one_column_is_not_read_as_two_columns():
    """Labels on the left, long explanations on the right, eight rows: rows, not columns."""
    writer = Writer()
    writer.title("某县档案馆2023年度部门整体支出绩效自评报告")
    rows = [("数量指标", "全年接收进馆档案不少于一千卷，完成年度计划任务"),
            ("质量指标", "档案整理合格率达到百分之百，无丢失损毁情况发生"),
            ("时效指标", "查档申请当日办结，疑难查档三个工作日内办结完毕"),
            ("成本指标", "项目支出控制在年初预算以内，不发生超预算的支出"),
            ("社会效益指标", "档案利用服务群众办事，查档群众的评价普遍较好"),
            ("可持续影响指标", "馆藏档案数字化成果长期保存，可供今后持续利用"),
            ("满意度指标", "服务对象满意度调查结果达到九成五以上目标要求"),
            ("其他指标", "按时完成上级档案部门布置的各项临时性工作任务")]
    writer.pdf.setFont(FONT, 10.5)
    for label, explanation in rows:
        writer.y -= 17
        writer.pdf.drawString(72, writer.y, label)
        writer.pdf.drawString(190, writer.y, explanation)
    source = read_pdf_report(writer.done(), "indicators.pdf")
    assert source.lines == ["某县档案馆2023年度部门整体支出绩效自评报告"] + [f"{a} {b}" for a, b in rows]


def test_a_wrapped_cell_of_a_borderless_table_is_one_cell():
    rows = [list(row) for row in BASIC_ROWS]
    rows[2][0] = "1.公务用车购置\n和维护经费"  # wrapped in its cell: two lines, closer than the rows
    writer = Writer()
    writer.paragraph("附件1-1 部门整体支出绩效评价基础数据表")
    writer.borderless(rows)
    source = read_pdf_report(writer.done(), "wrapped.pdf")
    assert source.lines == ["附件1-1 部门整体支出绩效评价基础数据表"] + table_text(BASIC_ROWS).split("\n")[:-1]


def test_two_borderless_tables_under_their_captions_on_one_page():
    writer = Writer()
    writer.paragraph("附件1-1 部门整体支出绩效评价基础数据表")
    writer.borderless(BASIC_ROWS)
    writer.paragraph("附件1-2 部门整体支出绩效自评表")
    writer.borderless(SCORE_ROWS)
    source = read_pdf_report(writer.done(), "two.pdf")
    assert source.lines == (["附件1-1 部门整体支出绩效评价基础数据表"] + table_text(BASIC_ROWS).split("\n")[:-1]
                            + ["附件1-2 部门整体支出绩效自评表"] + table_text(SCORE_ROWS).split("\n")[:-1])
    assert source.origin(source.lines.index("\t总分") + 1) == "第1页 表格2 第6行 第1列"


def test_text_drawn_twice_for_bold_is_read_once_and_a_page_of_aligned_words_stays_fast():
    writer = Writer()
    writer.pdf.setFont(FONT, 10.5)
    writer.pdf.drawString(72, 760, "一、部门基本情况")
    writer.pdf.drawString(72.3, 760.2, "一、部门基本情况")  # fake bold: the same glyphs 0.3 pt apart
    for row in range(120):  # aligned words, no numbers: text lines, found in linear time
        y = 740 - row * 5.5
        writer.pdf.setFont(FONT, 4)
        for x, word in ((72, "档案接收"), (250, "业务科室"), (420, "办公室")):
            writer.pdf.drawString(x, y, word)
    started = time.perf_counter()
    source = read_pdf_report(writer.done(), "bold.pdf")
    assert time.perf_counter() - started < 10
    assert source.lines[0] == "一、部门基本情况"
    assert source.text.count("档案接收 业务科室 办公室") == 120  # (lines of one width are joined as a paragraph)
    assert not any(line.startswith("\t") for line in source.lines)
