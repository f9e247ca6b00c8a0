"""How the DAT messages name the places that state the evaluated year (DAT002, DAT003). How they
compare a date with the evaluated period's end (DAT002, DAT007, DAT010) is period.py's."""

from __future__ import annotations


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
