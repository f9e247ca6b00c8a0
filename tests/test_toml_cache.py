"""reportlint.parse.toml_files: parsed TOML kept across runs, never different from tomllib's."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from reportlint.parse import toml_files
from reportlint.parse.marshal_file import MarshalFile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "004_1a1813143cd16474.txt"
BUNDLED = sorted([*(ROOT / "plugins").rglob("data/*.toml"), *(ROOT / "core").rglob("data/*.toml")])

# A fresh interpreter checks a seed, then says what the cache did and whether every bundled
# data file reads back as tomllib reads it.
_PROBE = r"""
import json, sys
from pathlib import Path
from reportlint.runner import check_path
from reportlint.parse import toml_files
result = check_path(sys.argv[1])
imported = "tomllib" in sys.modules
import tomllib
same = all(toml_files.load_toml(p.read_text(encoding="utf-8")) == tomllib.loads(p.read_text(encoding="utf-8"))
           for p in map(Path, sys.argv[2:]))
print(json.dumps({"tomllib imported by the check": imported, "used": len(toml_files.PARSED.used),
                  "dirty": toml_files.PARSED.dirty, "same": same,
                  "findings": [(f.rule, f.line, f.message) for f in result.findings], "error": result.error}))
"""


def _probe(cache_dir: Path, **env: str) -> dict:
    environment = {**os.environ, "REPORTLINT_CACHE_DIR": str(cache_dir), **env}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SEED), *map(str, BUNDLED)],
                          capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cache_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("toml-*.marshal"))


def test_second_run_reads_every_data_file_from_the_cache_without_tomllib(tmp_path):
    assert len(BUNDLED) >= 12
    first = _probe(tmp_path)
    assert first["dirty"] is True and first["tomllib imported by the check"] is True and first["same"]
    assert len(_cache_files(tmp_path)) == 1
    second = _probe(tmp_path)
    assert second["dirty"] is False  # nothing parsed afresh: nothing written again
    assert second["tomllib imported by the check"] is False
    assert second["used"] >= 12 and second["same"]
    assert second["findings"] == first["findings"] and second["findings"] and second["error"] is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not_a_dict", "entry_not_bytes",
                                    "entry_garbage", "entry_not_a_dict"])
def test_a_damaged_cache_file_is_no_error_and_changes_nothing(tmp_path, damage):
    clean = _probe(tmp_path)
    path = _cache_files(tmp_path)[0]
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xffnot marshal" * 10)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "not_a_dict":
        path.write_bytes(marshal.dumps(["a", "list"]))
    else:
        entries = marshal.loads(data)
        replacement = {"entry_not_bytes": 42, "entry_garbage": b"\x00\xff\x01",
                       "entry_not_a_dict": marshal.dumps(["a", "list"])}[damage]
        path.write_bytes(marshal.dumps({key: replacement for key in entries}))
    damaged = _probe(tmp_path)
    assert damaged["findings"] == clean["findings"] and damaged["same"] and damaged["error"] is None
    assert damaged["dirty"] is True  # parsed afresh and rewritten: the run after it is fast again


def test_turned_off_no_file_is_written(tmp_path):
    assert _probe(tmp_path, REPORTLINT_DATA_CACHE="0")["same"]
    assert _cache_files(tmp_path) == []


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """toml_files.PARSED as a new process has it, in an empty cache folder."""
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPORTLINT_DATA_CACHE", raising=False)
    cache = MarshalFile(toml_files.cache_file, max_entries=1000)
    monkeypatch.setattr(toml_files, "PARSED", cache)
    return cache


def test_each_call_gives_a_fresh_dict_and_an_edited_text_is_parsed_afresh(fresh_cache):
    text = 'name = "a"\nwords = ["一", "二"]\n[table]\nvalue = 1.5\n'
    first = toml_files.load_toml(text)
    first["words"].append("三")
    assert toml_files.load_toml(text) == {"name": "a", "words": ["一", "二"], "table": {"value": 1.5}}
    assert toml_files.load_toml(text.replace('"a"', '"b"'))["name"] == "b"
    assert len(fresh_cache.entries) == 2


def test_dates_are_returned_but_not_kept_and_errors_are_tomllibs(fresh_cache):
    text = "day = 2024-01-05\n"
    assert toml_files.load_toml(text) == tomllib.loads(text)
    assert fresh_cache.entries == {}
    with pytest.raises(tomllib.TOMLDecodeError):
        toml_files.load_toml("name = [unclosed\n")
    assert fresh_cache.entries == {}


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(blocker / "cache"))
    cache = MarshalFile(toml_files.cache_file, max_entries=1000)
    monkeypatch.setattr(toml_files, "PARSED", cache)
    assert toml_files.load_toml("a = 1\n") == {"a": 1}
    cache.save()  # what atexit does: no error, nothing written
    assert not cache.dirty and not (blocker / "cache").exists()


def test_old_entries_past_the_limit_are_dropped_when_written(tmp_path):
    path = tmp_path / "kept.marshal"
    old = MarshalFile(lambda: str(path), max_entries=3)
    for key in "abcd":
        old.put(key, key.encode())
    old.save()
    assert set(marshal.loads(path.read_bytes())) == {"a", "b", "c", "d"}  # this run used them all
    later = MarshalFile(lambda: str(path), max_entries=3)
    assert later.get("a") == b"a"
    later.put("e", b"e")
    later.save()
    assert set(marshal.loads(path.read_bytes())) == {"a", "e"}  # past the limit: what this run used
