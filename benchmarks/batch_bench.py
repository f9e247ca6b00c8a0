"""Batch benchmark: `reportlint check --jobs 1` vs `--jobs 2` on a folder of >= 1000 seed-size reports.

    .venv/bin/python benchmarks/batch_bench.py               # 1000 reports, jobs 1 and 2, best of 3
    .venv/bin/python benchmarks/batch_bench.py --files 2000 --jobs 1 2 4 --repeat 5 --docx

The folder holds copies of the four seed reports (tests/fixtures/seeds), cycled to the
requested count (with --docx, every other copy is the seed rendered to a .docx by
tests/docx_builder.py). Each run is the real command line, timed from process start to
exit, so the figures include interpreter start-up, plugin loading, output (JSON to
/dev/null) and, for --jobs > 1, starting the worker processes. `run_benchmark()` returns
the figures as a dict for callers (CI, the lead's notes).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def build_batch(folder: Path, count: int, docx: bool = False) -> list[Path]:
    """Copy the seeds into `folder` until it holds `count` reports."""
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        raise SystemExit(f"no seed reports in {SEEDS}")
    rendered: dict[Path, Path] = {}
    if docx:
        sys.path.insert(0, str(ROOT / "tests"))
        from docx_builder import build_docx

        for seed in seeds:
            out = folder / "_templates" / seed.with_suffix(".docx").name
            out.parent.mkdir(parents=True, exist_ok=True)
            build_docx(seed.read_text(encoding="utf-8"), out)
            rendered[seed] = out
    made = []
    batch = folder / "reports"
    batch.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        seed = seeds[index % len(seeds)]
        source = rendered[seed] if docx and index % 2 else seed
        target = batch / f"{index:05d}_{source.name}"
        shutil.copyfile(source, target)
        made.append(target)
    return made


def _command() -> list[str]:
    script = Path(sys.executable).with_name("reportlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reportlint"]


def time_check(folder: Path, jobs: int, repeat: int) -> tuple[float, float]:
    """Best wall time of `repeat` runs of `reportlint check --jobs N`, and that run's CPU seconds.

    CPU time (user + system of the command and its workers) tells contention from overhead:
    on a machine shared with other work, wall time can stay flat while CPU time is split.
    """
    # --no-cache: every run checks every file (the results cache would serve repeats)
    command = _command() + ["check", "--isolated", "--quiet", "--no-cache", "--format", "json", "-o", os.devnull,
                            "--jobs", str(jobs), str(folder)]
    best, cpu = float("inf"), 0.0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"reportlint failed ({done.returncode}): {done.stderr.strip()[:400]}")
        if elapsed < best:
            best = elapsed
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return best, cpu


def run_benchmark(files: int = 1000, jobs: tuple[int, ...] = (1, 2), repeat: int = 3, docx: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="reportlint-batch-") as tmp:
        folder = Path(tmp)
        build_batch(folder, files, docx)
        reports = folder / "reports"
        figures = {"files": files, "docx": docx, "cpus": os.cpu_count(), "repeat": repeat,
                   "load_before": round(os.getloadavg()[0], 2), "runs": {}}
        for n in jobs:
            seconds, cpu = time_check(reports, n, repeat)
            figures["runs"][n] = {"seconds": round(seconds, 3), "files_per_second": round(files / seconds, 1),
                                  "cpu_seconds": round(cpu, 2)}
        figures["load_after"] = round(os.getloadavg()[0], 2)
        base = figures["runs"].get(1)
        if base:
            for n, run in figures["runs"].items():
                run["speedup"] = round(base["seconds"] / run["seconds"], 2)
        return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docx", action="store_true", help="make half of the reports .docx files")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run_benchmark(args.files, tuple(args.jobs), args.repeat, args.docx)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    kind = "reports (half .docx)" if args.docx else "reports (.txt)"
    print(f"{figures['files']} {kind}, {figures['cpus']} CPUs, best of {figures['repeat']}, "
          f"load average {figures['load_before']} before / {figures['load_after']} after:")
    for n, run in figures["runs"].items():
        print(f"  --jobs {n}: {run['seconds']:.2f} s  {run['files_per_second']:.0f} files/s  "
              f"CPU {run['cpu_seconds']:.1f} s"
              + (f"  speed-up {run['speedup']:.2f}x" if "speedup" in run else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
