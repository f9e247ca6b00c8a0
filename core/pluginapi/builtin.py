"""The framework's own rules (PRS: parse and plugin problems), its reader and its formatters.

Registered like any plugin, under the name "core".
"""

from __future__ import annotations

from typing import Optional

from .hookspecs import hookimpl
from .rules import Rule


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

    ## Example
    `未识别出报告模板（最接近：hunan，匹配度 0.12）；章节完整性检查未执行`
    """

    code = "PRS003"
    name = "no-profile"
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
    severity = "warning"


@hookimpl
def reportlint_register_rules() -> list[type[Rule]]:
    return [PluginError, PluginLoadError, NoProfile, UnusedSuppression]


@hookimpl
def reportlint_register_readers():
    from ..input.readers.text import read_text_report

    readers = {".txt": read_text_report, ".text": read_text_report, ".md": read_text_report}
    try:
        from ..input.readers.docx import read_docx_report
    except ImportError:  # python-docx missing: .docx inputs get a clear InputError
        read_docx_report = None
    if read_docx_report is not None:
        readers[".docx"] = read_docx_report
    return readers


@hookimpl
def reportlint_register_formatters():
    from ..formatters import builtin_formatters

    return builtin_formatters()


@hookimpl
def reportlint_check_document(document, context) -> Optional[list]:
    if document.profile.name is None and context.profiles and context.enabled("PRS003"):
        match = document.profile
        near = f"最接近：{match.runner_up}，匹配度 {match.runner_up_score:.2f}" if match.runner_up else "无候选模板"
        line = document.title_span.line if document.title_span else 1
        return [context.finding("PRS003", f"未识别出报告模板（{near}）；章节完整性检查未执行，可用 --profile 指定模板",
                                context.line_span(line))]
    return None
