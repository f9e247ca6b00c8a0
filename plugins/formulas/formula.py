"""Written formulas: find them in prose, parse them with grammars/formula.lark, evaluate on intervals.

A report writes its arithmetic inline (`差异率=（3257.65-3132.88）/3132.88*100%=3.98%`). The
chain's last plain figure is the stated result; every member with an operator is evaluated
on Decimal intervals (each figure stands for the values that round to it) and must meet it.
The same grammar parses the definitions in data/definitions.toml, where names stand for
labelled figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Mapping, Optional

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from reportlint.parse.grammar_files import load_grammar
from reportlint.numbers import ArithmeticProblem, Interval, decimals_of, parse_decimal

HUNDRED = Decimal(100)
EXACT_CONSTANTS = {"1", "100"}  # the 1 of (a/b-1) and the 100 of *100%: definitions, not stated figures

# A run of formula characters in the folded text: figures (with units), operators, brackets, %, =.
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?(?:万元|亿元|千元|元)?"
_RUN = re.compile(r"(?:" + _NUM + r"|[-+*/×÷−－()（）%=＝ ])+")
_OPERATOR = re.compile(r"[-+*/×÷−－]")
_FIGURE_IN_RUN = re.compile(r"\d")
_SYMBOL = re.compile(r"[-+*/×÷−－%]")
# A formula written in a report has at most a few dozen operators; a longer run of symbols is
# a rule line, a table border or hostile input, and nothing to claim about.
MAX_SYMBOLS = 60


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The formula parser, built once per process (LALR, contextual lexer)."""
    return Lark(load_grammar("formula.lark"), parser="lalr", maybe_placeholders=False)


@dataclass
class Member:
    """One member of a chain: a plain figure or an expression."""

    tree: Tree
    start: int  # offsets inside the formula text
    end: int

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


@dataclass
class Evaluation:
    value: Interval
    figures: list[str] = field(default_factory=list)  # the stated figures used, as written
    percent: bool = False  # a % appears in the expression


class Evaluator:
    """Walks a parsed expression; names are looked up in `names` (for definitions)."""

    def __init__(self, names: Optional[Mapping[str, Interval]] = None, constants: bool = True,
                 point: bool = False):
        self.names = names or {}
        self.constants = constants
        self.point = point
        self.figures: list[str] = []
        self.percent = False

    def run(self, tree) -> Interval:
        """The interval value of `tree`, walked with an explicit stack.

        A tree can be as deep as its text is long (`1+1+…+1`, `1%%…%`, `----1`): a recursive
        walk would hit Python's recursion limit on hostile input, so post-order it by hand.
        Figures are visited left to right, as they are written.
        """
        values: list[Interval] = []
        stack: list[tuple[object, bool]] = [(tree, False)]
        while stack:
            node, ready = stack.pop()
            if isinstance(node, Token):
                raise ArithmeticProblem(f"unexpected token {node!r}")
            kind = node.data
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

    def _leaf(self, kind: str, children) -> Interval:
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


def evaluate(tree, names: Optional[Mapping[str, Interval]] = None, constants: bool = True,
             point: bool = False) -> Evaluation:
    """Interval value of an expression tree; raises ArithmeticProblem (e.g. division by zero).

    `constants=False` for a stated result: its 100 in `=100%` is a rounded figure, not the
    exact 100 of `*100%`. `point=True` takes every figure as exact (the value a message shows).
    """
    walker = Evaluator(names, constants, point)
    value = walker.run(tree)
    return Evaluation(value, walker.figures, walker.percent)


def parse_expression(text: str) -> Optional[Tree]:
    """Parse one expression (or a name formula from the definitions); None if it does not parse."""
    try:
        tree = parser().parse(text)
    except LarkError:
        return None
    members = tree.children if tree.data == "chain" else [tree]
    return members[0] if len(members) == 1 else None


def names_in(tree) -> set[str]:
    """The names a definition formula uses (walked with a stack: no recursion limit)."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Token):
            continue
        if node.data == "name":
            found.add(str(node.children[0]))
        else:
            stack.extend(node.children)
    return found


@dataclass
class WrittenFormula:
    """A chain found in a block of text: offsets are into the block's text."""

    text: str
    start: int
    end: int
    members: list[Member]


def find_formulas(view: str) -> list[WrittenFormula]:
    """Chains of arithmetic with at least one operator and an '=' in a folded text block."""
    found = []
    if "=" not in view:
        return found
    for match in _RUN.finditer(view):
        raw = match.group()
        if "=" not in raw or not _OPERATOR.search(raw) or not _FIGURE_IN_RUN.search(raw):
            continue
        # trim what cannot start or end a chain: leading '=' / spaces, trailing '=' / operators
        left = 0
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
        start = match.start() + left
        found.append(WrittenFormula(text=text, start=start, end=start + len(text), members=members))
    return found


def _split_chain(text: str) -> Optional[list[Member]]:
    pieces = []  # (stripped text, start offset) of each member
    position = 0
    for piece in text.split("="):
        stripped = piece.strip()
        if not stripped:
            return None
        pieces.append((stripped, position + (len(piece) - len(piece.lstrip()))))
        position += len(piece) + 1
    trees = _parse_chain("=".join(p for p, _ in pieces), len(pieces))
    if trees is None:  # a member with a bracket left open by the prose: parse members one by one
        trees = [parse_expression(_balance(p)) for p, _ in pieces]
        if any(tree is None for tree in trees):
            return None
    return [Member(tree=tree, start=start, end=start + len(stripped))
            for tree, (stripped, start) in zip(trees, pieces)]


def _parse_chain(text: str, expected: int) -> Optional[list]:
    """The members of a whole chain parsed at once (one parser run instead of one per member)."""
    try:
        tree = parser().parse(text)
    except LarkError:
        return None
    members = tree.children if isinstance(tree, Tree) and tree.data == "chain" else [tree]
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


@dataclass
class FormulaMismatch:
    """A member of a written chain that its stated result does not equal."""

    formula: WrittenFormula
    member: Member
    stated: Member
    computed: Interval
    point: Interval  # the same computation on the figures as written, for the message
    figures: list[str]


@dataclass
class FormulaProblem:
    """A chain that cannot be evaluated (division by a stated zero)."""

    formula: WrittenFormula
    member: Member
    reason: str


def check_formula(written: WrittenFormula) -> list[FormulaMismatch | FormulaProblem]:
    """Compare every expression of a chain with the plain figure that follows it."""
    found: list[FormulaMismatch | FormulaProblem] = []
    members = written.members
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
            found.append(FormulaProblem(written, member, str(exc)))
            continue
        except (KeyError, InvalidOperation, ValueError):
            continue
        if not stated_matches(result.value, stated_value, stated.is_percent, result.percent):
            found.append(FormulaMismatch(written, member, stated, result.value, point, result.figures))
    return found
