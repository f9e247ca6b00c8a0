"""Findings held compactly (reportlint.pluginapi.findings.compact): validated once, then
moved into the instance with a shared fields set; the same finding in every respect."""

from __future__ import annotations

import copy
import gc
import pickle
import tracemalloc

from reportlint.pluginapi.findings import Evidence, Finding, compact

DATA = {"path": "a.txt", "rule": "FRM001", "name": "sum-mismatch", "severity": "error",
        "message": "合计 100万元 与分项之和 90万元 不符", "line": 3, "column": 5, "end_line": 3,
        "end_column": 12, "section": ["一、部门基本情况"],
        "evidence": {"stated": "100", "computed": "90", "figures": ["40", "50"]},
        "suggestion": None, "snippet": "合计100万元", "fingerprint": "0123456789abcdef",
        "plugin": "formulas", "location": None, "word": None}


def test_a_compact_finding_is_the_validated_one():
    validated = Finding.model_validate(DATA)
    held = compact(Finding.model_validate(DATA))
    assert held == validated and held.model_dump() == validated.model_dump()
    assert held.model_dump_json() == validated.model_dump_json()
    assert held.model_fields_set == validated.model_fields_set
    assert held.evidence.model_fields_set == {"stated", "computed", "figures"}
    assert pickle.loads(pickle.dumps(held)) == validated
    assert copy.deepcopy(held) == validated
    assert Finding.model_validate(held.model_dump()) == validated


def test_changing_a_compact_finding_changes_only_it():
    first, second = compact(Finding.model_validate(DATA)), compact(Finding.model_validate(DATA))
    first.message = "改过的说明"
    first.evidence.expression = "40+50"
    assert (first.message, second.message) == ("改过的说明", DATA["message"])
    assert second.evidence.expression is None
    assert "expression" in first.evidence.model_fields_set
    assert "expression" not in second.evidence.model_fields_set


def test_a_subclass_keeps_what_pydantic_gave_it():
    class Mine(Finding):
        pass

    mine = Mine.model_validate(DATA)
    assert compact(mine) is mine


def test_compact_findings_take_less_than_half_the_memory():
    def size(make) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            kept = [make() for _ in range(500)]
            return (tracemalloc.get_traced_memory()[0] - before) // len(kept)
        finally:
            tracemalloc.stop()

    compact(Finding.model_validate(DATA))  # warm
    validated = size(lambda: Finding.model_validate(DATA))
    held = size(lambda: compact(Finding.model_validate(DATA)))
    assert held < validated - 1000, (held, validated)


def test_context_findings_are_compact_and_report_as_before(tmp_path):
    from reportlint.run.runner import check_path

    path = tmp_path / "r.txt"
    path.write_text("2023年度部门整体支出绩效自评报告\n一、部门基本情况\n"
                    "年初预算100万元，其中基本支出60万元、项目支出30万元。\n", encoding="utf-8")
    result = check_path(path)
    assert result.findings, "expected the sum finding of this report"
    for finding in result.findings:
        assert type(finding) is Finding and type(finding.evidence) is Evidence
        assert Finding.model_validate(finding.model_dump()) == finding


def test_fingerprints_ignore_whitespace_as_before_and_stay_the_same():
    """Baselines and suppressions hold fingerprints: every whitespace character the regex `\\s`
    matched is still ignored, and a fingerprint computed before is computed again."""
    import re

    from reportlint.pluginapi.findings import _no_space, fingerprint

    spaces = "".join(chr(code) for code in range(0x110000) if re.fullmatch(r"\s", chr(code)))
    assert len(spaces) > 20 and "\u3000" in spaces and "\x1c" in spaces
    text = "全年" + spaces + "预算\u3000106.06 万元"
    assert _no_space(text) == re.sub(r"\s+", "", text) == "全年预算106.06万元"
    section = ["部门整体支出管理及使用情况", "部门预算执行情况", "项目支出情况"]
    assert fingerprint("FRM004", section, "全年预算106.06万元") == "1fef23fc32436877"  # (as at 246d56c)
    assert fingerprint("FRM004", [" 部门整体支出管理及\t使用情况", "部门预算执行情况 ", "项目\u3000支出情况"],
                       text) == "1fef23fc32436877"
