"""Suppressions: a file that silences known findings, each with a reason.

A report in .docx cannot carry `noqa` comments, so suppressions live in a TOML file
(`--suppressions FILE` or `suppressions = "FILE"` in the configuration)::

    [[suppression]]
    fingerprint = "3f9c2a1b7d4e5f60"          # one finding, wherever it moves
    reason = "差异率按调整后预算计算，已与财政局确认"

    [[suppression]]
    rule = "FRM001"                            # a code or a prefix (FRM)
    section = "三、绩效自评情况/（一）自评结果"  # a section and everything under it
    path = "reports/2020/*.txt"                # optional glob: only in these files
    reason = "口径说明见附件"

Matching (docs/configuration.md says the same):
- `fingerprint` matches a finding whose fingerprint is exactly that string.
- `section` is a path of section titles separated by "/". Each part is compared after
  removing whitespace and a leading numbering marker (三、 （一） 1. (2) ①), so
  "三、绩效自评情况" and "绩效自评情况" are the same part; a part may be an fnmatch glob
  (`*自评*`). The entry matches findings whose section path starts with these parts.
- `rule` is a code or prefix; `path` is a glob matched against the finding's path (as
  given on the command line, with "/" separators) or its file name.
- All keys an entry gives must match. `reason` is required and may not be blank.
Entries that silence nothing are reported as PRS004 at their line in the suppressions file.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from reportlint import regex_cache
from ..errors import ConfigError
from .config import MAX_SUPPRESSIONS_BYTES, read_limited_text
from ..pluginapi.findings import Finding, fingerprint
from ..pluginapi.rules import matches

ENTRY_KEYS = {"fingerprint", "rule", "section", "path", "reason"}
_MARKER = regex_cache.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）][、.．]?"
                     r"|\d+(?:\.\d+)*[、.．]?|[①-⑳])")
_SPACE = regex_cache.compile(r"\s+")
_HEADER = regex_cache.compile(r"^[ \t]*\[\[[ \t]*suppression\s*\]\]", re.MULTILINE)


def normalise_title(title: str) -> str:
    """A section title without whitespace and without its numbering marker."""
    return _MARKER.sub("", _SPACE.sub("", title), count=1)


@dataclass
class Entry:
    index: int  # 1-based position in the file
    line: int  # line of its [[suppression]] header
    reason: str
    fingerprint: Optional[str] = None
    rule: Optional[str] = None
    section: Optional[list[str]] = None
    path: Optional[str] = None
    used: int = 0

    def describe(self) -> str:
        if self.fingerprint:
            return f"fingerprint {self.fingerprint}"
        parts = [self.rule or "", "/".join(self.section or [])]
        return " ".join(p for p in parts if p) + (f" in {self.path}" if self.path else "")

    def matches(self, finding: Finding) -> bool:
        if self.fingerprint is not None and finding.fingerprint != self.fingerprint:
            return False
        if self.rule is not None and not matches(finding.rule, self.rule):
            return False
        if self.path is not None:
            shown = finding.path.replace("\\", "/")
            if not (fnmatch.fnmatch(shown, self.path) or fnmatch.fnmatch(Path(shown).name, self.path)):
                return False
        if self.section is not None:
            have = [normalise_title(s) for s in finding.section]
            if len(have) < len(self.section):
                return False
            if not all(fnmatch.fnmatchcase(h, want) for h, want in zip(have, self.section)):
                return False
        return True


def load(path: str | Path) -> list[Entry]:
    """Read and validate a suppressions file; every problem is a ConfigError naming the entry."""
    path = Path(path)
    text = read_limited_text(path, "suppressions file", MAX_SUPPRESSIONS_BYTES)  # regular files only, size-limited
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"suppressions file {path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"suppressions file {path}: invalid TOML: nested too deeply") from None
    unknown = set(data) - {"suppression"}
    if unknown:
        raise ConfigError(f"suppressions file {path}: unknown key {sorted(unknown)[0]!r} "
                          "(entries are [[suppression]] tables)")
    raw = data.get("suppression", [])
    if not isinstance(raw, list):
        raise ConfigError(f"suppressions file {path}: 'suppression' must be an array of tables ([[suppression]])")
    lines = [text.count("\n", 0, m.start()) + 1 for m in _HEADER.finditer(text)]
    entries = []
    for index, item in enumerate(raw, 1):
        where = f"suppressions file {path}: entry {index}"
        if index <= len(lines):
            where += f" (line {lines[index - 1]})"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: must be a table")
        bad = set(item) - ENTRY_KEYS
        if bad:
            raise ConfigError(f"{where}: unknown key {sorted(bad)[0]!r}; known: {', '.join(sorted(ENTRY_KEYS))}")
        for key, value in item.items():
            if not isinstance(value, str):
                raise ConfigError(f"{where}: {key!r} must be a string")
        label = item.get("fingerprint") or " ".join(filter(None, [item.get("rule"), item.get("section")]))
        if label:
            where += f" [{label}]"
        if not item.get("reason", "").strip():
            raise ConfigError(f"{where}: a reason is required (reason = \"why this finding is accepted\")")
        if not item.get("fingerprint") and not (item.get("rule") and item.get("section")):
            raise ConfigError(f"{where}: name a fingerprint, or a rule and a section")
        section = None
        if item.get("section"):
            section = [normalise_title(part) for part in item["section"].split("/") if part.strip()]
        entries.append(Entry(index=index, line=lines[index - 1] if index <= len(lines) else 1,
                             reason=item["reason"].strip(), fingerprint=item.get("fingerprint"),
                             rule=item.get("rule", "").upper() or None, section=section,
                             path=item.get("path")))
    return entries


def apply(result, path: str | Path) -> None:
    """Remove suppressed findings from `result`; add PRS004 for entries that matched nothing."""
    apply_entries(result, load(path), str(path), result.settings)


def apply_entries(result, entries: list, name: str, settings) -> None:
    """`apply` with the entries already loaded (the API passes the file's content, not a path)."""
    for file_result in result.files:
        kept = []
        for finding in file_result.findings:
            hits = [entry for entry in entries if entry.matches(finding)]
            for entry in hits:
                entry.used += 1
            if hits:
                result.suppressed += 1
            else:
                kept.append(finding)
        file_result.findings = kept
    if settings is not None and not settings.rule_enabled("PRS004", True, name):
        return
    severity = settings.severity_of("PRS004", "warning") if settings is not None else "warning"
    for entry in entries:
        if entry.used:
            continue
        result.extra.append(Finding(
            path=name, rule="PRS004", name="unused-suppression", severity=severity,
            message=f"抑制项未匹配任何问题：{entry.describe()}（理由：{entry.reason}），请删除该项",
            line=entry.line, column=1, end_line=entry.line, end_column=1 + len("[[suppression]]"),
            snippet="[[suppression]]", plugin="core",
            fingerprint=fingerprint("PRS004", [], entry.describe())))
