"""reportlint.regex_cache: compiled patterns kept across runs, never different from re.compile's."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint import regex_cache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "004_1a1813143cd16474.txt"

# Run in a fresh interpreter: check a seed, then say which patterns came from the cache and
# whether each equals what re.compile makes of it (Pattern.__eq__ compares the compiled code).
_PROBE = r"""
import json, re, sys
from reportlint import regex_cache
from reportlint.runner import check_path
result = check_path(sys.argv[1])
entries = regex_cache.PATTERNS.entries
mismatched = [pattern for (pattern, flags) in list(entries)
              if regex_cache.compile(pattern, flags) != re.compile(pattern, flags)]
print(json.dumps({"entries": len(entries), "used": len(regex_cache.PATTERNS.used), "dirty": regex_cache.PATTERNS.dirty,
                  "mismatched": mismatched, "findings": [(f.rule, f.line, f.message) for f in result.findings],
                  "error": result.error}))
"""


def _probe(cache_dir: Path, **env: str) -> dict:
    environment = {**os.environ, "REPORTLINT_CACHE_DIR": str(cache_dir), **env}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SEED)], capture_output=True, text=True,
                          env=environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cache_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("patterns-*.marshal"))


def test_second_run_builds_every_pattern_from_the_cache_and_each_equals_re_compile(tmp_path):
    first = _probe(tmp_path)
    assert first["dirty"] is True and first["entries"] > 100  # every pattern of a check compiled and kept
    assert len(_cache_files(tmp_path)) == 1
    second = _probe(tmp_path)
    assert second["dirty"] is False  # nothing compiled afresh: nothing written again
    assert second["used"] >= first["entries"] * 0.9
    assert second["mismatched"] == []
    assert second["findings"] == first["findings"] and second["findings"]  # the same check, same findings
    assert second["error"] is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not_a_dict", "bad_code", "bad_shape"])
def test_a_damaged_cache_file_is_no_error_and_changes_no_finding(tmp_path, damage):
    clean = _probe(tmp_path)
    path = _cache_files(tmp_path)[0]
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xffnot marshal at all" * 10)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "not_a_dict":
        path.write_bytes(marshal.dumps(["a", "list"]))
    else:
        entries = marshal.loads(data)
        for key in entries:
            flags, code, groups, groupindex, indexgroup = entries[key]
            entries[key] = (flags, [7] * len(code), groups, groupindex, indexgroup) if damage == "bad_code" else "x"
        path.write_bytes(marshal.dumps(entries))
    damaged = _probe(tmp_path)
    assert damaged["findings"] == clean["findings"]
    assert damaged["mismatched"] == [] and damaged["error"] is None
    assert damaged["dirty"] is True  # compiled afresh and rewritten: the run after it is fast again
    assert _probe(tmp_path)["dirty"] is False


def test_cache_off_writes_nothing(tmp_path):
    result = _probe(tmp_path, REPORTLINT_PATTERN_CACHE="0")
    assert result["entries"] == 0 and result["findings"]
    assert _cache_files(tmp_path) == []


def test_cache_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = _probe(blocker)  # the cache "folder" is a file: nothing can be written under it
    assert result["findings"] and result["error"] is None


def test_compile_behaves_as_re_compile():
    pattern = regex_cache.compile(r"(?P<year>20\d{2})\s*年(?:度)?", re.MULTILINE)
    assert pattern == re.compile(r"(?P<year>20\d{2})\s*年(?:度)?", re.MULTILINE)
    assert pattern.groupindex == {"year": 1} and pattern.flags == re.compile("", re.MULTILINE).flags | re.UNICODE
    assert pattern.search("二〇二二 2022 年度").group("year") == "2022"
    with pytest.raises(re.error):
        regex_cache.compile("(unclosed")
    assert regex_cache.compile(rb"\d+").match(b"12")  # bytes patterns are compiled by re itself
