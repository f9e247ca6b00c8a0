"""Baselines: adopt reportlint on a backlog by reporting only findings that are new.

`--write-baseline FILE` records today's findings; `--baseline FILE` drops every finding the
baseline already has. A finding is "the same" when its file *name* (not the folder: the
baseline keeps working when the reports are checked out elsewhere or checked from another
working directory) and its fingerprint (rule + section path + the offending text, see
reportlint.pluginapi.findings.fingerprint) are equal. Line numbers play no part, so edits elsewhere in
a report do not make old findings look new; changing the offending text, or moving it to
another section, does.

Findings about the tool rather than the report (PRS001 plugin crashed, PRS002 plugin not
loaded, PRS004 unused suppression) are never written to a baseline nor hidden by one.

The file is JSON (docs/output.md):
    {"version": 1, "tool": "reportlint", "findings": [
        {"file": "001.txt", "fingerprint": "…", "rule": "FRM001", "path": "reports/001.txt",
         "line": 88, "message": "…"}, …]}
`path`, `line` and `message` are there for people reading the file; only `file` and
`fingerprint` are compared.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath

from .. import __version__
from ..errors import ConfigError
from ..pluginapi.findings import Finding

FORMAT_VERSION = 1
TOOL_FINDINGS = frozenset({"PRS001", "PRS002", "PRS004"})


def key(finding: Finding) -> tuple[str, str]:
    return PurePath(finding.path.replace("\\", "/")).name, finding.fingerprint


def write(result, path: str | Path) -> int:
    """Record the run's findings in `path`; returns how many were written."""
    entries = sorted(
        ({"file": key(f)[0], "fingerprint": f.fingerprint, "rule": f.rule, "path": f.path,
          "line": f.line, "message": f.message}
         for f in result.findings if f.rule not in TOOL_FINDINGS),
        key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    data = {"version": FORMAT_VERSION, "tool": "reportlint", "tool_version": __version__, "findings": entries}
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"baseline {path}: cannot write: {exc.strerror or exc}") from None
    return len(entries)


def load(path: str | Path) -> set[tuple[str, str]]:
    """The (file name, fingerprint) pairs of a baseline file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"baseline {path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"baseline {path}: not a reportlint baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"baseline {path}: not a reportlint baseline of version {FORMAT_VERSION}")
    try:
        return {(entry["file"], entry["fingerprint"]) for entry in data["findings"]}
    except (KeyError, TypeError):
        raise ConfigError(f"baseline {path}: an entry lacks 'file' or 'fingerprint'") from None


def filter_new(result, path: str | Path) -> None:
    """Keep only the findings that are not in the baseline."""
    known = load(path)
    for file_result in result.files:
        kept = [f for f in file_result.findings if f.rule in TOOL_FINDINGS or key(f) not in known]
        result.baselined += len(file_result.findings) - len(kept)
        file_result.findings = kept
