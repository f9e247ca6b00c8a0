"""Report profiles: the templates reports are written against, as data.

A profile is a TOML file (see plugins/profiles/data/) contributed by a plugin through the
`reportlint_register_profiles` hook. It gives the outline of required and optional
sections with the synonyms real reports use, the header fields and attachments the
template expects, the grade bands, the full score, known leftover template text, and
free-form `extensions` that checker plugins read (rate definitions, for example).
"""


import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from reportlint import regex_cache

from .toml_files import load_toml


class OutlineEntry(BaseModel):
    """One section of the template's outline."""

    model_config = ConfigDict(extra="forbid")

    title: str
    synonyms: list[str] = []
    required: bool = True
    ordered: bool = True  # False: may stand anywhere among its siblings (versions of the template differ)
    number: Optional[int] = None  # the marker number the template gives it (一 → 1)
    level: int = 0  # filled in from the nesting
    children: list["OutlineEntry"] = []

    def names(self) -> list[str]:
        return [self.title, *self.synonyms]

    def walk(self) -> Iterator["OutlineEntry"]:
        yield self
        for child in self.children:
            yield from child.walk()


class AttachmentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    synonyms: list[str] = []
    label: str = ""
    required: bool = True


class GradeBand(BaseModel):
    """A grade and the scores that earn it: min <= score < max (max None = no upper bound)."""

    model_config = ConfigDict(extra="forbid")

    grade: str
    min: Decimal
    max: Optional[Decimal] = None
    synonyms: list[str] = []


DEFAULT_GRADES = [  # 财预〔2020〕10号
    GradeBand(grade="优", min=Decimal(90), synonyms=["优秀", "第一等级"]),
    GradeBand(grade="良", min=Decimal(80), max=Decimal(90), synonyms=["良好", "第二等级"]),
    GradeBand(grade="中", min=Decimal(60), max=Decimal(80), synonyms=["中等", "第三等级"]),
    GradeBand(grade="差", min=Decimal(0), max=Decimal(60), synonyms=["较差", "第四等级"]),
]


def _number(entries: list[OutlineEntry], level: int) -> None:
    """Give each outline entry its level and, unless the template says, its number among its siblings."""
    for index, entry in enumerate(entries, 1):
        entry.level = level
        if entry.number is None:
            entry.number = index
        _number(entry.children, level + 1)


class Profile(BaseModel):
    """One report template."""

    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    description: str = ""
    # a template family has versions (Hunan 2018–2022 and 2023; Zhanjiang 附件6 and the other
    # Guangdong cities); `kind` is what is evaluated: department (部门整体), project (项目支出,
    # 转移支付, 衔接资金) or form (a 自评表 flattened into text)
    family: str = ""
    version: str = ""
    kind: Literal["department", "project", "form"] = "department"
    years: list[int] = []  # [first, last] evaluated years the version was used for
    # phrases of a form (项目名称, 年度总体目标, 三级指标 …): a form has no outline to match, these say it is one
    signatures: list[str] = []
    keywords: list[str] = []  # words in the title/front that point at this template
    required_fields: list[str] = []
    outline: list[OutlineEntry] = []
    attachments: list[AttachmentSpec] = []
    grades: list[GradeBand] = Field(default_factory=lambda: list(DEFAULT_GRADES))
    full_score: Decimal = Decimal(100)
    template_phrases: list[str] = []  # instructions the template's blank carries
    placeholders: list[str] = []  # regexes of blanks to fill (beyond the built-in shapes)
    extensions: dict[str, Any] = {}

    def model_post_init(self, __context: Any) -> None:
        _number(self.outline, 1)
        if self.years and (len(self.years) != 2 or self.years[0] > self.years[1]):
            raise ValueError(f"profile {self.name!r}: years must be [first, last], not {self.years}")
        for pattern in self.placeholders:
            try:
                regex_cache.compile(pattern)
            except re.error as error:
                raise ValueError(f"profile {self.name!r}: placeholder pattern {pattern!r} is not a regex: {error}")

    def entries(self) -> Iterator[OutlineEntry]:
        for entry in self.outline:
            yield from entry.walk()

    @classmethod
    def from_toml(cls, path) -> "Profile":
        """Load a profile from a TOML file (a path or an importlib.resources Traversable)."""
        text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else Path(path).read_text(encoding="utf-8")
        return cls.model_validate(load_toml(text))


OutlineEntry.model_rebuild()
