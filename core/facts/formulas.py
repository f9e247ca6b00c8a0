"""Formulas: the arithmetic a report writes inline, parsed with grammars/formula.lark.

A report writes its arithmetic in prose (`差异率=（3257.65-3132.88）/3132.88*100%=3.98%`).
Each chain is one `Formula` fact: its members (the pieces between the `=` signs), and one
`FormulaStep` per expression member, evaluated on Decimal intervals (each figure stands for
the values that round to it) against the plain figure that follows it, the stated result.
The same grammar and evaluator read named definitions (`(决算数 - 预算数) / 预算数`): names
are looked up in a mapping (`evaluate(tree, names)`).

Never eval, never recursion: the parse tree is walked with an explicit stack, so `----…1` or
`1%%…%` cannot exhaust Python's stack, and a run with more than MAX_SYMBOLS operator signs
(a rule line, a table border, hostile input) is not a formula.
"""


from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Mapping, Optional, Union

from pydantic import BaseModel, ConfigDict

from reportlint import regex_cache
from ..numbers import ArithmeticProblem, Interval, decimals_of, parse_decimal
from .base import Fact, construct
from .quantities import clause_label
from .text import BlockText, span_of
from ..parse.records import Record

if TYPE_CHECKING:
    from lark import Lark, LarkError, Token, Tree

    from .store import Facts
else:  # the runtime's classes (reportlint.parse.lark_runtime): the trees the parser makes are its
    from ..parse.lark_runtime import runtime

    _RUNTIME = runtime()
    Lark, LarkError, Token, Tree = _RUNTIME.Lark, _RUNTIME.LarkError, _RUNTIME.Token, _RUNTIME.Tree

HUNDRED = Decimal(100)
EXACT_CONSTANTS = frozenset({"1", "100"})  # the 1 of (a/b-1) and the 100 of *100%: not stated figures

# A run of formula characters in the folded text: figures (with units), operators, brackets, %, =.
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?(?:万元|亿元|千元|元)?"
_RUN = regex_cache.compile(r"(?:" + _NUM + r"|[-+*/×÷−－()（）%=＝ ])+")
_OPERATOR = regex_cache.compile(r"[-+*/×÷−－]")
_FIGURE_IN_RUN = regex_cache.compile(r"\d")
_SYMBOL = regex_cache.compile(r"[-+*/×÷−－%]")
# Cheap test for text that may hold written arithmetic: an '=' next to a figure or a bracket.
_HINT = regex_cache.compile(r"[\d%)）]\s*=|=\s*[-(（\d]")
# A definition in words before the figures (预算执行率=实际支出÷预算资金×100%=628.40÷650.00×100%=96.68%):
# names of quantities joined by operators, brackets and the exact constants 1 and 100 (no figure).
_DEF_NAME = r"[\u4e00-\u9fff]+"
_DEF_OPERAND = r"[(（]*\s*(?:" + _DEF_NAME + r"|100|1)\s*[)）]*\s*%?"
_WORDS_MEMBER = regex_cache.compile(r"\s*[(（]*\s*" + _DEF_NAME + r"\s*[)）]*\s*%?(?:\s*[-+*/×÷−－]\s*" + _DEF_OPERAND
                                    + r")+\s*")
_DEF_CHARS = frozenset("+-*/×÷−－%() \u3000") | frozenset("0123456789")
DEF_REACH = 60  # a definition in words is a short phrase
# A formula written in a report has at most a few dozen operators; a longer run of symbols is
# a rule line, a table border or hostile input, and nothing to claim about.
MAX_SYMBOLS = 60

Node = Union[Tree[Token], Token]


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The formula parser, built once per process (LALR, contextual lexer; reportlint.parse.lark_runtime)."""
    from ..parse.lark_runtime import parser as runtime_parser

    built: Lark = runtime_parser("formula.lark")
    return built


# -- evaluation -------------------------------------------------------------------------
class Evaluation(Record):
    __slots__ = ("value", "figures", "percent")

    value: Interval
    figures: list[str]  # the stated figures used, as written
    percent: bool  # a % appears in the expression

    def __init__(self, value: Interval, figures: Optional[list[str]] = None, percent: bool = False) -> None:
        self.value = value
        self.figures = list() if figures is None else figures
        self.percent = percent


class Evaluator:
    """Walks a parsed expression; names are looked up in `names` (for definitions)."""

    def __init__(self, names: Optional[Mapping[str, Interval]] = None, constants: bool = True,
                 point: bool = False):
        self.names: Mapping[str, Interval] = names or {}
        self.constants = constants
        self.point = point
        self.figures: list[str] = []
        self.percent = False

    def run(self, tree: Node) -> Interval:
        """The interval value of `tree`, walked post-order with an explicit stack.

        Figures are visited left to right, as they are written.
        """
        values: list[Interval] = []
        stack: list[tuple[Node, bool]] = [(tree, False)]
        while stack:
            node, ready = stack.pop()
            if isinstance(node, Token):
                raise ArithmeticProblem(f"unexpected token {node!r}")
            kind = str(node.data)
            if kind in ("number", "name"):
                values.append(self._leaf(kind, node.children))
                continue
            if not ready:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.children))
                continue
            values.append(self._combine(kind, values, len(node.children)))
        if len(values) != 1:
            raise ArithmeticProblem("malformed expression")
        return values[0]

    def _leaf(self, kind: str, children: list[Node]) -> Interval:
        if kind == "name":
            name = str(children[0])
            if name not in self.names:
                raise KeyError(name)
            return self.names[name]
        text = str(children[0])
        self.figures.append(text)
        value = parse_decimal(text)
        if value is None:
            raise ArithmeticProblem(f"not a number: {text}")
        exact = self.point or self.constants and text in EXACT_CONSTANTS
        return Interval.exact(value) if exact else Interval.stated(value, decimals_of(value))

    def _combine(self, kind: str, values: list[Interval], arity: int) -> Interval:
        """Apply node `kind` to the last `arity` values (popping them)."""
        if arity < 1 or len(values) < arity:
            raise ArithmeticProblem(f"malformed node {kind}")
        operands = values[-arity:]
        del values[-arity:]
        if kind in ("percent", "neg", "factor") and arity == 1:
            inner = operands[0]
            if kind == "percent":
                self.percent = True
                return Interval(inner.low / HUNDRED, inner.high / HUNDRED)
            return -inner if kind == "neg" else inner  # factor: unary plus
        if arity != 2:
            raise ArithmeticProblem(f"malformed node {kind}")
        left, right = operands
        if kind == "add":
            return left + right
        if kind == "sub":
            return left - right
        if kind == "mul":
            return left * right
        if kind == "div":
            return left / right
        raise ArithmeticProblem(f"unknown node {kind}")


def evaluate(tree: Node, names: Optional[Mapping[str, Interval]] = None, constants: bool = True,
             point: bool = False) -> Evaluation:
    """Interval value of an expression tree; raises ArithmeticProblem (e.g. division by zero).

    `constants=False` for a stated result: its 100 in `=100%` is a rounded figure, not the
    exact 100 of `*100%`. `point=True` takes every figure as exact (the value a message shows).
    """
    walker = Evaluator(names, constants, point)
    value = walker.run(tree)
    return Evaluation(value, walker.figures, walker.percent)


def parse_expression(text: str) -> Optional[Node]:
    """Parse one expression (or a name formula of a definition); None if it does not parse."""
    try:
        tree = parser().parse(text)
    except LarkError:
        return None
    members = tree.children if tree.data == "chain" else [tree]
    return members[0] if len(members) == 1 else None


def parse_constant(text: str) -> Optional[Node]:
    """`parse_expression` of a formula that ships with the data (a definition, a control word,
    a profile's definition): its tree is kept across runs (reportlint.parse.tree_cache), so a
    report that writes no formula never loads the formula grammar."""
    from ..parse.tree_cache import cached_tree

    tree: Optional[Node] = cached_tree("formula.lark", text, parse_expression)
    return tree


def names_in(tree: Node) -> set[str]:
    """The names a definition formula uses (walked with a stack: no recursion limit)."""
    found: set[str] = set()
    stack: list[Node] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Token):
            continue
        if node.data == "name":
            found.add(str(node.children[0]))
        else:
            stack.extend(node.children)
    return found


def stated_matches(computed: Interval, stated: Interval, stated_percent: bool, expression_percent: bool) -> bool:
    """Whether a stated result agrees with its expression.

    `X%` is X/100, so `a/b*100%=96.02%` and `a/b=96.02%` are both exact. Writers also put
    `(a/b)*100=96.02%` or `a/b*100%=96.02`; a result that agrees under the ×100 reading is
    not flagged either (the claim is about arithmetic, not notation).
    """
    if computed.meets(stated):
        return True
    if stated_percent or expression_percent:
        scaled = Interval(stated.low * HUNDRED, stated.high * HUNDRED)
        if computed.meets(scaled) or computed.percent().meets(stated):
            return True
    return False


# -- the facts ---------------------------------------------------------------------------
class FormulaMember(BaseModel):
    """One member of a chain (between `=` signs): a plain figure or an expression."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid", defer_build=True)  # built with `construct`

    text: str  # as written (folded)
    start: int  # offsets inside the formula's text
    end: int
    tree: Any = None  # the Lark tree (not exported)

    @property
    def is_figure(self) -> bool:
        """A plain stated figure (-98.44%, 3.98%, 1557.15万元), not an expression."""
        tree = self.tree
        while isinstance(tree, Tree) and tree.data in ("percent", "neg", "factor"):
            tree = tree.children[0]
        return isinstance(tree, Tree) and tree.data == "number"

    @property
    def is_percent(self) -> bool:
        tree = self.tree
        while isinstance(tree, Tree) and tree.data in ("neg", "factor"):
            tree = tree.children[0]
        return isinstance(tree, Tree) and tree.data == "percent"


class FormulaStep(BaseModel):
    """One expression of a chain against the stated result after it, evaluated on intervals."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid", defer_build=True)  # built with `construct`

    expression: FormulaMember
    stated: FormulaMember
    computed: Optional[Interval] = None  # the expression on intervals (None: not computable)
    point: Optional[Interval] = None  # the same on the figures as written (what a message shows)
    stated_value: Optional[Interval] = None
    figures: list[str] = []  # the stated figures the expression uses, as written
    agrees: Optional[bool] = None  # None when it cannot be evaluated
    problem: str = ""  # why it cannot be evaluated: 'division by a value that may be zero' …


class Formula(Fact):
    """A chain of written arithmetic (`a/b*100%=c%`), with each expression checked."""

    kind: ClassVar[str] = "formula"

    members: list[FormulaMember]
    steps: list[FormulaStep] = []
    year: Optional[int] = None  # the year its sentence names before it

    @property
    def result(self) -> Optional[FormulaMember]:
        """The last plain figure of the chain (the stated result), if any."""
        return next((m for m in reversed(self.members) if m.is_figure), None)

    def covers(self, start: int) -> bool:
        """Whether a block offset lies inside the formula (a figure named by the formula)."""
        return self.start <= start < self.end

    def row(self) -> dict[str, Any]:
        row = super().row()
        result = self.result
        if result is not None:
            number = result.text.rstrip("%万元亿千")
            row.update(value=number, unit=result.text[len(number):])
        row["year"] = self.year
        row["qualifier"] = "disagrees" if any(s.agrees is False for s in self.steps) else (
            "not computable" if any(s.problem for s in self.steps) else "agrees")
        return row


def find_chains(view: str) -> list[tuple[str, int, list[FormulaMember]]]:
    """(text, start, members) of each chain of arithmetic with an operator and an '=' in `view`."""
    return [(text, start, members) for text, start, members, _ in _chains(view)]


def _chains(view: str) -> list[tuple[str, int, list[FormulaMember], Optional[int]]]:
    """`find_chains`, with where a definition in words skipped before the chain starts (else None)."""
    found: list[tuple[str, int, list[FormulaMember], Optional[int]]] = []
    if "=" not in view:
        return found
    for match in _RUN.finditer(view):
        raw = match.group()
        if "=" not in raw or not _OPERATOR.search(raw) or not _FIGURE_IN_RUN.search(raw):
            continue
        definition = _words_definition(view, match.start(), raw)
        skip = 0
        if definition is not None:  # the run continues a definition in words: the chain starts after its '='
            skip = raw.index("=") + 1
        # trim what cannot start or end a chain: leading '=' / spaces, trailing '=' / operators
        left = skip
        while left < len(raw) and raw[left] in "=＝ ":
            left += 1
        right = len(raw)
        while right > left and raw[right - 1] in "=＝ -+*/×÷−－":
            right -= 1
        text = raw[left:right]
        if text.count("=") < 1 or not _OPERATOR.search(text):
            continue
        if len(_SYMBOL.findall(text)) > MAX_SYMBOLS:
            continue
        members = _split_chain(text)
        if members is None or len(members) < 2:
            continue
        found.append((text, match.start() + left, members, definition))
    return found


def _words_definition(view: str, at: int, raw: str) -> Optional[int]:
    """Where a definition in words starts when the run at `at` is its tail (`×100%=628.40÷…`).

    The run must open inside a member (not with '='), right after a name; the member, walked
    back to an '=', a clause break or an unmatched opening bracket, must be names joined by
    operators with no figure but the exact 1 and 100 (`实际支出÷预算资金×100%`). A member that
    mixes names and figures is not a definition: the chain is then read as today (and dropped
    when that tail does not parse)."""
    if at == 0 or raw.lstrip(" ")[:1] in ("=", "＝") or not ("\u4e00" <= view[at - 1] <= "\u9fff"):
        return None
    head = raw.index("=")
    if head > DEF_REACH:
        return None
    tail = raw[:head]  # the definition's end inside the run: its brackets count in the walk
    begin, closes = at, sum(tail.count(c) for c in ")）") - sum(tail.count(c) for c in "(（")
    floor = max(0, at - DEF_REACH)
    while begin > floor:
        char = view[begin - 1]
        if char in ")）":
            closes += 1
        elif char in "(（":
            if closes == 0:
                break
            closes -= 1
        elif char not in _DEF_CHARS and not "\u4e00" <= char <= "\u9fff":
            break
        begin -= 1
    member = view[begin:at + head]
    if not _WORDS_MEMBER.fullmatch(member):
        return None
    return begin


def _split_chain(text: str) -> Optional[list[FormulaMember]]:
    pieces: list[tuple[str, int]] = []  # (stripped text, start offset) of each member
    position = 0
    for piece in text.split("="):
        stripped = piece.strip()
        if not stripped:
            return None
        pieces.append((stripped, position + (len(piece) - len(piece.lstrip()))))
        position += len(piece) + 1
    trees = _parse_chain("=".join(p for p, _ in pieces), len(pieces))
    if trees is None:  # a member with a bracket left open by the prose: parse members one by one
        single = [parse_expression(_balance(p)) for p, _ in pieces]
        if any(tree is None for tree in single):
            return None
        trees = [tree for tree in single if tree is not None]
    return [construct(FormulaMember, {"text": stripped, "start": start, "end": start + len(stripped), "tree": tree})
            for tree, (stripped, start) in zip(trees, pieces)]


def _parse_chain(text: str, expected: int) -> Optional[list[Node]]:
    """The members of a whole chain parsed at once (one parser run instead of one per member)."""
    try:
        tree = parser().parse(text)
    except LarkError:
        return None
    members: list[Node] = list(tree.children) if tree.data == "chain" else [tree]
    return members if len(members) == expected else None


def _balance(text: str) -> str:
    """Drop an unmatched leading '(' or trailing ')' left by the prose around a formula."""
    opens = sum(text.count(c) for c in "(（")
    closes = sum(text.count(c) for c in ")）")
    while closes > opens and text and text[-1] in ")）":
        text, closes = text[:-1], closes - 1
    while opens > closes and text and text[0] in "(（":
        text, opens = text[1:], opens - 1
    return text


def evaluate_chain(members: list[FormulaMember]) -> list[FormulaStep]:
    """Every expression of a chain against the plain figure that follows it."""
    steps: list[FormulaStep] = []
    for index, member in enumerate(members):
        if member.is_figure:
            continue
        stated = next((m for m in members[index + 1:] if m.is_figure), None)
        if stated is None:
            continue
        try:
            result = evaluate(member.tree)
            point = evaluate(member.tree, point=True).value
            stated_value = evaluate(stated.tree, constants=False).value
        except ArithmeticProblem as exc:
            steps.append(construct(FormulaStep, {"expression": member, "stated": stated, "problem": str(exc)}))
            continue
        except (KeyError, InvalidOperation, ValueError):
            continue
        agrees = stated_matches(result.value, stated_value, stated.is_percent, result.percent)
        steps.append(construct(FormulaStep, {"expression": member, "stated": stated, "computed": result.value,
                                             "point": point, "stated_value": stated_value,
                                             "figures": result.figures, "agrees": agrees}))
    return steps


def block_formulas(item: BlockText, source: Any = None) -> list[Formula]:
    """The written formulas of one block, each evaluated."""
    view = item.view
    if "=" not in view or not _HINT.search(view):
        return []
    out: list[Formula] = []
    for text, start, members, definition in _chains(view):
        end = start + len(text)
        floor = item.sentence_bounds(start)[0]
        named = start if definition is None else definition  # the name stands before a definition in words
        name_end = len(view[:named].rstrip("=＝ :："))
        label = clause_label(view, floor, name_end) if name_end > floor else ""
        out.append(Formula.build(span=span_of(source, item.block, start, end), section=item.section, label=label,
                                 text=item.text[start:end], block=item.block, container=item.container,
                                 start=start, end=end, members=members, steps=evaluate_chain(members),
                                 year=item.year_before(start, floor)))
    return out


def extract_formulas(facts: "Facts") -> list[Formula]:
    """Every written formula of the document, in order (`facts.formulas`)."""
    out: list[Formula] = []
    for item in facts.blocks:
        if "=" in item.view:
            out.extend(block_formulas(item, facts.source))
    return out
