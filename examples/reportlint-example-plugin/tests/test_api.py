"""EXA001 tested through reportlint's Python test-kit API (reportlint.testkit.check_case)."""

import pytest

from reportlint.testkit import CaseFailure, check_case


def test_typo_in_heading_is_found():
    findings = check_case("一、预预算执行情况\n", select=["EXA"], expect=[("EXA001", 1)])
    assert findings[0].evidence.stated == "预预算"
    assert (findings[0].column, findings[0].end_column) == (3, 6)


def test_unexpected_finding_fails_the_case():
    with pytest.raises(CaseFailure, match="found but not expected"):
        check_case("绩绩效目标\n", select=["EXA"], expect=[])
