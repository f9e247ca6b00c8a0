"""The results cache is data only: a damaged, edited or foreign cache file costs a re-check,
never an error, never the wrong findings and never code run on load (docs/scale.md)."""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

from reportlint.run import cache as cache_module
from reportlint.run.config import Settings
from reportlint.run.runner import RunResult, check_path

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


class _Counting:
    """`run` for run_cached that checks the files it is given and remembers which."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, paths):
        self.calls.append(list(paths))
        return RunResult(files=[check_path(p, Settings()) for p in paths])


def _run(folder: Path, files: list[str], fingerprint: str = "fp") -> tuple[RunResult, _Counting]:
    run = _Counting()
    result = cache_module.run_cached(files, lambda p: Settings(), run, cache_module.ResultCache(folder, fingerprint))
    return result, run


def _findings(result: RunResult) -> list[list[dict]]:
    return [[f.model_dump(mode="json") for f in item.findings] for item in result.files]


def _stored(folder: Path, fingerprint: str = "fp") -> Path:
    return folder / "results" / f"results-{fingerprint}.json"


def test_the_cache_file_is_json_and_gives_back_the_same_findings(tmp_path):
    files = [str(seed) for seed in SEEDS]
    first, _ = _run(tmp_path, files)
    data = json.loads(_stored(tmp_path).read_text(encoding="utf-8"))
    assert data["format"] == cache_module.FORMAT and len(data["entries"]) == len(files)
    second, run = _run(tmp_path, files)
    assert run.calls == [[]]  # every file from the cache
    assert _findings(second) == _findings(first)
    assert sum(len(item.findings) for item in first.files) == 28  # the seeds' known findings


def test_a_damaged_cache_file_is_an_empty_cache_and_is_written_again(tmp_path):
    files = [str(seed) for seed in SEEDS]
    expected, _ = _run(tmp_path / "clean", files)
    for damage in (b"\x00\xffnot json", b'{"format": 2, "entries": [1, 2]}', b"[]", b'{"format": 2}', b""):
        folder = tmp_path / f"damaged{len(damage)}"
        _stored(folder).parent.mkdir(parents=True)
        _stored(folder).write_bytes(damage)
        result, run = _run(folder, files)
        assert run.calls == [files]  # nothing usable: every file checked
        assert _findings(result) == _findings(expected)
        assert len(json.loads(_stored(folder).read_bytes())["entries"]) == len(files)


def test_an_edited_entry_is_a_miss_checked_again_and_replaced(tmp_path):
    files = [str(seed) for seed in SEEDS]
    expected, _ = _run(tmp_path, files)
    stored = _stored(tmp_path)
    data = json.loads(stored.read_bytes())
    keys = list(data["entries"])
    by_path = {}
    for key in keys:
        findings, _profile = data["entries"][key]
        by_path[findings[0]["path"] if findings else None] = key
    # four ways an entry can be wrong, one per seed (each seed has findings)
    first, second, third, fourth = (by_path[f] for f in files)
    data["entries"][first][0][0]["line"] = "not a line"  # a finding that does not validate
    data["entries"][second][0][0]["path"] = "elsewhere.txt"  # a finding of another file
    data["entries"][third] = ["only one part"]  # not a (findings, profile) pair
    data["entries"][fourth][1] = {"profile": "not a name"}  # a profile that is not a name
    stored.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result, run = _run(tmp_path, files)
    assert run.calls == [files]  # all four checked again, in order
    assert _findings(result) == _findings(expected)
    again, run = _run(tmp_path, files)  # and their entries replaced by sound ones
    assert run.calls == [[]] and _findings(again) == _findings(expected)


def test_a_pickle_in_the_cache_folder_is_never_loaded(tmp_path):
    """Format 1 was a pickle: a file at its name, whatever it holds, is not read (loading a
    pickle runs the code it names), and the run checks the files as with no cache."""
    marker = tmp_path / "loaded"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    legacy = tmp_path / "results" / "results-fp.pickle"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(pickle.dumps({"format": 1, "entries": Payload()}))
    files = [str(SEEDS[0])]
    result, run = _run(tmp_path, files)
    assert run.calls == [files] and not marker.exists()
    assert _findings(result) == [[f.model_dump(mode="json") for f in check_path(SEEDS[0], Settings()).findings]]


def test_a_file_name_that_is_not_utf8_comes_back_from_the_cache(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    name = os.fsdecode(b"r\xff\xfe.txt")  # lone surrogates once decoded: an undecodable name
    (folder / name).write_bytes(SEEDS[1].read_bytes())
    files = [str(folder / name)]
    first, run = _run(tmp_path, files)
    assert run.calls == [files] and first.files[0].findings
    second, run = _run(tmp_path, files)
    assert run.calls == [[]]
    assert [f.path for f in second.files[0].findings] == [str(folder / name)] * len(first.files[0].findings)
    assert _findings(second) == _findings(first)


def test_other_fingerprints_files_unused_for_a_month_are_removed_when_the_cache_is_written(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    old = time.time() - cache_module.STALE_SECONDS - 3600
    stale_json, stale_pickle = results / "results-old.json", results / "results-old.pickle"
    recent, unrelated = results / "results-recent.json", results / "notes.json"
    for path in (stale_json, stale_pickle, recent, unrelated):
        path.write_text("{}")
    for path in (stale_json, stale_pickle, unrelated):
        os.utime(path, (old, old))
    _run(tmp_path, [str(SEEDS[0])])
    assert not stale_json.exists() and not stale_pickle.exists()
    assert recent.exists() and unrelated.exists() and _stored(tmp_path).exists()


def test_a_cache_used_but_not_rewritten_is_marked_as_used_once_a_day(tmp_path):
    files = [str(seed) for seed in SEEDS[:2]]
    _run(tmp_path, files)
    stored = _stored(tmp_path)
    two_days = time.time() - 2 * 24 * 3600
    os.utime(stored, (two_days, two_days))
    content = stored.read_bytes()
    _, run = _run(tmp_path, files)
    assert run.calls == [[]]
    assert stored.stat().st_mtime > time.time() - 60  # marked as used ...
    assert stored.read_bytes() == content  # ... not rewritten


def test_the_command_line_cache_is_json_with_the_findings_of_an_uncached_run(tmp_path):
    from reportlint.cli import main

    out_cached, out_fresh = tmp_path / "cached.json", tmp_path / "fresh.json"
    common = ["check", "-q", "--isolated", "--format", "json", "--jobs", "1"]
    paths = [str(seed) for seed in SEEDS]
    assert main(common + ["--no-cache", "-o", str(out_fresh)] + paths) == 1
    for _ in range(2):  # the first run fills the cache, the second is served from it
        assert main(common + ["--cache-dir", str(tmp_path / "c"), "-o", str(out_cached)] + paths) == 1
        assert out_cached.read_bytes() == out_fresh.read_bytes()
    stored = list((tmp_path / "c" / "results").iterdir())
    assert [path.suffix for path in stored] == [".json"]
    assert len(json.loads(stored[0].read_bytes())["entries"]) == len(paths)
