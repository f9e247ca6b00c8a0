"""A bounded load test of `reportlint serve` on loopback: 200 requests, 16 at a time, seeds mixed
with hostile files. No request may fail, none may get a 5xx, every seed gets the CLI's
findings and every hostile file its 422; the memory of the server's process tree
(server, forkserver, checking processes) must come back near its level before the run.

Prints p50/p95 latency per report next to the CLI's time per report (a `reportlint check`
process per report, and a `--jobs 2` batch divided by its reports), e.g.:

    serve: 200 requests, 16 concurrent, 2 workers: p50 … ms, p95 … ms, … req/s
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")

from test_docx_hostile import hostile_files  # noqa: E402
from test_serve import SEED_FILES, SEEDS, cli_json, start_server, stop_server  # noqa: E402

REQUESTS, CONCURRENCY, WARM_UP = 200, 16, 48


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (from /proc), in KB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError):
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to measure memory")
def test_load_on_loopback(tmp_path):
    started = time.monotonic()
    (tmp_path / "hostile").mkdir()
    hostile = hostile_files(tmp_path / "hostile")
    bad = [hostile[name][0] for name in ("not_a_zip", "zip_bomb", "billion_laughs", "encrypted", "legacy_doc")]
    cases = [(p.name, p.read_bytes(), 200) for p in SEED_FILES] * 3 + [(p.name, p.read_bytes(), 422) for p in bad]
    expected = {p.name: cli_json(SEEDS, p.name) for p in SEED_FILES}

    live = start_server(tmp_path, "--workers", "2", "--timeout", "30", "--log-level", "warning")
    failures: list[str] = []
    latencies: list[float] = []
    seed_latencies: list[float] = []
    lock = threading.Lock()

    def one(index: int, client) -> None:
        name, data, status = cases[index % len(cases)]
        began = time.perf_counter()
        try:
            response = client.post("/api/v1/check", params={"filename": name}, content=data)
        except httpx.HTTPError as exc:
            with lock:
                failures.append(f"{name}: {type(exc).__name__}: {exc}")
            return
        took = time.perf_counter() - began
        problem = None
        if response.status_code != status:
            problem = f"{name}: HTTP {response.status_code} {response.text[:200]}"
        elif status == 200 and response.json()["findings"] != expected[name]:
            problem = f"{name}: findings differ from the CLI's"
        elif status == 422 and not response.json()["files"][0]["error"]:
            problem = f"{name}: 422 without a reason"
        with lock:
            latencies.append(took)
            if status == 200:
                seed_latencies.append(took)
            if problem:
                failures.append(problem)

    def run(count: int) -> float:
        began = time.perf_counter()
        local = threading.local()
        clients = []

        def task(index):
            if not hasattr(local, "client"):
                local.client = live.client(limits=httpx.Limits(max_connections=1))
                with lock:
                    clients.append(local.client)
            one(index, local.client)

        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(task, range(count)))
        for client in clients:
            client.close()
        return time.perf_counter() - began

    try:
        run(WARM_UP)
        assert not failures, failures[:5]
        latencies.clear()
        seed_latencies.clear()
        time.sleep(0.5)
        before = tree_rss_kb(live.process.pid)
        wall = run(REQUESTS)
        time.sleep(1.0)
        after = tree_rss_kb(live.process.pid)
        with live.client() as client:
            assert client.get("/healthz").json()["workers"] == 2
            alone = []  # one request at a time: the latency of a report with no queue in front of it
            for seed in SEED_FILES * 5:
                began = time.perf_counter()
                assert client.post("/api/v1/check", params={"filename": seed.name},
                                   content=seed.read_bytes()).status_code == 200
                alone.append(time.perf_counter() - began)
    finally:
        stop_server(live)
    log = live.log.read_text(errors="replace")
    assert "Traceback" not in log and " 500 " not in log, log[-2000:]
    assert not failures, failures[:5]
    assert len(latencies) == REQUESTS

    # the CLI's time per report: one process per report, and a --jobs 2 batch of the same mix of seeds
    per_process = []
    for seed in SEED_FILES:
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", "-q", "--format", "json",
                        "-o", os.devnull, seed.name], cwd=SEEDS, timeout=120)
        per_process.append(time.perf_counter() - began)
    batch = tmp_path / "batch"
    batch.mkdir()
    for copy in range(10):
        for seed in SEED_FILES:
            shutil.copy(seed, batch / f"{copy:02d}_{seed.name}")
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", "-q", "--format", "json",
                    "-o", os.devnull, "--jobs", "2", str(batch)], timeout=300)
    batch_per_report = (time.perf_counter() - began) / 40

    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    s50, s95 = percentile(seed_latencies, 50), percentile(seed_latencies, 95)
    print(f"\nserve: {REQUESTS} requests, {CONCURRENCY} concurrent, 2 workers, {os.cpu_count()} cores "
          f"(load {os.getloadavg()[0]:.1f}): {REQUESTS / wall:.0f} req/s, wall {wall:.1f} s")
    print(f"serve latency per report, all: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
          f"seeds only: p50 {s50 * 1000:.0f} ms, p95 {s95 * 1000:.0f} ms")
    print(f"serve latency one request at a time (seeds): p50 {percentile(alone, 50) * 1000:.0f} ms, "
          f"p95 {percentile(alone, 95) * 1000:.0f} ms")
    print(f"serve throughput cost per report: {wall / REQUESTS * 1000:.1f} ms (wall / requests)")
    print(f"CLI per report: one `reportlint check` process {statistics.median(per_process) * 1000:.0f} ms "
          f"(median of 4 seeds); --jobs 2 batch of 40: {batch_per_report * 1000:.1f} ms")
    print(f"memory of the server's process tree: {before / 1024:.0f} MB before, {after / 1024:.0f} MB after")
    assert after <= before * 1.15 + 20 * 1024, (before, after)
    assert time.monotonic() - started < 120
