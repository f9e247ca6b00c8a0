"""`--format github`: GitHub Actions workflow commands, shown as annotations on the run and the diff.

    ::error file=reports/001.txt,line=88,col=40,endLine=88,endColumn=45,title=FRM001 formula-result::message

Escaping follows the runner's rules: in the message `%`, CR and LF become %25, %0D, %0A;
in property values `:` and `,` are escaped too (%3A, %2C), or they would end the value.
Nothing a report, a file name or a plugin says can start a workflow command of its own:
every line break is escaped, so each annotation is exactly one line, and other control
characters (ESC, C1) are shown as `\\xNN`; a file name that is not UTF-8 shows its bytes as
`\\xNN` (reportlint.formatters.escape). info findings become `notice`. Findings not tied to
a report file (a plugin that failed to load) carry no file property.
"""

from __future__ import annotations

from . import StreamingFormatter, is_pseudo_path
from .escape import visible

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = text.replace("\u2028", "%0A").replace("\u2029", "%0A")
    return visible(text)  # other control characters as \xNN; no lone surrogates


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(StreamingFormatter):
    name = "github"
    description = "GitHub Actions annotations (::error file=…,line=…::message)"

    def format_file(self, file_result) -> str:
        return _annotations(file_result.findings)

    def end(self, result) -> str:
        """The run-level findings, then one annotation per file that could not be read."""
        out = [f"::error file={escape_property(failed.path)},title=unreadable::{escape_data(failed.error or '')}"
               for failed in result.errors]
        return _annotations(result.extra) + "".join(line + "\n" for line in out)


def _annotations(findings) -> str:
    out = []
    for f in findings:
        props = []
        if not is_pseudo_path(f.path):
            props += [f"file={escape_property(f.path)}", f"line={int(f.line)}", f"col={int(f.column)}",
                      f"endLine={int(f.end_line)}", f"endColumn={int(f.end_column)}"]
        props.append(f"title={escape_property(f'{f.rule} {f.name}')}")
        message = f"{f.rule} {f.message}"
        if getattr(f, "word", None) is not None and f.location:  # a .docx: the place in Word first
            message = f"{f.rule} 位置：{f.location}\n{f.message}"
        if f.suggestion:
            message += f"\n建议：{f.suggestion}"
        out.append(f"::{LEVELS.get(f.severity, 'error')} {','.join(props)}::{escape_data(message)}")
    return "".join(line + "\n" for line in out)
