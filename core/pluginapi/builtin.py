"""The framework's own rules (PRS: parse and plugin problems), its reader and its formatters.

Registered like any plugin, under the name "core".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from ..parse.outline import RECTIFICATION
from .hookspecs import hookimpl
from .rules import Rule

if TYPE_CHECKING:  # for annotations only: loading this plugin stays cheap
    from ..formatters import Formatter
    from ..input.source import Source
    from ..parse.model import Document
    from ..parse.profiles import Profile
    from .context import CheckContext
    from .findings import Finding


class PluginError(Rule):
    """A checker plugin raised an exception while checking this report.

    ## What it does
    Reports that one plugin failed on this file, with the exception and where it was raised.
    The other plugins' findings are kept.

    ## Why is this bad?
    The checks of the failed plugin did not run: the report may hold mistakes that were not
    looked for. The run exits non-zero so that a pipeline does not take silence for a pass.

    ## Example
    `插件 example 检查本文件时出错，其结果缺失：ZeroDivisionError: division by zero (plugin.py:12)`
    """

    code = "PRS001"
    name = "plugin-error"
    title = "插件检查出错"
    severity = "error"


class PluginLoadError(Rule):
    """A plugin could not be loaded, so its checks did not run.

    ## What it does
    Reports a plugin (built-in or from the `reportlint` entry-point group) that failed to
    import or to register, once per run.

    ## Why is this bad?
    Its rules are missing from the run; the run exits non-zero.

    ## Example
    `插件 example 无法加载：ModuleNotFoundError: No module named 'example_rules'`
    """

    code = "PRS002"
    name = "plugin-load-error"
    title = "插件无法加载"
    severity = "error"


class NoProfile(Rule):
    """The report matches none of the known report templates (profiles).

    ## What it does
    Says once per report that no profile fitted, with the best candidate and its score.
    Numbering, leftover-template and arithmetic checks still run; the checks that need
    the template's outline (required sections, their order) do not.

    ## Why is this bad?
    It is not wrong in itself, but the report was checked less thoroughly. Name the
    template with `--profile NAME` (see `reportlint profiles`) or contribute a profile.

    A report whose title says it reports a rectification (`…绩效评价整改情况报告`, `…自评整改报告`)
    is another kind of document, with an outline of its own: no template is applied to it,
    and this line says so.

    ## Example
    `未识别出报告模板（最接近的是“湖南省部门整体支出绩效自评报告”（hunan），但章节大多对不上）；章节完整性检查未执行，可用 --profile 指定模板`
    """

    code = "PRS003"
    name = "no-profile"
    title = "未识别出报告模板"
    severity = "info"


class UnusedSuppression(Rule):
    """A suppression entry matched no finding.

    ## What it does
    Reports entries of the suppressions file (`--suppressions FILE`) that silenced no
    finding in this run, at the entry's `[[suppression]]` line in that file.

    ## Why is this bad?
    A stale suppression hides nothing today but may hide a real mistake tomorrow, when a
    new finding happens to match it; remove it, or fix its fingerprint or section.

    ## Example
    `抑制项未匹配任何问题：fingerprint 1a2b3c4d5e6f7a8b（理由：已与财政局确认），请删除该项`
    """

    code = "PRS004"
    name = "unused-suppression"
    title = "抑制项未使用"
    severity = "warning"


class UncheckedWordParts(Rule):
    """Parts of the Word document that hold text but are not report content were not checked.

    ## What it does
    Says once per .docx (also a .doc or .wps read through LibreOffice) which of its headers
    (页眉), footers (页脚) and comments (批注) hold text: reportlint does not read them. The
    body, its tables, footnotes, endnotes and text boxes are read and checked (each line of a
    note or text box located as 脚注3, 尾注1, 第5段中的文本框).

    ## Why is this bad?
    It is not wrong in itself, but a mistake there (a wrong year in the header, a figure in a
    comment) is not found: look at those parts yourself before the report is submitted.

    ## Example
    `未检查本文档的页眉、页脚、批注（不属于报告正文）；正文、表格、脚注、尾注和文本框已检查`
    """

    code = "PRS005"
    name = "unchecked-word-parts"
    title = "Word 文档中未检查的部分"
    severity = "info"


@hookimpl
def reportlint_register_rules() -> list[type[Rule]]:
    return [PluginError, PluginLoadError, NoProfile, UnusedSuppression, UncheckedWordParts]


def _lazy_reader(module: str, function: str) -> Callable[[bytes, str], Source]:
    """The reader `reportlint.input.readers.<module>.<function>`, imported when it first reads:
    a run over .txt files never loads the .docx, PDF, HTML or spreadsheet code."""
    def read(data: bytes, path: str) -> Source:
        import importlib

        real: Callable[[bytes, str], Source] = getattr(
            importlib.import_module(f"reportlint.input.readers.{module}"), function)
        return real(data, path)

    read.__name__ = read.__qualname__ = function
    read.__doc__ = f"Reads a report with reportlint.input.readers.{module}.{function} (imported on first use)."
    return read


@hookimpl
def reportlint_register_readers() -> dict[str, Callable[[bytes, str], Source]]:
    from ..input.readers.text import read_text_report

    readers: dict[str, Callable[[bytes, str], Source]] = {
        ".txt": read_text_report, ".text": read_text_report,
        ".md": _lazy_reader("markdown", "read_markdown_report"), ".markdown": _lazy_reader("markdown", "read_markdown_report")}
    # .docx: python-docx is imported when a .docx is read (a missing one is a clear InputError);
    # published and legacy formats: always registered (a .pdf is never read as text); each
    # imports its library when it reads, and a missing one names its extra (readers/optional.py)
    html, legacy = _lazy_reader("html", "read_html_report"), _lazy_reader("legacy", "read_legacy_report")
    readers.update({".docx": _lazy_reader("docx", "read_docx_report"), ".pdf": _lazy_reader("pdf", "read_pdf_report"),
                    ".html": html, ".htm": html, ".xlsx": _lazy_reader("xlsx", "read_xlsx_report"),
                    ".xls": _lazy_reader("xls", "read_xls_report"), ".doc": legacy, ".wps": legacy})
    return readers


@hookimpl
def reportlint_register_formatters() -> dict[str, type[Formatter]]:
    from ..formatters import builtin_formatters

    return builtin_formatters()


def _nearest_template(name: Optional[str], profiles: list[Profile]) -> str:
    """The closest template in words a report writer reads: its title and the name that
    `--profile` takes, without the internal score."""
    if not name:
        return "没有相近的模板"
    title = next((profile.title for profile in profiles if profile.name == name), "")
    shown = f"“{title}”（{name}）" if title and title != name else f"“{name}”"
    return f"最接近的是{shown}，但章节大多对不上"


@hookimpl
def reportlint_check_document(document: Document,
                              context: CheckContext) -> Optional[list[Finding]]:
    found = []
    if document.profile.name is None and context.profiles and context.enabled("PRS003"):
        match = document.profile
        line = document.title_span.line if document.title_span else 1
        if match.kind == RECTIFICATION:
            message = "标题表明这是整改情况报告，不是绩效自评报告，不套用自评报告模板；章节完整性检查未执行，可用 --profile 指定模板"
        else:
            near = _nearest_template(match.runner_up, context.profiles)
            message = f"未识别出报告模板（{near}）；章节完整性检查未执行，可用 --profile 指定模板"
        found.append(context.finding("PRS003", message, context.line_span(line)))
    not_read = getattr(context.source.origins, "not_read", ())
    if not_read and context.enabled("PRS005"):
        line = document.title_span.line if document.title_span else 1
        found.append(context.finding(
            "PRS005", f"未检查本文档的{'、'.join(not_read)}（不属于报告正文）；正文、表格、脚注、尾注和文本框已检查",
            context.line_span(line), evidence={"figures": list(not_read)}))
    return found or None
