"""All of the Word file, or say what was not read: footnotes, endnotes and text boxes are
report content (rendered after the block that holds them, labelled, with their origin);
headers, footers and comments are not, and a PRS005 note names the ones that hold text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from docx_builder import (add_deletion, add_note_reference, add_package_parts, add_text_box, build_docx)
from reportlint.errors import InputError
from reportlint.input.readers.docx import LABELS, read_docx_report
from reportlint.input.source import WordOrigin
from reportlint.run.runner import check_path, get_manager

TEXT = """某某局2023年度部门整体支出绩效自评报告
一、部门基本情况
第一段正文。
第二段正文。
	项目
	说明

	支出
	见附注

二、绩效自评情况
结尾一段。
"""


def read(path: Path):
    return read_docx_report(path.read_bytes(), str(path))


def build(tmp_path: Path, name: str = "r.docx", **parts) -> Path:
    out = tmp_path / name
    build_docx(TEXT, out)
    document = docx.Document(str(out))
    paragraphs = {p.text: p for p in document.paragraphs}
    add_note_reference(paragraphs["第一段正文。"], 5)  # ids are not the numbers Word shows
    add_note_reference(paragraphs["第二段正文。"], 2)
    add_note_reference(paragraphs["第二段正文。"], 1, kind="endnote")
    add_text_box(paragraphs["第二段正文。"], ["文本框第一行", "文本框第二行"])
    add_deletion(paragraphs["结尾一段。"], "删掉的文字")
    cell = document.tables[0].cell(1, 1).paragraphs[0]
    add_text_box(cell, ["单元格里的文本框"])
    document.save(str(out))
    add_package_parts(out, footnotes={2: "第二个引用的脚注", 5: "第一个引用的脚注"}, endnotes={1: "尾注的文字"}, **parts)
    return out


def test_notes_and_text_boxes_are_rendered_once_after_their_block(tmp_path):
    source = read(build(tmp_path))
    lines = source.lines
    first = lines.index("第一段正文。")
    assert lines[first + 1] == "第一个引用的脚注" + LABELS["footnote"]
    second = lines.index("第二段正文。")
    assert lines[second + 1:second + 5] == ["第二个引用的脚注" + LABELS["footnote"], "尾注的文字" + LABELS["endnote"],
                                            "文本框第一行" + LABELS["textbox"], "文本框第二行" + LABELS["textbox"]]
    assert sum("文本框第一行" in line for line in lines) == 1  # mc:Fallback (VML) not read again
    assert "删掉的文字" not in source.text
    # a text box in a table cell comes after the table, not inside its rows
    boxed = lines.index("单元格里的文本框" + LABELS["textbox"])
    assert lines[boxed - 1] == "" and lines[boxed - 2] == "\t见附注"
    origins = {line: source.word_origin(number) for number, line in enumerate(lines, 1)}
    note = origins["第一个引用的脚注" + LABELS["footnote"]]
    assert isinstance(note, WordOrigin) and note == "脚注1" and note.part == "footnote" and note.note == 1
    assert note.paragraph == 3 and note.suffix == len(LABELS["footnote"])
    assert origins["第二个引用的脚注" + LABELS["footnote"]] == "脚注2"
    assert origins["尾注的文字" + LABELS["endnote"]] == "尾注1"
    box = origins["文本框第一行" + LABELS["textbox"]]
    assert box == "第4段 文本框" and box.part == "textbox" and box.paragraph == 4
    in_cell = origins["单元格里的文本框" + LABELS["textbox"]]
    assert (in_cell.part, in_cell.table, in_cell.row, in_cell.column) == ("textbox", 1, 2, 2)
    assert source.origins.not_read == ()


def test_headers_footers_and_comments_are_named_as_not_checked(tmp_path):
    path = build(tmp_path, header="某某局 2022年度", footer="第 1 页", comments=["请核对金额"])
    assert read(path).origins.not_read == ("页眉", "页脚", "批注")
    findings = check_path(path, manager=get_manager()).findings
    notes = [f for f in findings if f.rule == "PRS005"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert "页眉、页脚、批注" in notes[0].message and notes[0].evidence.figures == ["页眉", "页脚", "批注"]
    assert notes[0].location  # the title line, as a Word location


def test_an_empty_header_is_not_worth_a_note(tmp_path):
    path = build(tmp_path, header=" ")
    assert read(path).origins.not_read == ()
    assert not [f for f in check_path(path, manager=get_manager()).findings if f.rule == "PRS005"]


def test_a_seed_as_docx_has_no_unchecked_parts(tmp_path):
    from util import seed_text

    out = tmp_path / "seed.docx"
    build_docx(seed_text("001"), out)
    assert read(out).origins.not_read == ()


@pytest.mark.parametrize("member, payload", [
    ("word/footnotes.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:footnotes/>'),
    ("word/endnotes.xml", '<?xml version="1.0" encoding="UTF-16"?><!ENTITY a SYSTEM "file:///etc/passwd"><x/>'
     .encode("utf-16")),
    ("word/header9.xml", b'<?xml version="1.0"?><!DOCTYPE hdr SYSTEM "http://example.org/x.dtd"><w:hdr/>'),
])
def test_the_new_parts_keep_the_entity_guards(tmp_path, member, payload):
    path = build(tmp_path, header="页眉", raw={member: payload})
    with pytest.raises(InputError, match="declaration"):
        read(path)


def test_a_huge_footnote_is_refused_like_a_huge_body(tmp_path, monkeypatch):
    from reportlint.input.readers import docx as reader

    monkeypatch.setattr(reader, "MAX_RENDERED_CHARS", 200)
    path = tmp_path / "n.docx"
    build_docx("标题\n正文。\n", path)
    document = docx.Document(str(path))
    add_note_reference(document.paragraphs[1], 1)
    document.save(str(path))
    add_package_parts(path, footnotes={1: "很长的脚注" * 100})
    with pytest.raises(InputError, match="too long"):
        read(path)


def test_python_docx_path_reads_the_same_parts(tmp_path, monkeypatch):
    """A package the direct reader leaves to python-docx gives the same lines and notes."""
    from reportlint.input.readers import docx as reader

    path = build(tmp_path, header="页眉文字", comments=["批注"])
    direct = read(path)
    monkeypatch.setattr(reader, "_read_direct", lambda *args: None)
    through = read(path)
    assert through.lines == direct.lines and list(through.origins) == list(direct.origins)
    assert through.origins.not_read == direct.origins.not_read == ("页眉", "批注")
