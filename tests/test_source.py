"""Reading input: encodings, line ends, and every bad-input case (one line, exit 2, batch goes on)."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from reportlint.cli import main
from reportlint.errors import InputError
from reportlint.input.source import Source, decode_bytes, fold
from util import seed_path, seed_text

SAMPLE = "评价年度：２０２１年度\r\n\r\n一、单位基本情况\r\n收入394.4万元。\r\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.encode("utf-16"),  # with BOM
    lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    lambda t: t.encode("gb18030"),
], ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gb18030"])
def test_encodings_decode_to_the_same_text(encode):
    text = decode_bytes(encode(SAMPLE), "x.txt")
    assert text == SAMPLE.replace("\r\n", "\n")


def test_cr_only_line_ends_count_as_lines():
    source = Source(decode_bytes("一、甲\r二、乙\r".encode("utf-8")), "x.txt")
    assert source.lines[:2] == ["一、甲", "二、乙"]


def test_parse_view_folds_one_for_one():
    text = "２０２１年\xa0收入\u3000３,２５７．６５万元"
    view = fold(text)
    assert len(view) == len(text)
    assert view == "2021年 收入 3,257.65万元"


def test_position_and_offset_agree():
    source = Source("ab\ncd\n\nef", "x")
    for offset in range(len(source.text)):
        line, column = source.position(offset)
        assert source.offset(line, column) == offset
    assert source.position(source.text.index("e")) == (4, 1)


@pytest.mark.parametrize("text", ["", "a", "a\n", "\n\n", "ab\ncd\n\nef", "２０\u3000年\n\n收入\n", seed_text("004")])
def test_lines_made_on_demand_agree_with_the_text(text):
    """`line_text`, `line_count` and the offsets come from the line starts; `lines` is split on
    first use: all say what splitting the text at "\n" says."""
    source = Source(text, "x")
    lines = text.split("\n")
    assert source._lines is None  # not split until asked for
    assert [source.line_text(n) for n in range(0, len(lines) + 2)] == ["", *lines, ""]
    assert source.line_count == len(lines)
    assert [source.offset(n, 1) for n in range(1, len(lines) + 1)] == \
        [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]
    assert source.lines == lines


def test_the_view_is_the_text_when_nothing_is_folded():
    plain = Source("一、基本情况\n收入3257.65万元\n", "x")
    assert plain.view is plain.text
    folded = Source("收入３２５７．６５万元\n", "x")
    assert folded.view == "收入3257.65万元\n" and folded.text != folded.view


@pytest.mark.parametrize("data,words", [
    (b"", "empty"),
    (b"  \r\n\n\t", "empty"),
    (codecs.BOM_UTF8, "empty"),
    (b"\x00\x01\x02\x03binary\x00\x00" * 20, "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"PK\x03\x04rest", ".docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "libreoffice"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "utf-16"),  # lone surrogate
])
def test_bad_bytes_give_one_clear_error(data, words):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    assert words in info.value.message
    assert "\n" not in str(info.value)


def test_huge_file_is_refused_without_decoding(monkeypatch):
    import reportlint.input.source as source_module

    monkeypatch.setattr(source_module, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="too large"):
        decode_bytes("一".encode("utf-8") * 200, "big.txt")


def test_cli_bad_inputs_exit_2_and_the_batch_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(seed_text("004"), encoding="gb18030")  # not UTF-8: GB18030 fallback
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\xff" * 500)
    missing = tmp_path / "missing.txt"
    code = main(["check", "--isolated", "--format", "json", "-q", "--jobs", "1", str(empty), str(binary),
                 str(missing), str(good)])
    out, err = capsys.readouterr()
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith(str(tmp_path))]
    assert len(errors) == 3, err
    assert any("empty" in line for line in errors) and any("binary" in line for line in errors)
    assert any("no such file" in line for line in errors)
    assert "Traceback" not in err
    import json

    findings = json.loads(out)
    assert {f["path"] for f in findings} <= {str(good)}
    # the good file was still checked, and checked as the report it is
    from reportlint.run.runner import run

    result = run([str(empty), str(good)])
    assert [r.error is None for r in result.files] == [False, True]
    assert result.files[1].profile == "hunan"


def test_cli_directory_argument_is_walked_not_an_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(seed_text("000"), encoding="utf-8")
    code = main(["check", "--isolated", "--format", "json", "-q", "--jobs", "1", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err


def test_parse_command_on_bad_input_is_one_line(tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "reportlint", "parse", str(empty)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "empty" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_parse_command_shows_outline_with_lines():
    proc = subprocess.run([sys.executable, "-m", "reportlint", "parse", str(seed_path("004"))],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "profile: hunan" in lines[1]
    assert any(line.startswith("L58 ") and "九、 其他需要说明的情况" in line for line in lines)
    assert any(line.startswith("L192") and "附件1-2 部门整体支出绩效自评表" in line and "table L194" in line
               for line in lines)


def test_parse_json_dumps_the_model():
    import json

    proc = subprocess.run([sys.executable, "-m", "reportlint", "parse", "--format", "json",
                           str(seed_path("000"))], capture_output=True, text=True)
    data = json.loads(proc.stdout)
    assert data["sections"][0]["title"] == "单位基本情况" and data["sections"][0]["marker"] is None
    assert data["sections"][1]["children"][0]["span"] == {"line": 47, "column": 1, "end_line": 47,
                                                          "end_column": 50}


def test_version():
    proc = subprocess.run([sys.executable, "-m", "reportlint", "--version"], capture_output=True, text=True)
    from reportlint import __version__

    assert proc.stdout.strip() == f"reportlint {__version__}"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only: /dev/zero does not exist on Windows")
def test_special_and_oversized_files_are_refused_before_reading(tmp_path, capsys):
    import reportlint.input.source as source_module

    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: large on paper, nothing read
        handle.truncate(source_module.MAX_BYTES + 1)
    code = main(["check", "--isolated", "-q", "--jobs", "1", "/dev/zero", str(big)])
    err = capsys.readouterr().err
    assert code == 2
    assert "/dev/zero: not a regular file" in err
    assert f"{big}: file too large" in err


def test_paths_are_reported_as_named(tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text("一、甲\n算式1+1=3。\n", encoding="utf-8")
    main(["check", "--isolated", "-q", "--jobs", "1", "--format", "json", "./r.txt", "./gone.txt"])
    out, err = capsys.readouterr()
    assert {f["path"] for f in json.loads(out)} == {"./r.txt"}
    assert "./gone.txt: no such file" in err


def test_invalid_jobs_and_timeout_are_usage_errors(capsys):
    for argv in (["--jobs", "0"], ["--jobs", "-1"], ["--timeout", "-1"]):
        with pytest.raises(SystemExit) as info:
            main(["check", *argv, "x.txt"])
        assert info.value.code == 2


def test_api_check_text_refuses_empty_and_binary_text():
    from reportlint.api import check_text

    for text in ("", "  \n", "\x00abc"):
        with pytest.raises(InputError):
            check_text(text)


def test_line_head_is_the_stripped_line_cut_without_copying_the_line():
    """A finding's snippet: the same text as line_text(line).rstrip()[:limit], for every limit."""
    text = "一、标题  \n" + "甲乙 丙丁\u3000" * 50 + " \u3000\t\n\n  短行 \n末行"
    source = Source(text, "report.txt")
    for line in range(0, 7):
        for limit in (0, 1, 3, 5, 40, 299, 300, 301, 10_000):
            assert source.line_head(line, limit) == source.line_text(line).rstrip()[:limit], (line, limit)
        assert source.line_length(line) == len(source.line_text(line)), line
