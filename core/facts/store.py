"""`Facts`: the one reading of a report that every rule and every plugin shares.

Built per document by the runner and handed to plugins as `context.facts`. Each kind is
extracted on first use and kept, so a run that only asks for dates never reads a scoring
table, and two families asking for quantities read them once. A plugin can add a kind of
its own with `Facts.register(name, extractor)`; `facts.get(name)` reads it lazily like the
built-in ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional, TypeVar, cast

from ..input.source import Source
from ..parse.model import Document
from .quantities import Amount, Count, Quantity, Rate, Score, block_quantities, cell_quantity
from .text import BlockIndex, BlockText, read_blocks
from .vocabulary import Vocabulary, vocabulary

if TYPE_CHECKING:
    from ..parse.profiles import Profile

T = TypeVar("T")
Extractor = Callable[["Facts"], Any]


class Facts:
    """Typed facts of one document, extracted once and lazily per kind (docs/facts.md)."""

    _extractors: ClassVar[dict[str, Extractor]] = {}

    def __init__(self, document: Document, source: Optional[Source] = None,
                 profile: "Optional[Profile]" = None, vocab: Optional[Vocabulary] = None):
        self.document = document
        self.source = source
        self.profile = profile
        self.vocabulary = vocab or vocabulary()
        self._cache: dict[str, Any] = {}
        # block → its BlockText: asked hundreds of times per report, so kept in an
        # attribute (one lookup) besides the cache (`memo("block_index")`)
        self._index: Optional[BlockIndex[BlockText]] = None
        # --timings: a reportlint.run.timings.Stopwatch that charges each kind's reading to it
        self.stopwatch: Any = None

    # -- extension -------------------------------------------------------------------
    @classmethod
    def register(cls, name: str, extractor: Extractor) -> None:
        """Add a kind of fact: `extractor(facts)` runs on first `facts.get(name)` per document."""
        cls._extractors[name] = extractor

    def get(self, name: str) -> Any:
        """A registered kind of fact (built-in kinds are also attributes)."""
        try:  # asked hundreds of times per report by the rules: one lookup when it is there
            return self._cache[name]
        except KeyError:
            pass
        extractor = self._extractors.get(name)
        if extractor is None:
            raise KeyError(f"no fact kind {name!r} (known: {', '.join(sorted(self._extractors))})")
        if self.stopwatch is None:
            found = self._cache[name] = extractor(self)
        else:
            found = self._cache[name] = self.stopwatch.call(f"facts {name}", extractor, self)
        return found

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value derived from the facts, built once per document (for a family's own helpers)."""
        try:
            value: T = self._cache[key]
            return value
        except KeyError:
            pass
        if self.stopwatch is None:
            value = self._cache[key] = build()
        else:
            value = self._cache[key] = self.stopwatch.call(f"facts {key}", build)
        return value

    # -- text ------------------------------------------------------------------------
    @property
    def blocks(self) -> list[BlockText]:
        """Every paragraph, heading line and table cell, in order, with view, sentences, section."""
        return self.memo("blocks", lambda: read_blocks(self.document, self.source))

    def block_text(self, block: Any) -> Optional[BlockText]:
        """The BlockText of a Paragraph or Cell of this document."""
        index = self._index
        return (index if index is not None else self._block_index()).get(block)

    def _block_index(self) -> BlockIndex[BlockText]:
        index = self._index = self.memo("block_index", lambda: BlockIndex(self.blocks))
        return index

    # -- quantities ------------------------------------------------------------------
    @property
    def quantities(self) -> list[Quantity]:
        """Every quantity in document order: prose figures, and numbers alone in table cells."""
        return self.memo("quantities", self._read_quantities)

    def _read_quantities(self) -> list[Quantity]:
        out: list[Quantity] = []
        for item in self.blocks:
            found = item.read_quantities
            if found is None:
                found = self._quantities_of(item)
            if found:
                out.extend(found)
        return out

    def quantities_in(self, block: Any) -> list[Quantity]:
        """The quantities of one block (a Paragraph or Cell), in order.

        Read block by block on demand (a scoring table's cells are read without reading the
        prose), and kept in the block's BlockText: `quantities` is made of the same objects,
        whichever comes first. Each call gives a new list of them (the block keeps a tuple).
        """
        index = self._index
        item = (index if index is not None else self._block_index()).get(block)
        if item is None:
            return []
        found = item.read_quantities
        if found is None:
            found = self._quantities_of(item)
        return list(found)

    def _quantities_of(self, item: BlockText) -> tuple[Quantity, ...]:
        """Read the block's quantities into `item.read_quantities`, as a tuple (() when it has
        none): a list each would cost 16 bytes more per cell of figures and its spare room."""
        found: tuple[Quantity, ...] = ()
        if item.has_digits:
            alone = cell_quantity(item, self.source) if item.is_cell else None
            found = (alone,) if alone is not None else tuple(block_quantities(item, self.source))
        item.read_quantities = found
        return found

    @property
    def amounts(self) -> list[Amount]:
        return [q for q in self.quantities if isinstance(q, Amount)]

    @property
    def rates(self) -> list[Rate]:
        return [q for q in self.quantities if isinstance(q, Rate)]

    @property
    def counts(self) -> list[Count]:
        return [q for q in self.quantities if isinstance(q, Count)]

    @property
    def scores(self) -> list[Score]:
        return [q for q in self.quantities if isinstance(q, Score)]

    # -- further kinds, each in its own module (extracted on first use) ------------------
    @property
    def dates(self) -> list[Any]:
        """Every DateMention and DateRange, in order (core/facts/dates.py)."""
        return cast("list[Any]", self.get("dates"))

    @property
    def document_numbers(self) -> list[Any]:
        """Every DocumentNumber (湛财绩〔2022〕3号), in order (core/facts/dates.py)."""
        return cast("list[Any]", self.get("document_numbers"))

    @property
    def formulas(self) -> list[Any]:
        """Every written Formula, parsed with grammars/formula.lark (core/facts/formulas.py)."""
        return cast("list[Any]", self.get("formulas"))

    @property
    def breakdowns(self) -> list[Any]:
        """Every Breakdown: a total and its parts (core/facts/breakdowns.py)."""
        return cast("list[Any]", self.get("breakdowns"))

    @property
    def changes(self) -> list[Any]:
        """Every Change: a figure set against an earlier one (core/facts/changes.py)."""
        return cast("list[Any]", self.get("changes"))

    @property
    def score_tables(self) -> list[Any]:
        """Every ScoreTable with its ScoreRows (core/facts/scores.py)."""
        return cast("list[Any]", self.get("score_tables"))

    @property
    def report(self) -> Any:
        """ReportFacts: the evaluated year, filing date, unit and profile (core/facts/report.py)."""
        return self.get("report")

    # -- every kind, for `reportlint facts` -------------------------------------------
    def rows(self, kinds: Optional[set[str]] = None) -> list[dict[str, Any]]:
        """Every fact as an export row (docs/facts.md: the schema), in document order."""
        out: list[dict[str, Any]] = []
        for name in EXPORTED:
            if kinds is not None and name not in kinds:
                continue
            found = self.get(name)
            if hasattr(found, "rows"):  # a report-level fact with rows of its own (ReportFacts)
                out.extend(found.rows())
            else:
                out.extend(fact.row() for fact in found)
        out.sort(key=lambda row: (row["line"], row["column"]))
        return out


# The kinds `reportlint facts` exports, in this order within a line.
EXPORTED: list[str] = ["quantities", "dates", "document_numbers", "formulas", "breakdowns", "named_lists", "changes",
                       "indicator_statements", "score_rows", "score_statements", "grade_statements", "report"]
Facts.register("quantities", lambda facts: facts.quantities)


def _lazy(module: str, function: str) -> Extractor:
    """An extractor imported on first use (a run that never asks for a kind never imports it),
    then kept (every document asks for it again)."""
    found: list[Extractor] = []

    def extract(facts: Facts) -> Any:
        if not found:
            import importlib

            found.append(getattr(importlib.import_module(f"{__package__}.{module}"), function))
        return found[0](facts)
    return extract


# Each kind's module provides `function(facts)`; its facts implement `row()` for the export.
_BUILTIN_KINDS = {
    "dates": ("dates", "extract_dates"),
    "document_numbers": ("dates", "extract_document_numbers"),
    "formulas": ("formulas", "extract_formulas"),
    "breakdowns": ("breakdowns", "extract_breakdowns"),
    "named_lists": ("breakdowns", "extract_named_lists"),
    "changes": ("changes", "extract_changes"),
    "indicator_statements": ("indicators", "extract_indicator_statements"),
    "target_claims": ("indicators", "extract_target_claims"),
    "score_tables": ("scores", "extract_score_tables"),
    "score_rows": ("scores", "extract_score_rows"),
    "score_statements": ("scores", "extract_score_statements"),
    "grade_statements": ("scores", "extract_grade_statements"),
    "report": ("report", "extract_report"),
}
for _name, (_module, _function) in _BUILTIN_KINDS.items():
    Facts.register(_name, _lazy(_module, _function))
