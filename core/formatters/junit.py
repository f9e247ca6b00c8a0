"""`--format junit`: JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One <testsuite> per checked file; one failing <testcase> per finding (named after the rule
and its place, the message in <failure>); a file without findings gets one passing
<testcase>, so it shows up as checked. A file that could not be read is a testcase with
<error>. Findings not tied to a checked report (a plugin that failed to load, an unused
suppression) get a testsuite named after their path.

Every name and text goes through `_xml`: XML 1.0 cannot carry most control characters nor
lone surrogates (a file name that is not UTF-8), so control characters are shown as `\\xNN`
and the bytes of a non-UTF-8 name as `\\xNN` (reportlint.formatters.escape); the document
is always well-formed UTF-8.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reportlint import regex_cache
from . import Formatter
from .escape import visible


class JunitFormatter(Formatter):
    name = "junit"
    description = "JUnit XML: a testsuite per file, a failing testcase per finding"

    def format(self, result) -> str:
        root = ET.Element("testsuites", name="reportlint")
        suites: dict[str, list] = {}
        order: list[str] = []
        for file_result in result.files:
            suites.setdefault(file_result.path, [])
            order.append(file_result.path)
        for finding in result.findings:
            if finding.path not in suites:
                order.append(finding.path)
            suites.setdefault(finding.path, []).append(finding)
        errors = {r.path: r for r in result.errors}
        seconds = {r.path: r.seconds for r in result.files}
        total = failures = error_count = 0
        for path in dict.fromkeys(order):
            findings = suites[path]
            shown = _xml(path)
            suite = ET.SubElement(root, "testsuite", name=shown, time=f"{seconds.get(path, 0.0):.3f}")
            if path in errors:
                case = ET.SubElement(suite, "testcase", classname=_classname(path), name="read", file=shown)
                problem = _xml(errors[path].error or "")
                ET.SubElement(case, "error", type="unreadable", message=problem).text = problem
                suite.set("tests", "1"), suite.set("failures", "0"), suite.set("errors", "1")
                total += 1
                error_count += 1
                continue
            for f in findings:
                case = ET.SubElement(suite, "testcase", classname=_classname(path),
                                     name=_xml(f"{f.rule} {f.name} at {_place(f)}"), file=shown,
                                     line=str(f.line))
                failure = ET.SubElement(case, "failure", type=_xml(f.rule), message=_xml(f.message))
                failure.text = _xml(_details(f))
            if not findings:
                ET.SubElement(suite, "testcase", classname=_classname(path), name="reportlint", file=shown)
            count = max(1, len(findings))
            suite.set("tests", str(count)), suite.set("failures", str(len(findings))), suite.set("errors", "0")
            total += count
            failures += len(findings)
        root.set("tests", str(total)), root.set("failures", str(failures)), root.set("errors", str(error_count))
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_NOT_XML = regex_cache.compile("[\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry: control characters and the bytes of a non-UTF-8 name as \\xNN."""
    return _NOT_XML.sub("\ufffd", visible(text or ""))


def _classname(path: str) -> str:
    return _xml("reportlint." + path.replace("\\", "/"))


def _place(f) -> str:
    """The Word location for a .docx finding, else line:column."""
    return f.location if getattr(f, "word", None) is not None and f.location else f"{f.line}:{f.column}"


def _details(f) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}"]
    if getattr(f, "word", None) is not None and f.location:
        lines.insert(0, f"位置：{f.location}")
    if f.section:
        lines.append("章节：" + " / ".join(f.section))
    if f.snippet:
        lines.append("原文：" + f.snippet.strip())
    if f.evidence.stated is not None:
        lines.append(f"陈述值：{f.evidence.stated}")
    if f.evidence.computed is not None:
        lines.append(f"计算值：{f.evidence.computed}")
    if f.suggestion:
        lines.append(f"建议：{f.suggestion}")
    lines.append(f"fingerprint: {f.fingerprint}")
    return "\n".join(lines)
