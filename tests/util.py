"""Helpers shared by the tests: seed reports, defect injection, checking text in-process."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from reportlint.run.config import make_settings
from reportlint.pluginapi.findings import Finding
from reportlint.run.runner import check_source, get_manager, parse_with
from reportlint.input.source import Source

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_NAMES = {
    "000": "000_7036a03b7933ec4a.txt",
    "001": "001_10aa492466fab5b3.txt",
    "002": "002_5362be1ed3bbe174.txt",
    "004": "004_1a1813143cd16474.txt",
}


def seed_path(key: str) -> Path:
    return SEEDS / SEED_NAMES[key]


def seed_text(key: str) -> str:
    return seed_path(key).read_text(encoding="utf-8")


def inject(text: str, line: int, old: str, new: str) -> str:
    """Replace `old` by `new` on a 1-based line; fails loudly if `old` is not there."""
    lines = text.split("\n")
    assert old in lines[line - 1], f"{old!r} not on line {line}: {lines[line - 1][:80]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def parse(text: str, path: str = "report.txt", profile: Optional[str] = None):
    return parse_with(Source(text, path), get_manager(), profile)


def check(text: str, path: str = "report.txt", **settings) -> list[Finding]:
    """All findings on `text` (every rule enabled unless `select`/`ignore` say otherwise)."""
    values = {key.replace("_", "-"): value for key, value in settings.items()}
    return check_source(Source(text, path), make_settings(values)).findings


def check_seed(key: str, **settings) -> list[Finding]:
    return check(seed_text(key), path=SEED_NAMES[key], **settings)


def at(findings: Iterable[Finding], prefix: str = "") -> list[tuple[str, int]]:
    """(rule, line) pairs of the findings whose rule starts with `prefix`, sorted."""
    return sorted((f.rule, f.line) for f in findings if f.rule.startswith(prefix))
