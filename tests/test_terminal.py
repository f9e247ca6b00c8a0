"""The text format on a terminal: windows that fit 80, 120 and 160 columns with the caret under
the right characters (CJK double width, zero-width characters), inert control characters,
`--color` and `NO_COLOR`, and the Windows console switch."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from reportlint import cli
from reportlint.formatters import terminal
from reportlint.formatters.terminal import display_width, inert, use_color, window
from reportlint.formatters.text import GUTTER, TextFormatter
from reportlint.pluginapi.findings import Finding
from reportlint.run.runner import FileResult, RunResult, get_manager
from util import check_seed, seed_path

WIDTHS = (80, 120, 160)


def _finding(line: str, needle: str, **extra) -> Finding:
    column = line.index(needle) + 1
    values = dict(path="r.txt", rule="FRM001", name="x", severity="error", message="算式结果不符", line=7,
                  column=column, end_line=7, end_column=column + len(needle), snippet=line)
    values.update(extra)
    return Finding(**values)


def _under_caret(excerpt: str, caret: str) -> str:
    """The characters of `excerpt` whose columns the carets cover (each must be covered whole)."""
    start, end = caret.index("^"), len(caret.rstrip())
    assert set(caret[start:end]) == {"^"}
    out, column = [], 0
    for ch in excerpt:
        width = display_width(ch)
        if width and start <= column and column + width <= end:
            out.append(ch)
        elif width and column < end and column + width > start:
            raise AssertionError(f"a caret cuts {ch!r} at column {column}")
        elif not width and start <= column < end:
            out.append(ch)  # a zero-width character inside the span belongs to it
        column += width
    return "".join(out)


def _lines(formatter: TextFormatter, finding: Finding) -> tuple[str, str]:
    text = formatter.format(RunResult(files=[FileResult(path=finding.path, findings=[finding])]))
    rows = [row for row in text.split("\n") if row.startswith(GUTTER)]
    assert len(rows) == 2, text
    return rows[0][len(GUTTER):], rows[1][len(GUTTER):]


LONG = ("根据《湛江市财政局关于开展2020年度市级预算绩效自评工作的通知》要求，我单位认真组织开展了部门整体支出"
        "绩效自评工作\u200b，现将有关情况报告如下：2020年全年预算数为3257.65万元，实际支出3132.88万元，"
        "预算执行率为96.17%，较上年提高2.3个百分点，\u200d差异率算式(3257.65-3132.88)/3132.88*100%=3.89%，"
        "各项指标基本完成，群众满意度达到95%以上。e\u0301 另有１２３４５全角数字和ABC英文。") * 2


@pytest.mark.parametrize("columns", WIDTHS)
def test_window_fits_the_width_and_the_caret_stands_under_the_finding(columns):
    needle = "3.89%"
    finding = _finding(LONG, needle)
    formatter = TextFormatter(get_manager().rules())
    formatter.width = columns
    excerpt, caret = _lines(formatter, finding)
    assert display_width(GUTTER + excerpt) <= columns - 1, (columns, display_width(GUTTER + excerpt))
    assert display_width(GUTTER + caret) <= columns - 1
    assert _under_caret(excerpt, caret) == needle
    assert excerpt.startswith("…") and excerpt.endswith("…")
    # context on both sides grows with the width
    assert display_width(excerpt) > columns - 30


@pytest.mark.parametrize("columns", WIDTHS)
def test_caret_under_cjk_text_after_zero_width_and_combining_characters(columns):
    needle = "群众满意度达到95%以上"
    finding = _finding(LONG, needle)
    formatter = TextFormatter(get_manager().rules())
    formatter.width = columns
    excerpt, caret = _lines(formatter, finding)
    assert display_width(GUTTER + excerpt) <= columns - 1
    assert _under_caret(excerpt, caret) == needle
    assert caret.count("^") == display_width(needle) == 2 * 9 + 3


@pytest.mark.parametrize("columns", WIDTHS)
def test_seed_report_line_at_three_widths(columns):
    finding = next(f for f in check_seed("001") if f.rule == "SEC006" and f.line == 95)
    formatter = TextFormatter(get_manager().rules())
    excerpt, caret = formatter._excerpt(finding, columns)
    assert display_width(GUTTER + excerpt) <= columns - 1
    assert _under_caret(excerpt, caret) == "四是"


def test_zero_width_characters_take_no_column():
    assert display_width("a\u200bb") == 2 and display_width("\u200d") == 0
    assert display_width("e\u0301") == 1 and display_width("中文") == 4 and display_width("１２") == 4
    excerpt, caret = window("\u200b\u200b中文abc", 2, 4, 80)
    assert caret == "^^^^" and excerpt == "\u200b\u200b中文abc"


def test_a_finding_wider_than_the_screen_shows_its_start():
    line = "前" * 20 + "错" * 100 + "后" * 20
    excerpt, caret = window(line, 20, 120, 60)
    assert display_width(excerpt) <= 60 and excerpt.startswith("…错")
    assert caret.startswith(" ^") and set(caret.strip()) == {"^"}


def test_a_point_gets_one_caret():
    excerpt, caret = window("合计100万元", 2, 2, 80)
    assert excerpt == "合计100万元" and caret == "    ^"


# -- nothing a report says reaches the terminal as a command ----------------------------------
EVIL = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"


def test_escape_sequences_in_names_messages_and_quotes_are_shown_inert():
    line = f"一、单位基本情况 {EVIL} 合计10+20=40"
    finding = _finding(line, "10+20=40", path=f"报告{EVIL}.txt", message=f"算式“{EVIL}”不符",
                       suggestion=f"改为{EVIL}", location=f"第1段{EVIL}")
    finding.evidence.stated = EVIL
    for color in (False, True):
        formatter = TextFormatter(get_manager().rules(), color=color)
        text = formatter.format(RunResult(files=[FileResult(path=finding.path, findings=[finding])]))
        raw = text.replace("\x1b[0m", "").replace("\x1b[1m", "").replace("\x1b[2m", "").replace("\x1b[31m", "")
        assert "\x1b" not in raw and "\x07" not in raw and "\x9b" not in raw and "\u202e" not in raw
        assert "\\x1b]0;owned\\x07" in text and "\\u202e" in text
    excerpt, caret = TextFormatter(get_manager().rules())._excerpt(finding, 120)
    assert _under_caret(excerpt, caret) == "10+20=40"
    assert inert("\t") == " " and inert("a\nb") == "a\\nb" and inert("正常文字") == "正常文字"


def test_concise_format_is_inert_and_one_line_per_finding(capsys):
    from reportlint.formatters.concise import ConciseFormatter

    finding = _finding("x 10+20=40", "10+20=40", path=f"a{EVIL}.txt", message=f"m\n{EVIL}")
    text = ConciseFormatter(get_manager().rules()).format(RunResult(files=[FileResult(path="a", findings=[finding])]))
    assert text.count("\n") == 1 and "\x1b" not in text
    assert text.startswith("a\\x1b]0;owned\\x07") and ":7:3: FRM001 m\\n" in text


# -- colours -----------------------------------------------------------------------------------
class _Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("mode, env, tty, expected", [
    ("never", {}, True, False),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),  # no-color.org: set *and non-empty*
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
])
def test_color_decision(mode, env, tty, expected):
    stream = _Tty() if tty else io.StringIO()
    assert use_color(mode, stream, environ=env) is expected


def test_never_colours_a_file(monkeypatch):
    assert use_color("auto", _Tty(), to_file=True, environ={}) is False


def _run(*args, env=None):
    import os

    environ = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))  # Windows pipes: not the code page
    environ.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", *args,
                           str(seed_path("001"))], capture_output=True, text=True, timeout=120, env=environ,
                          encoding="utf-8")


def test_cli_color_always_never_and_no_color():
    always = _run("--color", "always", env={"NO_COLOR": "1"})
    assert "\x1b[31m" in always.stdout
    assert "\x1b[" not in _run("--color", "never").stdout
    assert "\x1b[" not in _run(env={"NO_COLOR": "1"}).stdout  # piped and NO_COLOR: plain


def test_columns_sets_the_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert terminal.terminal_width(io.StringIO()) == 100
    monkeypatch.setenv("COLUMNS", "junk")
    assert terminal.terminal_width(io.StringIO()) == 80  # not a terminal: the default


# -- Windows consoles --------------------------------------------------------------------------
def test_windows_console_is_switched_to_ansi_only_when_needed(monkeypatch):
    calls = []
    monkeypatch.setattr(terminal.sys, "platform", "win32")
    monkeypatch.setattr(terminal, "_windows_vt", lambda stream: calls.append(stream) or True)
    pipe = io.StringIO()
    assert terminal.enable_ansi(pipe) is False and calls == []  # not a console: nothing to switch
    tty = _Tty()
    assert use_color("auto", tty, environ={}) is True and calls == [tty]
    assert use_color("auto", tty, environ={"NO_COLOR": "1"}) is False and calls == [tty]  # not even tried
    monkeypatch.setattr(terminal, "_windows_vt", lambda stream: False)  # an old console: no colours
    assert use_color("auto", _Tty(), environ={}) is False


def test_non_windows_needs_no_switch():
    if sys.platform == "win32":
        pytest.skip("checks the POSIX path")
    assert terminal.enable_ansi(io.StringIO()) is True


def test_cli_unreadable_name_is_inert(tmp_path, capsys):
    bad = tmp_path / "x\x1b]0;t\x07.txt"
    try:
        bad.write_bytes(b"\x00\x01\x02")
    except (OSError, ValueError):
        pytest.skip("the file system refuses control characters in names (Windows)")
    code = cli.main(["check", "--isolated", "-q", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "\x1b" not in err and "\\x1b]0;t\\x07" in err
