"""Identities between stated figures (结余 = 预算 − 支出 …), as data: data/identities.toml.

An identity is a definition (rates.Definition: a result, a formula over named operands)
with a scope (one paragraph, or the whole report) and a severity. A profile extends them
under `extensions.formulas` (`identities = [...]`, `disable_identities = [...]`,
`replace_identities = true`). FRM008 reads the figures from the facts stage: the prose
quantities of each block with their labels, and the result of each written formula under
the formula's label (`二是结转结余率=（148.391/…）=3.98%` states a 结转结余率).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Optional

from reportlint import regex_cache
from reportlint.facts import Facts, Quantity

from .datafiles import data_file
from .rates import Definition, DefinitionError, parse_definitions
from .reading import formulas_by_block, prose_figures
from reportlint.parse.records import Record

SCOPES = ("block", "section", "report")
_TOTAL_WORD = regex_cache.compile(r"(合计|总计)(?:为|是|达|[：:])?\s*$")
SEVERITIES = ("warning", "info")


class Identity(Record):
    __slots__ = ("definition", "scope", "severity", "above", "exclude", "qualified", "unless")

    definition: Definition
    scope: str
    severity: str
    above: Optional[str]  # severity when the stated figure is above the computed one
    exclude: list[str]
    # the labels share one qualifier before their names: 一般公共预算财政拨款支出 =
    # 一般公共预算财政拨款基本支出 + 一般公共预算财政拨款项目支出 (each label is the qualifier and a name)
    qualified: bool
    # words of a label that, stated in the scope, leave the identity unchecked there: a figure
    # the formula does not hold (上年结转10万元 beside 到位资金, 支出 and 结余: the 结余 holds it too)
    unless: list[str]

    def __init__(self, definition: Definition,
                 scope: str = "block",
                 severity: str = "warning",
                 above: Optional[str] = None,
                 exclude: Optional[list[str]] = None,
                 qualified: bool = False,
                 unless: Optional[list[str]] = None) -> None:
        self.definition = definition
        self.scope = scope
        self.severity = severity
        self.above = above
        self.exclude = list() if exclude is None else exclude
        self.qualified = qualified
        self.unless = list() if unless is None else unless

    @property
    def name(self) -> str:
        return self.definition.name


def parse_identities(entries: Iterable[dict]) -> list[Identity]:
    found = []
    entries = list(entries)
    for entry, definition in zip(entries, parse_definitions(entries)):
        scope = str(entry.get("scope", "block"))
        severity = str(entry.get("severity", "warning"))
        above = entry.get("above")
        if scope not in SCOPES or severity not in SEVERITIES or above not in (None, *SEVERITIES):
            raise DefinitionError(f"identity {definition.name}: scope must be one of {SCOPES}, "
                                  f"severity and above one of {SEVERITIES}")
        found.append(Identity(definition, scope, severity, above, [str(w) for w in entry.get("exclude", [])],
                              bool(entry.get("qualified", False)), [str(w) for w in entry.get("unless", [])]))
    return found


@lru_cache(maxsize=1)
def builtin_identities() -> tuple[Identity, ...]:
    return tuple(parse_identities(data_file("identities.toml").get("identity", [])))


def identities_for(profile: Any) -> list[Identity]:
    """Built-in identities, overridden / extended / disabled by `profile.extensions["formulas"]`."""
    merged = {i.name: i for i in builtin_identities()}
    extension = (getattr(profile, "extensions", None) or {}).get("formulas", {}) if profile else {}
    if isinstance(extension, dict):
        if extension.get("replace_identities"):
            merged = {}
        for identity in parse_identities(extension.get("identities", [])):
            merged[identity.name] = identity
        for name in extension.get("disable_identities", []):
            merged.pop(name, None)
    return list(merged.values())


class Named(Record):
    """A figure with the label an identity matches it by."""

    __slots__ = ("figure", "label")

    figure: Quantity
    label: str

    def __init__(self, figure: Quantity, label: str) -> None:
        self.figure = figure
        self.label = label


def named_figures(facts: Facts) -> list[list[Named]]:
    """Per block, in document order: its prose figures by label, written-formula results by the
    formula's label (the other figures of a formula are named by the formula, not the prose).

    Built on each call, not memoised: FRM008 alone reads it, once, and a memo would keep it
    for the rest of the document's check.
    """
    by_block = formulas_by_block(facts)
    out: list[list[Named]] = []
    for found in prose_figures(facts):
        item, figures = found.text, found.figures
        if item.is_cell:
            continue
        formulas = by_block.get(id(item.block))
        named: list[Named] = []
        for quantity in figures:
            inside = next((f for f in formulas if f.covers(quantity.start)), None) if formulas else None
            if inside is None:
                if quantity.label:
                    named.append(Named(quantity, _with_total_word(item.view, quantity)))
                continue
            result = inside.result
            if result is not None and inside.label and quantity.start == inside.start + result.start:
                named.append(Named(quantity, inside.label))
        if named:
            out.append(named)
    return out


def _with_total_word(view: str, quantity: Quantity) -> str:
    """The label with the 合计 / 总计 the shared reading drops (`支出合计100万元` → 支出合计)."""
    match = _TOTAL_WORD.search(view, max(0, quantity.start - 6), quantity.start)
    return quantity.label + match.group(1) if match and not quantity.label.endswith(match.group(1)) else quantity.label


def by_section(blocks: list[list[Named]]) -> list[list[Named]]:
    """The figures of each section with its subsections', for each section that states one
    (the `section` scope: 二、一般公共预算支出情况 with its 1.基本支出情况 and 2.项目支出情况)."""
    everything = [named for block in blocks for named in block]
    paths = list(dict.fromkeys(named.figure.section for named in everything if named.figure.section))
    return [[named for named in everything if named.figure.section[:len(path)] == path] for path in paths]


MIN_QUALIFIER = 2  # a one-character qualifier (总支出) names no source of funds


def may_hold_qualified(candidates: list[Named], identity: Identity) -> bool:
    """Whether some qualifier names every operand of a qualified identity among the figures
    (一般公共预算财政拨款基本支出 and 一般公共预算财政拨款项目支出): else there is nothing to pair."""
    shared: Optional[set[str]] = None
    for synonyms in identity.definition.operands.values():
        name = synonyms[0]
        found = {n.label[:-len(name)] for n in candidates
                 if n.label.endswith(name) and len(n.label) - len(name) >= MIN_QUALIFIER}
        shared = found if shared is None else shared & found
        if not shared:
            return False
    return True


def pick_qualified(candidates: list[Named], identity: Identity) -> list[tuple[Named, dict[str, Named]]]:
    """For a qualified identity: per qualifier stated before the result's name, the result and the
    operands named with that same qualifier (exactly the qualifier and the name); a qualifier
    whose result or any operand is missing, or names figures with different values, gives nothing."""
    definition = identity.definition
    exclude = identity.exclude
    operand_names = tuple(name for synonyms in definition.operands.values() for name in synonyms)
    by_label: dict[str, list[Named]] = {}
    for named in candidates:
        if named.figure.is_percent == definition.percent and not any(word in named.label for word in exclude):
            by_label.setdefault(named.label, []).append(named)

    def one(label: str) -> Optional[Named]:
        hits = by_label.get(label)
        if not hits or any(h.figure.in_yuan != hits[0].figure.in_yuan for h in hits):
            return None
        return hits[0]

    out: list[tuple[Named, dict[str, Named]]] = []
    seen: set[str] = set()
    for label in by_label:
        if label.endswith(operand_names):
            continue  # an operand's label, not the result's
        for name in definition.result:
            qualifier = label[:-len(name)] if label.endswith(name) else ""
            if len(qualifier) < MIN_QUALIFIER or qualifier in seen:
                continue
            seen.add(qualifier)
            stated = one(label)
            chosen = {operand: one(qualifier + synonyms[0]) for operand, synonyms in definition.operands.items()}
            if stated is not None and all(n is not None for n in chosen.values()):
                out.append((stated, chosen))  # type: ignore[arg-type]
    return out


def pick(candidates: list[Named], synonyms: list[str], exclude: list[str], percent: bool,
         taken: list[Quantity]) -> Optional[Named]:
    """The figure the synonyms name; None when none, or when they name figures with different
    values (全年预算 and 调整后预算: ambiguous). Several statements of one value count as one."""
    endings = tuple(synonyms)  # str.endswith tests them all in one call
    hits = [n for n in candidates
            if n.label.endswith(endings) and n.figure.is_percent == percent
            and not any(word in n.label for word in exclude) and all(n.figure is not t for t in taken)]
    if not hits:
        return None
    first = hits[0]
    return first if all(h.figure.in_yuan == first.figure.in_yuan for h in hits) else None
