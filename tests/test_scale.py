"""Scale: the pure API, the thread-safe time limit, the results cache, the Dask executor,
the grammar cache and the lazy start-up (docs/scale.md)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reportlint.api import ReportResult, check_report
from reportlint.formatters.json import JsonFormatter
from reportlint.run.config import Settings
from reportlint.run.runner import RunResult, check_path, get_manager

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


def _json(files) -> str:
    return JsonFormatter(get_manager().rules()).format(RunResult(files=list(files)))


# -- the pure API ------------------------------------------------------------------------
def test_check_report_gives_the_findings_of_check_path_as_plain_picklable_values():
    for seed in SEEDS:
        name = f"reports/{seed.name}"
        report = check_report(seed.read_bytes(), name, {})
        assert report.error is None
        expected = check_path(seed, Settings()).findings
        assert [f["fingerprint"] for f in report.findings] == [f.fingerprint for f in expected]
        assert all(f["path"] == name for f in report.findings)
        again = pickle.loads(pickle.dumps(report))
        assert again == report and isinstance(again, ReportResult)
        json.dumps(report.findings, ensure_ascii=False)  # JSON values only


def test_check_report_settings_as_dict_select():
    data = SEEDS[0].read_bytes()
    report = check_report(data, "a.txt", {"select": ["DAT"]})
    assert report.findings and all(f["rule"].startswith("DAT") for f in report.findings)


def test_time_limit_works_off_the_main_thread():
    data = b"\n".join([SEEDS[-1].read_bytes()] * 40)
    out = {}
    worker = threading.Thread(target=lambda: out.setdefault("r", check_report(data, "big.txt", time_limit=0.05)))
    worker.start()
    worker.join(30)
    report = out["r"]
    assert report.timed_out and report.error.startswith("timed out after 0.05 s")
    # the limit is off once the call is over: the thread's next work is not interrupted
    assert check_report(SEEDS[0].read_bytes(), "a.txt", time_limit=5).error is None


def test_unreadable_bytes_are_an_error_not_an_exception():
    report = check_report(b"\x00\x01\x02binary" * 100, "x.txt")
    assert report.error and not report.findings


def test_suppressions_and_baseline_given_as_content():
    data = SEEDS[1].read_bytes()
    plain = check_report(data, "b.txt")
    first = plain.findings[0]["fingerprint"]
    toml = (f'[[suppression]]\nfingerprint = "{first}"\nreason = "已确认"\n\n'
            '[[suppression]]\nfingerprint = "0000000000000000"\nreason = "过时"\n')
    suppressed = check_report(data, "b.txt", suppressions=toml, suppressions_name="sup.toml")
    assert suppressed.suppressed == 1 and len(suppressed.findings) == len(plain.findings) - 1
    assert [(e["rule"], e["path"], e["line"]) for e in suppressed.extra] == [("PRS004", "sup.toml", 5)]
    baseline = json.dumps({"version": 1, "tool": "reportlint", "findings": [
        {"file": "b.txt", "fingerprint": f["fingerprint"]} for f in plain.findings[:2]]})
    filtered = check_report(data, "b.txt", baseline=baseline.encode())
    assert filtered.baselined == 2 and filtered.findings == plain.findings[2:]
    from reportlint.errors import ConfigError

    with pytest.raises(ConfigError, match="bad.toml"):
        check_report(data, "b.txt", suppressions="[[suppression]]\nrule = 1\n", suppressions_name="bad.toml")


# -- the results cache --------------------------------------------------------------------
def _cli(*args: str) -> tuple[int, str]:
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "-q", "--isolated", "--format", "json", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, done.stdout


def test_cache_serves_unchanged_files_and_is_invalidated_by_content_and_settings(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    cache = tmp_path / "cache"
    fresh = _cli("--no-cache", str(folder))
    assert _cli("--cache-dir", str(cache), "--jobs", "1", str(folder)) == fresh
    stored = list((cache / "results").glob("results-*.json"))
    assert len(stored) == 1
    assert _cli("--cache-dir", str(cache), "--jobs", "1", str(folder)) == fresh  # served from the cache
    entries = json.loads(stored[0].read_bytes())["entries"]
    assert len(entries) == len(SEEDS)
    # other settings: other entries, the same findings as without a cache
    assert _cli("--cache-dir", str(cache), "--select", "FRM", str(folder)) == _cli("--no-cache", "--select", "FRM",
                                                                                     str(folder))
    # an edited report is checked again
    edited = folder / SEEDS[0].name
    edited.write_bytes(edited.read_bytes().replace("2020".encode(), "2019".encode(), 1))
    assert _cli("--cache-dir", str(cache), str(folder)) == _cli("--no-cache", str(folder))


def test_cache_hits_skip_the_checks(tmp_path, monkeypatch):
    from reportlint.run import cache as cache_module

    cache = cache_module.ResultCache(tmp_path, "fp")
    files = [str(seed) for seed in SEEDS]
    calls = []

    def run(paths):
        calls.append(list(paths))
        return RunResult(files=[check_path(p, Settings()) for p in paths])

    first = cache_module.run_cached(files, lambda p: Settings(), run, cache)
    second = cache_module.run_cached(files, lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    assert calls == [files, []]
    assert _json(first.files) == _json(second.files)


def test_cache_is_not_rewritten_when_a_run_adds_nothing(tmp_path):
    """A second run over the unchanged files leaves the cache file as it is; a run that
    checks a new file, or uses only some entries, writes it again with every entry kept."""
    import os
    import time

    from reportlint.run import cache as cache_module

    files = [str(seed) for seed in SEEDS]

    def run(paths):
        return RunResult(files=[check_path(p, Settings()) for p in paths])

    cache_module.run_cached(files[:2], lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    stored = tmp_path / "results" / "results-fp.json"
    mark = time.time_ns() - 3600 * 10**9  # an hour ago: a rewrite would replace it (and a day-old file is touched)
    os.utime(stored, ns=(mark, mark))
    cache_module.run_cached(files[:2], lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    assert stored.stat().st_mtime_ns == mark  # nothing added, every entry used: not written
    cache_module.run_cached(files[:1], lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    assert stored.stat().st_mtime_ns != mark  # one entry used: written, this run's entry first
    assert len(json.loads(stored.read_bytes())["entries"]) == 2
    os.utime(stored, ns=(mark, mark))
    cache_module.run_cached(files, lambda p: Settings(), run, cache_module.ResultCache(tmp_path, "fp"))
    assert stored.stat().st_mtime_ns != mark  # new files checked: written
    assert len(json.loads(stored.read_bytes())["entries"]) == len(files)


def test_cache_folder_that_cannot_be_written_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert _cli("--cache-dir", str(blocker / "cache"), str(SEEDS[0]))[1] == _cli("--no-cache", str(SEEDS[0]))[1]


# -- the Dask executor --------------------------------------------------------------------
def test_dask_executor_output_is_byte_identical_to_jobs_1():
    distributed = pytest.importorskip("distributed")
    from reportlint.run.batch import run_batch
    from reportlint.run.dask_executor import run_dask

    files = [str(seed) for seed in SEEDS] + [str(SEEDS[0].parent / "missing.txt")]
    settings = Settings()
    expected = _json(run_batch(files, settings=settings, jobs=1).files)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = run_dask(files, settings=settings, client=client, chunk=2)
    assert _json(result.files) == expected
    assert [f.path for f in result.files] == files and result.files[-1].error


# -- start-up ----------------------------------------------------------------------------
def test_grammar_cache_is_used_and_safe_when_the_folder_cannot_be_written(tmp_path, monkeypatch):
    from reportlint.parse import grammar_files

    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(tmp_path / "c"))
    parser = grammar_files.build_parser("formula.lark", maybe_placeholders=False)
    cached = list((tmp_path / "c" / "grammars").glob("formula-*.lark.pickle"))
    assert len(cached) == 1
    again = grammar_files.build_parser("formula.lark", maybe_placeholders=False)
    assert again.parse("1+2*3") == parser.parse("1+2*3")
    blocker = tmp_path / "f"
    blocker.write_text("")
    monkeypatch.setenv("REPORTLINT_CACHE_DIR", str(blocker / "c"))
    assert grammar_files.build_parser("formula.lark", maybe_placeholders=False).parse("1+2") is not None


def test_one_json_run_imports_no_other_format_and_no_other_reader():
    code = ("import json, sys; from reportlint.cli import main; "
            f"main(['check', '-q', '--no-cache', '--format', 'json', '-o', {os.devnull!r}, {str(SEEDS[0])!r}]); "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('reportlint.formatters.', "
            "'reportlint.input.readers.')))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "reportlint.formatters.json" in loaded  # the probe saw the run's own formatter
    assert not loaded & {"reportlint.formatters.html", "reportlint.formatters.sarif", "reportlint.formatters.junit",
                         "reportlint.input.readers.docx", "reportlint.input.readers.pdf",
                         "reportlint.input.readers.html", "reportlint.input.readers.xlsx"}


def test_scale_benchmark_runs_quick(capsys):
    """benchmarks/scale_bench.py keeps working (small sizes: a few seconds)."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    import scale_bench

    figures = scale_bench.run(quick=True, only={"linearity", "docx"})
    assert set(figures["linearity"]["factor"]) == {"1", "10"} and figures["docx"]["ratio"] > 0
    assert "copies as one file" in scale_bench.show(figures)


def test_cold_figures_say_how_far_one_round_strays():
    """The cold ratio is a median of rounds; the quartiles of the per-round ratios say whether
    a ratio near its limit is a pass or noise (docs/scale.md quotes them)."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    import scale_bench

    assert scale_bench._middle_half([1.0, 1.2, 1.4, 1.6, 1.8]) == [1.1, 1.4, 1.7]
    assert scale_bench._middle_half([1.3]) == [1.3, 1.3, 1.3]
    figures = {"python": "3.11", "load_before": 0.5, "load_after": 0.6,
               "cold": {"runs": 5, "ms": {"floor": 120.0, "reportlint": 160.0}, "vs_floor": {"reportlint": 1.33},
                        "round_ratios": {"reportlint": [1.31, 1.33, 1.36]},
                        "importtime": {"reportlint_modules_ms": 40.0, "all_modules_ms": 140.0}}}
    assert "one round's ratio, middle half of the rounds: reportlint 1.31–1.36x" in scale_bench.show(figures)


def test_instruction_figure_reads_callgrinds_total_and_its_loop_runs():
    """Figure 7 (instructions): callgrind's total is read off its summary line, a run that gave
    none is an error naming the command, and the worker it counts checks the seed copies."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    import scale_bench

    stderr = "==41== Events    : Ir\n==41== Collected : 56561234\n==41==\n==41== I   refs:      56,561,234\n"
    assert scale_bench._collected(stderr, ["python", "-c", "pass"]) == 56561234
    with pytest.raises(SystemExit, match="callgrind gave no count for"):
        scale_bench._collected("valgrind: command not found\n", ["python", "-c", "pass"])
    bench = str(Path(scale_bench.__file__).resolve())
    for contender in ("reportlint", "markdown"):
        done = subprocess.run([sys.executable, bench, "--worker", "loop", contender, "3"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.strip().splitlines()[-1]) == {"files": 3}
    figures = {"python": "3.11", "load_before": 0.5, "load_after": 0.6,
               "instructions": {"cold_millions": {"floor": 668.0, "reportlint": 983.0},
                                "cold_vs_floor": {"reportlint": 1.472},
                                "per_report_millions": {"reportlint": 56.56, "markdown-it-py": 12.31},
                                "per_report_vs_markdown_it": {"reportlint": 4.6}}}
    shown = scale_bench.show(figures)
    assert "vs the floor: reportlint 1.47x" in shown and "vs markdown-it-py: reportlint 4.60x" in shown


def test_stage_figure_splits_the_count_and_each_stage_does_its_work(monkeypatch):
    """Figure 8 (instructions by stage): each stage is its loop's count less the stage before's,
    the first less one zero count, per report; and each stage's worker runs the stages up to
    its own and no further (the counts are only as good as that)."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    import scale_bench
    from reportlint.facts.store import Facts

    n = scale_bench.LOOP_FILES
    zero = 1_000_000_000
    per_report = {"read": 1, "parse": 12, "blocks": 1, "quantities": 8, "facts": 17, "check": 15}  # millions
    counts, total = {}, zero
    for stage in scale_bench.STAGES:
        total += per_report[stage] * 1_000_000 * n
        counts[stage] = total

    def fake_count(command, env, cwd):
        kind, name, files = command[-3:]
        if kind == "loop":
            return zero + (12_300_000 * n if files != "0" else 0)
        return counts[name] if files != "0" else zero

    monkeypatch.setattr(scale_bench, "_instructions", fake_count)
    monkeypatch.setattr(scale_bench.shutil, "which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(scale_bench.subprocess, "run", lambda *a, **k: None)  # the warm-up runs
    figure = scale_bench.stages()
    assert figure["millions"] == {k: float(v) for k, v in per_report.items()}
    assert figure["total_millions"] == 54.0 and figure["markdown_it_millions"] == 12.3
    assert figure["vs_markdown_it"]["parse"] == 0.98 and figure["share"]["facts"] == 0.315
    counted: list[str] = []
    monkeypatch.setattr(scale_bench, "_instructions", lambda c, e, w: counted.append(c[-3]) or fake_count(c, e, w))
    assert scale_bench.stages(theirs=12_300_000.0) == figure  # figure 7's count, given: not counted again
    assert "loop" not in counted and counted.count("stages") == len(scale_bench.STAGES) + 1
    shown = scale_bench.show({"python": "3.11", "load_before": 0.5, "load_after": 0.6, "stages": figure})
    assert "by stage (of 54.00 M; markdown-it-py 12.30 M in all): read 1.00 M = 2% = 0.08x" in shown
    monkeypatch.undo()

    asked: list[str] = []
    monkeypatch.setattr(Facts, "get", lambda self, name, _get=Facts.get: asked.append(name) or _get(self, name))
    read: list[object] = []
    monkeypatch.setattr(Facts, "_read_quantities",
                        lambda self, _read=Facts._read_quantities: read.append(self) or _read(self))
    for stage, kinds, quantities in (("parse", set(), 0), ("quantities", set(), 2),
                                     ("facts", set(Facts._extractors), 2)):
        asked.clear(), read.clear()
        scale_bench._stage_runner(stage)(SEEDS[:2])
        assert set(asked) == kinds and len(read) == quantities, stage
    bench = str(Path(scale_bench.__file__).resolve())
    for stage in ("read", "facts", "check"):
        done = subprocess.run([sys.executable, bench, "--worker", "stages", stage, "2"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.strip().splitlines()[-1]) == {"stage": stage, "files": 2}


def test_no_cache_for_plugins_registered_as_objects():
    from reportlint.pluginapi.manager import PluginManager
    from reportlint.run.cache import ResultCache, cacheable

    class Plugin:
        pass

    assert cacheable(get_manager())
    assert not cacheable(PluginManager(entry_points=False, extra=[("obj", Plugin())]))
    assert ResultCache.open(PluginManager(entry_points=False, extra=[("obj", Plugin())])) is None


_CYCLES_PROBE = """
import gc, json, sys
from pathlib import Path
from reportlint.input.source import Source
from reportlint.run.config import Settings
from reportlint.run.runner import check_source, get_manager

manager, settings = get_manager(), Settings()
sources = [Source.from_bytes(Path(p).read_bytes(), Path(p).name) for p in sys.argv[1:]]
check_source(sources[0], settings, manager)  # warm: lazy patterns, grammar, memos
gc.disable()
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
results = [check_source(source, settings, manager) for source in sources]
found = gc.collect()
kinds = sorted({type(item).__name__ for item in gc.garbage})
gc.set_debug(0)
print(json.dumps({"found": found, "kinds": kinds, "findings": sum(len(r.findings) for r in results)}))
"""


def test_a_check_leaves_no_reference_cycles():
    """Parsing and checking a report leave nothing for the cyclic collector: the document,
    its facts and the outline matches are freed by reference counting when the check ends
    (recursive closures used to keep each report's sections in cycles).

    Run in a process of its own: a thread an earlier test left running (a served page, a
    browser's event loop) makes garbage of its own while the collector is watched."""
    done = subprocess.run([sys.executable, "-c", _CYCLES_PROBE, *map(str, SEEDS)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["findings"] == 28
    assert outcome["found"] == 0, f"{outcome['found']} objects in reference cycles: {outcome['kinds']}"


def test_one_file_check_imports_no_multiprocessing():
    """Worker processes are a batch's business: a one-file run does not import multiprocessing."""
    code = ("import sys; from reportlint.cli import main; "
            f"main(['check', '-q', '--no-cache', '--format', 'json', '-o', {os.devnull!r}, {str(SEEDS[0])!r}]); "
            "print('multiprocessing' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "False"


_COLLECTOR_PROBE = """
import gc, json, sys
import reportlint.__main__ as entry
import reportlint.run.runner as runner
import reportlint.pluginapi.manager as manager_module

seen = {}
loading = manager_module.PluginManager._load
def _load(self, *args, **kwargs):
    seen.setdefault("while plugins load", gc.isenabled())
    return loading(self, *args, **kwargs)
manager_module.PluginManager._load = _load
checking = runner.check_source
def check_source(*args, **kwargs):
    seen["when the check starts"] = gc.isenabled()
    seen["frozen objects"] = gc.get_freeze_count()
    return checking(*args, **kwargs)
runner.check_source = check_source
sys.argv = ["reportlint", *json.loads(sys.argv[1])]
code = entry.main()
seen["after the command"] = gc.isenabled()
seen["exit code"] = code
print(json.dumps(seen))
"""


def _probe_collector(*argv: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _COLLECTOR_PROBE, json.dumps(list(argv))],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_command_starts_with_the_collector_paused_and_checks_with_it_running():
    """reportlint.__main__ pauses the cyclic collector for start-up only: it is off while the
    plugins load, on (with start-up's objects frozen) when the reports are checked."""
    seen = _probe_collector("check", "-q", "--isolated", "--no-cache", "--format", "json", "-o", os.devnull,
                            str(SEEDS[3]))
    assert seen["exit code"] == 1  # seed 004's findings
    assert seen["while plugins load"] is False
    assert seen["when the check starts"] is True and seen["frozen objects"] > 10_000
    assert seen["after the command"] is True


def test_commands_that_load_no_plugins_first_resume_the_collector_at_once():
    seen = _probe_collector("rules")
    assert seen["exit code"] == 0 and seen["while plugins load"] is True and seen["after the command"] is True


def test_cli_main_called_by_a_host_program_leaves_the_collector_as_it_was():
    code = ("import gc, os, sys; from reportlint.cli import main; gc.disable(); "
            f"main(['check', '-q', '--isolated', '--no-cache', '-o', os.devnull, {str(SEEDS[0])!r}]); "
            "print(gc.isenabled()); gc.enable(); "
            f"main(['check', '-q', '--isolated', '--no-cache', '-o', os.devnull, {str(SEEDS[0])!r}]); "
            "print(gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True"], done.stderr


def test_model_classes_on_the_check_path_are_cheap_to_build():
    """Building ~60 model classes is a fifth of a cold check. Two things made each dearer for
    nothing: annotations given as strings (pydantic compiles and evaluates each, through
    typing.ForwardRef), and `default_factory=list`/`dict` (pydantic asks inspect.signature of
    each factory, which for the builtins fails slowly: ~0.13 ms a field). docs/scale.md."""
    import __future__

    import pydantic

    manager = get_manager()
    manager.rules(), manager.profiles()

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    models = [cls for cls in every(pydantic.BaseModel)
              if cls.__module__.startswith("reportlint.") and not cls.__module__.startswith("reportlint.serve")]
    assert len(models) > 40
    string_annotations = sorted({cls.__module__ for cls in models
                                 if getattr(sys.modules[cls.__module__], "annotations", None) is __future__.annotations})
    assert string_annotations == []
    slow_factories = sorted(f"{cls.__name__}.{name}" for cls in models for name, info in cls.model_fields.items()
                            if info.default_factory in (list, dict))
    assert slow_factories == []


def test_the_check_path_defines_no_dataclass_but_the_plugin_apis():
    """`@dataclass` compiles each class's methods at import (0.4-1.4 ms a class): the check
    path's records are reportlint.parse.records classes; the records of the plugin API stay
    dataclasses (dataclasses.fields and replace work on them). docs/scale.md."""
    import dataclasses

    code = ("import dataclasses, os, sys; from reportlint.cli import main; "
            f"main(['check', '-q', '--isolated', '--no-cache', '-o', os.devnull, {str(SEEDS[3])!r}]); "
            "print(sorted({v.__qualname__ for name, m in list(sys.modules.items()) if name.startswith('reportlint') "
            "for v in vars(m).values() if isinstance(v, type) and dataclasses.is_dataclass(v) "
            "and v.__module__ == name}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"')) == [
        "FileResult", "PluginInfo", "RunResult", "Source"]
    from reportlint.run.runner import FileResult

    assert dataclasses.is_dataclass(FileResult)


def test_a_plain_mutable_default_is_never_shared():
    """`= []` defaults: each instance gets its own, validated, constructed or built as a fact."""
    from reportlint.facts.report import FilingDate, ReportFacts
    from reportlint.parse.model import Section

    first, second = ReportFacts(), ReportFacts()
    first.claims.append("x")
    assert second.claims == [] and ReportFacts.model_fields["claims"].default == []
    one, other = Section.model_construct(), Section.model_construct()
    one.body.append("x")
    assert other.body == []
    from reportlint.parse.model import parsed_span

    fact = FilingDate.build(span=parsed_span(1, 1, 1, 9), value="2024年1月5日")
    fact.mentions.append("x")
    assert FilingDate.build(span=parsed_span(1, 1, 1, 9), value="2024年1月5日").mentions == []


def test_miss_figure_reads_cachegrinds_summary_and_gives_each_ratio(monkeypatch):
    """Figure 9 (simulated misses): cachegrind's summary lines are read off its stderr, a run
    that gave none is an error naming the command, and each count is per report (the loop
    less the same process with no loop) and against markdown-it-py's."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    import scale_bench

    def summary(instructions, i1, d1, ll, branches):
        return ("==7== I   refs:      {:,}\n==7== I1  misses:      {:,}\n==7== LLi misses:      25,111\n"
                "==7== D   refs:      2,010,690,003  (1,359,492,549 rd   + 651,197,454 wr)\n"
                "==7== D1  misses:       {:,}  (   25,163,918 rd   +    4,331,094 wr)\n"
                "==7== LL misses:       {:,}  (      104,327 rd   +      492,211 wr)\n"
                "==7== Mispredicts:     {:,}  (   40,069,335 cond +   44,763,308 ind)\n"
                "==7== Mispred rate:           11.8% (          6.6%     +        39.8%   )\n"
                ).format(instructions, i1, d1, ll, branches)

    n = scale_bench.LOOP_FILES
    runs = {("reportlint", "0"): summary(2_000_000_000, 27_000_000, 16_000_000, 500_000, 38_000_000),
            ("reportlint", str(n)): summary(2_000_000_000 + 55_000_000 * n, 27_000_000 + 800_000 * n,
                                            16_000_000 + 320_000 * n, 500_000 + 1_000 * n, 38_000_000 + 1_200_000 * n),
            ("markdown", "0"): summary(400_000_000, 4_000_000, 3_000_000, 200_000, 7_000_000),
            ("markdown", str(n)): summary(400_000_000 + 12_500_000 * n, 4_000_000 + 100_000 * n,
                                          3_000_000 + 40_000 * n, 200_000 + 500 * n, 7_000_000 + 300_000 * n)}

    class Done:
        def __init__(self, stderr):
            self.stderr = stderr

    def fake_run(command, **kwargs):
        if command[0] != "valgrind":
            return None  # the warm-up run
        return Done(runs[(command[-2], command[-1])])

    monkeypatch.setattr(scale_bench.shutil, "which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(scale_bench.subprocess, "run", fake_run)
    figure = scale_bench.misses()
    assert figure["thousands"]["reportlint"] == {
        "instructions": 55000.0, "instruction_cache_misses": 800.0, "data_cache_misses": 320.0,
        "last_level_misses": 1.0, "mispredicted_branches": 1200.0}
    assert figure["vs_markdown_it"] == {"instructions": 4.4, "instruction_cache_misses": 8.0, "data_cache_misses": 8.0,
                                        "last_level_misses": 2.0, "mispredicted_branches": 4.0}
    shown = scale_bench.show({"python": "3.11", "load_before": 0.5, "load_after": 0.6, "misses": figure})
    assert "instruction cache misses 800.0k vs 100.0k = 8.00x" in shown
    runs[("markdown", "0")] = "valgrind: command not found\n"
    with pytest.raises(SystemExit, match="cachegrind gave no summary for"):
        scale_bench.misses()


def test_a_check_never_makes_the_list_of_the_reports_lines():
    """A list of a report's lines is a second copy of its text (11 MB of a 300-copy report's
    peak when SEC013 read the attachment lists from it): the seeds' checks never make it."""
    from reportlint.input.source import Source
    from reportlint.run.runner import check_source, get_manager
    from util import SEED_NAMES, seed_text

    manager = get_manager()
    for name in SEED_NAMES:
        source = Source(seed_text(name), f"{name}.txt")
        result = check_source(source, manager=manager)
        assert result.error is None and result.findings is not None
        assert source._lines is None, name
