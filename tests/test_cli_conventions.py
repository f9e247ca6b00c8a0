"""Command-line conventions users bring from ruff and friends: --exit-zero, --format concise,
--statistics, stdin (`-` with --stdin-filename), --quiet, and --help a Chinese reader can use."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from reportlint import cli
from util import seed_path

SEED = str(seed_path("001"))


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["check", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_zero_reports_findings_but_exits_0(capsys):
    code, out, _ = run(capsys, "--format", "json", SEED)
    assert code == 1 and json.loads(out)
    code, out2, _ = run(capsys, "--format", "json", "--exit-zero", SEED)
    assert code == 0 and out2 == out


def test_exit_zero_keeps_2_for_an_unreadable_file(capsys, tmp_path):
    missing = tmp_path / "missing.txt"
    code, _, err = run(capsys, "--exit-zero", "-q", SEED, str(missing))
    assert code == 2 and "missing.txt" in err


def test_concise_is_one_line_per_finding(capsys):
    code, out, _ = run(capsys, "--format", "json", SEED)
    findings = json.loads(out)
    code, out, _ = run(capsys, "--format", "concise", SEED)
    lines = out.splitlines()
    assert code == 1 and len(lines) == len(findings)
    for line, finding in zip(lines, findings):
        assert line == f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['rule']} {finding['message']}"
        assert re.match(r"^.+:\d+:\d+: [A-Z]+\d{3} ", line)


def test_concise_is_a_registered_format(capsys):
    assert cli.main(["formats"]) == 0
    assert re.search(r"^concise\s", capsys.readouterr().out, re.M)


def test_statistics_counts_per_rule(capsys):
    _, out, _ = run(capsys, "--format", "json", SEED)
    expected: dict[str, int] = {}
    for finding in json.loads(out):
        expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
    code, out, _ = run(capsys, "--statistics", SEED)
    assert code == 1
    rows = out.splitlines()
    counted = {m.group(2): int(m.group(1)) for m in (re.match(r"\s*(\d+)\s+([A-Z]+\d{3})\s", r) for r in rows) if m}
    assert counted == expected
    assert rows[-1] == f"共 {sum(expected.values())} 个问题，涉及 {len(expected)} 条规则"
    counts = [int(r.split()[0]) for r in rows[:-1]]
    assert counts == sorted(counts, reverse=True)
    code, out, _ = run(capsys, "--statistics", "--format", "json", SEED)
    data = json.loads(out)
    assert {row["code"]: row["count"] for row in data} == expected
    assert {"code", "name", "severity", "count", "title"} <= set(data[0])


def _stdin(*args, text: bytes, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # Windows pipes: UTF-8, not the console's code page
    return subprocess.run([sys.executable, "-m", "reportlint", "check", *args], input=text, capture_output=True,
                          timeout=120, cwd=cwd, env=env)


def test_stdin_with_a_file_name_gives_the_same_findings(capsys, tmp_path):
    _, out, _ = run(capsys, "--format", "json", SEED)
    expected = [dict(f, path="unit/自评报告.txt") for f in json.loads(out)]
    done = _stdin("--isolated", "--format", "json", "-", "--stdin-filename", "unit/自评报告.txt",
                  text=seed_path("001").read_bytes())
    assert done.returncode == 1, done.stderr.decode()
    assert json.loads(done.stdout.decode("utf-8")) == expected


def test_stdin_without_a_name_is_dash_and_the_configuration_follows_the_name(tmp_path):
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "reportlint.toml").write_text('fail-on = "error"\nselect = ["DAT"]\n', encoding="utf-8")
    data = seed_path("001").read_bytes()
    named = _stdin("--format", "json", "-", "--stdin-filename", "unit/r.txt", text=data, cwd=tmp_path)
    findings = json.loads(named.stdout.decode("utf-8"))
    assert findings and {f["rule"][:3] for f in findings} == {"DAT"}  # unit/reportlint.toml applied
    assert named.returncode == (1 if any(f["severity"] == "error" for f in findings) else 0)
    bare = _stdin("--isolated", "--format", "concise", "-", text=data, cwd=tmp_path)
    assert bare.stdout.decode("utf-8").startswith("-:")


def test_stdin_reader_follows_the_suffix():
    done = _stdin("--isolated", "-", "--stdin-filename", "r.docx", text=b"not a zip")
    assert done.returncode == 2 and "r.docx" in done.stderr.decode("utf-8")


def test_stdin_cannot_be_mixed_with_paths(capsys):
    code, _, err = run(capsys, "-", SEED)
    assert code == 2 and "标准输入" in err


def test_quiet_prints_only_the_findings(capsys):
    code, loud, loud_err = run(capsys, SEED, SEED)
    code, quiet, quiet_err = run(capsys, "-q", SEED, SEED)
    assert "检查 2 个文件" in loud and "汇总" in loud_err
    assert "检查 2 个文件" not in quiet and quiet_err == ""
    assert quiet.strip() and quiet in loud


def test_quiet_statistics_and_summary(capsys):
    code, out, err = run(capsys, "--statistics", SEED, SEED)
    assert "汇总" not in err  # statistics is the summary


HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"]])
def test_help_is_readable_by_a_chinese_user(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 0
    text = capsys.readouterr().out
    assert "用法" in text and "选项" in text
    if argv[0] == "check":
        parser = cli.build_parser()
        check = next(a for a in parser._subparsers._actions if a.dest == "command").choices["check"]
        for action in check._actions:
            assert action.help and HAN.search(action.help), action.option_strings
        for word in ("退出码", "标准输入", "排除", "颜色", "不通过"):
            assert word in text, word


def test_every_command_has_a_chinese_one_line_help():
    parser = cli.build_parser()
    commands = next(a for a in parser._subparsers._actions if a.dest == "command")
    for choice in commands._choices_actions:
        assert HAN.search(choice.help), choice.dest


def _command_parser(parser, command):
    return next(a for a in parser._subparsers._actions if a.dest == "command").choices[command]


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_a_command_built_alone_parses_and_helps_as_among_all(command):
    """`main` builds only the command asked for (cli.build_parser(only=...)): its options, help
    and defaults are those it has in the whole parser."""
    alone, whole = cli.build_parser(only=command), cli.build_parser()
    assert _command_parser(alone, command).format_help() == _command_parser(whole, command).format_help()
    choices = next(a for a in alone._subparsers._actions if a.dest == "command").choices
    assert list(choices) == [command]
    argv = {"check": ["check", "a.txt"], "parse": ["parse", "a.txt"], "facts": ["facts", "a.txt"],
            "rule": ["rule", "DAT001"]}.get(command, [command])
    assert vars(alone.parse_args(argv)) == vars(whole.parse_args(argv))


def test_an_unknown_command_is_refused_naming_every_command(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["chek", "a.txt"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'chek'" in error and all(repr(name) in error for name in cli.COMMANDS)
