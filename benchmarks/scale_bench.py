"""Speed and scale in one run: every ratio of "cold start near the floor, half the time per
report, linear memory, a province's intake" (docs/scale.md), each measured side by side.

    .venv/bin/python benchmarks/scale_bench.py                      # all figures (a few minutes)
    .venv/bin/python benchmarks/scale_bench.py --old /tmp/old/.venv/bin/python   # before → after too
    .venv/bin/python benchmarks/scale_bench.py --quick              # small sizes (the test suite's)
    .venv/bin/python benchmarks/scale_bench.py --only cold,batch --json out.json

Figures (medians of runs alternated between the contenders, so that a noisy stretch of a
shared machine falls on all of them alike):

1. cold: `reportlint check --format json` on seed 004, process start to exit, against the
   floor of this design (python + lark + pluggy + pydantic with one model class defined),
   measured in the same run. Both run as users run them: with Python's bytecode cache (a
   private PYTHONPYCACHEPREFIX, warmed first). Each round runs every contender once, back
   to back, starting with the next one each round (no contender always follows the same
   one). Also the module import time (-X importtime) of reportlint's own modules.
2. per report: a 200-file loop of check_path (read, parse, every check, JSON out) with the
   garbage collector running, against markdown-it-py parsing the same texts.
3. linearity: seed 004 repeated 1x/10x/100x/300x as one file, the whole pipeline with the
   collector running; the factor of each size over one copy.
4. memory: peak traced memory (tracemalloc) of checking the 300-copy file against
   markdown-it-py parsing the same text, each in a fresh process; and each process's max RSS.
5. .docx vs .txt: check_path of a seed rendered to .docx against the seed itself.
6. batch: CPU seconds (user + system of the command and its workers) of `--jobs 2` against
   `--jobs 1` on 1000 reports, and the results cache: a second run over the unchanged folder
   against the first (both with --jobs 1); and the peak traced memory of an in-process
   command-line run over the folder (--jobs 1), divided by its reports, with a streamed
   format (jsonl) and a whole-run one (json): what holding results costs per report.

7. instructions (when valgrind is installed; not in --quick unless asked with --only): the
   instructions (valgrind's callgrind) of the cold check and of the floor, and per report:
   the instructions of a loop over 40 seed copies less those of the same process with no
   loop, divided by 40, against markdown-it-py's counted the same way. Deterministic
   (PYTHONHASHSEED=0), whatever else the machine is doing: the measure to weigh a change of
   a few percent with, where the wall-clock ratios of figures 1 and 2 move with the load.
8. stages (with figure 7): the same count split by stage (`STAGES`: reading and decoding,
   parsing, the blocks' folded text, the quantities, the other kinds of fact, and the rules
   with their findings and the JSON), each as millions a report, its share, and against
   markdown-it-py's whole count: which part a change must shrink to move figure 7.

9. misses (only when asked: `--only misses`; valgrind's cachegrind with its cache and branch
   simulation, a few minutes): per report, counted as figure 7 counts instructions, the
   instruction-cache, data-cache and last-level misses and the mispredicted branches of
   reportlint and of markdown-it-py, each as a ratio. Why figure 2's ratio is above figure 7's:
   a time ratio weighs each miss at tens of instructions, and dozens of rules, each with its
   own code and tables, touch far more code and data per report than one tight parser does.

With `--old PYTHON` (the interpreter of a checkout before the change) figures 1-5 and 7 are
also measured for it in the same run (1, 2, 5 in the same alternation): each figure's before → after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "tests" / "fixtures" / "seeds"
SEED = SEEDS_DIR / "004_1a1813143cd16474.txt"
NEW = str(Path(sys.executable))
FLOOR = "import lark, pluggy, pydantic\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)\n"


def _env(prefix: str) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = prefix
    return env


def _tree(python: str) -> Path:
    """The checkout an interpreter runs reportlint from (for the old tree's seeds and cwd)."""
    done = subprocess.run([python, "-c", "import reportlint, os; print(os.path.dirname(reportlint.__file__))"],
                          capture_output=True, text=True, check=True)
    return Path(done.stdout.strip()).parent


# -- workers: run in a fresh interpreter (this file with --worker), print one JSON line ----
def _batch_checker():
    """What a `--jobs 1` batch does with its files (figures 2 and 7): check_path on each,
    then the JSON of the whole run (in a tree that has the formatter)."""
    from reportlint.config import Settings
    from reportlint.runner import RunResult, check_path, get_manager

    try:
        from reportlint.formatters.json import JsonFormatter
    except ImportError:
        JsonFormatter = None
    manager, settings = get_manager(), Settings()
    rules = manager.rules()

    def check(paths):
        results = [check_path(path, settings, manager) for path in paths]
        if JsonFormatter is not None:
            JsonFormatter(rules).format(RunResult(files=results))
    return check


def _worker(kind: str, args: list[str]) -> None:
    import gc

    if kind == "batch":  # per report in a 200-file loop, collector running
        count, repeat = int(args[0]), int(args[1])
        seeds = sorted(SEEDS_DIR.glob("*.txt"))
        files = [seeds[i % len(seeds)] for i in range(count)]
        check = _batch_checker()
        check(files[:1])
        times = []
        for _ in range(repeat):
            gc.collect()
            started = time.perf_counter()
            check(files)
            times.append((time.perf_counter() - started) / count)
        print(json.dumps({"per_report_ms": statistics.median(times) * 1e3}))
    elif kind == "markdown":
        count, repeat = int(args[0]), int(args[1])
        from markdown_it import MarkdownIt

        seeds = sorted(SEEDS_DIR.glob("*.txt"))
        texts = [seeds[i % len(seeds)].read_bytes() for i in range(count)]
        md = MarkdownIt()
        md.parse(texts[0].decode("utf-8"))
        times = []
        for _ in range(repeat):
            gc.collect()
            started = time.perf_counter()
            for data in texts:
                md.parse(data.decode("utf-8"))
            times.append((time.perf_counter() - started) / count)
        print(json.dumps({"per_report_ms": statistics.median(times) * 1e3}))
    elif kind == "docx":  # check_path of a .docx against its .txt, alternated
        docx_path, txt_path, repeat = args[0], args[1], int(args[2])
        from reportlint.config import Settings
        from reportlint.runner import check_path, get_manager

        manager, settings = get_manager(), Settings()
        check_path(docx_path, settings, manager), check_path(txt_path, settings, manager)
        pairs = []
        for _ in range(repeat):
            a = time.perf_counter()
            check_path(docx_path, settings, manager)
            b = time.perf_counter()
            check_path(txt_path, settings, manager)
            pairs.append((b - a, time.perf_counter() - b))
        print(json.dumps({"docx_ms": statistics.median(p[0] for p in pairs) * 1e3,
                          "txt_ms": statistics.median(p[1] for p in pairs) * 1e3}))
    elif kind == "linear":  # whole pipeline on n copies, collector running
        copies = [int(n) for n in args[0].split(",")]
        repeat = int(args[1])
        from reportlint.formatters.json import JsonFormatter
        from reportlint.run.config import Settings
        from reportlint.run.runner import RunResult, check_source, get_manager
        from reportlint.input.source import Source

        manager, settings = get_manager(), Settings()
        one = SEED.read_bytes()
        rules = manager.rules()
        inputs = {n: b"\n".join([one] * n) for n in copies}

        def once(data):
            result = check_source(Source.from_bytes(data, "many.txt"), settings, manager)
            return JsonFormatter(rules).format(RunResult(files=[result]))

        times: dict[int, list[float]] = {n: [] for n in copies}
        once(one)
        for _ in range(repeat):  # sizes alternated within each round: load falls on all alike
            for n in copies:
                for _ in range(5 if n < 100 else 1):
                    gc.collect()
                    started = time.perf_counter()
                    once(inputs[n])
                    times[n].append(time.perf_counter() - started)
        out = {str(n): statistics.median(values) * 1e3 for n, values in times.items()}
        print(json.dumps(out))
    elif kind == "memory":  # peak traced memory of one contender on the n-copy text
        contender, copies = args[0], int(args[1])
        import tracemalloc

        data = b"\n".join([SEED.read_bytes()] * copies)
        if contender == "reportlint":
            from reportlint.run.config import Settings
            from reportlint.run.runner import check_source, get_manager
            from reportlint.input.source import Source

            manager, settings = get_manager(), Settings()
            check_source(Source.from_bytes(SEED.read_bytes(), "one.txt"), settings, manager)  # warm: lazy patterns

            def work():
                return check_source(Source.from_bytes(data, "many.txt"), settings, manager)
        else:
            from markdown_it import MarkdownIt

            md = MarkdownIt()
            md.parse("warm")

            def work():
                return md.parse(data.decode("utf-8"))
        gc.collect()
        tracemalloc.start()
        kept = work()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del kept
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
        print(json.dumps({"peak_mb": peak / 2**20, "max_rss_mb": rss / 1024}))
    elif kind == "held":  # peak memory of a command-line run over a folder, per report
        folder, fmt = args[0], args[1]
        import tracemalloc

        from reportlint.cli import main

        command = ["check", "-q", "--isolated", "--no-cache", "--jobs", "1", "--timeout", "0",
                   "--format", fmt, "-o", os.devnull]
        main(command + sorted(str(path) for path in SEEDS_DIR.glob("*.txt")))  # warm: plugins, grammar, patterns
        files = len(list(Path(folder).rglob("*.txt")))
        gc.collect()
        tracemalloc.start()
        main(command + [folder])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(json.dumps({"files": files, "kb_per_report": peak / files / 1024}))
    elif kind == "loop":  # figure 7: warmed, then `count` seed copies (instructions are counted outside)
        contender, count = args[0], int(args[1])
        seeds = sorted(SEEDS_DIR.glob("*.txt"))
        files = [seeds[i % len(seeds)] for i in range(count)]
        if contender == "reportlint":
            check = _batch_checker()
        else:
            from markdown_it import MarkdownIt

            md = MarkdownIt()

            def check(paths):
                for path in paths:
                    md.parse(path.read_bytes().decode("utf-8"))
        check(seeds)  # every seed once: what is built on first use is not counted per report
        check(files)
        print(json.dumps({"files": count}))
    elif kind == "stages":  # figure 8: warmed by whole checks, then `count` copies up to `stage`
        stage, count = args[0], int(args[1])
        seeds = sorted(SEEDS_DIR.glob("*.txt"))
        files = [seeds[i % len(seeds)] for i in range(count)]
        check = _stage_runner(stage)
        whole = _batch_checker()
        whole(seeds)  # every seed checked once, whatever the stage: the same warm-up for all,
        check(files)  # so that one process with no loop is the zero of every stage
        print(json.dumps({"stage": stage, "files": count}))
    else:
        raise SystemExit(f"unknown worker {kind}")


STAGES = ["read", "parse", "blocks", "quantities", "facts", "check"]
"""Figure 8's stages, each the one before and more: reading and decoding the file, parsing it,
the blocks' folded text, every block's quantities, every registered kind of fact, and the
whole check (the rules, the derived values only they ask for, the findings, the JSON)."""


def _stage_runner(stage: str):
    """A function that takes each file of a list up to `stage` (STAGES), as check_source does:
    the collector paused for the report, everything dropped before the next one."""
    import gc

    if stage == "check":
        return _batch_checker()
    from reportlint.facts.store import Facts
    from reportlint.run.config import Settings
    from reportlint.run.runner import get_manager, parse_with, read_source

    manager, settings = get_manager(), Settings()
    upto = STAGES.index(stage)

    def one(path) -> None:
        source = read_source(path, manager)
        if upto < 1:
            return
        document = parse_with(source, manager, settings.profile)
        if upto < 2:
            return
        profile = next((p for p in manager.profiles() if p.name == document.profile.name), None)
        facts = Facts(document, source, profile)
        facts.blocks
        if upto > 2:
            facts.quantities
        if upto > 3:
            for kind in list(Facts._extractors):
                facts.get(kind)

    def run(paths) -> None:
        for path in paths:
            gc.disable()
            try:
                one(path)
            finally:
                gc.enable()
    return run


def _run_worker(python: str, kind: str, *args: str, cwd: Path = ROOT, env=None) -> dict:
    done = subprocess.run([python, str(Path(__file__).resolve()), "--worker", kind, *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- 1. cold start ---------------------------------------------------------------------
def importtime_ms(python: str, env: dict, cache_option: bool = True) -> dict:
    """Self import time of reportlint's own modules and of everything (ms), one run."""
    command = [python, "-X", "importtime", "-m", "reportlint", "check", "-q", "--isolated", "--format", "json",
               str(SEED)] + (["--no-cache"] if cache_option else [])
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    own = total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        fields = line.split("|")
        self_us = int(fields[0].split(":")[1])
        total += self_us
        if fields[2].strip().startswith("reportlint"):
            own += self_us
    return {"reportlint_modules_ms": round(own / 1e3, 1), "all_modules_ms": round(total / 1e3, 1)}


def _cold_commands(old: str | None) -> tuple[dict[str, tuple[list[str], Path]], bool]:
    """The floor and the cold check (figures 1 and 7), each with its working folder, and the
    check of the tree before the change when `old` is given; and whether that tree has
    `--no-cache` (the results cache is kept off where there is one: a hit skips the check)."""
    check = ["-m", "reportlint", "check", "-q", "--isolated", "--format", "json"]
    commands = {"floor": ([NEW, "-c", FLOOR], ROOT), "reportlint": ([NEW, *check, "--no-cache", str(SEED)], ROOT)}
    has_no_cache = True
    if old:
        tree = _tree(old)
        helped = subprocess.run([old, "-m", "reportlint", "check", "--help"], capture_output=True, text=True, cwd=tree)
        has_no_cache = "--no-cache" in helped.stdout
        commands["before"] = ([old, *check, *(["--no-cache"] if has_no_cache else []),
                               str(tree / "tests/fixtures/seeds" / SEED.name)], tree)
    return commands, has_no_cache


def cold(runs: int, old: str | None) -> dict:
    prefix = tempfile.mkdtemp(prefix="reportlint-pyc-")
    env = _env(prefix)
    commands, old_has_no_cache = _cold_commands(old)
    contenders = {name: commands[name] for name in ("floor", "reportlint")}
    # the same command with the grammar cache off and pydantic's plugin scan on: what those save
    contenders["reportlint, no grammar cache, pydantic scan"] = commands["reportlint"]
    special = {"reportlint, no grammar cache, pydantic scan": {"REPORTLINT_GRAMMAR_CACHE": "0",
                                                                "PYDANTIC_DISABLE_PLUGINS": ""}}
    if "before" in commands:
        contenders["before"] = commands["before"]
    envs = {name: {**env, **special.get(name, {})} for name in contenders}
    for name, (command, cwd) in contenders.items():  # warm the bytecode and grammar caches
        for _ in range(2):
            subprocess.run(command, env=envs[name], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for round_number in range(runs):
        # each round starts with the next contender: a start right after a similar process
        # (the same libraries just read) differs from one after another kind, and a fixed
        # order would give one contender that place in every round
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            command, cwd = contenders[name]
            started = time.perf_counter()
            subprocess.run(command, env=envs[name], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) * 1e3 for name, values in times.items()}
    floor = medians["floor"]
    out = {"runs": runs, "ms": {k: round(v, 1) for k, v in medians.items()},
           "vs_floor": {k: round(v / floor, 2) for k, v in medians.items() if k != "floor"},
           "round_ratios": {k: _middle_half([t / f for t, f in zip(v, times["floor"])])
                            for k, v in times.items() if k != "floor"},
           "importtime": importtime_ms(NEW, env)}
    if old:
        out["importtime_before"] = importtime_ms(old, env, cache_option=old_has_no_cache)
    shutil.rmtree(prefix, ignore_errors=True)
    return out


def _middle_half(ratios: list[float]) -> list[float]:
    """The quartiles [q1, median, q3] of per-round ratios: how far one round's ratio strays
    (each round runs every contender once, back to back, so a round shares its load)."""
    if len(ratios) < 2:
        return [round(r, 2) for r in ratios * 3][:3]
    q1, median, q3 = statistics.quantiles(ratios, n=4)
    return [round(q1, 2), round(median, 2), round(q3, 2)]


# -- 2. per report ---------------------------------------------------------------------
def per_report(count: int, rounds: int, old: str | None) -> dict:
    samples: dict[str, list[float]] = {"reportlint": [], "markdown-it-py": []}
    if old:
        samples["before"] = []
        old_tree = _tree(old)
    for _ in range(rounds):
        samples["reportlint"].append(_run_worker(NEW, "batch", count, 3)["per_report_ms"])
        samples["markdown-it-py"].append(_run_worker(NEW, "markdown", count, 3)["per_report_ms"])
        if old:
            samples["before"].append(_run_worker(old, "batch", count, 3, cwd=old_tree)["per_report_ms"])
    medians = {k: statistics.median(v) for k, v in samples.items()}
    out = {"files": count, "ms": {k: round(v, 2) for k, v in medians.items()},
           "vs_markdown_it": round(medians["reportlint"] / medians["markdown-it-py"], 2)}
    if old:
        out["before_vs_markdown_it"] = round(medians["before"] / medians["markdown-it-py"], 2)
        out["speed_up"] = round(medians["before"] / medians["reportlint"], 2)
    return out


# -- 3. linearity ----------------------------------------------------------------------
def linearity(copies: list[int], repeat: int, old: str | None = None) -> dict:
    ms = _run_worker(NEW, "linear", ",".join(map(str, copies)), repeat)
    one = ms[str(copies[0])]
    out = {"report": SEED.name, "collector": "running", "ms": {k: round(v, 1) for k, v in ms.items()},
           "factor": {k: round(v / one, 1) for k, v in ms.items()}}
    if old:
        before = _run_worker(old, "linear", ",".join(map(str, copies)), repeat, cwd=_tree(old))
        out["before_factor"] = {k: round(v / before[str(copies[0])], 1) for k, v in before.items()}
    return out


# -- 4. memory -------------------------------------------------------------------------
def memory(copies: int, old: str | None = None) -> dict:
    ours = _run_worker(NEW, "memory", "reportlint", copies)
    theirs = _run_worker(NEW, "memory", "markdown", copies)
    size = len(b"\n".join([SEED.read_bytes()] * copies)) / 2**20
    out = {"copies": copies, "file_mb": round(size, 1),
           "peak_mb": {"reportlint": round(ours["peak_mb"], 1), "markdown-it-py": round(theirs["peak_mb"], 1)},
           "peak_ratio": round(ours["peak_mb"] / theirs["peak_mb"], 2),
           "max_rss_mb": {"reportlint": round(ours["max_rss_mb"], 1),
                          "markdown-it-py": round(theirs["max_rss_mb"], 1)}}
    if old:
        before = _run_worker(old, "memory", "reportlint", copies, cwd=_tree(old))
        out["before_peak_mb"] = round(before["peak_mb"], 1)
        out["before_peak_ratio"] = round(before["peak_mb"] / theirs["peak_mb"], 2)
    return out


# -- 5. .docx vs .txt ------------------------------------------------------------------
def docx_vs_txt(repeat: int, old: str | None) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from docx_builder import build_docx

    folder = Path(tempfile.mkdtemp(prefix="reportlint-docx-"))
    try:
        docx_path = folder / SEED.with_suffix(".docx").name
        build_docx(SEED.read_text(encoding="utf-8"), docx_path)
        out = {"report": SEED.name}
        now = _run_worker(NEW, "docx", docx_path, SEED, repeat)
        out["ms"] = {k: round(v, 2) for k, v in now.items()}
        out["ratio"] = round(now["docx_ms"] / now["txt_ms"], 2)
        if old:
            before = _run_worker(old, "docx", docx_path, SEED, repeat, cwd=_tree(old))
            out["before_ms"] = {k: round(v, 2) for k, v in before.items()}
            out["before_ratio"] = round(before["docx_ms"] / before["txt_ms"], 2)
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- 6. batches: --jobs 2 CPU, the results cache ----------------------------------------
def _cli(args: list[str]) -> tuple[float, float]:
    command = [NEW, "-m", "reportlint", "check", "--isolated", "--quiet", "--format", "json", "-o", os.devnull, *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"reportlint failed ({done.returncode}): {done.stderr.strip()[:400]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def batches(files: int, rounds: int) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch_bench import build_batch

    folder = Path(tempfile.mkdtemp(prefix="reportlint-batch-"))
    try:
        build_batch(folder, files)
        reports = str(folder / "reports")
        cpu: dict[int, list[float]] = {1: [], 2: []}
        wall: dict[int, list[float]] = {1: [], 2: []}
        first, second = [], []
        for round_ in range(rounds):
            for jobs in (1, 2):
                seconds, cpu_seconds = _cli(["--no-cache", "--jobs", str(jobs), reports])
                wall[jobs].append(seconds)
                cpu[jobs].append(cpu_seconds)
            cache = folder / f"cache{round_}"
            first.append(_cli(["--cache-dir", str(cache), "--jobs", "1", reports])[0])
            second.append(_cli(["--cache-dir", str(cache), "--jobs", "1", reports])[0])
        held = {fmt: _run_worker(NEW, "held", reports, fmt)["kb_per_report"] for fmt in ("jsonl", "json")}
        med = statistics.median
        return {"files": files, "cpus": os.cpu_count(), "rounds": rounds,
                "held_kb_per_report": {fmt: round(kb, 1) for fmt, kb in held.items()},
                "jobs": {str(j): {"seconds": round(med(wall[j]), 2), "cpu_seconds": round(med(cpu[j]), 2)}
                         for j in (1, 2)},
                "cpu_jobs2_vs_jobs1": round(med(cpu[2]) / med(cpu[1]), 2),
                "cache": {"first_s": round(med(first), 2), "second_s": round(med(second), 2),
                          "speed_up": round(med(first) / med(second), 1)}}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- 7. instructions --------------------------------------------------------------------
LOOP_FILES = 40


def _instructions(command: list[str], env: dict, cwd: Path) -> int:
    """The instructions valgrind's callgrind counts for a command (its children not followed)."""
    with tempfile.TemporaryDirectory(prefix="reportlint-callgrind-") as folder:
        done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
                              capture_output=True, text=True, env=env, cwd=cwd)
    return _collected(done.stderr, command)


def _collected(stderr: str, command: list[str]) -> int:
    """The total of callgrind's "Collected : N" line."""
    for line in stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    raise SystemExit(f"callgrind gave no count for {command[:3]}: {stderr.strip()[-400:]}")


def instructions(old: str | None) -> dict:
    if shutil.which("valgrind") is None:
        return {"skipped": "valgrind is not installed"}
    prefix = tempfile.mkdtemp(prefix="reportlint-pyc-")
    env = {**_env(prefix), "PYTHONHASHSEED": "0"}
    cold_commands, _ = _cold_commands(old)
    loops = {"reportlint": (NEW, ROOT), "markdown-it-py": (NEW, ROOT)}
    if old:
        loops["before"] = (old, cold_commands["before"][1])
    for command, cwd in cold_commands.values():  # warm the bytecode, grammar and pattern caches
        subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cold_counts = {name: _instructions(command, env, cwd) for name, (command, cwd) in cold_commands.items()}
    per_report: dict[str, float] = {}
    for name, (python, cwd) in loops.items():
        contender = "markdown" if name == "markdown-it-py" else "reportlint"
        loop = [python, str(Path(__file__).resolve()), "--worker", "loop", contender]
        subprocess.run(loop + ["1"], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counted = {n: _instructions(loop + [str(n)], env, cwd) for n in (0, LOOP_FILES)}
        per_report[name] = (counted[LOOP_FILES] - counted[0]) / LOOP_FILES
    shutil.rmtree(prefix, ignore_errors=True)
    floor, theirs = cold_counts["floor"], per_report["markdown-it-py"]
    out = {"cold_millions": {k: round(v / 1e6, 1) for k, v in cold_counts.items()},
           "cold_vs_floor": {k: round(v / floor, 3) for k, v in cold_counts.items() if k != "floor"},
           "per_report_millions": {k: round(v / 1e6, 2) for k, v in per_report.items()},
           "per_report_vs_markdown_it": {k: round(v / theirs, 2) for k, v in per_report.items() if k != "markdown-it-py"},
           "markdown_it_per_report": theirs}  # unrounded, for figure 8
    if old:
        out["per_report_speed_up"] = round(per_report["before"] / per_report["reportlint"], 3)
    return out


def stages(theirs: float | None = None) -> dict:
    """Figure 8: figure 7's count split by stage (STAGES): the loop run up to each stage, less
    the loop up to the stage before, per report; and markdown-it-py's whole count beside it
    (`theirs`, figure 7's when it was measured in the same run, else counted here)."""
    if shutil.which("valgrind") is None:
        return {"skipped": "valgrind is not installed"}
    prefix = tempfile.mkdtemp(prefix="reportlint-pyc-")
    env = {**_env(prefix), "PYTHONHASHSEED": "0"}
    worker = [NEW, str(Path(__file__).resolve()), "--worker"]
    warm_ups = [["stages", "check", "1"]] + ([["loop", "markdown", "1"]] if theirs is None else [])
    for warm in warm_ups:  # the bytecode and the caches, written once
        subprocess.run(worker + warm, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cumulative = {stage: _instructions(worker + ["stages", stage, str(LOOP_FILES)], env, ROOT) for stage in STAGES}
    # with no loop, every stage's process does the same warm-up: one zero count for all
    zero = _instructions(worker + ["stages", "read", "0"], env, ROOT)
    if theirs is None:
        theirs = (_instructions(worker + ["loop", "markdown", str(LOOP_FILES)], env, ROOT)
                  - _instructions(worker + ["loop", "markdown", "0"], env, ROOT)) / LOOP_FILES
    shutil.rmtree(prefix, ignore_errors=True)
    own: dict[str, float] = {}
    before = zero
    for stage in STAGES:
        own[stage] = max(0, cumulative[stage] - before) / LOOP_FILES
        before = cumulative[stage]
    total = sum(own.values())
    return {"millions": {k: round(v / 1e6, 2) for k, v in own.items()},
            "share": {k: round(v / total, 3) for k, v in own.items()},
            "vs_markdown_it": {k: round(v / theirs, 2) for k, v in own.items()},
            "total_millions": round(total / 1e6, 2), "markdown_it_millions": round(theirs / 1e6, 2)}


# cachegrind's summary lines (on stderr) → the figure 9 name of each count
_MISS_LINES = {"I   refs": "instructions", "I1  misses": "instruction_cache_misses",
               "D1  misses": "data_cache_misses", "LL misses": "last_level_misses", "Mispredicts": "mispredicted_branches"}


def _cache_counts(command: list[str], env: dict, cwd: Path) -> dict[str, int]:
    """The counts of cachegrind's summary (`_MISS_LINES`) for a command, with its cache and
    branch simulation (a model of this machine's caches, not its hardware counters)."""
    with tempfile.TemporaryDirectory(prefix="reportlint-cachegrind-") as folder:
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--branch-sim=yes",
                               f"--cachegrind-out-file={folder}/out", *command],
                              capture_output=True, text=True, env=env, cwd=cwd)
    counts: dict[str, int] = {}
    for line in done.stderr.splitlines():
        label, _, rest = line.partition("==")[2].partition("==")[2].partition(":")
        name = _MISS_LINES.get(label.strip())
        if name is not None and rest.split():
            counts[name] = int(rest.split()[0].replace(",", ""))
    if len(counts) != len(_MISS_LINES):
        raise SystemExit(f"cachegrind gave no summary for {command[:3]}: {done.stderr.strip()[-400:]}")
    return counts


def misses() -> dict:
    """Figure 9: per report, cachegrind's simulated misses of reportlint and markdown-it-py."""
    if shutil.which("valgrind") is None:
        return {"skipped": "valgrind is not installed"}
    prefix = tempfile.mkdtemp(prefix="reportlint-pyc-")
    env = {**_env(prefix), "PYTHONHASHSEED": "0"}
    per_report: dict[str, dict[str, float]] = {}
    for name, contender in (("reportlint", "reportlint"), ("markdown-it-py", "markdown")):
        loop = [NEW, str(Path(__file__).resolve()), "--worker", "loop", contender]
        subprocess.run(loop + ["1"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counted = {n: _cache_counts(loop + [str(n)], env, ROOT) for n in (0, LOOP_FILES)}
        per_report[name] = {k: (counted[LOOP_FILES][k] - counted[0][k]) / LOOP_FILES for k in _MISS_LINES.values()}
    shutil.rmtree(prefix, ignore_errors=True)
    ours, theirs = per_report["reportlint"], per_report["markdown-it-py"]
    return {"thousands": {name: {k: round(v / 1e3, 1) for k, v in counts.items()} for name, counts in per_report.items()},
            "vs_markdown_it": {k: round(ours[k] / theirs[k], 2) for k in ours if theirs[k]}}


# -- report ----------------------------------------------------------------------------
def run(quick: bool = False, old: str | None = None, only: set[str] | None = None) -> dict:
    want = (lambda name: only is None or name in only)
    figures: dict = {"python": sys.version.split()[0], "load_before": round(os.getloadavg()[0], 2), "quick": quick}
    if want("cold"):
        figures["cold"] = cold(5 if quick else 21, old)
    if want("per_report"):
        figures["per_report"] = per_report(40 if quick else 200, 1 if quick else 5, old)
    if want("linearity"):
        figures["linearity"] = linearity([1, 10] if quick else [1, 10, 100, 300], 2 if quick else 3, old)
    if want("memory"):
        figures["memory"] = memory(10 if quick else 300, old)
    if want("docx"):
        figures["docx"] = docx_vs_txt(5 if quick else 30, old)
    if want("batch"):
        figures["batch"] = batches(60 if quick else 1000, 1 if quick else 3)
    if (only is not None and "instructions" in only) or (only is None and not quick):
        figures["instructions"] = instructions(old)
    if (only is not None and "stages" in only) or (only is None and not quick):
        figures["stages"] = stages(figures.get("instructions", {}).get("markdown_it_per_report"))
    if only is not None and "misses" in only:
        figures["misses"] = misses()
    figures["load_after"] = round(os.getloadavg()[0], 2)
    return figures


def show(figures: dict) -> str:
    lines = [f"python {figures['python']}, load average {figures['load_before']} before / {figures['load_after']} after"]
    if "cold" in figures:
        c = figures["cold"]
        lines.append(f"cold check --format json (median of {c['runs']}): " + ", ".join(
            f"{k} {v:.0f} ms" for k, v in c["ms"].items()))
        lines.append("  vs the floor: " + ", ".join(f"{k} {v:.2f}x" for k, v in c["vs_floor"].items())
                     + "  (done when <= 1.35x)")
        if "round_ratios" in c:
            lines.append("  one round's ratio, middle half of the rounds: " + ", ".join(
                f"{k} {q[0]:.2f}–{q[2]:.2f}x" for k, q in c["round_ratios"].items()))
        lines.append(f"  import time: reportlint's modules {c['importtime']['reportlint_modules_ms']} ms of "
                     f"{c['importtime']['all_modules_ms']} ms"
                     + (f" (before: {c['importtime_before']['reportlint_modules_ms']} ms of "
                        f"{c['importtime_before']['all_modules_ms']} ms)" if "importtime_before" in c else ""))
    if "per_report" in figures:
        p = figures["per_report"]
        lines.append(f"per report, {p['files']}-file loop, collector running: " + ", ".join(
            f"{k} {v:.2f} ms" for k, v in p["ms"].items()) + f"; {p['vs_markdown_it']:.2f}x markdown-it-py"
            + (f" (before {p['before_vs_markdown_it']:.2f}x, speed-up {p['speed_up']:.2f}x)" if "speed_up" in p else "")
            + "  (done when <= 4x)")
    if "linearity" in figures:
        lin = figures["linearity"]
        lines.append("whole pipeline, n copies as one file, collector running: " + ", ".join(
            f"{n}x {ms:.0f} ms = {lin['factor'][n]:.0f}x one" for n, ms in lin["ms"].items())
            + (" (before: " + ", ".join(f"{n}x = {f:.0f}x" for n, f in lin["before_factor"].items()) + ")"
               if "before_factor" in lin else "")
            + "  (done when 300 copies <= 330x)")
    if "memory" in figures:
        m = figures["memory"]
        lines.append(f"peak memory, {m['copies']} copies ({m['file_mb']} MB): reportlint {m['peak_mb']['reportlint']} MB, "
                     f"markdown-it-py {m['peak_mb']['markdown-it-py']} MB = {m['peak_ratio']:.2f}x"
                     + (f" (before {m['before_peak_mb']} MB = {m['before_peak_ratio']:.2f}x)" if "before_peak_mb" in m else "")
                     + "  (done when <= 2x); "
                     f"max RSS {m['max_rss_mb']['reportlint']} vs {m['max_rss_mb']['markdown-it-py']} MB")
    if "docx" in figures:
        d = figures["docx"]
        lines.append(f".docx vs .txt ({d['report']}): {d['ms']['docx_ms']:.1f} vs {d['ms']['txt_ms']:.1f} ms = "
                     f"{d['ratio']:.2f}x" + (f" (before {d['before_ms']['docx_ms']:.1f} vs {d['before_ms']['txt_ms']:.1f} ms"
                                             f" = {d['before_ratio']:.2f}x)" if "before_ms" in d else ""))
    if "batch" in figures:
        b = figures["batch"]
        lines.append(f"{b['files']} reports: --jobs 1 {b['jobs']['1']['seconds']} s / CPU {b['jobs']['1']['cpu_seconds']} s, "
                     f"--jobs 2 {b['jobs']['2']['seconds']} s / CPU {b['jobs']['2']['cpu_seconds']} s: CPU ratio "
                     f"{b['cpu_jobs2_vs_jobs1']:.2f}x  (done when <= 1.1x)")
        lines.append(f"results cache: first run {b['cache']['first_s']} s, second run over the unchanged folder "
                     f"{b['cache']['second_s']} s = {b['cache']['speed_up']}x faster  (done when >= 10x)")
        if "held_kb_per_report" in b:
            h = b["held_kb_per_report"]
            lines.append(f"peak traced memory of the run per report (--jobs 1): "
                         f"--format jsonl (streamed) {h['jsonl']} KB, --format json (whole run) {h['json']} KB")
    if "instructions" in figures:
        i = figures["instructions"]
        if "skipped" in i:
            lines.append(f"instructions: skipped ({i['skipped']})")
        else:
            lines.append("instructions (callgrind), cold check: " + ", ".join(
                f"{k} {v:,.0f} M" for k, v in i["cold_millions"].items()) + "; vs the floor: " + ", ".join(
                f"{k} {v:.2f}x" for k, v in i["cold_vs_floor"].items()))
            lines.append("instructions per report: " + ", ".join(
                f"{k} {v:.2f} M" for k, v in i["per_report_millions"].items()) + "; vs markdown-it-py: " + ", ".join(
                f"{k} {v:.2f}x" for k, v in i["per_report_vs_markdown_it"].items())
                + (f" (speed-up {i['per_report_speed_up']:.3f}x)" if "per_report_speed_up" in i else ""))
    if "stages" in figures:
        st = figures["stages"]
        if "skipped" in st:
            lines.append(f"instructions by stage: skipped ({st['skipped']})")
        else:
            lines.append(f"instructions per report by stage (of {st['total_millions']:.2f} M; markdown-it-py "
                         f"{st['markdown_it_millions']:.2f} M in all): " + ", ".join(
                             f"{k} {v:.2f} M = {st['share'][k]:.0%} = {st['vs_markdown_it'][k]:.2f}x"
                             for k, v in st["millions"].items()))
    if "misses" in figures:
        ms = figures["misses"]
        if "skipped" in ms:
            lines.append(f"misses: skipped ({ms['skipped']})")
        else:
            ours, theirs = ms["thousands"]["reportlint"], ms["thousands"]["markdown-it-py"]
            lines.append("per report, simulated (cachegrind), reportlint vs markdown-it-py: " + ", ".join(
                f"{k.replace('_', ' ')} {ours[k]:,.1f}k vs {theirs[k]:,.1f}k = {ms['vs_markdown_it'][k]:.2f}x"
                for k in ours))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds, for the test suite)")
    parser.add_argument("--old", metavar="PYTHON", help="interpreter of the checkout before the change")
    parser.add_argument("--only", help="comma separated: cold,per_report,linearity,memory,docx,batch,instructions,stages,misses")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.worker:
        _worker(args.worker, rest)
        return 0
    figures = run(args.quick, args.old, set(args.only.split(",")) if args.only else None)
    print(show(figures))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
