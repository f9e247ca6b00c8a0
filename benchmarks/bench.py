"""Speed of reportlint, measured in-process on the seed reports.

    .venv/bin/python benchmarks/bench.py [--runs 50] [--json benchmarks/results/latest.json]

1. Parse time per seed report (bytes already read → pydantic Document), median of many
   runs, next to markdown-it-py parsing the same text in the same run (the reference:
   parsing must stay within 2x of it).
2. One report repeated 300 times, parsed as one document: the cost must grow linearly
   (under 400x one copy).
3. The whole pipeline per seed (decode, parse, every built-in check, JSON out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


def median_time(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)

    from markdown_it import MarkdownIt

    from reportlint.config import Settings
    from reportlint.formatters.json import JsonFormatter
    from reportlint.runner import RunResult, check_source, get_manager, parse_with
    from reportlint.source import Source

    manager = get_manager()
    manager.rules()
    profiles = manager.profiles()
    md = MarkdownIt()
    settings = Settings()
    figures: dict = {"seeds": [], "python": sys.version.split()[0]}

    print(f"{'report':<28}{'chars':>7}{'parse ms':>10}{'md-it ms':>10}{'ratio':>7}{'pipeline ms':>13}{'findings':>9}")
    for path in SEEDS:
        data = path.read_bytes()
        text = data.decode("utf-8")

        def parse_once():
            return parse_with(Source.from_bytes(data, path.name), manager)

        parse_ms = median_time(parse_once, args.runs) * 1e3
        md_ms = median_time(lambda: md.parse(text), args.runs) * 1e3

        def pipeline_once():
            result = check_source(Source.from_bytes(data, path.name), settings, manager)
            return JsonFormatter(manager.rules()).format(RunResult(files=[result]))

        pipe_ms = median_time(pipeline_once, max(10, args.runs // 2)) * 1e3
        count = len(check_source(Source.from_bytes(data, path.name), settings, manager).findings)
        ratio = parse_ms / md_ms
        print(f"{path.name:<28}{len(text):>7}{parse_ms:>10.2f}{md_ms:>10.2f}{ratio:>7.2f}{pipe_ms:>13.2f}{count:>9}")
        figures["seeds"].append({"report": path.name, "chars": len(text), "parse_ms": round(parse_ms, 3),
                                 "markdown_it_ms": round(md_ms, 3), "ratio": round(ratio, 3),
                                 "pipeline_ms": round(pipe_ms, 3), "findings": count})

    biggest = max(SEEDS, key=lambda p: p.stat().st_size)
    one = biggest.read_text(encoding="utf-8")
    many = "\n".join([one] * 300)
    one_ms = median_time(lambda: parse_with(Source(one, "one"), manager), args.runs) * 1e3
    start = time.perf_counter()
    parse_with(Source(many, "many"), manager)
    many_ms = (time.perf_counter() - start) * 1e3
    print(f"\nlinearity: {biggest.name} once {one_ms:.2f} ms; 300 copies in one document {many_ms:.1f} ms "
          f"= {many_ms / one_ms:.0f}x one copy (must be < 400x)")
    figures["linearity"] = {"report": biggest.name, "one_ms": round(one_ms, 3), "copies": 300,
                            "many_ms": round(many_ms, 1), "factor": round(many_ms / one_ms, 1)}
    worst = max(s["ratio"] for s in figures["seeds"])
    print(f"worst parse / markdown-it ratio: {worst:.2f} (must be <= 2.0)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
