"""Processes (issue 18): the workers of a `--jobs` batch die with their parent, whether it is
terminated (SIGTERM) or killed (SIGKILL), even while a plugin keeps them busy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from util import seed_text

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; POSIX signals")

ROOT = Path(__file__).resolve().parents[1]

HANGING_PLUGIN = '''
import os, re, time
from reportlint.pluginapi.hookspecs import hookimpl

@hookimpl
def reportlint_check_document(document, context):
    with open(os.path.join(os.environ["HANG_MARKERS"], str(os.getpid())), "w"):
        pass
    if os.environ.get("HANG_IN_C"):
        re.match(r"(a|aa)+$", "a" * 64 + "b")  # exponential, in C, holding the GIL
    while True:
        pass
'''


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    info = site / "hang_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hang-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[reportlint]\nhang = hang_plugin\n")
    (site / "hang_plugin.py").write_text(HANGING_PLUGIN)
    return site


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("name, in_c", [("SIGTERM", False), ("SIGKILL", False), ("SIGKILL", True)])
def test_workers_die_with_their_parent(tmp_path, name, in_c):
    how = getattr(signal, name)  # by name: Windows has no SIGKILL, and this module must import there
    site = _site(tmp_path)
    markers = tmp_path / "markers"
    markers.mkdir()
    reports = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(seed_text("004"), encoding="utf-8")
        reports.append(str(tmp_path / name))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(PYTHONPATH=str(site), HANG_MARKERS=str(markers))
    if in_c:
        env["HANG_IN_C"] = "1"
    parent = subprocess.Popen([sys.executable, "-m", "reportlint", "check", "--isolated", "-q", "--jobs", "2",
                               "--timeout", "0", "-f", "json", *reports], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(list(markers.iterdir())) < 2 and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.05)
        workers = [int(p.name) for p in markers.iterdir()]
        assert len(workers) == 2, parent.stderr.read() if parent.poll() is not None else "workers did not start"
        assert set(workers) <= set(_children(parent.pid))
        parent.send_signal(how)
        code = parent.wait(timeout=20)
        assert code == (128 + signal.SIGTERM if how == signal.SIGTERM else -signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
