"""What `reportlint parse` prints beyond the outline: the template's family and version, and the furniture.

`core/cli.py` (render_outline) calls `parse_extras(document)` after the profile line and adds
the lines it returns:

    family     hunan 2018-2022 (department; confidence high)
    matched    部门（单位）基本情况, 一般公共预算支出情况, …
    kind       project (no template of that kind matched)      ← when no profile was found
    L3     furniture  发布日期：2024-05-20

so a user sees which version of which template family the report was read as, how sure the
match is, and which lines were set aside as web page furniture (never title, heading or date).
"""

from __future__ import annotations

from .furniture import render_furniture

_KINDS = {"department": "部门整体", "project": "项目支出", "form": "自评表"}


def parse_extras(document) -> list[str]:
    """The extra lines of `reportlint parse` for one document (see the module docstring)."""
    out: list[str] = []
    match = document.profile
    if match.name:
        family = " ".join(part for part in (match.family, match.version) if part) or match.name
        how = []
        if match.kind:
            how.append(f"{match.kind} {_KINDS.get(match.kind, '')}".strip())
        if match.confidence:
            how.append(f"confidence {match.confidence}")
        out.append(f"{'':7}family     {family}" + (f" ({'; '.join(how)})" if how else ""))
        if match.matched:
            shown = ", ".join(match.matched[:8]) + (" …" if len(match.matched) > 8 else "")
            out.append(f"{'':7}matched    {shown}")
    elif match.kind:
        out.append(f"{'':7}kind       {match.kind} {_KINDS.get(match.kind, '')} (no template of that kind matched)")
    out.extend(render_furniture(document))
    return out
