"""Make the published forms of a seed report in tests: a PDF (reportlab, CID font), a saved web
page wrapped in site furniture, and a workbook of its attachment tables (openpyxl).

Each is built from the seed's layout text: lines outside tables are paragraphs, a table row
is its tab-prefixed cells (a cell's further lines under it), rows end at an empty line.
"""

from __future__ import annotations

import html
import io
import re
import zlib
from dataclasses import dataclass, field
from typing import Optional, Union

Cell = list[str]  # a cell's lines
Row = list[Cell]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)


Block = Union[str, Table]


def blocks(text: str) -> list[Block]:
    """The seed as paragraphs (str) and tables (rows with no text line between them)."""
    out: list[Block] = []
    lines = text.split("\n")
    index, in_table = 0, False
    while index < len(lines):
        line = lines[index]
        if line.lstrip(" ").startswith("\t"):
            row: Row = []
            while index < len(lines) and lines[index] != "":
                current = lines[index]
                if current.lstrip(" ").startswith("\t"):
                    row.append([current.lstrip(" ")[1:].rstrip()])  # the indent of 其中 rows kept
                else:
                    row[-1].append(current.strip())
                index += 1
            row = [[piece for piece in cell if piece] for cell in row]
            if in_table and isinstance(out[-1], Table):
                out[-1].rows.append(row)
            else:
                out.append(Table([row]))
            in_table = True
            continue
        if line.strip():
            out.append(line.strip())
            in_table = False
        index += 1
    return out


# -- PDF ---------------------------------------------------------------------------------------
FONT = "STSong-Light"
_ATOM = re.compile(r"[A-Za-z0-9.,%:/()+=\-]+|.", re.DOTALL)


def _wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Break a line as a typesetter does: anywhere between CJK characters, never inside a number."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, current = [], ""
    limit = width - first_indent
    for atom in _ATOM.findall(text):
        if current and stringWidth(current + atom, FONT, size) > limit:
            lines.append(current)
            current, limit = atom.lstrip(" "), width
        else:
            current += atom
    if current:
        lines.append(current)
    return lines or [""]


def seed_pdf(text: str, *, header: str = "", size: float = 10.5, table_size: float = 8.0,
             indent: bool = True) -> bytes:
    """The seed as an A4 PDF: running header, page-number footer, paragraphs with a two-character
    first-line indent wrapped to the margins, the title lines centred, ruled tables."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    page_width, page_height = A4
    left, right, top_margin, bottom_margin = 72.0, page_width - 72.0, 72.0, 72.0
    width = right - left
    pdf = canvas.Canvas(buffer, pagesize=A4)
    state = {"page": 1, "y": page_height - top_margin}

    def furniture() -> None:
        if header:
            pdf.setFont(FONT, 9)
            pdf.drawCentredString(page_width / 2, page_height - 40, header)
            pdf.line(left, page_height - 45, right, page_height - 45)
        pdf.setFont(FONT, 9)
        pdf.drawCentredString(page_width / 2, 30, f"- {state['page']} -")

    def new_page() -> None:
        pdf.showPage()
        state["page"] += 1
        state["y"] = page_height - top_margin
        furniture()

    furniture()
    items = blocks(text)
    title_lines = 0
    for item in items[:2]:  # the title: the first short lines before the first heading
        if not isinstance(item, str) or len(item) > 40 or re.match(r"^[一二三四五六七八九十]+、", item):
            break
        title_lines += 1
    for position, item in enumerate(items):
        if isinstance(item, str):
            if position < title_lines:
                title_size = 15.0
                for piece in _wrap(item, width, title_size):
                    if state["y"] - title_size * 1.6 < bottom_margin:
                        new_page()
                    state["y"] -= title_size * 1.6
                    pdf.setFont(FONT, title_size)
                    pdf.drawCentredString(page_width / 2, state["y"], piece)
                continue
            first = size * 2 if indent else 0.0
            for number, piece in enumerate(_wrap(item, width, size, first)):
                if state["y"] - size * 1.6 < bottom_margin:
                    new_page()
                state["y"] -= size * 1.6
                pdf.setFont(FONT, size)
                pdf.drawString(left + (first if number == 0 else 0.0), state["y"], piece)
            continue
        _draw_table(pdf, item, state, left, width, bottom_margin, table_size, new_page)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_table(pdf, table: Table, state: dict, left: float, width: float, bottom: float, size: float,
                new_page) -> None:
    leading, pad = size * 1.35, 3.0
    state["y"] -= 4
    for row in table.rows:
        count = max(1, len(row))
        cell_width = width / count
        wrapped = [[piece for line in (cell or [""]) for piece in _wrap(line, cell_width - 2 * pad, size)]
                   for cell in row] or [[""]]
        height = max(len(lines) for lines in wrapped) * leading + 2 * pad
        if state["y"] - height < bottom:
            new_page()
            state["y"] -= 4
        top = state["y"]
        pdf.setLineWidth(0.6)
        pdf.line(left, top, left + width, top)
        pdf.line(left, top - height, left + width, top - height)
        for index in range(count + 1):
            x = left + index * cell_width
            pdf.line(x, top, x, top - height)
        pdf.setFont(FONT, size)
        for index, lines in enumerate(wrapped):
            for number, line in enumerate(lines):
                pdf.drawString(left + index * cell_width + pad, top - pad - size - number * leading + 1.5, line)
        state["y"] = top - height
    state["y"] -= 6


def raw_pdf(page_contents: list[bytes], compress: bool = True, extra_objects: Optional[list[bytes]] = None) -> bytes:
    """A minimal PDF whose pages have the given content streams (for bombs and odd cases)."""
    objects: list[bytes] = []
    count = len(page_contents)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    for index, content in enumerate(page_contents):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * index} 0 R "
                       f"/Resources << >> >>".encode())
        body = zlib.compress(content, 9) if compress else content
        filters = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length " + str(len(body)).encode() + filters + b" >>\nstream\n" + body + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


# -- web page ----------------------------------------------------------------------------------
def seed_html(text: str, *, charset: str = "gb2312", title: str = "") -> bytes:
    """The seed as a government disclosure page: header, navigation, breadcrumbs, the 索引号 block,
    the article (title, info line, the report), share and print links, footer, scripts."""
    items = blocks(text)
    title = title or next((item for item in items if isinstance(item, str)), "")
    body: list[str] = []
    for number, item in enumerate(items):
        if isinstance(item, str):
            style = ' style="text-indent:2em"' if number % 2 else ""
            lead = "&nbsp;&nbsp;&nbsp;&nbsp;" if number % 3 == 0 else ""
            body.append(f"<p{style}>{lead}<span style=\"font-family:仿宋\">{html.escape(item)}</span></p>")
            continue
        rows = []
        for row in item.rows:
            cells = "".join("<td>" + "<br/>".join(html.escape(line) for line in cell) + "</td>" for cell in row)
            rows.append(f"<tr>{cells}</tr>")
        body.append('<table border="1" cellspacing="0" style="border-collapse:collapse"><tbody>'
                    + "\n".join(rows) + "</tbody></table>")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{html.escape(title)}_财政预决算_XX市人民政府门户网站</title>
<link rel="stylesheet" href="/css/style.css" />
<style>body {{ font-size: 14px }} .nav li {{ float: left }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>统计</p>");</script>
</head>
<body>
<div class="top"><div class="top-link"><a href="/">无障碍</a> | <a href="#">长者模式</a> | <a href="#">English</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="XX市人民政府" /></div>
<div class="search"><form action="/search"><input type="text" name="q" /><button>搜索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="main">
<div class="position">您当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/czyjs/">财政预决算</a></div>
<table class="xxgk-table"><tr><td>索引号：</td><td>11431200MB1234567X/2024-00123</td><td>主题分类：</td><td>财政、审计</td></tr>
<tr><td>发布机构：</td><td>XX市财政局</td><td>发布日期：</td><td>2024-05-20</td></tr>
<tr><td>名称：</td><td>{html.escape(title)}</td><td>文号：</td><td></td></tr></table>
<div class="article">
<div class="article-title"><h1>{html.escape(title)}</h1></div>
<div class="article-info">发布时间：2024-05-20 10:21 来源：XX市财政局 浏览次数：<span id="hits">1024</span> 字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(body)}
</div>
<div class="bdshare">分享到：<a href="#" class="bds_weixin">微信</a> <a href="#" class="bds_tsina">微博</a></div>
<div class="print-bar">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/a.html">2022年部门整体支出绩效自评报告</a></li></ul></div>
</div>
<div class="footer"><p>主办单位：XX市人民政府办公室 网站标识码：4312000001</p><p>湘ICP备05001234号 湘公网安备 43120202000123号</p></div>
<script>window.onload = function () {{ document.getElementById("hits").innerText = "1025"; }};</script>
</body>
</html>
"""
    return page.encode("gb18030" if charset.lower() in ("gb2312", "gbk", "gb18030") else charset)


# -- workbook ----------------------------------------------------------------------------------
def attachments_text(text: str) -> str:
    """Seed 004's attachments: from the first 附件N-N line on its own to the end."""
    lines = text.split("\n")
    start = next(index for index, line in enumerate(lines) if re.fullmatch(r"附件\d+-\d+", line.strip()))
    return "\n".join(lines[start:])


_NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?(%?)$")


def seed_xlsx(text: str) -> bytes:
    """Each attachment (附件N-N) a sheet: caption lines in merged rows, the table's rows in columns
    (a row with fewer cells than the widest has its last cell merged across the rest), numbers
    stored as numbers with their decimals as the number format, the note lines under the table."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    parts = re.split(r"\n(?=附件\d+-\d+\n)", "\n" + attachments_text(text))
    for part in parts:
        part = part.strip("\n")
        if not part:
            continue
        items = blocks(part)
        name = items[0] if isinstance(items[0], str) else f"Sheet{len(workbook.worksheets) + 1}"
        sheet = workbook.create_sheet(name[:31])
        width = max((len(row) for item in items if isinstance(item, Table) for row in item.rows), default=1)
        row_number = 0
        for item in items:
            if isinstance(item, str):
                row_number += 1
                sheet.cell(row=row_number, column=1, value=item)
                if width > 1:
                    sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
                continue
            for row in item.rows:
                row_number += 1
                for column, cell in enumerate(row, 1):
                    value = "\n".join(cell)
                    target = sheet.cell(row=row_number, column=column)
                    match = _NUMBER.match(value)
                    if match and value:
                        decimals = len(match.group(1) or "")
                        if match.group(2):
                            target.value = float(value[:-1]) / 100
                            target.number_format = "0" + ("." + "0" * decimals if decimals else "") + "%"
                        else:
                            target.value = float(value) if decimals else int(value)
                            target.number_format = "0." + "0" * decimals if decimals else "General"
                    elif value:
                        target.value = value
                if len(row) < width:
                    sheet.merge_cells(start_row=row_number, start_column=len(row), end_row=row_number,
                                      end_column=width)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
