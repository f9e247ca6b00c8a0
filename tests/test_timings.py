"""`reportlint check --timings`: where a check's time goes (reportlint.run.timings).

The stopwatch is tested on a fake clock (exact charges, nesting); the check and the command
line on the seeds: every rule and the parse are timed, the parts add up to the file's check,
the findings do not change, a rule or plugin that raises is still isolated, and a batch sums
its workers' files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportlint.input.source import Source
from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.manager import PluginManager
from reportlint.pluginapi.rules import Rule
from reportlint.run import timings
from reportlint.run.config import make_settings
from reportlint.run.runner import check_source, get_manager
from reportlint.run.timings import Stopwatch, add_up, render
from util import SEED_NAMES, seed_path, seed_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [seed_path(key) for key in sorted(SEED_NAMES)]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(timings, "perf_counter", fake)
    return fake


# -- the stopwatch ---------------------------------------------------------------------------
def test_a_call_is_charged_its_own_time_and_not_that_of_the_calls_measured_inside(clock):
    watch = Stopwatch()

    def inner():
        clock.now += 2.0
        return "inner"

    def outer():
        clock.now += 1.0
        assert watch.call("facts dates", inner) == "inner"
        clock.now += 0.5
        return "outer"

    assert watch.call("rule DAT001", outer) == "outer"
    assert watch.call("rule DAT002", lambda: None) is None
    assert watch.totals == {"rule DAT001": 1.5, "facts dates": 2.0, "rule DAT002": 0.0}
    assert watch.finish(4.0) == {"rule DAT001": 1.5, "facts dates": 2.0, "rule DAT002": 0.0, "other": 0.5}


def test_a_call_that_raises_is_charged_and_the_error_goes_on(clock):
    watch = Stopwatch()

    def boom():
        clock.now += 3.0
        raise ZeroDivisionError("x")

    with pytest.raises(ZeroDivisionError):
        watch.call("rule BAD001", boom)
    watch.call("rule OK0001", lambda: None)
    assert watch.totals == {"rule BAD001": 3.0, "rule OK0001": 0.0}


def test_the_same_label_adds_up_and_files_are_summed():
    totals, timed = add_up([{"parse": 1.0, "rule A": 0.5}, None, {}, {"parse": 2.0, "other": 0.25}])
    assert (totals, timed) == ({"parse": 3.0, "rule A": 0.5, "other": 0.25}, 2)


def test_the_table_ranks_the_costliest_first_and_counts_the_rest():
    text = render({"parse": 0.004, "rule FRM004": 0.002, "rule SEC001": 0.001, "other": 0.003}, files=2, top=2)
    lines = text.splitlines()
    assert lines[0] == "耗时统计：2 个文件，共 10.0 毫秒（每个文件 5.00 毫秒）"
    assert lines[2].split() == ["parse", "4.0", "2.000", "40.0%"]
    assert lines[3].split() == ["other", "3.0", "1.500", "30.0%"]
    assert lines[4] == "  （其余 2 项共 3.0 毫秒，30.0%）"
    assert "没有检查任何文件" in render({}, files=0)


# -- the check ---------------------------------------------------------------------------------
def test_a_check_without_timings_measures_nothing():
    result = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({}), get_manager())
    assert result.timings is None


def test_every_rule_and_the_parse_are_timed_and_the_parts_add_up_to_the_check():
    manager = get_manager()
    source = Source(seed_text("004"), SEED_NAMES["004"])
    plain = check_source(source, make_settings({}), manager)
    timed = check_source(source, make_settings({}), manager, timings=True)
    assert [f.model_dump() for f in timed.findings] == [f.model_dump() for f in plain.findings]
    parts = timed.timings
    assert parts is not None and parts["parse"] > 0
    checking = {code for code, rule in manager.rules().items() if rule.checks_itself() and rule.enabled_by_default}
    assert len(checking) > 40 and "rule SEC011" not in parts  # (SEC011 is off by default: not run, not timed)
    assert {label.split()[1] for label in parts if label.startswith("rule ")} == checking
    assert {"facts dates", "facts breakdowns", "facts formulas", "facts blocks"} <= set(parts)
    assert all(seconds >= 0 for seconds in parts.values())
    assert sum(parts.values()) == pytest.approx(timed.seconds, rel=1e-6, abs=1e-6)


def test_a_rule_disabled_by_the_settings_is_not_timed():
    manager = get_manager()
    result = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({"ignore": ["SCO"]}),
                          manager, timings=True)
    assert not [label for label in result.timings if label.startswith("rule SCO")]
    assert "rule FRM001" in result.timings


class BrokenRule(Rule):
    """Test rule: raises.

    ## What it does
    Nothing.

    ## Why is this bad?
    It raises.

    ## Example
    `1 / 0`
    """

    code = "TST901"
    name = "test-broken"

    def check(self, context):
        yield context.finding(self, "half-done", context.line_span(1))
        raise ZeroDivisionError("division by zero")


class BrokenPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [BrokenRule]

    @hookimpl
    def reportlint_check_document(self, document, context):
        yield context.finding("TST901", "from the hook", context.line_span(2))


def test_a_rule_that_raises_is_still_isolated_and_timed(capsys):
    manager = PluginManager(entry_points=False, extra=[("broken", BrokenPlugin())])
    result = check_source(Source(seed_text("004"), SEED_NAMES["004"]), make_settings({}), manager, timings=True)
    crashes = [f for f in result.findings if f.rule == "PRS001"]
    assert len(crashes) == 1 and "规则 TST901" in crashes[0].message and "ZeroDivisionError" in crashes[0].message
    assert [f.line for f in result.findings if f.rule == "TST901"] == [2]  # the hook's finding
    assert "rule TST901" in result.timings and "plugin broken" in result.timings
    assert "rule FRM001" in result.timings  # the other rules went on


# -- the command line ----------------------------------------------------------------------------
def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return subprocess.run([sys.executable, "-m", "reportlint", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=180)


def _table(stderr: str) -> dict[str, float]:
    """label → total ms of the --timings table on stderr."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("耗时统计："))
    rows = {}
    for line in lines[start + 2:]:
        cells = line.split()
        if len(cells) < 4 or not cells[-1].endswith("%") or line.lstrip().startswith("（"):
            break
        rows[" ".join(cells[:-3])] = float(cells[-3])
    return rows


def test_cli_timings_go_to_stderr_and_leave_the_output_as_it_was(tmp_path):
    paths = [str(p) for p in SEEDS]
    plain = run_cli("check", "--no-cache", "--format", "json", "--jobs", "1", *paths)
    timed = run_cli("check", "--timings", "--format", "json", "--jobs", "1", "--cache-dir", str(tmp_path), *paths)
    assert timed.returncode == plain.returncode == 1
    assert json.loads(timed.stdout) == json.loads(plain.stdout)
    assert f"耗时统计：{len(paths)} 个文件" in timed.stderr and "耗时统计" not in plain.stderr
    rows = _table(timed.stderr)
    assert "parse" in rows and rows["parse"] > 0 and len(rows) == 15
    assert not list(tmp_path.iterdir())  # measured runs check every file: the cache is neither read nor written


def test_cli_timings_of_two_workers_count_every_file():
    done = run_cli("check", "--timings", "-q", "--jobs", "2", *[str(p) for p in SEEDS], str(SEEDS[0]))
    assert done.returncode == 1, done.stderr
    assert f"耗时统计：{len(SEEDS) + 1} 个文件" in done.stderr
    assert "parse" in _table(done.stderr)


def test_cli_timings_with_a_dask_cluster_is_refused_with_one_line():
    done = run_cli("check", "--timings", "--executor", "dask", str(SEEDS[0]))
    assert done.returncode == 2
    assert "--timings" in done.stderr and "Traceback" not in done.stderr
