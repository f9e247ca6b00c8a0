"""The words the facts stage reads with, loaded from `data/vocabulary.toml` (data, not code).

A region whose reports use other words extends the lists in its own TOML file and passes
it with `Vocabulary.load(extra=...)`, or a plugin calls `Vocabulary.extend()`; nothing in
core/facts/ hard-codes a unit, a qualifier, a heading role or a plan word.
"""


from decimal import Decimal
from functools import lru_cache
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..parse.toml_files import load_toml
from ..parse.package_files import package_file


class Units(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    money: dict[str, Decimal]
    rate: list[str]
    score: list[str]
    heads: list[str]
    counts: list[str]
    areas: list[str]

    def all(self) -> list[str]:
        """Every unit, longest first (so 万元 is tried before 元, 人次 before 人)."""
        names = [*self.money, *self.rate, *self.score, *self.heads, *self.counts, *self.areas]
        return sorted(set(names), key=lambda unit: (-len(unit), unit))


class Moods(BaseModel):
    model_config = ConfigDict(extra="forbid")

    planned: list[str]
    deadline: list[str]


class TableRoles(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weight: list[str]
    score: list[str]
    indicator: list[str]
    target: list[str]
    actual: list[str]
    # the budget-execution block's amount columns (scores.py ExecutionRow)
    initial: list[str] = []
    budget: list[str] = []
    executed: list[str] = []
    rate: list[str] = []
    standalone_block: list[str] = []  # the block's words that make it one with no 分值 / 得分 beside it


class Breakdowns(BaseModel):
    model_config = ConfigDict(extra="forbid")

    partial: list[str]
    # words that introduce the parts of the figure right before them (其中, 分别为, 即 …)
    markers: list[str] = Field(default_factory=lambda: ["其中"])
    # markers that introduce every part (分别为, 即): a list of counts they introduce must add up
    exhaustive: list[str] = []
    # part labels that name levels (国家级, 省级 …): a list of such parts names them all
    levels: list[str] = []


class NamedLists(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # 内设4个科室，分别为：A、B、C及D — the words between a count and the names it counts
    markers: list[str] = Field(default_factory=lambda: ["分别为", "分别是", "即"])
    # words that join the last name to the list (A、B及C); a name may also contain one
    joins: list[str] = Field(default_factory=lambda: ["以及", "和", "及", "与"])
    # the counts a list of names may follow (个 科室, 家 单位, 所 学校 …)
    units: list[str] = Field(default_factory=lambda: ["个", "家", "所", "名", "项", "支", "座"])


class Vocabulary(BaseModel):
    """Everything in vocabulary.toml, validated."""

    model_config = ConfigDict(extra="forbid")

    units: Units
    qualifiers: dict[str, list[str]]
    basis: dict[str, str]
    relative_years: dict[str, int] = {}
    moods: Moods
    table_roles: TableRoles
    breakdowns: Breakdowns
    named_lists: NamedLists = Field(default_factory=NamedLists)

    @classmethod
    def load(cls, extra: Optional[dict[str, Any]] = None) -> "Vocabulary":
        """The shipped vocabulary, with `extra` (same shape as the TOML) merged list by list."""
        data = load_toml(package_file("reportlint.facts", "data", "vocabulary.toml").read_text(encoding="utf-8"))
        if extra:
            data = _merge(data, extra)
        return cls.model_validate(data)

    def qualifier_of(self, label: str) -> Optional[str]:
        """The budget-cycle qualifier a label names (年初预算, 决算, 执行数, …), if any."""
        for qualifier, words in self.qualifiers.items():
            if any(word in label for word in words):
                return qualifier
        return None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *(item for item in value if item not in out[key])]
        else:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded once per process."""
    return Vocabulary.load()
