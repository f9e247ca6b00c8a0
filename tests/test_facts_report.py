"""The reporting unit read from a form: a column heading is never taken for the unit's name."""

import pytest

from reportlint.facts.report import _column_label


@pytest.mark.parametrize("text", ["预算数", "全年执行数", "执行金额", "执行率", "年度指标值", "分值", "得分",
                                  "资金总额（万元）", "占比（%）", "所占比例"])
def test_column_headings_are_not_unit_names(text):
    assert _column_label(text)


@pytest.mark.parametrize("text", ["某某县文化馆", "某某市财政局", "某某县大数据中心", "某某区人民政府办公室",
                                  "某某镇农业综合服务站"])
def test_unit_names_are_kept(text):
    assert not _column_label(text)
