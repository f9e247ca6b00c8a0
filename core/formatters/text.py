"""`--format text`: findings grouped by file, with the offending line and a caret under it."""

from __future__ import annotations

import unicodedata
from collections import Counter

from . import Formatter

COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m",
          "dim": "\033[2m", "reset": "\033[0m"}
WINDOW = 36  # characters of context either side of a finding in a long line
SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class TextFormatter(Formatter):
    name = "text"
    description = "human-readable, grouped by file, with the offending line shown"

    def _c(self, key: str, text: str) -> str:
        return f"{COLORS[key]}{text}{COLORS['reset']}" if self.color else text

    def format(self, result) -> str:
        out: list[str] = []
        by_path: dict[str, list] = {}
        for finding in result.findings:
            by_path.setdefault(finding.path, []).append(finding)
        for path, findings in by_path.items():
            out.append(self._c("bold", path))
            for f in findings:
                where = f"{f.line}:{f.column}"
                sev = self._c(f.severity, f"{f.rule}")
                out.append(f"  {where:<8} {sev} [{SEVERITY_CN[f.severity]}] {f.message}")
                if f.snippet:
                    excerpt, caret = self._excerpt(f)
                    out.append(self._c("dim", f"           │ {excerpt}"))
                    if caret:
                        out.append(self._c(f.severity, f"           │ {caret}"))
                if f.evidence.stated is not None or f.evidence.computed is not None:
                    parts = []
                    if f.evidence.stated is not None:
                        parts.append(f"陈述值 {f.evidence.stated}")
                    if f.evidence.computed is not None:
                        parts.append(f"计算值 {f.evidence.computed}")
                    out.append(f"           = {'，'.join(parts)}")
                if f.suggestion:
                    out.append(f"           建议：{f.suggestion}")
                if f.location:
                    out.append(self._c("dim", f"           位置：{f.location}"))
            out.append("")
        counts = Counter(f.severity for f in result.findings)
        files = len(result.files)
        summary = (f"检查 {files} 个文件，发现 {len(result.findings)} 个问题"
                   f"（错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}）")
        if result.errors:
            summary += f"；{len(result.errors)} 个文件无法读取"
        out.append(summary)
        return "\n".join(out) + "\n"

    def _excerpt(self, f) -> tuple[str, str]:
        """The offending line (or a window of it around the finding) and a caret line under it.

        Report paragraphs are often one line of several hundred characters; a window of
        about 36 characters either side keeps the finding and its context on one screen.
        """
        line = f.snippet
        lead = len(line) - len(line.lstrip())
        shown = line.lstrip()
        start = max(0, f.column - 1 - lead)
        end = len(shown) if f.end_line != f.line else max(start + 1, f.end_column - 1 - lead)
        if start >= len(shown):
            return shown[:WINDOW * 3], ""
        end = min(end, len(shown))
        left, right = max(0, start - WINDOW), min(len(shown), end + WINDOW)
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(shown) else ""
        excerpt = prefix + shown[left:right] + suffix
        caret_start = display_width(prefix + shown[left:start])
        caret_width = max(1, min(display_width(shown[start:end]), 80))
        return excerpt, " " * caret_start + "^" * caret_width
