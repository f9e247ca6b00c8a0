"""No cache file another user could have written is read (reportlint.parse.cache_trust):
the Lark runtime is code that is run, Lark's grammar cache a pickle, and the results cache
decides which findings a report gets. Such a cache is simply not used (docs/security.md)."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint.parse import cache_trust, lark_runtime
from reportlint.parse.cache_trust import trusted_file, trusted_folder
from reportlint.parse.marshal_file import MarshalFile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "004_1a1813143cd16474.txt"
OTHER_USER = 65534  # nobody

posix_only = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners and modes")


def _folder(path: Path, mode: int) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(mode)
    return path


@posix_only
def test_own_folders_and_files_are_trusted_and_world_writable_ones_are_not(tmp_path):
    private = _folder(tmp_path / "private", 0o700)
    (private / "f").write_bytes(b"x")
    assert trusted_folder(private) and trusted_file(private / "f")
    assert trusted_file(private / "missing") and trusted_folder(tmp_path / "missing")  # nothing to read
    (private / "f").chmod(0o666)
    assert not trusted_file(private / "f")  # everyone may write the file
    (private / "f").chmod(0o664)
    assert trusted_file(private / "f")  # the group may: the owner's choice (umask 002)
    shared = _folder(tmp_path / "shared", 0o777)
    (shared / "f").write_bytes(b"x")
    assert not trusted_folder(shared) and not trusted_file(shared / "f") and not trusted_file(shared / "missing")
    sticky = _folder(tmp_path / "sticky", 0o1777)  # like /tmp: nobody replaces another's files
    (sticky / "f").write_bytes(b"x")
    assert trusted_folder(sticky) and trusted_file(sticky / "f")


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_files_and_folders_of_another_user_are_not_trusted(tmp_path, capsys):
    mine = _folder(tmp_path / "mine", 0o755)
    theirs = mine / "theirs"
    theirs.write_bytes(b"x")
    os.chown(theirs, OTHER_USER, OTHER_USER)
    assert not trusted_file(theirs)
    cache_trust._told.clear()
    assert not trusted_file(theirs)
    assert "another user owns it" in capsys.readouterr().err
    other = _folder(tmp_path / "other", 0o755)
    (other / "f").write_bytes(b"x")
    os.chown(other, OTHER_USER, OTHER_USER)
    assert not trusted_folder(other) and not trusted_file(other / "f")


@posix_only
def test_a_marshal_cache_in_a_world_writable_folder_is_neither_read_nor_written(tmp_path):
    shared = _folder(tmp_path / "shared", 0o777)
    kept = shared / "patterns.marshal"
    kept.write_bytes(marshal.dumps({"key": "planted"}))
    cache = MarshalFile(lambda: str(kept), max_entries=10)
    assert cache.get("key") is None  # not read
    cache.put("other", "value")
    cache.save()
    assert marshal.loads(kept.read_bytes()) == {"key": "planted"}  # not written either
    shared.chmod(0o700)
    trusted = MarshalFile(lambda: str(kept), max_entries=10)
    assert trusted.get("key") == "planted"  # the same file in the user's own folder is read


def _check(cache: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTLINT_")}
    env["REPORTLINT_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "reportlint", "check", "-q", "--isolated", "--no-cache",
                           "--format", "json", str(SEED)], capture_output=True, text=True, env=env, timeout=120)


@posix_only
def test_a_planted_lark_runtime_runs_only_from_a_folder_nobody_else_can_write(tmp_path, monkeypatch):
    """The control shows what the guard prevents: from the user's own folder the runtime file
    is run (that is the cache), from a world-writable one it is never read."""
    expected = _check(tmp_path / "clean")
    assert expected.returncode == 1 and json.loads(expected.stdout)
    for name, mode, runs in (("own", 0o700, True), ("shared", 0o777, False)):
        cache = tmp_path / name
        monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(cache))
        code_file = lark_runtime._code_file()
        assert code_file is not None
        _folder(code_file.parent, mode)
        cache.chmod(mode)
        marker = tmp_path / f"ran-{name}"
        code_file.write_bytes(marshal.dumps(compile(f"open({str(marker)!r}, 'w').close()", "planted", "exec")))
        done = _check(cache)
        assert marker.exists() is runs, (name, done.stderr)
        if not runs:
            assert done.returncode == 1 and done.stdout == expected.stdout, done.stderr
            assert not list(cache.glob("*.marshal"))  # and nothing was written there
            said = [line for line in done.stderr.splitlines() if "not using the cache in" in line]
            assert len(said) == 1 and "every user can write it" in said[0]  # said once, not per file


@posix_only
def test_results_cache_in_a_world_writable_folder_is_not_used(tmp_path):
    from reportlint.run import cache as cache_module
    from reportlint.run.config import Settings
    from reportlint.run.runner import RunResult, check_path

    calls = []

    def run(paths):
        calls.append(list(paths))
        return RunResult(files=[check_path(p, Settings()) for p in paths])

    files = [str(SEED)]
    cache_module.run_cached(files, lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    stored = tmp_path / "results" / "results-fp.json"
    data = json.loads(stored.read_bytes())
    for entry in data["entries"].values():
        entry[0] = []  # a planted entry that would hide every finding of the report
    stored.write_text(json.dumps(data), encoding="utf-8")
    stored.chmod(0o666)
    result = cache_module.run_cached(files, lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    assert calls == [files, files]  # checked again, not served
    assert len(result.files[0].findings) == len(check_path(SEED, Settings()).findings) > 0
    assert json.loads(stored.read_bytes())["entries"] == data["entries"]  # and not rewritten


@posix_only
def test_lark_is_given_no_grammar_cache_pickle_from_a_world_writable_folder(tmp_path, monkeypatch):
    from reportlint.parse import grammar_files

    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("REPORTLINT_GRAMMAR_CACHE", raising=False)
    grammar = grammar_files.load_grammar("formula.lark")
    folder = _folder(tmp_path / "grammars", 0o700)
    path = grammar_files._grammar_cache_file("formula.lark", grammar, {"parser": "lalr"})
    assert path is not None and Path(path).parent == folder  # the user's own folder: Lark's cache
    folder.chmod(0o777)
    assert grammar_files._grammar_cache_file("formula.lark", grammar, {"parser": "lalr"}) is None
    folder.chmod(0o700)
    Path(path).write_bytes(b"planted")
    Path(path).chmod(0o646)  # a pickle everyone may write, in the user's own folder
    assert grammar_files._grammar_cache_file("formula.lark", grammar, {"parser": "lalr"}) is None
    parser = grammar_files.build_parser("formula.lark")  # built without the cache, as when there is none
    assert parser.parse("1+2").data
