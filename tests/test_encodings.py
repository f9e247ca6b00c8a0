"""Encodings (issue 18) and the bounded fuzz target over mutated seed reports.

Never silent mojibake: Big5 text is refused naming Big5, UTF-16 without a byte-order mark is
refused naming UTF-16, UTF-8 with a bad byte is refused naming the byte's place; GB18030/GBK
reports and BOM-marked files still read as before.

The fuzz target runs `reportlint.api.check_text` over mutated seed reports and generated
shapes and asserts: no exception (other than InputError for text that is not a report), no
PRS001 (a rule that crashed), every position inside the text. CI runs a fixed, derandomized
budget (about 20 s); a longer, random run is

    REPORTLINT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_encodings.py -k fuzz -q
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportlint.api import check_bytes, check_text
from reportlint.errors import InputError
from reportlint.input.source import decode_bytes

from util import SEED_NAMES, seed_text

TRADITIONAL = ("部門整體支出績效自評報告\n一、部門基本情況\n（一）部門職能\n"
               "本部門主要職責是負責全縣財政預算的編製和執行，年度預算執行率為百分之九十八點五。\n"
               "二、績效自評工作開展情況\n（一）自評組織\n成立了以局長為組長的績效自評工作領導小組。\n")


# -- encodings ---------------------------------------------------------------------------------
def test_big5_is_refused_naming_big5_not_read_as_gb18030_mojibake():
    with pytest.raises(InputError, match="Big5") as info:
        decode_bytes(TRADITIONAL.encode("big5"), "tw.txt")
    assert "iconv -f BIG5 -t UTF-8" in info.value.message


def test_big5_through_the_api_and_the_docx_free_path():
    with pytest.raises(InputError, match="Big5"):
        check_bytes(TRADITIONAL.encode("big5"), filename="tw.txt")


@pytest.mark.parametrize("key", sorted(SEED_NAMES))
@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb_reports_are_not_taken_for_big5_or_utf8(key, encoding):
    text = seed_text(key)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"seed {key} has characters outside {encoding}")
    assert decode_bytes(data) == text.replace("\r\n", "\n").replace("\r", "\n")


def test_traditional_text_written_in_utf8_or_gb18030_still_reads():
    assert decode_bytes(TRADITIONAL.encode("utf-8")) == TRADITIONAL
    assert decode_bytes(TRADITIONAL.encode("gb18030")) == TRADITIONAL


@pytest.mark.parametrize("codec, named", [("utf-16-le", "UTF-16 (little-endian)"), ("utf-16-be", "UTF-16 (big-endian)")])
def test_utf16_without_bom_is_refused_saying_so(codec, named):
    with pytest.raises(InputError) as info:
        decode_bytes(seed_text("004").encode(codec), "r.txt")
    assert named in info.value.message and "byte-order mark" in info.value.message


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig"])
def test_files_with_a_bom_still_read(codec):
    assert decode_bytes(seed_text("004").encode(codec)) == seed_text("004")


def test_utf8_with_one_bad_byte_names_the_place():
    text = "一、部门基本情况\n本年度预算执行率为98.5%。\n"
    data = text.encode("utf-8")
    at = data.index("预".encode("utf-8"))
    broken = data[:at] + b"\xff" + data[at + 1:]  # one byte of 预 replaced
    with pytest.raises(InputError) as info:
        decode_bytes(broken, "r.txt")
    message = info.value.message
    assert "not valid UTF-8" in message and "line 2, column 4" in message and f"offset {at}" in message
    assert "第2行第4列" in message


def test_utf8_with_a_gb18030_word_pasted_in_is_not_decoded_as_gb18030():
    text = seed_text("004")
    data = text.encode("utf-8").replace("预算".encode("utf-8"), "预算".encode("gb18030"), 1)
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode_bytes(data, "r.txt")


# -- the fuzz target --------------------------------------------------------------------------------
FUZZ_EXAMPLES = int(os.environ.get("REPORTLINT_FUZZ_EXAMPLES", "0") or 0)
SEEDS = [seed_text(key) for key in sorted(SEED_NAMES)]
# Characters that matter to the grammar and the checks, and some that are known to hurt.
PIECES = ["\n", "\t", " ", "一、", "（一）", "1.", "（1）", "①", "万元", "%", "％", "＝", "+", "-", "×", "÷",
          "其中", "合计", "预算执行率", "得分", "分", "年", "月", "日", "2023", "２０２３", "100.00", "0", "9" * 30,
          "\u200f", "\u202e", "\u3000", "\u00a0", "😀", "\ufeff", "\\", "｜", "附件1", "评价年度：", "：", "。"]


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "swap-lines", "figures", "truncate"]))
        n = len(text)
        a = draw(st.integers(0, max(0, n - 1)))
        b = min(n, a + draw(st.integers(0, 400)))
        if kind == "delete":
            text = text[:a] + text[b:]
        elif kind == "duplicate":
            text = text[:b] + text[a:b] * draw(st.integers(1, 4)) + text[b:]
        elif kind == "insert":
            piece = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8)))
            text = text[:a] + piece + text[a:]
        elif kind == "swap-lines":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "figures":  # many figures in one sentence (bounded: the scan must stay linear)
            count = draw(st.integers(1, 300))
            text = text[:a] + "，".join(f"{i}.{i % 100:02d}万元" for i in range(count)) + "。" + text[a:]
        else:
            text = text[:b]
    return text


def _positions_inside(findings, text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for f in findings:
        if f.path != "report.txt":  # run-level findings (a plugin that failed to load) have no place
            continue
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, f
        assert (f.end_line, f.end_column) >= (f.line, f.column), f


@settings(max_examples=FUZZ_EXAMPLES or 600, deadline=None, derandomize=not FUZZ_EXAMPLES, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(mutated())
def test_fuzz_mutated_seeds_never_crash_and_positions_stay_inside(text):
    try:
        findings = check_text(text)
    except InputError:  # empty or binary after mutation: refused with one line, which is fine
        return
    crashed = [f for f in findings if f.rule == "PRS001"]
    assert not crashed, crashed[0].message
    _positions_inside(findings, text)


def test_binary_that_looks_like_utf16_of_latin1_stays_binary():
    with pytest.raises(InputError, match="binary content"):
        decode_bytes(b"\x00\xff" * 500, "b.txt")
