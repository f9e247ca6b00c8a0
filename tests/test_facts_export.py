"""`reportlint facts`: the extraction as a user feature (one row per fact, JSON or CSV)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reportlint import cli
from reportlint.facts.export import COLUMNS
from util import SEED_NAMES, seed_path


def run_facts(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["facts", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_004_line_23_budget_figures_with_label_year_and_line(capsys):
    code, out, _ = run_facts(capsys, str(seed_path("004")))
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == 1 and data["columns"] == list(COLUMNS) and data["errors"] == []
    line_23 = [(r["label"], r["year"], r["value"], r["unit"], r["qualifier"])
               for r in data["facts"] if r["line"] == 23 and r["kind"] == "amount"]
    assert line_23 == [("年初预算", 2023, "72.34", "万元", "年初预算"),
                       ("年中追加预算", 2023, "51.79", "万元", "追加"),
                       ("全年预算", 2023, "106.06", "万元", "全年预算"),
                       ("实际支出", 2023, "106.06", "万元", "执行数")]
    assert all(r["file"] == str(seed_path("004")) for r in data["facts"])
    assert all(r["section"] for r in data["facts"] if r["line"] == 23)


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_every_seed_exports_and_rows_are_in_document_order(capsys, key):
    code, out, _ = run_facts(capsys, str(seed_path(key)), "--kind", "quantities")
    assert code == 0
    rows = json.loads(out)["facts"]
    assert len(rows) > 20
    assert [(r["line"], r["column"]) for r in rows] == sorted((r["line"], r["column"]) for r in rows)
    assert {r["kind"] for r in rows} <= {"amount", "rate", "count", "score", "number"}


def test_csv_has_a_bom_loads_with_the_csv_module_and_keeps_chinese(capsys, tmp_path):
    target = tmp_path / "facts.csv"
    code, _, _ = run_facts(capsys, str(seed_path("004")), str(seed_path("001")), "-f", "csv", "-o", str(target))
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    files = {r["file"] for r in rows}
    assert files == {str(seed_path("004")), str(seed_path("001"))}
    assert any(r["label"] == "全年预算" and r["value"] == "106.06" and r["line"] == "23" for r in rows)


def test_an_unreadable_file_is_one_line_and_exit_2_and_the_others_are_exported(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    code, out, err = run_facts(capsys, str(bad), str(seed_path("002")))
    assert code == 2
    data = json.loads(out)
    assert data["errors"] == [{"file": str(bad), "error": "binary content, not a text report / 文件不是文本报告"}]
    assert {r["file"] for r in data["facts"]} == {str(seed_path("002"))}
    assert err.count("\n") == 1 and "bad.txt" in err


def test_an_unknown_kind_is_a_usage_error(capsys):
    code, _, err = run_facts(capsys, str(seed_path("002")), "--kind", "nonsense")
    assert code == 2 and "unknown fact kind nonsense" in err


def test_seed_004_scoring_rows_of_attachment_1_2_with_weight_and_score(capsys):
    code, out, _ = run_facts(capsys, str(seed_path("004")), "--kind", "score_rows")
    assert code == 0
    rows = [r for r in json.loads(out)["facts"] if r["kind"] in ("score_row", "execution_row")]
    assert all(r["section"] == "附件1-2 部门整体支出绩效自评表" for r in rows)
    scored = [(r["line"], r["label"], r["weight"], r["value"]) for r in rows if r["value"] is not None]
    assert scored == [(211, "年度资金总额", "10", "10"), (244, "重点工作完成数", "20", "20"),
                      (277, "达标完成率", "10", "10"), (288, "及时完成情况", "10", "10"),
                      (299, "成本控制", "10", "10"), (309, "精准招商", "10", "10"),
                      (321, "发挥桥梁作用", "10", "10"), (341, "提升宣传、信访维护水平", "10", "8"),
                      (351, "社会公众满意度", "10", "10")]
    assert sum(int(r[3]) for r in scored) == 98 and sum(int(r[2]) for r in scored) == 100


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_every_seed_exports_every_kind_with_its_evaluated_year_claim(capsys, key):
    code, out, _ = run_facts(capsys, str(seed_path(key)))
    assert code == 0
    rows = json.loads(out)["facts"]
    kinds = {r["kind"] for r in rows}
    assert {"amount", "date", "year_claim"} <= kinds
    years = {"000": 2021, "001": 2020, "002": 2024, "004": 2023}
    assert any(r["kind"] == "year_claim" and r["year"] == years[key] for r in rows)


# -- facts are built unvalidated (Fact.build): every one must still pass its own schema -----
def _facts_of(key: str):
    from reportlint.facts import Facts
    from reportlint.facts.store import EXPORTED
    from reportlint.input.source import Source
    from reportlint.run.runner import get_manager, parse_with

    source = Source(seed_path(key).read_text(encoding="utf-8"), seed_path(key).name)
    facts = Facts(parse_with(source, get_manager(), None), source)
    for kind in [*EXPORTED, "score_tables"]:
        found = facts.get(kind)
        yield from ([found] if kind == "report" else found)


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
def test_every_fact_of_every_seed_validates_against_its_schema_unchanged(key):
    checked = 0
    for fact in _facts_of(key):
        dumped = fact.model_dump()
        again = type(fact).model_validate(dumped)  # nested facts and spans are validated too
        assert again.model_dump() == dumped, type(fact).__name__  # same types: nothing coerced
        checked += 1
    assert checked > 40


def test_build_rejects_an_unknown_field_and_never_shares_a_default_list():
    from decimal import Decimal

    from reportlint.facts.base import make_span
    from reportlint.facts.quantities import Amount
    from reportlint.facts.report import FilingDate

    span = make_span(3, 5, 3, 12)
    built = Amount.build(span=span, number="34.50", value=Decimal("34.50"), unit="万元", label="年初预算")
    validated = Amount(span=span, number="34.50", value=Decimal("34.50"), unit="万元", label="年初预算")
    assert built.model_dump() == validated.model_dump()
    assert built.model_fields_set == validated.model_fields_set == {"span", "number", "value", "unit", "label"}
    assert built.interval.low == Decimal("34.495") and built.in_yuan.high == Decimal("345050")
    with pytest.raises(TypeError, match="nubmer"):
        Amount.build(span=span, nubmer="34.50", value=Decimal("34.50"), unit="万元")
    first = FilingDate.build(span=span, value="2024年6月6日")
    second = FilingDate.build(span=span, value="2024年6月7日")
    first.mentions.append(None)
    assert second.mentions == [] and FilingDate(span=span, value="x").mentions == []


def _facts_of_text(text: str):
    from reportlint.facts import Facts
    from reportlint.input.source import Source
    from reportlint.run.runner import get_manager, parse_with

    source = Source(text, "report.txt")
    return Facts(parse_with(source, get_manager(), None), source)


def test_labels_lose_markers_years_lead_words_and_links_but_keep_their_words():
    line = ("（1）2023年度其中基本支出为72.34万元，2.项目支出达到33.72万元，年底在职15人，"
            "版本2021年第3条1,0000万元，合计1,000.50万元。")
    facts = _facts_of_text("2023年部门整体支出绩效自评报告\n\n" + line + "\n")
    rows = [(q.label, q.number, q.unit, q.line, q.span.column) for q in facts.quantities]
    # 2021年 and 第3条 are no figures, and 1,0000 is not grouped by thousands: none is read
    assert rows == [("基本支出", "72.34", "万元", 3, line.index("72.34") + 1),
                    ("项目支出", "33.72", "万元", 3, line.index("33.72") + 1),
                    ("年底在职人数", "15", "人", 3, line.index("15人") + 1),
                    ("", "1,000.50", "万元", 3, line.index("1,000.50") + 1)]  # 合计 alone names nothing


def test_a_blocks_quantities_read_first_are_the_ones_the_whole_list_holds():
    facts = _facts_of_text("2023年部门整体支出绩效自评报告\n\n全年预算数为106.06万元，执行率100%。\n")
    block = next(item.block for item in facts.blocks if "106.06" in item.text)
    first = facts.quantities_in(block)
    assert [q.shown for q in first] == ["106.06万元", "100%"]
    assert [id(q) for q in facts.quantities] == [id(q) for q in first]
    assert facts.quantities_in(facts.document) == []  # not a block of the document


def test_construct_gives_each_instance_its_own_private_defaults_as_pydantic_does():
    from pydantic import BaseModel, PrivateAttr

    from reportlint.facts.base import construct

    class Counted(BaseModel):
        name: str
        _seen: list = PrivateAttr(default_factory=list)
        _limit: int = PrivateAttr(default=3)

    first, second = construct(Counted, {"name": "a"}), construct(Counted, {"name": "b"})
    first._seen.append("x")
    assert (first._seen, second._seen, second._limit) == (["x"], [], 3)
    assert second.__pydantic_private__ == Counted(name="b").__pydantic_private__


def test_a_year_written_with_its_end_leaves_the_label_whole():
    """2022年底 / 2022年末 is the year (its end): 底 is no word of the label; 2022年初预算数 keeps 年初,
    the word of the opening budget, and with it its qualifier."""
    facts = _facts_of_text("2023年部门整体支出绩效自评报告\n\n2022年底基础养老金实际支出239.53万元，"
                           "2022年末在职15人，2022年初预算数为80万元。\n")
    assert [(q.label, q.number) for q in facts.quantities] == [
        ("基础养老金实际支出", "239.53"), ("在职人数", "15"), ("年初预算数", "80")]
    assert facts.quantities[2].qualifier == "年初预算"
