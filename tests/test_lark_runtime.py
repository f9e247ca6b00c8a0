"""reportlint.parse.lark_runtime: the parsers run on Lark's standalone runtime kept in the cache
folder, parse exactly as lark itself does, and fall back to lark whenever the module cannot be
kept or run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reportlint.parse import lark_runtime

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))

# what a check leaves imported: which runtime ran, and whether lark itself was ever imported
_PROBE = r"""
import json, os, sys
from reportlint.cli import main
try:
    main(['check', '-q', '--isolated', '--no-cache', '--jobs', '1', '-o', os.devnull] + sys.argv[1:])
except SystemExit:
    pass
from reportlint.parse.lark_runtime import runtime
print(json.dumps({"standalone": runtime().standalone,
                  "lark imported": sorted(m for m in sys.modules if m == "lark" or m.startswith("lark.")),
                  "formula parser": sys.modules["reportlint.facts.formulas"].parser.cache_info().currsize}))
"""


def _env(cache: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REPORTLINT_GRAMMAR_CACHE"}
    env.update(REPORTLINT_CACHE_DIR=str(cache), **extra)
    return env


def _probe(env: dict, *files: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, *map(str, files)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "reportlint", *args], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_a_check_runs_on_the_kept_runtime_and_never_imports_lark(tmp_path):
    cache = tmp_path / "c"
    first = _probe(_env(cache), SEEDS[1])  # writes the module (lark is imported to write it)
    assert first["standalone"] is True and first["formula parser"] == 1  # (seed 001 writes formulas)
    kept = sorted(p.name for p in (cache / "grammars").glob("lark-runtime-*"))
    assert [Path(name).suffix for name in kept] == [".marshal", ".py"]
    second = _probe(_env(cache), SEEDS[1])
    assert second == {"standalone": True, "lark imported": [], "formula parser": 1}


def test_both_runtimes_parse_and_check_alike(tmp_path):
    """The standalone runtime and lark itself (REPORTLINT_GRAMMAR_CACHE=0) give the same layout
    parse and the same findings, formulas included (the seeds write both)."""
    on, off = _env(tmp_path / "c"), _env(tmp_path / "c", REPORTLINT_GRAMMAR_CACHE="0")
    assert _probe(off, SEEDS[0])["standalone"] is False
    for seed in SEEDS:
        assert _run(on, "parse", "--format", "json", str(seed)) == _run(off, "parse", "--format", "json", str(seed))
    check = ["check", "-q", "--isolated", "--no-cache", "--format", "json", *map(str, SEEDS)]
    with_runtime = _run(on, *check)
    assert json.loads(with_runtime) and with_runtime == _run(off, *check)


def test_formula_trees_are_the_same_from_either_runtime(tmp_path):
    code = ("import json; from reportlint.facts.formulas import parse_expression; "
            "print(json.dumps([repr(parse_expression(t)) for t in "
            "['(3257.65-3132.88)/3132.88*100%', '531.95/535.58', '1+2*3', '1=2=3 和 4']]))")
    results = []
    for extra in ({}, {"REPORTLINT_GRAMMAR_CACHE": "0"}):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=_env(tmp_path / "c", **extra), timeout=60)
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout))
    assert results[0] == results[1]
    assert all(tree.startswith("Tree(") for tree in results[0][:3]) and results[0][3] == "None"


def test_a_damaged_module_is_written_again(tmp_path):
    cache = tmp_path / "c"
    _probe(_env(cache), SEEDS[3])
    (kept,) = (cache / "grammars").glob("lark-runtime-*.marshal")
    kept.write_bytes(b"\x00not marshal")
    assert _probe(_env(cache), SEEDS[3])["standalone"] is True
    assert kept.read_bytes() != b"\x00not marshal"


def test_a_folder_that_cannot_be_written_means_lark_itself(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    probe = _probe(_env(blocker / "c"), SEEDS[3])
    assert probe["standalone"] is False and "lark" in probe["lark imported"]
    assert _run(_env(blocker / "c"), "check", "-q", "--isolated", "--no-cache", "--format", "json", str(SEEDS[3])) == \
           _run(_env(tmp_path / "ok"), "check", "-q", "--isolated", "--no-cache", "--format", "json", str(SEEDS[3]))


def test_a_failure_to_write_the_module_means_lark_itself(tmp_path):
    """A future Lark whose standalone tool differs: the check runs on lark, as before."""
    code = ("import sys, json; import reportlint.parse.lark_runtime as r\n"
            "def broken(): raise AttributeError('no gen_standalone')\n"
            "r._generate = broken\n"
            "from reportlint.runner import check_path\n"
            f"result = check_path({str(SEEDS[3])!r})\n"
            "print(json.dumps([r.runtime().standalone, sorted({f.rule for f in result.findings})]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env(tmp_path / "c"), timeout=60)
    assert done.returncode == 0, done.stderr
    standalone, rules = json.loads(done.stdout)
    assert standalone is False and "FRM004" in rules
    assert not list((tmp_path / "c" / "grammars").glob("lark-runtime-*"))


def test_the_module_name_says_what_it_is_made_from(monkeypatch):
    """Another format, other parser options or another grammar text: another file."""
    first = lark_runtime._code_file()
    assert first is not None and first.name.startswith("lark-runtime-")
    monkeypatch.setattr(lark_runtime, "FORMAT", "test")
    assert lark_runtime._code_file() != first
    monkeypatch.setattr(lark_runtime, "FORMAT", lark_runtime.FORMAT)
    options = dict(lark_runtime.PARSER_OPTIONS)
    options["formula.lark"] = {**options["formula.lark"], "lexer": "basic"}
    monkeypatch.setattr(lark_runtime, "PARSER_OPTIONS", options)
    assert lark_runtime._code_file() != first


def test_only_the_newest_runtimes_are_kept(tmp_path):
    """Each grammar edit or Lark upgrade writes a runtime; the folder keeps the KEEP newest."""
    folder = tmp_path / "c" / "grammars"
    folder.mkdir(parents=True)
    for index in range(lark_runtime.KEEP + 3):
        for suffix in (".marshal", ".py"):
            stale = folder / f"lark-runtime-old{index:02d}{suffix}"
            stale.write_bytes(b"")
            os.utime(stale, (1000 + index, 1000 + index))
    _probe(_env(tmp_path / "c"), SEEDS[3])
    kept = sorted(p.stem for p in folder.glob("lark-runtime-*.marshal"))
    stale = [name for name in kept if name.startswith("lark-runtime-old")]
    newest_stale = [f"lark-runtime-old{index:02d}" for index in range(4, lark_runtime.KEEP + 3)]
    assert stale == newest_stale and len(kept) == lark_runtime.KEEP  # the new one and the 7 newest old
    assert sorted(p.stem for p in folder.glob("lark-runtime-*.py")) == kept
    assert _probe(_env(tmp_path / "c"), SEEDS[3])["lark imported"] == []  # the new one is among them


def test_two_processes_writing_the_runtime_at_once_both_check(tmp_path):
    env = _env(tmp_path / "c")
    command = [sys.executable, "-m", "reportlint", "check", "-q", "--isolated", "--no-cache", "--format", "json",
               str(SEEDS[1])]
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in running]
    assert [process.returncode for process in running] == [1, 1], [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0] and json.loads(outputs[0][0])
    assert len(list((tmp_path / "c" / "grammars").glob("lark-runtime-*.marshal"))) == 1
    assert not list((tmp_path / "c" / "grammars").glob(".*.tmp"))
