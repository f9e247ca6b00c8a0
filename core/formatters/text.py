"""`--format text`: findings grouped by file, with the offending line and a caret under it.

The offending line is cut to a window that fits the terminal (`COLUMNS`, else the
terminal's width, else 80 columns), measured with wcwidth so CJK characters count two
columns and zero-width ones none; everything from the report or a file name is made inert
first (reportlint.formatters.terminal), so no escape sequence of theirs reaches the terminal.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from . import StreamingFormatter
from .terminal import display_width, inert, terminal_width, window

COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m",
          "dim": "\033[2m", "reset": "\033[0m"}
GUTTER = "           │ "  # 13 columns before the excerpt
SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}

__all__ = ["TextFormatter", "display_width", "SEVERITY_CN"]


class TextFormatter(StreamingFormatter):
    name = "text"
    description = "human-readable, grouped by file, with the offending line shown / 按文件分组，显示出错的行"
    width: Optional[int] = None  # terminal columns; None: found when formatting
    quiet: bool = False  # --quiet: no closing count line

    def _c(self, key: str, text: str) -> str:
        return f"{COLORS[key]}{text}{COLORS['reset']}" if self.color else text

    def begin(self) -> str:
        self._columns = self.width or terminal_width()
        return ""

    def format_file(self, file_result) -> str:
        return self._blocks(file_result.findings)

    def end(self, result) -> str:
        """The run-level findings (a plugin that failed to load), then the closing count line."""
        out = self._blocks(result.extra)
        if self.quiet:
            return out
        counts = Counter(f.severity for f in result.findings)
        summary = (f"检查 {len(result.files)} 个文件，发现 {sum(counts.values())} 个问题"
                   f"（错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}）")
        if result.errors:
            summary += f"；{len(result.errors)} 个文件无法读取"
        return out + summary + "\n"

    def _blocks(self, findings) -> str:
        """One block per path: the path, each finding with its excerpt, an empty line."""
        by_path: dict[str, list] = {}
        for finding in findings:
            by_path.setdefault(finding.path, []).append(finding)
        out: list[str] = []
        for path, group in by_path.items():
            out.append(self._c("bold", inert(path)))
            for f in group:
                self._finding(f, out)
            out.append("")
        return "\n".join(out) + ("\n" if out else "")

    def _finding(self, f, out: list[str]) -> None:
        where = f"{f.line}:{f.column}"
        sev = self._c(f.severity, f"{f.rule}")
        out.append(f"  {where:<8} {sev} [{SEVERITY_CN[f.severity]}] {inert(f.message)}")
        word_first = bool(f.location) and getattr(f, "word", None) is not None
        if word_first:  # a .docx: the place in Word before the rendering's line
            out.append(self._c("bold", f"           位置：{inert(f.location)}"))
        if f.snippet:
            excerpt, caret = self._excerpt(f)
            out.append(self._c("dim", f"{GUTTER}{excerpt}"))
            if caret:
                out.append(self._c(f.severity, f"{GUTTER}{caret}"))
        if f.evidence.stated is not None or f.evidence.computed is not None:
            parts = []
            if f.evidence.stated is not None:
                parts.append(f"报告所写 {inert(f.evidence.stated)}")
            if f.evidence.computed is not None:
                parts.append(f"计算所得 {inert(f.evidence.computed)}")
            out.append(f"           = {'，'.join(parts)}")
        if f.suggestion:
            out.append(f"           建议：{inert(f.suggestion)}")
        if f.location and not word_first:
            out.append(self._c("dim", f"           位置：{inert(f.location)}"))

    def _excerpt(self, f, columns: Optional[int] = None) -> tuple[str, str]:
        """The offending line (or a window of it around the finding) and a caret line under it.

        Report paragraphs are often one line of several hundred characters; the window keeps
        the finding and its context on one terminal line (`columns` wide, the gutter included).
        """
        columns = columns or self.width or getattr(self, "_columns", None) or terminal_width()
        line = f.snippet
        lead = len(line) - len(line.lstrip())
        shown = line.lstrip()
        start = max(0, f.column - 1 - lead)
        end = len(shown) if f.end_line != f.line else max(start, f.end_column - 1 - lead)
        if start >= len(shown):  # the finding is past the end of the line (something missing there)
            start = end = len(shown)
        # one column short of the edge: a line that fills it exactly wraps on some terminals
        return window(shown, start, end, columns - display_width(GUTTER) - 1)
