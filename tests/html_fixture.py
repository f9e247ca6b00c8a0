"""A run result with known findings for the HTML formatter's tests (unit and browser).

Findings are built by hand at exact places of seed 001 (and of a hostile report), so the
tests do not depend on what the rule plugins currently find.
"""

from __future__ import annotations

from reportlint.pluginapi.findings import Evidence, Finding
from reportlint.run.runner import FileResult, RunResult
from util import SEED_NAMES, seed_text

HOSTILE_TEXT = ('一、单位基本情况\n<script>window.__pwned = 1</script>\n'
                '"><img src=x onerror="window.__pwned = 2"> 合计 10+20=40\n')


def _at(path: str, text: str, line: int, needle: str, rule: str, severity: str, message: str,
        section: list[str], **evidence) -> Finding:
    row = text.split("\n")[line - 1]
    column = row.index(needle) + 1
    return Finding(path=path, rule=rule, name="test-rule", severity=severity, message=message, line=line,
                   column=column, end_line=line, end_column=column + len(needle), section=section,
                   evidence=Evidence(**evidence), snippet=row, fingerprint=f"{rule}-{line}", plugin="test",
                   location=f"第{line}段")


def review_result() -> RunResult:
    path = SEED_NAMES["001"]
    text = seed_text("001")
    findings = [
        _at(path, text, 88, "3.98%", "FRM001", "error", "差异率算式结果应为 3.98%，报告写作 3.89%",
            ["三、绩效自评情况"], stated="3.89%", computed="3.98%", expression="(3257.65-3132.88)/3132.88*100%"),
        _at(path, text, 58, "简介评价小组成立情况，人员构成，职能分工等。", "SEC005", "warning",
            "模板说明文字未删除：简介评价小组成立情况，人员构成，职能分工等。", ["二、自评工作开展情况"]),
        _at(path, text, 97, "（2）", "SEC003", "warning", "编号（2）重复：上一条也是（2），应为（3）",
            ["三、绩效自评情况", "（一）自评结果"]),
        _at(path, text, 11, "2021年6月1日", "DAT002", "info", "填报日期 2021年6月1日 晚于评价年度次年的一季度",
            []),
    ]
    findings.sort(key=Finding.sort_key)
    hostile = [_at("hostile.txt", HOSTILE_TEXT, 3, "10+20=40", "FRM001", "error",
                   '<b>算式</b> 10+20 应为 30，报告写作 40 "><script>window.__pwned=3</script>',
                   ["一、单位基本情况"], stated="40", computed="30", expression="10+20")]
    files = [
        FileResult(path=path, findings=findings, text=text, profile="guangdong-zhanjiang", seconds=0.004),
        FileResult(path="hostile.txt", findings=hostile, text=HOSTILE_TEXT, seconds=0.001),
        FileResult(path="broken.docx", error="not a .docx file (not a zip archive) / 不是有效的 .docx 文件"),
    ]
    return RunResult(files=files)
