"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; `tool.driver.rules` describes every registered rule (id, name, summary, the full
rule documentation as help text, default level); each finding is a result with its region
(1-based lines and columns, `endColumn` one past the last character, columns counted in
Unicode code points as `columnKind` says), its section as a logical location, its
fingerprint in `partialFingerprints["reportlint/v1"]`, and its evidence and suggestion in
`properties`. Findings not tied to a report file (a plugin that failed to load) have no
location. Files that could not be read are tool execution notifications, and make
`executionSuccessful` false. tests/test_formats.py validates the output against the
official schema (tests/fixtures/sarif/).

Names are data: a file name that is not UTF-8 (lone surrogates from os.fsdecode) is
percent-encoded from its bytes in `artifactLocation.uri` and shown as `\\xNN` in texts;
control characters in messages are shown as `\\xNN`; positions are clamped to what the
schema allows (1 or more, the end not before the start), so the log is always valid.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from .. import __version__
from . import Formatter, is_pseudo_path
from .escape import clean_data, visible
from .json import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/reportlint/"


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (GitHub resolves them
    against the repository root), absolute ones become file: URIs; non-ASCII is percent-encoded."""
    posix = path.replace("\\", "/")
    try:
        raw = posix.encode("utf-8", "surrogateescape")  # the name's own bytes (os.fsdecode)
    except UnicodeEncodeError:
        raw = posix.encode("utf-8", "replace")
    if PurePath(posix).is_absolute():
        return "file://" + quote(raw, safe="/")
    return quote(raw, safe="/")


class SarifFormatter(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning)"

    def format(self, result) -> str:
        codes = list(self.rules)
        index = {code: i for i, code in enumerate(codes)}
        rules = [self._rule(self.rules[code]) for code in codes]
        results = [self._result(f, index) for f in result.findings]
        notifications = [{"level": "error", "message": {"text": visible(failed.error or "unreadable")},
                          "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(failed.path)}}}]}
                         for failed in result.errors]
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "reportlint", "version": __version__, "semanticVersion": __version__,
                                    "informationUri": INFORMATION_URI, "rules": rules}},
                "invocations": [{"executionSuccessful": not result.errors,
                                 "toolExecutionNotifications": notifications}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        }
        return dumps(log, indent=2) + "\n"

    @staticmethod
    def _rule(rule) -> dict:
        doc = rule.documentation()
        return {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.title or rule.summary()},
            "fullDescription": {"text": rule.summary()},
            "help": {"text": doc, "markdown": doc},
            "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": bool(rule.enabled_by_default)},
            "properties": {"plugin": rule.plugin, "family": rule.family()},
        }

    @staticmethod
    def _result(f, index: dict[str, int]) -> dict:
        item = {
            "ruleId": f.rule,
            "level": LEVELS[f.severity],
            "message": {"text": visible(f.message) or f.rule},
            "partialFingerprints": {"reportlint/v1": f.fingerprint} if f.fingerprint else {},
            "properties": clean_data({"severity": f.severity, "section": f.section, "plugin": f.plugin,
                                      "evidence": f.evidence.model_dump(mode="json", exclude_none=True)}),
        }
        if f.rule in index:
            item["ruleIndex"] = index[f.rule]
        if f.suggestion:
            item["properties"]["suggestion"] = visible(f.suggestion)
        if getattr(f, "word", None) is not None and f.location:  # a .docx: the place in Word first
            item["message"]["text"] = visible(f"位置：{f.location}\n{f.message}")
            item["properties"]["word"] = clean_data(f.word.model_dump(mode="json"))
        if not is_pseudo_path(f.path):
            start_line, start_column = max(1, f.line), max(1, f.column)
            end_line = max(start_line, f.end_line)
            end_column = max(1, f.end_column if end_line > start_line else max(start_column, f.end_column))
            region = {"startLine": start_line, "startColumn": start_column,
                      "endLine": end_line, "endColumn": end_column}
            if f.snippet:
                region["snippet"] = {"text": visible(f.snippet)}
            location = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(f.path)}, "region": region}}
            if f.section:
                location["logicalLocations"] = [{"name": visible(f.section[-1]),
                                                 "fullyQualifiedName": visible("/".join(f.section)),
                                                 "kind": "section"}]
            if f.location:
                location["message"] = {"text": visible(f.location)}
            item["locations"] = [location]
        return item
