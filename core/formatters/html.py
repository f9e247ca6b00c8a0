"""`--format html`: one self-contained review page, in Chinese, for the people who fix reports.

Each report's text is shown line by line with every finding highlighted where it is
(line and column spans), a note under the line with the message and the stated and
computed values, and a list of the findings grouped by section whose links jump to the
place. Checkboxes filter by family (DAT, FRM, SEC, SCO, PRS, …) and by severity. With
several reports, a summary table comes first.

Self-contained: inline CSS and JS, no fonts, images or scripts from anywhere, and a
Content-Security-Policy that forbids loading anything. Reports are untrusted input, so
every piece of text goes through `html.escape`; nothing from a report is put inside the
script.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Optional

from . import Formatter

SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITIES = ("error", "warning", "info")
_FAMILY = re.compile(r"[A-Za-z]+")


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def family(rule: str) -> str:
    match = _FAMILY.match(rule)
    return match.group().upper() if match else rule


class HtmlFormatter(Formatter):
    name = "html"
    description = "one self-contained HTML review page (Chinese), findings highlighted in the text"
    needs_text = True

    def format(self, result) -> str:
        files = list(result.files)
        families = sorted({family(f.rule) for f in result.findings})
        counts = Counter(f.severity for f in result.findings)
        parts = [_HEAD.replace("{title}", "reportlint 审阅报告")]
        parts.append('<header id="top"><h1>绩效自评报告审阅结果</h1>')
        parts.append(f'<p class="totals">共 {len(files)} 个文件，问题 <b>{len(result.findings)}</b> 个'
                     f'（错误 {counts["error"]}，警告 {counts["warning"]}，提示 {counts["info"]}）'
                     + (f'，<span class="err">{len(result.errors)} 个文件无法读取</span>' if result.errors else "")
                     + "</p>")
        parts.append(self._filters(families))
        parts.append("</header><main>")
        if len(files) > 1 or result.extra:
            parts.append(self._summary(result, files))
        for index, file_result in enumerate(files, 1):
            parts.append(self._report(index, file_result))
        parts.append("</main>")
        parts.append(_SCRIPT)
        parts.append("</body></html>\n")
        return "".join(parts)

    # -- header --------------------------------------------------------------------------
    def _filters(self, families: list[str]) -> str:
        boxes = ['<form class="filters" id="filters" onsubmit="return false"><span class="label">问题类别：</span>']
        for name in families:
            title = _FAMILY_CN.get(name, name)
            boxes.append(f'<label><input type="checkbox" data-filter="family" value="{esc(name)}" checked> '
                         f'{esc(name)} {esc(title)}</label>')
        boxes.append('<span class="label">严重程度：</span>')
        for severity in SEVERITIES:
            boxes.append(f'<label class="sev-{severity}"><input type="checkbox" data-filter="severity" '
                         f'value="{severity}" checked> {SEVERITY_CN[severity]}</label>')
        boxes.append('<span id="shown" class="shown"></span></form>')
        return "".join(boxes)

    def _summary(self, result, files) -> str:
        rows = ['<section class="summary" id="summary"><h2>汇总</h2><table><thead><tr><th>文件</th>'
                '<th>模板</th><th>错误</th><th>警告</th><th>提示</th><th>状态</th></tr></thead><tbody>']
        for index, item in enumerate(files, 1):
            c = Counter(f.severity for f in item.findings)
            status = (f'<span class="err">无法读取：{esc(item.error)}</span>' if item.error
                      else ("通过" if not item.findings else f"{len(item.findings)} 个问题"))
            rows.append(f'<tr><td><a href="#file-{index}">{esc(item.path)}</a></td><td>{esc(item.profile or "")}</td>'
                        f'<td>{c["error"]}</td><td>{c["warning"]}</td><td>{c["info"]}</td><td>{status}</td></tr>')
        rows.append("</tbody></table>")
        by_rule = Counter((f.rule, f.severity) for f in result.findings)
        if by_rule:
            rows.append('<h3>按规则统计</h3><ul class="by-rule">')
            for (rule, severity), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0][0])):
                doc = self.rules.get(rule)
                summary = doc.summary() if doc is not None and hasattr(doc, "summary") else ""
                rows.append(f'<li class="sev-{severity}"><b>{esc(rule)}</b> {SEVERITY_CN[severity]} × {count} '
                            f'<span class="dim">{esc(summary)}</span></li>')
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
        out = [f'<section class="report" id="file-{index}"><h2>{esc(item.path)}</h2>']
        meta = []
        if item.profile:
            meta.append(f"模板：{esc(item.profile)}")
        meta.append(f"问题 {len(findings)} 个")
        if item.seconds:
            meta.append(f"用时 {item.seconds * 1000:.0f} 毫秒")
        out.append(f'<p class="meta">{"；".join(meta)}</p>')
        if item.error:
            out.append(f'<p class="err">无法读取此文件：{esc(item.error)}</p></section>')
            return "".join(out)
        out.append(self._finding_list(findings, ids))
        if item.text is not None:
            out.append(self._text(index, item.text, findings, ids))
        out.append("</section>")
        return "".join(out)

    def _finding_list(self, findings, ids) -> str:
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
                out.append(f'<li class="finding sev-{finding.severity}" {_data(finding)}>'
                           f'<a class="jump" href="#{ids[id(finding)]}">{esc(finding.rule)} 第{finding.line}行'
                           f'第{finding.column}列</a> <span class="badge sev-{finding.severity}">'
                           f'{SEVERITY_CN[finding.severity]}</span> {esc(finding.message)}{_values(finding)}</li>')
            out.append("</ul>")
        out.append("</div>")
        return "".join(out)

    def _text(self, index: int, text: str, findings, ids) -> str:
        lines = text.split("\n")
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
        out = [f'<div class="text" id="text-{index}"><h3>报告原文（共 {len(lines)} 行）</h3>']
        for number, line in enumerate(lines, 1):
            body = _highlight(line, pieces.get(number, []), ids, number)
            out.append(f'<div class="line" id="file-{index}-L{number}"><span class="ln">{number}</span>'
                       f'<span class="code">{body}</span></div>')
            for finding in notes.get(number, []):
                location = f'<span class="loc">位置：{esc(finding.location)}</span>' if finding.location else ""
                out.append(f'<div class="note sev-{finding.severity}" {_data(finding)}><b>{esc(finding.rule)}</b> '
                           f'{esc(finding.message)}{_values(finding)}{location}'
                           + (f'<span class="hint">建议：{esc(finding.suggestion)}</span>' if finding.suggestion else "")
                           + "</div>")
        out.append("</div>")
        return "".join(out)


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
:root { --error:#c62828; --warning:#b26a00; --info:#1565c0; --bg:#fafafa; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif; background:var(--bg); color:#222; }
header { position:sticky; top:0; z-index:10; background:#fff; border-bottom:1px solid #ddd; padding:8px 16px; }
h1 { font-size:18px; margin:0 0 4px; } h2 { font-size:16px; margin:0 0 4px; word-break:break-all; }
h3 { font-size:15px; margin:12px 0 4px; } h4 { font-size:14px; margin:8px 0 2px; color:#444; }
main { padding:8px 16px 40vh; }
.totals { margin:0 0 4px; } .filters label { margin-right:10px; white-space:nowrap; } .label { font-weight:bold; margin-right:4px; }
.shown { color:#666; margin-left:8px; }
section { background:#fff; border:1px solid #e0e0e0; border-radius:6px; padding:10px 14px; margin:12px 0; }
table { border-collapse:collapse; } td, th { border:1px solid #ddd; padding:2px 8px; text-align:left; }
.err { color:var(--error); } .ok { color:#2e7d32; } .dim, .meta { color:#666; }
.badge { border-radius:3px; padding:0 4px; color:#fff; font-size:12px; }
.badge.sev-error { background:var(--error); } .badge.sev-warning { background:var(--warning); } .badge.sev-info { background:var(--info); }
.findings ul { margin:0; padding-left:20px; } .finding { margin:2px 0; }
.values span, .loc, .hint { display:inline-block; margin-left:8px; padding:0 4px; background:#f1f1f1; border-radius:3px; font-size:13px; }
.values .stated { background:#fde7e7; } .values .computed { background:#e3f2e5; }
.text { font-family: "Noto Sans Mono CJK SC", monospace; border-top:1px solid #eee; }
.line { display:flex; white-space:pre-wrap; word-break:break-all; tab-size:4; }
.ln { flex:0 0 3.5em; color:#999; text-align:right; padding-right:8px; user-select:none; }
.code { flex:1; min-width:0; }
mark.hl { background:#ffe082; border-bottom:2px solid var(--warning); padding:0; }
mark.hl.sev-error { background:#ffcdd2; border-bottom-color:var(--error); }
mark.hl.sev-info { background:#bbdefb; border-bottom-color:var(--info); }
mark.hl.off { background:none; border-bottom:none; }
mark.caret.off { display:none; }
.note { margin:2px 0 6px 3.5em; padding:2px 8px; border-left:3px solid var(--warning); background:#fff8e1; font-family:sans-serif; }
.note.sev-error { border-left-color:var(--error); background:#ffebee; } .note.sev-info { border-left-color:var(--info); background:#e3f2fd; }
.anchor { scroll-margin-top:140px; }
.flash { outline:3px solid #ff6f00; }
[hidden] { display:none !important; }
</style></head><body>
"""

_SCRIPT = """<script>
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[type=checkbox]"));
  function wanted(kind) {
    var set = {};
    boxes.forEach(function (b) { if (b.dataset.filter === kind && b.checked) set[b.value] = true; });
    return set;
  }
  function apply() {
    var fam = wanted("family"), sev = wanted("severity"), visible = {}, shown = 0, total = 0;
    document.querySelectorAll(".finding").forEach(function (el) {
      var on = !!(fam[el.dataset.family] && sev[el.dataset.severity]);
      el.hidden = !on; total += 1; if (on) shown += 1;
      var link = el.querySelector("a.jump");
      if (link && on) visible[link.getAttribute("href").slice(1)] = true;
    });
    document.querySelectorAll(".note").forEach(function (el) {
      el.hidden = !(fam[el.dataset.family] && sev[el.dataset.severity]);
    });
    document.querySelectorAll("mark.hl").forEach(function (el) {
      var ids = el.dataset.ids.split(" "), on = ids.some(function (id) { return visible[id]; });
      el.classList.toggle("off", !on);
    });
    var label = document.getElementById("shown");
    if (label) label.textContent = "显示 " + shown + " / " + total + " 个问题";
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.jump");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    var line = target.closest(".line");
    if (line) { line.classList.add("flash"); setTimeout(function () { line.classList.remove("flash"); }, 1500); }
  });
  apply();
})();
</script>
"""
