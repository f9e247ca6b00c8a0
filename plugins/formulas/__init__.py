"""Built-in checker plugin: formulas and amounts (FRM).

The report is read once into figures (figures.py), written formulas (formula.py), 其中 lists
(sums.py), table totals (tables.py), defined figures (rates.py) and repeated labels
(repeats.py); this module turns what disagrees into findings with the numbers that prove it.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Any, Iterator, Optional

from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.parse.model import Cell, Paragraph
from reportlint.numbers import Interval
from reportlint.input.source import fold

from . import rates, repeats, sums, tables
from .figures import MONEY, Figure, block_figures, cell_figure, show
from .formula import FormulaMismatch, check_formula, evaluate, find_formulas
from .rules import RULES

_DIGIT = re.compile(r"\d")  # full-width digits too
# Cheap test for text that may hold written arithmetic: an '=' next to a figure or a bracket.
_FORMULA_HINT = re.compile(r"[\d%)）]\s*=|=\s*[-(（\d]")


@hookimpl
def reportlint_register_rules():
    return list(RULES)


@hookimpl
def reportlint_check_document(document, context) -> list:
    wanted = {rule.code for rule in RULES if context.enabled(rule.code)}
    if not wanted:
        return []
    return list(_Checker(document, context, wanted).run())


def section_paths(document) -> dict[int, list[str]]:
    """id(container) → the titles from the outermost section down to it (what section_path gives).

    Built once per document, so each figure's subject is a dict lookup rather than a walk
    of the section tree by line.
    """
    paths: dict[int, list[str]] = {}
    stack = [(section, []) for section in reversed(document.sections)]
    while stack:
        section, prefix = stack.pop()
        path = prefix + [section.title]
        paths[id(section)] = path
        stack.extend((child, path) for child in reversed(section.children))
    for attachment in document.attachments:
        paths[id(attachment)] = [attachment.label + (" " + attachment.title if attachment.title else "")]
    return paths


class _Checker:
    def __init__(self, document, context, wanted: set[str]):
        self.document = document
        self.context = context
        self.wanted = wanted
        self.blocks = []  # (container, block, view, figures, formulas): each block read once
        self._cells: dict[int, Optional[Figure]] = {}  # id(cell) → its lone number, read once
        self._numbers: list[str] = []  # every number stated, as written (counted when a finding needs it)
        self._seen: Optional[Counter[str]] = None
        self.tables = list(document.tables())
        for container, block in document.text_blocks():
            text = block.text
            if not text or not _DIGIT.search(text):
                continue
            if not isinstance(block, Paragraph):
                alone = self.cell_figure(block, container)
                if alone is not None:  # a cell that is one number: the table checks read it
                    self.blocks.append((container, block, text, [], []))
                    self._numbers.append(alone.number)
                    continue
            view = fold(text)
            formulas = find_formulas(view) if _FORMULA_HINT.search(view) else []
            figures = block_figures(block, container, view)
            if formulas:
                for figure in figures:
                    if any(f.start <= figure.start < f.end for f in formulas):
                        figure.label = ""  # a figure inside arithmetic is named by the formula, not the prose
            self._numbers.extend(figure.number for figure in figures)
            self.blocks.append((container, block, view, figures, formulas))

    def run(self) -> Iterator:
        if self.wanted & {"FRM001", "FRM006"}:
            yield from self._formulas()
        if "FRM002" in self.wanted:
            yield from self._sums()
        if "FRM003" in self.wanted:
            yield from self._tables()
        if "FRM004" in self.wanted:
            yield from self._definitions()
        if "FRM005" in self.wanted:
            yield from self._repeats()

    def cell_figure(self, cell: Cell, container: Any) -> Optional[Figure]:
        """The number a table cell holds alone, read once however many checks ask."""
        key = id(cell)
        if key not in self._cells:
            self._cells[key] = cell_figure(cell, container)
        return self._cells[key]

    @property
    def seen(self) -> Counter[str]:
        """How often each number is stated (only needed to word a finding, so counted on demand)."""
        if self._seen is None:
            self._seen = Counter(self._numbers)
        return self._seen

    # -- helpers ------------------------------------------------------------------------
    def span(self, figure: Figure):
        return self.context.span_in(figure.block, figure.start, figure.end)

    def line(self, figure: Figure) -> int:
        return self.span(figure).line

    def corroborated(self, figure: Figure) -> bool:
        """The same specific number is stated somewhere else in the report."""
        return figure.significant and self.seen[figure.number] > 1

    def blame(self, total: Figure, parts: list[Figure]) -> str:
        """Which figure is most likely the wrong one, from what the rest of the report repeats."""
        if not self.corroborated(total) and total.significant and all(self.corroborated(p) for p in parts):
            return f"各分项均在报告别处出现过，合计 {total.number} 最可能有误。"
        doubtful = [p for p in parts if p.significant and not self.corroborated(p)]
        if self.corroborated(total) and len(doubtful) == 1 and all(
                self.corroborated(p) or not p.significant for p in parts if p is not doubtful[0]):
            return f"合计 {total.number} 在报告别处也出现，分项 {doubtful[0].number} 最可能有误。"
        return ""

    # -- FRM001 / FRM006 ----------------------------------------------------------------
    def _formulas(self) -> Iterator:
        for container, block, view, figures, formulas in self.blocks:
            for written in formulas:
                for problem in check_formula(written):
                    start = written.start
                    if isinstance(problem, FormulaMismatch):
                        if "FRM001" not in self.wanted:
                            continue
                        yield self._formula_mismatch(block, written, problem)
                    elif "FRM006" in self.wanted:
                        member = problem.member
                        yield self.context.finding(
                            "FRM006", f"算式 {member_text(written, member)} 的除数为 0，无法得出所写结果",
                            block=block, start=start + member.start, end=start + member.end,
                            evidence={"expression": member_text(written, member)})

    def _formula_mismatch(self, block, written, problem: FormulaMismatch):
        stated_text = member_text(written, problem.stated)
        expression = member_text(written, problem.member)
        decimals = _decimals(stated_text)
        percent = problem.stated.is_percent
        computed = show(problem.point, decimals, percent)
        message = (f"算式 {expression} 按所列数字计算为 {computed}，与所写结果 {stated_text} 不符"
                   f"（参与计算的数字：{'、'.join(problem.figures)}）")
        return self.context.finding(
            "FRM001", message, block=block, start=written.start, end=written.end,
            evidence={"stated": stated_text, "computed": computed, "expression": expression,
                      "figures": problem.figures,
                      "computed_range": [format(problem.computed.low, "f"), format(problem.computed.high, "f")]},
            suggestion=f"核对算式中的数字，或将结果改为 {computed}")

    # -- FRM002 -------------------------------------------------------------------------
    def _sums(self) -> Iterator:
        for container, block, view, figures, formulas in self.blocks:
            for listing in sums.parts_lists(view, figures):
                verdict = sums.check_list(listing)
                if verdict is None:
                    continue
                total, parts = listing.total, listing.parts
                factor = MONEY.get(total.unit, Decimal(1))
                in_unit = Interval(listing.sum.low / factor, listing.sum.high / factor)
                computed = show(in_unit, max(p.decimals for p in parts + [total]))
                unit = _unit_word(total)
                name = f"「{total.label}」" if total.label else ""
                relation = "超过" if verdict == "exceeds" else "少于"
                terms = " + ".join(p.shown for p in parts)
                message = (f"{name}{total.shown}，其中所列各项 {terms} = {computed}{unit}，{relation}总数 {total.shown}"
                           f"（相差 {show(abs_diff(in_unit, total.interval), max(p.decimals for p in parts + [total]))}{unit}）。")
                message += self.blame(total, parts)
                if verdict == "short":
                    message += "若只列举了部分项目，请写明“等”或“主要”。"
                yield self.context.finding(
                    "FRM002", message, block=block, start=total.start, end=total.end,
                    evidence={"stated": total.shown, "computed": computed + unit, "expression": f"{terms} = {computed}{unit}",
                              "figures": [p.shown for p in parts],
                              "related": [{"line": self.line(p), "label": p.label, "value": p.shown} for p in parts]})

    # -- FRM003 -------------------------------------------------------------------------
    def _tables(self) -> Iterator:
        for container, table in self.tables:
            reader = lambda cell, container=container: self.cell_figure(cell, container)  # noqa: E731
            for item in tables.table_totals(table, container, reader):
                verdict = item.problem()
                if verdict is None:
                    continue
                total = item.total
                decimals = max([p.decimals for p in item.parts] + [total.decimals])
                computed = show(item.sum, decimals)
                where = f"「{item.row_label.rstrip('：:')}」" + (f"（{item.column}）" if item.column else "")
                terms = " + ".join(p.number for p in item.parts)
                if verdict == "exceeds":
                    message = f"表中{where}为 {total.number}，但已填各分项之和 {terms} = {computed}，超过合计"
                else:
                    message = f"表中{where}为 {total.number}，而各分项之和 {terms} = {computed}，两者不符"
                message += f"（相差 {show(abs_diff(item.sum, total.interval), decimals)}）。"
                if item.unknown:
                    message += f"未填的分项（{'、'.join(item.unknown)}）按未知处理。"
                single = [label for p, label in zip(item.parts, item.part_labels)
                          if show(abs_diff(item.sum, total.interval), decimals) == p.number]
                if single and verdict == "exceeds":
                    message += f"差额恰等于「{single[0]}」的 {show(abs_diff(item.sum, total.interval), decimals)}：该项可能不应计入，或合计漏计了此项。"
                else:
                    message += self.blame(total, item.parts)
                yield self.context.finding(
                    "FRM003", message, block=total.block, start=total.start, end=total.end,
                    evidence={"stated": total.number, "computed": computed, "expression": terms,
                              "figures": [p.number for p in item.parts],
                              "related": [{"line": self.line(p), "label": label, "value": p.number}
                                          for p, label in zip(item.parts, item.part_labels)]})

    # -- FRM004 -------------------------------------------------------------------------
    def _definitions(self) -> Iterator:
        definitions = rates.definitions_for(self.context.profile)
        results = rates.result_pattern(definitions)
        # A scoring table's rates (its 执行率 row) are the scores plugin's (SCO007): one finding per mistake.
        scoring = [table for _, table in self.tables if rates.is_scoring_table(table)]
        scoring_cells = {id(cell) for table in scoring for row in table.rows for cell in row.cells}
        checks: list[rates.DefinitionCheck] = []
        for container, block, view, figures, formulas in self.blocks:
            if len(figures) < 2 or id(block) in scoring_cells:
                continue
            by_sentence: dict[int, list[Figure]] = {}
            for figure in figures:
                by_sentence.setdefault(figure.sentence, []).append(figure)
            for group in by_sentence.values():
                checks += rates.check_sentence(group, definitions, results)
        scoring_ids = {id(table) for table in scoring}
        for container, table in self.tables:
            if id(table) in scoring_ids:
                continue
            reader = lambda cell, container=container: self.cell_figure(cell, container)  # noqa: E731
            checks += rates.check_table(table, container, definitions, reader)
        for check in checks:
            yield self._definition_finding(check)

    def _definition_finding(self, check: rates.DefinitionCheck):
        definition, stated = check.definition, check.stated
        names = {name: figure.interval for name, figure in check.operands.items()}
        exact = {name: _exact(figure) for name, figure in check.operands.items()}
        for name in definition.operands:
            names.setdefault(name, _zero())
            exact.setdefault(name, _zero())
        point = evaluate(definition.tree, exact).value
        percent = definition.percent
        computed = show(point, max(stated.decimals, 2) if percent else stated.decimals, percent)
        used = "，".join(f"{check.operand_labels[n]} {f.number}" for n, f in check.operands.items())
        message = (f"「{stated.label or definition.name}」为 {stated.shown}，按定义 {definition.name} = "
                   f"{definition.formula} 以 {used} 计算应为 {computed}。")
        absent = [n for n in definition.optional if n not in check.operands]
        if absent:
            message = message[:-1] + f"（{'、'.join(absent)}未写明，按 0 计）。"
        if check.hint is not None:
            name, other, label, _ = check.hint
            message += (f"所写数值与以「{label}」{other.number} 代替「{check.operand_labels[name]}」"
                        f"计算的结果相符，可能用错了{name}。")
        return self.context.finding(
            "FRM004", message, block=stated.block, start=stated.start, end=stated.end,
            evidence={"stated": stated.shown, "computed": computed, "expression": definition.formula,
                      "figures": [f"{check.operand_labels[n]}={f.number}" for n, f in check.operands.items()]})

    # -- FRM005 -------------------------------------------------------------------------
    def _repeats(self) -> Iterator:
        paths = section_paths(self.document)
        located = []
        for container, block, view, figures, formulas in self.blocks:
            if not isinstance(block, Paragraph):
                continue
            path = paths.get(id(container), [])
            for figure in figures:
                located.append((figure, path))
        for conflict in repeats.conflicts(located):
            first, second = conflict.first, conflict.second
            first_line = self.line(first)
            message = (f"{conflict.year}年「{conflict.label}」此处为 {second.shown}，而第{first_line}行为 {first.shown}，"
                       f"同一数据前后不一致。")
            yield self.context.finding(
                "FRM005", message, block=second.block, start=second.start, end=second.end,
                evidence={"stated": second.shown, "figures": [first.shown, second.shown],
                          "related": [{"line": first_line, "label": first.label, "value": first.shown}]})


def member_text(written, member) -> str:
    return written.text[member.start:member.end]


def _decimals(text: str) -> int:
    digits = text.rstrip("%％万元人名个次件 ")
    return len(digits.split(".")[1]) if "." in digits else 0


def _unit_word(figure: Figure) -> str:
    return figure.unit if figure.unit not in ("", "%") else ""


def abs_diff(a, b):
    mid = a.mid - b.mid
    return Interval.exact(abs(mid))


def _exact(figure: Figure):
    value = figure.value / 100 if figure.is_percent else figure.value
    return Interval.exact(value)


def _zero():
    return Interval.exact(0)
