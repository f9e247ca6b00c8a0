"""How the DAT messages name the places that state the evaluated year (DAT002, DAT003), and how
they compare a date with the year's end (DAT002, DAT007, DAT010)."""

from __future__ import annotations

from datetime import date

from reportlint.facts.report import YearClaim
from reportlint.pluginapi.context import CheckContext


def describe(claim: YearClaim) -> str:
    """评价年度“2021年度”, or 自评通知“2022年”（对应评价年度2021年） for a claim that fits by inference."""
    if claim.source in ("自评通知", "通知文号"):
        evaluated = "或".join(str(year) for year in claim.fits)
        return f"{claim.source}“{claim.text}”（对应评价年度{evaluated}年）"
    return f"{claim.source}“{claim.text}”"


def evaluated_source(context: CheckContext) -> str:
    """Where the evaluated year was read: the claims that state it, each with its place as the
    writer finds it (第4行 in a text file, the heading path and paragraph in a Word file)."""
    report = context.facts.report
    return "；".join(f"{describe(claim)}，{context.where(claim.line)}" for claim in report.supporting
                    if len(claim.fits) == 1) or f"评价年度{report.year}年"


def not_after_year_end(last_day: date, year: int) -> str:
    """早于 for a date (or period) that ends before the evaluated year's last day, 未晚于 for one
    that reaches it (2022年12月31日, 2022年12月 are not before 2022年12月31日, only not after it)."""
    return "早于" if last_day < date(year, 12, 31) else "未晚于"
