"""What every fact has: where it stands and what names it.

A fact is one thing a report states (an amount, a date, a scoring row …). Facts are
pydantic models so their schema is documented and exportable (`reportlint facts`), but
they compare by identity: two facts are two places in the text, even when they read alike.
`block` and `container` point back into the document model and are never exported.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from pydantic import BaseModel, ConfigDict

from ..parse.model import Span


class Fact(BaseModel):
    """Base of every fact kind."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    kind: ClassVar[str] = "fact"

    span: Span  # where it stands in the file (1-based, end_column exclusive)
    section: tuple[str, ...] = ()  # section titles, outermost first
    label: str = ""  # the words that name it in its clause
    text: str = ""  # the characters it covers, as written
    block: Any = None  # the Paragraph or Cell it stands in (not exported)
    container: Any = None  # the Section or Attachment (None in the front matter; not exported)
    start: int = 0  # offsets in block.text
    end: int = 0

    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other

    @property
    def line(self) -> int:
        return self.span.line

    def row(self) -> dict[str, Any]:
        """One row of `reportlint facts` output (see docs/facts.md for the columns)."""
        return {"kind": self.kind, "line": self.span.line, "column": self.span.column,
                "section": " › ".join(self.section), "label": self.label, "year": None,
                "value": None, "unit": "", "qualifier": "", "text": self.text}


class Located(BaseModel):
    """A value read off the report, with where it was read and how."""

    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    value: Any
    source: str  # 评价年度 | 标题 | 前言 | 填报日期 | 落款 | … (the kind of place)
    span: Optional[Span] = None
    text: str = ""  # the words it was read from
