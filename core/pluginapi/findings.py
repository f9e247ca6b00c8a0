"""Findings: what a check says is wrong, where, and the numbers that prove it."""


import hashlib
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..parse.inline import set_fields, share_names

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Evidence(BaseModel):
    """The numbers behind a finding: stated vs computed, the expression and the figures used.

    Values are strings (Decimals written exactly as computed) so JSON keeps them exact.
    `related` lists other places involved (the other statement of a repeated figure).
    """

    model_config = ConfigDict(extra="allow")

    stated: Optional[str] = None
    computed: Optional[str] = None
    expression: Optional[str] = None
    figures: list[str] = []
    related: list[dict[str, Any]] = []


class WordLocation(BaseModel):
    """Where a finding is in a Word document, as data (`Finding.word`; docs/output.md)."""

    model_config = ConfigDict(extra="forbid")

    part: Literal["body", "table", "footnote", "endnote", "textbox"] = "body"
    headings: list[str] = []  # the enclosing headings as Word shows them, markers included
    paragraph: Optional[int] = None  # 第N段 of the document (non-empty body paragraphs; for a note or text box: its anchor)
    section_paragraph: Optional[int] = None  # the same paragraph counted from the innermost heading (0 = the heading)
    table: Optional[int] = None
    row: Optional[int] = None
    column: Optional[int] = None
    note: Optional[int] = None  # footnote/endnote number
    quote: str = ""  # a short piece of the text to search for in Word
    auto_numbered: bool = False  # the offending text is (in) Word's automatic numbering
    inserted: bool = False  # the offending text is a tracked insertion


class Finding(BaseModel):
    """One claim that the report is wrong at a place. The JSON contract of `--format json`."""

    model_config = ConfigDict(extra="forbid")

    path: str
    rule: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    section: list[str] = []
    evidence: Evidence = Field(default_factory=Evidence)
    suggestion: Optional[str] = None
    snippet: str = ""
    fingerprint: str = ""
    plugin: str = ""
    location: Optional[str] = None  # where a reader puts it in the original (a .docx paragraph or cell)
    word: Optional[WordLocation] = None  # .docx (.doc, .wps): the Word location as data; `location` is its text

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)


# -- compact findings -------------------------------------------------------------------
# A validated pydantic instance holds its fields in a dict of its own and its fields set in a
# set of its own (a finding: 464 + 728 bytes; its evidence 184 + 216). `compact` moves a
# validated finding's fields into the instance (reportlint.parse.inline) and gives it one shared
# fields set: ~1.2 KB less per finding, 2 MB of a 300-copy report's peak.
for _model in (Finding, Evidence):
    share_names(_model, _model.model_fields)
# every field given (what context.finding gives): pydantic's `fields_set.add(name)` on an
# assignment never changes it, so it can be shared
_FINDING_FIELDS, _EVIDENCE_FIELDS = set(Finding.model_fields), set(Evidence.model_fields)
_set = object.__setattr__


def _moved(model: BaseModel, every: set[str]) -> BaseModel:
    """A copy of a validated instance with its fields in the instance, not in a dict."""
    instance = object.__new__(type(model))
    set_on = set_fields(instance, model.__dict__)
    names = model.__pydantic_fields_set__
    set_on("__pydantic_fields_set__", every if names == every else names)
    set_on("__pydantic_extra__", model.__pydantic_extra__)
    set_on("__pydantic_private__", model.__pydantic_private__)
    return instance


def compact(finding: Finding) -> Finding:
    """The validated finding held compactly (its evidence too): the same fields, values and
    fields set (`==`, `model_dump`, pickling as before), without a dict and a set of its own."""
    if type(finding) is not Finding or type(finding.evidence) is not Evidence:
        return finding  # a subclass (a plugin's) keeps what pydantic gave it
    moved = _moved(finding, _FINDING_FIELDS)
    _set(moved, "evidence", _moved(finding.evidence, _EVIDENCE_FIELDS))
    return moved  # type: ignore[return-value]


def _no_space(text: str) -> str:
    """`text` without whitespace, as removing every run the regex class `\\s` matches gives it
    (str.split splits at the same characters, those of str.isspace), without a regex call."""
    return "".join(text.split())


def fingerprint(rule: str, section: list[str], text: str, salt: str = "") -> str:
    """A stable id: rule + section titles + the offending text, not its line number.

    Editing other parts of the report does not change it, so suppressions and baselines
    keep working as a report is revised.
    """
    key = "\x1f".join([rule, "/".join(map(_no_space, section)), _no_space(text), salt])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
