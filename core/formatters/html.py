"""`--format html`: one self-contained review page, in Chinese, for the people who fix reports.

Each report's text is shown line by line with every finding highlighted where it is
(line and column spans), a note under the line with the message and the stated and
computed values, and a list of the findings grouped by section whose links jump to the
place. The report's tables (tab-prefixed cell lines, the layout grammar's rows) are drawn as
grids: column headers (the first row, and later rows of text only), each row's first cell as
its row header, the offending cell outlined, and the finding list names the cell as
表格2 第9行第3列（行“项目支出：”，列“2023年预算数”）. Each file says 通过 / 不通过 (a finding at
or above its fail level) or 无法读取. Filters: a search box, a file, a rule (clicking a rule in
the summary selects it), families and severities. Template titles, not slugs.

Built to stay quick with hundreds of reports (tests/test_html_review.py loads 500): the
text of each report is a <details> shown open only for up to `open_text_up_to` reports
(closed, the browser lays none of it out; a link into it opens it), and the script touches
only elements whose state changes. Below 700 px the header
stops being sticky and the summary becomes one card per file (no horizontal scrolling at
390 px: wide report tables scroll inside their own box); a print stylesheet drops the
filters and opens every report's text.

Self-contained: inline CSS and JS, no fonts, images or scripts from anywhere, and a
Content-Security-Policy that forbids loading anything. Reports are untrusted input, so
every piece of text goes through `html.escape`; nothing from a report is put inside the
script.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Optional

from reportlint import regex_cache
from . import Formatter

SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITIES = ("error", "warning", "info")
_FAMILY = regex_cache.compile(r"[A-Za-z]+")


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def family(rule: str) -> str:
    match = _FAMILY.match(rule)
    return match.group().upper() if match else rule


def _row_lines(lines: list[str], start: int) -> Optional[tuple[list[list[int]], int]]:
    """The table row starting at line index `start` (a tab-prefixed cell line), as the layout
    grammar reads it: cells (each a list of line indexes: its tab line, then continuation
    lines) up to the empty line that ends the row. Returns (cells, index after the row)."""
    if not lines[start].lstrip(" ").startswith("\t"):
        return None
    cells: list[list[int]] = []
    index = start
    while index < len(lines) and lines[index] != "":
        if lines[index].lstrip(" ").startswith("\t"):
            cells.append([index])
        else:
            cells[-1].append(index)
        index += 1
    return cells, index


def table_blocks(lines: list[str]) -> dict[int, tuple[list[list[list[int]]], int]]:
    """Tables in the layout text: first line index → (rows of cells of line indexes, end index).

    Rows are gathered into one table while the line after a row's empty line(s) starts
    another row (the outline builder's rule)."""
    tables: dict[int, tuple[list, int]] = {}
    index = 0
    while index < len(lines):
        row = _row_lines(lines, index)
        if row is None:
            index += 1
            continue
        first, rows = index, []
        while row is not None:
            cells, after = row
            rows.append(cells)
            blank = after
            while blank < len(lines) and lines[blank] == "":
                blank += 1
            index = after
            row = _row_lines(lines, blank) if blank < len(lines) else None
            if row is not None:
                index = blank
        tables[first] = (rows, index)
    return tables


_NUMERIC = regex_cache.compile(r"^[\s\d,，.．+\-－%％()（）万元]*\d[\s\d,，.．+\-－%％()（）万元]*$")


def _cell_text(lines: list[str], cell: list[int]) -> str:
    return " ".join(lines[i].strip(" \t") for i in cell).strip()


def header_rows(lines: list[str], rows) -> set[int]:
    """Rows read as column headers: the first, and any later row of two or more filled cells of
    which none is a number (经费控制情况 | 2022年决算数 | 2023年预算数 starts a new block)."""
    heads = {0}
    for number, cells in enumerate(rows[1:], 1):
        texts = [_cell_text(lines, cell) for cell in cells]
        filled = [t for t in texts if t]
        if len(filled) >= 2 and not any(_NUMERIC.match(t) for t in filled):
            heads.add(number)
    return heads


def cell_places(lines: list[str], tables) -> dict[int, tuple[int, int, int, str, str]]:
    """Line index → (table number, row, column, row header, column header) for every cell line."""
    places: dict[int, tuple[int, int, int, str, str]] = {}
    for table_number, (first, (rows, _end)) in enumerate(sorted(tables.items()), 1):
        heads = header_rows(lines, rows)
        head = 0
        for row_number, cells in enumerate(rows):
            if row_number in heads:  # the nearest header row at or above this one
                head = row_number
            row_header = _cell_text(lines, cells[0]) if cells else ""
            for column, cell in enumerate(cells):
                header_cells = rows[head]
                column_header = _cell_text(lines, header_cells[column]) if column < len(header_cells) else ""
                for line_index in cell:
                    places[line_index] = (table_number, row_number + 1, column + 1, row_header, column_header)
    return places


def place_text(place) -> str:
    table, row, column, row_header, column_header = place
    names = "，".join(part for part in (f"行“{row_header}”" if row_header and column > 1 else "",
                                        f"列“{column_header}”" if column_header and row > 1 else "") if part)
    return f"表格{table} 第{row}行第{column}列" + (f"（{names}）" if names else "")


class HtmlFormatter(Formatter):
    name = "html"
    description = "one self-contained HTML review page (Chinese), findings highlighted in the text / 审阅网页"
    needs_text = True
    open_text_up_to = 20  # reports whose text is shown open; with more, each opens on demand

    def format(self, result) -> str:
        files = list(result.files)
        self._fails = getattr(result, "fails", None) or _fails_by(getattr(result, "settings", None))
        self._titles = _profile_titles()
        families = sorted({family(f.rule) for f in result.findings})
        counts = Counter(f.severity for f in result.findings)
        failing = sum(1 for item in files if not item.error and self._fails(item))
        parts = [_HEAD.replace("{title}", "reportlint 审阅报告")]
        parts.append('<header id="top"><h1>绩效自评报告审阅结果</h1>')
        parts.append(f'<p class="totals">共 {len(files)} 个文件（通过 {len(files) - failing - len(result.errors)}，'
                     f'<span class="{"err" if failing else ""}">不通过 {failing}</span>）；问题 '
                     f'<b>{len(result.findings)}</b> 个'
                     f'（错误 {counts["error"]}，警告 {counts["warning"]}，提示 {counts["info"]}）'
                     + (f'，<span class="err">{len(result.errors)} 个文件无法读取</span>' if result.errors else "")
                     + "</p>")
        parts.append(self._filters(families, files, result.findings))
        parts.append("</header><main>")
        if len(files) > 1 or result.extra:
            parts.append(self._summary(result, files))
        self._open = len(files) <= self.open_text_up_to
        for index, file_result in enumerate(files, 1):
            parts.append(self._report(index, file_result))
        parts.append("</main>")
        parts.append(_SCRIPT)
        parts.append("</body></html>\n")
        return "".join(parts)

    def _verdict(self, item) -> str:
        if item.error:
            return '<span class="verdict unread">无法读取</span>'
        if self._fails(item):
            return '<span class="verdict fail">不通过</span>'
        return '<span class="verdict pass">通过</span>'

    def _template(self, item) -> str:
        return self._titles.get(item.profile or "", item.profile or "")

    # -- header --------------------------------------------------------------------------
    def _filters(self, families: list[str], files, findings) -> str:
        boxes = ['<form class="filters" id="filters" onsubmit="return false">']
        boxes.append('<span class="group"><label class="label" for="f-search">搜索：</label>'
                     '<input type="search" id="f-search" placeholder="问题、规则或原文" autocomplete="off"></span>')
        if len(files) > 1:
            boxes.append('<span class="group"><label class="label" for="f-file">文件：</label>'
                         '<select id="f-file"><option value="">全部文件</option>')
            for index, item in enumerate(files, 1):
                boxes.append(f'<option value="{index}">{esc(item.path)}</option>')
            boxes.append("</select></span>")
        by_rule = Counter(f.rule for f in findings)
        boxes.append('<span class="group"><label class="label" for="f-rule">规则：</label>'
                     '<select id="f-rule"><option value="">全部规则</option>')
        for rule, count in sorted(by_rule.items()):
            boxes.append(f'<option value="{esc(rule)}">{esc(rule)} {esc(self._rule_title(rule))}（{count}）</option>')
        boxes.append("</select></span>")
        boxes.append('<span class="group"><span class="label">问题类别：</span>')
        for name in families:
            title = _FAMILY_CN.get(name, name)
            boxes.append(f'<label><input type="checkbox" data-filter="family" value="{esc(name)}" checked> '
                         f'{esc(name)} {esc(title)}</label>')
        boxes.append('</span><span class="group"><span class="label">严重程度：</span>')
        for severity in SEVERITIES:
            boxes.append(f'<label class="sev-{severity}"><input type="checkbox" data-filter="severity" '
                         f'value="{severity}" checked> {SEVERITY_CN[severity]}</label>')
        boxes.append('</span><button type="button" id="f-reset">清除筛选</button>'
                     '<span id="shown" class="shown"></span></form>')
        return "".join(boxes)

    def _rule_title(self, rule: str) -> str:
        doc = self.rules.get(rule)
        if doc is None:
            return ""
        title = getattr(doc, "title", None)
        if isinstance(title, str) and title:
            return title
        return doc.summary() if hasattr(doc, "summary") else ""

    def _summary(self, result, files) -> str:
        rows = ['<section class="summary" id="summary"><h2>汇总</h2><div class="scroll"><table><thead><tr>'
                '<th scope="col">文件</th><th scope="col">模板</th><th scope="col">结论</th><th scope="col">错误</th>'
                '<th scope="col">警告</th><th scope="col">提示</th></tr></thead><tbody>']
        for index, item in enumerate(files, 1):
            c = Counter(f.severity for f in item.findings)
            verdict = self._verdict(item)
            if item.error:
                verdict += f'<span class="err">：{esc(item.error)}</span>'
            rows.append(f'<tr><th scope="row" class="path"><a href="#file-{index}">{esc(item.path)}</a></th>'
                        f'<td data-label="模板">{esc(self._template(item))}</td><td data-label="结论">{verdict}</td>'
                        f'<td class="n" data-label="错误">{c["error"]}</td><td class="n" data-label="警告">{c["warning"]}</td>'
                        f'<td class="n" data-label="提示">{c["info"]}</td></tr>')
        rows.append("</tbody></table></div>")
        by_rule = Counter((f.rule, f.severity) for f in result.findings)
        if by_rule:
            rows.append('<h3>按规则统计 <span class="dim">（点击规则只看该规则的问题）</span></h3><ul class="by-rule">')
            for (rule, severity), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0][0])):
                rows.append(f'<li class="sev-{severity}"><a href="#top" class="rule-link" data-rule="{esc(rule)}">'
                            f'<b>{esc(rule)}</b></a> {SEVERITY_CN[severity]} × {count} '
                            f'<span class="dim">{esc(self._rule_title(rule))}</span></li>')
            rows.append("</ul>")
        if result.extra:
            rows.append('<h3>运行问题</h3><ul>')
            for finding in result.extra:
                rows.append(f'<li class="sev-{finding.severity}"><b>{esc(finding.rule)}</b> {esc(finding.message)}</li>')
            rows.append("</ul>")
        rows.append("</section>")
        return "".join(rows)

    # -- one report ----------------------------------------------------------------------
    def _report(self, index: int, item) -> str:
        findings = list(item.findings)
        ids = {id(f): f"f-{index}-{k}" for k, f in enumerate(findings, 1)}
        out = [f'<section class="report" id="file-{index}" data-file="{index}"><h2>{esc(item.path)} '
               f'{self._verdict(item)}</h2>']
        meta = []
        if item.profile:
            meta.append(f"模板：{esc(self._template(item))}")
        c = Counter(f.severity for f in findings)
        meta.append(f"问题 {len(findings)} 个（错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}）")
        out.append(f'<p class="meta">{"；".join(meta)}</p>')
        if item.error:
            out.append(f'<p class="err">无法读取此文件：{esc(item.error)}</p></section>')
            return "".join(out)
        lines = item.text.split("\n") if item.text is not None else []
        tables = table_blocks(lines)
        places = cell_places(lines, tables)
        self._places = places
        out.append(self._finding_list(findings, ids, places))
        if item.text is not None:
            out.append(self._text(index, lines, tables, findings, ids))
        out.append("</section>")
        return "".join(out)

    def _finding_list(self, findings, ids, places=None) -> str:
        if not findings:
            return '<p class="ok">未发现问题。</p>'
        groups: dict[tuple, list] = {}
        for finding in findings:
            groups.setdefault(tuple(finding.section), []).append(finding)
        out = ['<div class="findings"><h3>问题清单（按章节）</h3>']
        for section, items in groups.items():
            title = " › ".join(section) if section else "（章节之外）"
            out.append(f'<h4>{esc(title)}</h4><ul>')
            for finding in items:
                place = (places or {}).get(finding.line - 1)
                if finding.location:
                    where = esc(finding.location)
                elif place is not None:
                    where = esc(place_text(place))
                else:
                    where = f"第{finding.line}行第{finding.column}列"
                out.append(f'<li class="finding sev-{finding.severity}" {_data(finding)} data-fid="{ids[id(finding)]}">'
                           f'<a class="jump" href="#{ids[id(finding)]}">{esc(finding.rule)} {where}</a> '
                           f'<span class="badge sev-{finding.severity}">'
                           f'{SEVERITY_CN[finding.severity]}</span> {esc(finding.message)}{_values(finding)}</li>')
            out.append("</ul>")
        out.append("</div>")
        return "".join(out)

    def _text(self, index: int, lines: list[str], tables, findings, ids) -> str:
        pieces: dict[int, list[tuple[int, int, object]]] = {}
        notes: dict[int, list] = {}
        for finding in findings:
            first = max(1, min(finding.line, len(lines)))
            last = max(first, min(finding.end_line, len(lines)))
            notes.setdefault(last, []).append(finding)
            for number in range(first, last + 1):
                length = len(lines[number - 1])
                start = finding.column - 1 if number == first else 0
                end = finding.end_column - 1 if number == last else length
                start = max(0, min(start, length))
                end = max(start, min(end, length))
                pieces.setdefault(number, []).append((start, end, finding))
        opened = " open" if self._open else ""
        out = [f'<details class="text" id="text-{index}"{opened}><summary><h3>报告原文（共 {len(lines)} 行）</h3>'
               '</summary>']
        position = 0
        while position < len(lines):
            if position in tables:
                rows, end = tables[position]
                out.append(self._grid(index, lines, rows, pieces, notes, ids))
                position = end
                continue
            number = position + 1
            line = lines[position]
            body = _highlight(line, pieces.get(number, []), ids, number)
            out.append(f'<div class="line" id="file-{index}-L{number}"><span class="ln">{number}</span>'
                       f'<span class="code">{body}</span></div>')
            out.extend(self._note(finding, ids) for finding in notes.get(number, []))
            position += 1
        out.append("</details>")
        return "".join(out)

    def _note(self, finding, ids) -> str:
        location = f'<span class="loc">位置：{esc(finding.location)}</span>' if finding.location else ""
        first = ""
        if location and getattr(finding, "word", None) is not None:  # a .docx: the place in Word first
            first, location = location + " ", ""
        return (f'<div class="note sev-{finding.severity}" {_data(finding)} data-fid="{ids[id(finding)]}">'
                f'{first}<b>{esc(finding.rule)}</b> {esc(finding.message)}{_values(finding)}{location}'
                + (f'<span class="hint">建议：{esc(finding.suggestion)}</span>' if finding.suggestion else "")
                + "</div>")

    def _grid(self, index: int, lines: list[str], rows, pieces, notes, ids) -> str:
        """A table of the report as a grid: the first row as column headers, each row's first cell
        as its row header, line numbers kept (links land in the cell), offending cells marked."""
        width = max(len(cells) for cells in rows)
        first_line = rows[0][0][0] + 1
        heads = header_rows(lines, rows)
        out = [f'<div class="grid-wrap"><table class="grid" data-first-line="{first_line}">'
               f'<caption>表格（第{first_line}行起，{len(rows)} 行 × {width} 列）</caption>']
        below: list = []
        for row_number, cells in enumerate(rows):
            out.append("<tr>")
            for column, cell in enumerate(cells):
                header = row_number in heads or column == 0
                tag = "th" if header else "td"
                scope = ' scope="col"' if row_number in heads else (' scope="row"' if column == 0 else "")
                hits = [f for number in cell for _, _, f in pieces.get(number + 1, [])]
                classes = ["cell"]
                title = ""
                if hits:
                    worst = min(hits, key=lambda f: SEVERITIES.index(f.severity))
                    classes += ["bad", f"sev-{worst.severity}"]
                    place = self._places.get(cell[0])
                    if place is not None:
                        title = f' title="{esc(place_text(place))}"'

                span = f' colspan="{width - column}"' if column == len(cells) - 1 and len(cells) < width else ""
                body = []
                for line_index in cell:
                    number = line_index + 1
                    line = lines[line_index]
                    cut = line.index("\t") + 1 if line.lstrip(" ").startswith("\t") else 0
                    while cut < len(line) and line[cut] in " \t":
                        cut += 1
                    shifted = [(max(0, a - cut), max(0, b - cut), f) for a, b, f in pieces.get(number, [])]
                    text = _highlight(line[cut:], shifted, ids, number)
                    body.append(f'<span class="cl" id="file-{index}-L{number}" title="第{number}行">{text}</span>')
                    below.extend(notes.get(number, []))
                out.append(f'<{tag}{scope}{span} class="{" ".join(classes)}" data-r="{row_number + 1}" '
                           f'data-c="{column + 1}"{title}>{"".join(body)}</{tag}>')
            out.append("</tr>")
        out.append("</table></div>")
        out.extend(self._note(finding, ids) for finding in below)
        return "".join(out)


def _fails_by(settings):
    """file result → 不通过: a finding at or above the run's fail level (default: warning)."""
    from ..pluginapi.findings import SEVERITY_RANK

    level = SEVERITY_RANK[getattr(settings, "fail_on", None) or "warning"]
    return lambda item: any(SEVERITY_RANK[f.severity] >= level for f in item.findings)


def _profile_titles() -> dict[str, str]:
    """Template name → its title (广东·湛江 整体绩效自评报告（附件6）), from the loaded profiles."""
    try:
        from ..run.runner import get_manager

        return {p.name: p.title for p in get_manager().profiles()}
    except Exception:  # noqa: BLE001 - a title is a nicety: the slug stays
        return {}


def _data(finding) -> str:
    return (f'data-family="{esc(family(finding.rule))}" data-severity="{esc(finding.severity)}" '
            f'data-rule="{esc(finding.rule)}"')


def _values(finding) -> str:
    evidence = finding.evidence
    parts = []
    if evidence.stated is not None:
        parts.append(f'<span class="stated">陈述值 {esc(evidence.stated)}</span>')
    if evidence.computed is not None:
        parts.append(f'<span class="computed">计算值 {esc(evidence.computed)}</span>')
    if evidence.expression:
        parts.append(f'<span class="expr">算式 {esc(evidence.expression)}</span>')
    return f'<span class="values">{"".join(parts)}</span>' if parts else ""


def _highlight(line: str, pieces: list, ids: dict, number: int) -> str:
    """The line with each finding's columns wrapped in <mark>; overlapping findings share segments."""
    if not pieces:
        return esc(line) if line else " "
    cuts = {0, len(line)}
    for start, end, _ in pieces:
        cuts.update((start, end))
    cuts = sorted(cuts)
    anchors: dict[int, list[str]] = {}
    carets: dict[int, list] = {}
    for start, end, finding in pieces:
        if number == finding.line:
            anchors.setdefault(start, []).append(ids[id(finding)])
        if start == end:  # a point (something missing here): a visible caret marks it
            carets.setdefault(start, []).append(finding)
    out = []
    for left, right in zip(cuts, cuts[1:] + [None]):
        for anchor in anchors.pop(left, []):
            out.append(f'<a class="anchor" id="{anchor}"></a>')
        for finding in carets.pop(left, []):
            out.append(f'<mark class="hl caret sev-{finding.severity}" data-ids="{ids[id(finding)]}" '
                       f'title="{esc(finding.rule + " " + finding.message)}">▲</mark>')
        if right is None:
            break
        segment = line[left:right]
        covering = [f for start, end, f in pieces if start <= left and right <= end and start < end]
        if not covering:
            out.append(esc(segment))
            continue
        worst = min(covering, key=lambda f: SEVERITIES.index(f.severity))
        out.append(f'<mark class="hl sev-{worst.severity}" data-ids="{" ".join(ids[id(f)] for f in covering)}" '
                   f'title="{esc("；".join(f"{f.rule} {f.message}" for f in covering))}">{esc(segment)}</mark>')
    return "".join(out) or " "


_FAMILY_CN = {"DAT": "日期", "FRM": "公式与金额", "SEC": "章节结构", "SCO": "评分", "PRS": "解析"}

_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
:root { --error:#c62828; --warning:#b26a00; --info:#1565c0; --bg:#fafafa; --pass:#2e7d32; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust:100%; }
body { margin:0; font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif; background:var(--bg); color:#222; overflow-wrap:anywhere; }
header { position:sticky; top:0; z-index:10; background:#fff; border-bottom:1px solid #ddd; padding:8px 16px; }
h1 { font-size:18px; margin:0 0 4px; } h2 { font-size:16px; margin:0 0 4px; word-break:break-all; }
h3 { font-size:15px; margin:12px 0 4px; display:inline-block; } h4 { font-size:14px; margin:8px 0 2px; color:#444; }
main { padding:8px 16px 40vh; }
.totals { margin:0 0 4px; }
.filters { display:flex; flex-wrap:wrap; gap:4px 14px; align-items:center; }
.filters .group { display:inline-flex; flex-wrap:wrap; align-items:center; gap:2px 8px; max-width:100%; }
.filters label { white-space:nowrap; } .label { font-weight:bold; }
.filters select, .filters input[type=search] { max-width:100%; min-width:0; font:inherit; }
.filters select { max-width:22em; } #f-search { width:14em; }
.shown { color:#666; }
section { background:#fff; border:1px solid #e0e0e0; border-radius:6px; padding:10px 14px; margin:12px 0; }
.scroll, .grid-wrap { max-width:100%; overflow-x:auto; }
table { border-collapse:collapse; } td, th { border:1px solid #ddd; padding:2px 8px; text-align:left; vertical-align:top; }
.summary table { width:100%; } .summary th.path { font-weight:normal; word-break:break-all; } td.n { text-align:right; }
.by-rule { padding-left:20px; } .rule-link { text-decoration:none; } .rule-link:hover { text-decoration:underline; }
.err { color:var(--error); } .ok { color:var(--pass); } .dim, .meta { color:#666; }
.verdict { display:inline-block; border-radius:3px; padding:0 6px; font-size:13px; font-weight:bold; white-space:nowrap; }
.verdict.pass { color:#fff; background:var(--pass); } .verdict.fail { color:#fff; background:var(--error); }
.verdict.unread { color:#fff; background:#616161; }
.badge { border-radius:3px; padding:0 4px; color:#fff; font-size:12px; }
.badge.sev-error { background:var(--error); } .badge.sev-warning { background:var(--warning); } .badge.sev-info { background:var(--info); }
.findings ul { margin:0; padding-left:20px; } .finding { margin:2px 0; }
.values span, .loc, .hint { display:inline-block; margin-left:8px; padding:0 4px; background:#f1f1f1; border-radius:3px; font-size:13px; max-width:100%; }
.values .stated { background:#fde7e7; } .values .computed { background:#e3f2e5; }
details.text { border-top:1px solid #eee; margin-top:8px; } details.text > summary { cursor:pointer; }
.text .line, .text .grid { font-family: "Noto Sans Mono CJK SC", monospace; }
.line { display:flex; white-space:pre-wrap; word-break:break-all; tab-size:4; }
.ln { flex:0 0 3.5em; color:#999; text-align:right; padding-right:8px; user-select:none; }
.code { flex:1; min-width:0; }
table.grid { margin:4px 0 6px 3.5em; font-size:13px; }
table.grid caption { text-align:left; color:#666; font-family:sans-serif; }
table.grid th { background:#f5f5f5; font-weight:bold; } table.grid th[scope=row] { min-width:7em; }
table.grid .cl { display:block; white-space:pre-wrap; }
table.grid .cell.bad { outline:2px solid var(--warning); outline-offset:-2px; background:#fff8e1; }
table.grid .cell.bad.sev-error { outline-color:var(--error); background:#ffebee; }
table.grid .cell.bad.sev-info { outline-color:var(--info); background:#e3f2fd; }
mark.hl { background:#ffe082; border-bottom:2px solid var(--warning); padding:0; }
mark.hl.sev-error { background:#ffcdd2; border-bottom-color:var(--error); }
mark.hl.sev-info { background:#bbdefb; border-bottom-color:var(--info); }
mark.hl.off { background:none; border-bottom:none; }
mark.caret.off { display:none; }
.note { margin:2px 0 6px 3.5em; padding:2px 8px; border-left:3px solid var(--warning); background:#fff8e1; font-family:sans-serif; }
.note.sev-error { border-left-color:var(--error); background:#ffebee; } .note.sev-info { border-left-color:var(--info); background:#e3f2fd; }
.anchor { scroll-margin-top:160px; }
.flash { outline:3px solid #ff6f00; }
[hidden] { display:none !important; }
@media (max-width: 700px) {
  header { position:static; padding:8px 10px; }
  main { padding:4px 8px 20vh; }
  section { padding:8px 8px; }
  .filters select { max-width:100%; } #f-search { width:100%; }
  .filters .group { width:100%; }
  .ln { flex-basis:2.6em; padding-right:4px; }
  .note, table.grid { margin-left:0; }
  .anchor { scroll-margin-top:8px; }
  .summary thead { display:none; }
  .summary table, .summary tbody, .summary tr, .summary th, .summary td { display:block; width:100%; }
  .summary tr { border:1px solid #ddd; border-radius:4px; margin:0 0 6px; padding:4px 6px; }
  .summary th, .summary td { border:none; padding:0; text-align:left; }
  .summary td.n { display:inline-block; width:auto; margin-right:12px; }
  .summary td[data-label]::before { content:attr(data-label) "："; color:#666; }
  .values span, .loc, .hint { margin-left:0; margin-right:6px; }
}
@media print {
  header { position:static; border:none; } .filters, details.text > summary::marker { display:none; }
  body { background:#fff; font-size:11pt; } main { padding:0; }
  section { border:none; border-radius:0; padding:0; margin:0 0 12pt; break-inside:auto; }
  section.report { break-before:page; } section.summary + section.report { break-before:auto; }
  .finding, .note, tr { break-inside:avoid; }
  a { color:inherit; text-decoration:none; }
  .grid-wrap, .scroll { overflow:visible; }
  mark.hl, .note, .cell.bad, .verdict, .badge { print-color-adjust:exact; -webkit-print-color-adjust:exact; }
  .flash { outline:none; }
}
</style></head><body>
"""

_SCRIPT = """<script>
(function () {
  "use strict";
  var $ = function (sel) { return document.querySelector(sel); };
  var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
  var boxes = all("#filters input[type=checkbox]");
  var search = $("#f-search"), fileSel = $("#f-file"), ruleSel = $("#f-rule");
  var items = all("li.finding"), notes = all(".note[data-fid]"), marks = all("mark.hl"), reports = all("section.report");
  var state = {};
  items.forEach(function (el) { state[el.dataset.fid] = true; });
  function wanted(kind) {
    var set = {};
    boxes.forEach(function (b) { if (b.dataset.filter === kind && b.checked) set[b.value] = true; });
    return set;
  }
  function apply() {
    var fam = wanted("family"), sev = wanted("severity"), shown = 0, total = items.length;
    var q = search ? search.value.trim().toLowerCase() : "", file = fileSel ? fileSel.value : "";
    var rule = ruleSel ? ruleSel.value : "", perFile = {}, narrowed = !!(q || rule || file);
    items.forEach(function (el) {
      var report = el.closest("section.report"), fileIndex = report ? report.dataset.file : "";
      var on = !!(fam[el.dataset.family] && sev[el.dataset.severity]) && (!rule || el.dataset.rule === rule)
        && (!file || fileIndex === file) && (!q || el.textContent.toLowerCase().indexOf(q) >= 0);
      if (el.hidden === on) el.hidden = !on;
      state[el.dataset.fid] = on;
      if (on) { shown += 1; perFile[fileIndex] = (perFile[fileIndex] || 0) + 1; }
    });
    notes.forEach(function (el) { var on = !!state[el.dataset.fid]; if (el.hidden === on) el.hidden = !on; });
    marks.forEach(function (el) {
      var on = el.dataset.ids.split(" ").some(function (id) { return state[id]; });
      if (el.classList.contains("off") === on) el.classList.toggle("off", !on);
    });
    reports.forEach(function (el) {
      var hide = (file && el.dataset.file !== file) || (narrowed && !file && !perFile[el.dataset.file]);
      if (el.hidden !== !!hide) el.hidden = !!hide;
    });
    var label = $("#shown");
    if (label) label.textContent = "显示 " + shown + " / " + total + " 个问题";
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  [fileSel, ruleSel].forEach(function (el) { if (el) el.addEventListener("change", apply); });
  if (search) {
    var timer = null;
    search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  }
  var reset = $("#f-reset");
  if (reset) reset.addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; });
    if (search) search.value = ""; if (fileSel) fileSel.value = ""; if (ruleSel) ruleSel.value = "";
    apply();
  });
  function reveal(target) {
    var box = target.closest && target.closest("details");
    if (box && !box.open) box.open = true;
  }
  document.addEventListener("click", function (event) {
    var ruleLink = event.target.closest && event.target.closest("a.rule-link");
    if (ruleLink && ruleSel) {
      ruleSel.value = ruleLink.dataset.rule;
      if (fileSel) fileSel.value = "";
      apply();
      return;
    }
    var link = event.target.closest && event.target.closest("a.jump");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    reveal(target);
    var line = target.closest(".line") || target.closest(".cell");
    if (line) { line.classList.add("flash"); setTimeout(function () { line.classList.remove("flash"); }, 1500); }
  });
  if (location.hash) {
    var first = document.getElementById(location.hash.slice(1));
    if (first) { reveal(first); first.scrollIntoView(); }
  }
  window.addEventListener("beforeprint", function () { all("details.text").forEach(function (d) { d.open = true; }); });
  apply();
})();
</script>
"""
