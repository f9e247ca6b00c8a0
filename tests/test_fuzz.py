"""Bounded fuzz targets: hostile and broken inputs give findings or one error line, in time.

Three targets, each asserting that `reportlint.api.check_report` (and the .docx reader under
it) never raises, never reports an internal error, never lets a rule crash (PRS001), and
finishes each example within `PER_EXAMPLE_SECONDS`:

* .docx files built from the seed reports (`tests/docx_builder.py`), and the .xlsx of seed
  004's attachments (`tests/published.py`), then broken: bytes flipped or zeroed in the
  archive, truncated, members swapped, dropped or duplicated, bytes flipped inside a
  member's XML (re-zipped, so the XML parser sees them);
* generated Word numbering and styles: levels with any start value, format and lvlText,
  overrides, restarts, w:basedOn graphs with chains and cycles, paragraphs using them;
* generated reports of the shapes that turn a linear scan quadratic: tens of thousands of
  figures in one sentence, very long lines, deep numbering, large tables, long formulas.

CI runs a fixed, derandomized budget (about 30 s for the file); a longer, random run is

    REPORTLINT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

(the same variable drives the text fuzz target of tests/test_encodings.py).
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docx_builder import build_docx
from published import seed_xlsx
from reportlint.api import check_report
from reportlint.errors import InputError
from reportlint.input.readers.docx import read_docx_report
from test_hostile_docx_expansion import W_NS, build, numbering, paragraph
from util import SEED_NAMES, seed_text

FUZZ_EXAMPLES = int(os.environ.get("REPORTLINT_FUZZ_EXAMPLES", "0") or 0)
PER_EXAMPLE_SECONDS = 20.0  # generous: the machine is shared; a bounded input takes well under 2 s
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
          HealthCheck.filter_too_much]


def fuzz_settings(ci_examples: int):
    return settings(max_examples=FUZZ_EXAMPLES or ci_examples, deadline=None, derandomize=not FUZZ_EXAMPLES,
                    database=None, suppress_health_check=HEALTH)


def assert_handled(data: bytes, name: str) -> None:
    """check_report gives findings or one error line, no crash, within the budget."""
    started = time.perf_counter()
    result = check_report(data, name, time_limit=PER_EXAMPLE_SECONDS)
    elapsed = time.perf_counter() - started
    assert not result.timed_out and elapsed < PER_EXAMPLE_SECONDS, f"{elapsed:.1f} s"
    if result.error is not None:
        assert "\n" not in result.error and result.error.strip()
        assert not result.error.startswith("internal error"), result.error
    crashed = [f for f in result.findings if f["rule"] == "PRS001"]
    assert not crashed, crashed[0]["message"]


# -- .docx built from the seeds, then broken --------------------------------------------
@functools.lru_cache(maxsize=None)
def seed_docx(key: str) -> bytes:
    folder = Path(tempfile.mkdtemp(prefix="reportlint-fuzz-"))
    out = folder / f"{key}.docx"
    build_docx(seed_text(key), out)
    return out.read_bytes()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@functools.lru_cache(maxsize=None)
def attachments_xlsx() -> bytes:
    return seed_xlsx(seed_text("004"))


@st.composite
def broken_docx(draw, xlsx: bool = False) -> bytes:
    data = attachments_xlsx() if xlsx else seed_docx(draw(st.sampled_from(sorted(SEED_NAMES))))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "zero", "truncate", "swap", "drop", "duplicate", "xml-flip", "xml-cut"]))
        if kind in ("flip", "zero", "truncate"):
            if not data:
                break
            at = draw(st.integers(0, len(data) - 1))
            if kind == "truncate":
                data = data[:at]
            else:
                length = draw(st.integers(1, 64))
                raw = bytearray(data)
                for index in range(at, min(len(raw), at + length)):
                    raw[index] = 0 if kind == "zero" else raw[index] ^ draw(st.integers(1, 255))
                data = bytes(raw)
            continue
        try:
            members = _members(data)
        except Exception:  # noqa: BLE001 - already broken beyond re-zipping: keep it broken
            continue
        names = sorted(members)
        if not names:
            continue
        first, second = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        if kind == "swap":
            members[first], members[second] = members[second], members[first]
        elif kind == "drop":
            del members[first]
        elif kind == "duplicate":
            members[first] = members[second] * draw(st.integers(1, 3))
        else:
            content = bytearray(members[first])
            if content:
                at = draw(st.integers(0, len(content) - 1))
                if kind == "xml-cut":
                    del content[at:at + draw(st.integers(1, 2000))]
                else:
                    for index in range(at, min(len(content), at + draw(st.integers(1, 16)))):
                        content[index] = draw(st.sampled_from(b"<>/=\"'&;!?x0 \x00\xff"))
            members[first] = bytes(content)
        data = _zip(members)
    return data


@fuzz_settings(60)
@given(broken_docx())
def test_fuzz_broken_docx_files_are_findings_or_one_line(data):
    assert_handled(data, "broken.docx")


@fuzz_settings(30)
@given(broken_docx(xlsx=True))
def test_fuzz_broken_xlsx_files_are_findings_or_one_line(data):
    assert_handled(data, "broken.xlsx")


def test_the_seed_docx_files_read_before_they_are_broken():
    for key in sorted(SEED_NAMES):
        assert read_docx_report(seed_docx(key), f"{key}.docx").text.strip()


# -- generated numbering and styles ------------------------------------------------------
FORMATS = ["decimal", "chineseCounting", "upperLetter", "lowerRoman", "decimalEnclosedCircle", "bullet",
           "ideographZodiac", "chineseLegalSimplified", "decimalZero", "none", "nonsense"]
VALUES = st.one_of(st.integers(-5, 40), st.sampled_from(["1000000000", "2147483647", "-2147483648", "9" * 40,
                                                          "", "x", "1e9", "0x10", "٣"]))
LEVEL_TEXTS = st.lists(st.sampled_from(["%1", "%2", "%5", "%9", "%0", "%", "、", ".", "（", "）", "第", "章", "%%"]),
                       max_size=12).map("".join)


@st.composite
def numbered_document(draw) -> bytes:
    levels = []
    for ilvl in draw(st.lists(st.one_of(st.integers(0, 8), st.sampled_from([-1, 9, 10 ** 6])), max_size=10)):
        restart = draw(st.one_of(st.none(), st.integers(0, 10)))
        levels.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{draw(VALUES)}"/>'
                      f'<w:numFmt w:val="{draw(st.sampled_from(FORMATS))}"/>'
                      f'<w:lvlText w:val="{draw(LEVEL_TEXTS)}"/>'
                      + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
                      + (f'<w:isLgl/>' if draw(st.booleans()) else "") + "</w:lvl>")
    nums = []
    for num_id in range(1, draw(st.integers(1, 6)) + 1):
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{draw(st.integers(-1, 12))}"><w:startOverride w:val="{draw(VALUES)}"/>'
            + (f'<w:lvl w:ilvl="0"><w:start w:val="{draw(VALUES)}"/></w:lvl>' if draw(st.booleans()) else "")
            + "</w:lvlOverride>" for _ in range(draw(st.integers(0, 3))))
        nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{draw(st.sampled_from(["0", "1"]))}"/>'
                    f"{overrides}</w:num>")
    style_ids = [f"s{i}" for i in range(draw(st.integers(0, 12)))]
    styles = []
    for style_id in style_ids:
        based = draw(st.one_of(st.none(), st.sampled_from(style_ids + ["missing"])))
        num = draw(st.one_of(st.none(), st.integers(0, 7)))
        styles.append(f'<w:style w:type="paragraph" w:styleId="{style_id}">'
                      + (f'<w:basedOn w:val="{based}"/>' if based else "")
                      + (f'<w:pPr><w:numPr><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num is not None else "")
                      + "</w:style>")
    body = [paragraph("一、部门基本情况")]
    for index in range(draw(st.integers(1, 60))):
        style = draw(st.one_of(st.none(), st.sampled_from(style_ids))) if style_ids else None
        num = draw(st.one_of(st.none(), st.integers(0, 7).map(str)))
        ilvl = draw(st.one_of(st.none(), st.integers(-2, 12).map(str), st.just("99999999999")))
        body.append(paragraph(f"第{index}项内容", num, ilvl, style))
    return build("".join(body), numbering("".join(levels), "".join(nums)),
                 f'<w:styles xmlns:w="{W_NS}">{"".join(styles)}</w:styles>')


@fuzz_settings(80)
@given(numbered_document())
def test_fuzz_word_numbering_and_styles_are_bounded(data):
    started = time.perf_counter()
    try:
        source = read_docx_report(data, "n.docx")
    except InputError as exc:
        assert "\n" not in exc.message
        return
    assert time.perf_counter() - started < PER_EXAMPLE_SECONDS
    assert len(source.text) < 60 * 400  # 61 paragraphs: no marker may expand past a few hundred characters
    assert_handled(data, "n.docx")


# -- reports of quadratic-prone shapes -----------------------------------------------------
HEAD = "某单位2023年度部门整体支出绩效自评报告\n一、部门基本情况\n"


def _shape(kind: str, size: int) -> str:
    if kind == "figures":
        return HEAD + "，".join(f"{i % 997}.{i % 100:02d}万元" for i in range(size)) + "。\n"
    if kind == "long-line":
        return HEAD + "预算执行" * size + "\n"
    if kind == "digits":
        return HEAD + "9" * size + "万元\n"
    if kind == "deep-numbering":
        return HEAD + "".join(f"（{i % 9 + 1}）第{i}项\n{i % 9 + 1}.小项\n（{i % 9 + 1}）细项\n①{i}\n" for i in range(size // 20))
    if kind == "table":
        return HEAD + "".join(f"\t项目{i}\n\t{i}.00\n\t{i}.50\n\t95.0%\n\n" for i in range(size // 30))
    if kind == "formulas":
        return HEAD + "".join(f"合计{i}万元=甲{i}万元+乙{i}万元，" for i in range(size // 20)) + "\n"
    if kind == "percentages":
        return HEAD + "执行率" + "，".join(f"{i % 100}%" for i in range(size // 4)) + "\n"
    if kind == "empty-lines":
        return HEAD + "\n" * size + "二、绩效目标\n"
    raise AssertionError(kind)


SHAPES = ["figures", "long-line", "digits", "deep-numbering", "table", "formulas", "percentages", "empty-lines"]


@pytest.mark.parametrize("kind, size", [("figures", 100_000), ("long-line", 250_000), ("digits", 200_000),
                                        ("deep-numbering", 200_000), ("table", 300_000), ("formulas", 400_000),
                                        ("percentages", 200_000), ("empty-lines", 150_000)])
def test_quadratic_prone_shapes_at_scale_stay_in_budget(kind, size):
    assert_handled(_shape(kind, size).encode("utf-8"), f"{kind}.txt")


@fuzz_settings(16)
@given(st.sampled_from(SHAPES), st.integers(1, 60_000), st.sampled_from([".txt", ".docx"]))
def test_fuzz_generated_shapes_as_text_and_word(kind, size, suffix):
    text = _shape(kind, size)
    if suffix == ".txt":
        assert_handled(text.encode("utf-8"), "shape.txt")
        return
    folder = Path(tempfile.mkdtemp(prefix="reportlint-fuzz-"))
    out = folder / "shape.docx"
    build_docx(text, out)
    assert_handled(out.read_bytes(), "shape.docx")
