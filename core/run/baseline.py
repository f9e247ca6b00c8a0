"""Baselines: adopt reportlint on a backlog by reporting only findings that are new.

`--write-baseline FILE` records today's findings; `--baseline FILE` drops every finding the
baseline already has. A finding is "the same" when its path relative to the project root
(the baseline file's folder: the baseline keeps working when the project is checked out
elsewhere or checked from another working directory, and two units' `自评报告.txt` in two
folders stay two files) and its fingerprint (rule + section path + the offending text, see
reportlint.pluginapi.findings.fingerprint) are equal. Line numbers play no part, so edits elsewhere in
a report do not make old findings look new; changing the offending text, or moving it to
another section, does.

Findings about the tool rather than the report (PRS001 plugin crashed, PRS002 plugin not
loaded, PRS004 unused suppression) are never written to a baseline nor hidden by one.

The file is JSON (docs/output.md):
    {"version": 1, "tool": "reportlint", "findings": [
        {"file": "reports/001.txt", "fingerprint": "…", "rule": "FRM001", "path": "reports/001.txt",
         "line": 88, "message": "…"}, …]}
`path`, `line` and `message` are there for people reading the file; only `file` and
`fingerprint` are compared.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath

from .. import __version__
from ..errors import ConfigError
from ..formatters.escape import clean_data, safe_text
from ..pluginapi.findings import Finding
from .config import MAX_BASELINE_BYTES, read_limited_text
from .output import write_atomic

FORMAT_VERSION = 1
TOOL_FINDINGS = frozenset({"PRS001", "PRS002", "PRS004"})


def key(finding: Finding, root: "str | Path | None" = None) -> tuple[str, str]:
    """(path relative to the project root, fingerprint); a name that is not UTF-8 as `\\xNN`.

    The project root is the baseline file's folder (`root`): `unit-a/自评报告.txt` and
    `unit-b/自评报告.txt` are two files, whatever folder reportlint is run from. Without a
    root, the file name alone (the old key).
    """
    if root is None:
        return safe_text(PurePath(finding.path.replace("\\", "/")).name), finding.fingerprint
    return safe_text(relative_to_root(finding.path, root)), finding.fingerprint


def project_root(baseline_path: "str | Path") -> Path:
    """The folder the baseline's `file` entries are relative to: the baseline file's own."""
    return Path(os.path.abspath(baseline_path)).parent


def relative_to_root(path: str, root: "str | Path") -> str:
    """`path` (as named on the command line, relative to the current folder) relative to `root`,
    with `/` on every system; a path on another drive (Windows) stays absolute."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # another drive
        rel = absolute
    return rel.replace("\\", "/")


def write(result, path: str | Path) -> int:
    """Record the run's findings in `path`; returns how many were written."""
    entries = sorted(
        ({"file": key(f, project_root(path))[0], "fingerprint": f.fingerprint, "rule": f.rule, "path": f.path,
          "line": f.line, "message": f.message}
         for f in result.findings if f.rule not in TOOL_FINDINGS),
        key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    data = {"version": FORMAT_VERSION, "tool": "reportlint", "tool_version": __version__, "findings": entries}
    # Through a temporary file and an atomic rename (reportlint.run.output): a crash never
    # leaves a partial baseline, and of two runs writing one baseline the last one wins whole.
    write_atomic(path, json.dumps(clean_data(data), ensure_ascii=False, indent=2) + "\n", what="baseline")
    return len(entries)


def load(path: str | Path) -> set[tuple[str, str]]:
    """The (file name, fingerprint) pairs of a baseline file."""
    path = Path(path)
    text = read_limited_text(path, "baseline", MAX_BASELINE_BYTES)  # regular files only, size-limited
    try:
        data = json.loads(text)
    except RecursionError:
        raise ConfigError(f"baseline {path}: not a reportlint baseline (nested too deeply)") from None
    except ValueError as exc:
        raise ConfigError(f"baseline {path}: not a reportlint baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"baseline {path}: not a reportlint baseline of version {FORMAT_VERSION}")
    try:
        pairs = {(entry["file"], entry["fingerprint"]) for entry in data["findings"]}
    except (KeyError, TypeError):
        raise ConfigError(f"baseline {path}: an entry lacks 'file' or 'fingerprint'") from None
    if not all(isinstance(a, str) and isinstance(b, str) for a, b in pairs):
        raise ConfigError(f"baseline {path}: 'file' and 'fingerprint' must be strings")
    return pairs


def filter_new(result, path: str | Path) -> None:
    """Keep only the findings that are not in the baseline."""
    known = load(path)
    root = project_root(path)
    for file_result in result.files:
        kept = [f for f in file_result.findings if f.rule in TOOL_FINDINGS or key(f, root) not in known]
        result.baselined += len(file_result.findings) - len(kept)
        file_result.findings = kept
