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
