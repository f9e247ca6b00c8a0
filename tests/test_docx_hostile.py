"""Hostile .docx inputs: each is refused with one clear line (exit code 2), and a batch goes on.

Every file is built here, in tmp_path: a non-zip, a zip without a Word document, an
encrypted document and a legacy .doc (real OLE compound files), zip bombs (honest and
forged sizes), and XML entity tricks (billion laughs, external entity, UTF-16 DOCTYPE).
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from reportlint.errors import InputError
from reportlint.input.readers.container import MAX_XML_MEMBER
from reportlint.input.readers.docx import ole_stream_names, read_docx_report
from util import seed_path

FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal but valid MS-CFB (OLE) file, version 3, 512-byte sectors, no mini stream.

    Streams are padded to 4096 bytes so they live in regular sectors. At most 3 streams
    (one directory sector holds 4 entries: the root and 3 streams).
    """
    assert len(streams) <= 3
    size = 512
    data_sectors: list[bytes] = []
    entries = []  # (name, start, length)
    next_sector = 2  # 0 = FAT, 1 = directory
    for name, content in streams.items():
        content = content.ljust(4096, b"\0")
        count = (len(content) + size - 1) // size
        entries.append((name, next_sector, len(content)))
        for i in range(count):
            data_sectors.append(content[i * size:(i + 1) * size].ljust(size, b"\0"))
        next_sector += count
    fat = [FATSECT, END]
    for _, start, length in entries:
        count = (length + size - 1) // size
        fat.extend(list(range(start + 1, start + count)) + [END])
    fat += [FREE] * (size // 4 - len(fat))
    assert len(fat) == size // 4

    def entry(name: str, kind: int, child: int, right: int, start: int, length: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", FREE, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, length))

    directory = entry("Root Entry", 5, 1 if entries else FREE, FREE, END, 0)
    for index, (name, start, length) in enumerate(entries, 1):
        right = index + 1 if index < len(entries) else FREE
        directory += entry(name, 2, FREE, right, start, length)
    directory = directory.ljust(size, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<109I", 0, *([FREE] * 108)))
    assert len(header) == 512
    return header + struct.pack(f"<{size // 4}I", *fat) + directory + b"".join(data_sectors)


def _docx_bytes(tmp_path: Path, text: str = "一、单位基本情况") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = tmp_path / "base.docx"
    document.save(str(out))
    return out.read_bytes()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info.filename))
    return buffer.getvalue()


BILLION_LAUGHS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  b'<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
EXTERNAL_ENTITY = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                   b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   b'<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')


def hostile_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, a substring its one-line message must contain)."""
    base = _docx_bytes(tmp_path)
    files: dict[str, tuple[bytes, str, str]] = {}
    files["not_a_zip"] = (b"This is plain text pretending to be Word.\n" * 20, ".docx", "not a zip archive")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
        archive.writestr("[Content_Types].xml", "<Types/>")
    files["zip_without_document"] = (buffer.getvalue(), ".docx", "no word/document.xml")
    files["encrypted"] = (build_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60,
                                     "EncryptedPackage": b"\x10" + b"\0" * 200}), ".docx", "password-protected")
    files["legacy_doc_named_docx"] = (build_cfb({"WordDocument": b"\xec\xa5" + b"\0" * 100,
                                                 "1Table": b"\0" * 100}), ".docx", "libreoffice --headless")
    files["legacy_doc"] = (build_cfb({"WordDocument": b"\xec\xa5" + b"\0" * 100}), ".doc", "libreoffice --headless")
    # An honest zip bomb: 33 MB of spaces in word/document.xml (over the XML part limit), ~33 KB compressed.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in zipfile.ZipFile(io.BytesIO(base)).infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, zipfile.ZipFile(io.BytesIO(base)).read(info.filename))
        with archive.open("word/document.xml", "w", force_zip64=True) as handle:
            chunk = b" " * (1 << 20)
            for _ in range(MAX_XML_MEMBER // len(chunk) + 1):
                handle.write(chunk)
    bomb = buffer.getvalue()
    files["zip_bomb"] = (bomb, ".docx", "zip bomb")
    files["zip_bomb_forged_size"] = (_forge_size(bomb, "word/document.xml", 2000), ".docx", "forged size")
    files["billion_laughs"] = (_replace_member(base, "word/document.xml", BILLION_LAUGHS), ".docx", "<!DOCTYPE")
    files["external_entity"] = (_replace_member(base, "word/document.xml", EXTERNAL_ENTITY), ".docx", "<!DOCTYPE")
    files["utf16_doctype_in_rels"] = (
        _replace_member(base, "_rels/.rels", EXTERNAL_ENTITY.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
                        .decode("ascii").encode("utf-16")), ".docx", "<!DOCTYPE")
    files["entity_in_styles"] = (_replace_member(base, "word/styles.xml", BILLION_LAUGHS), ".docx", "<!DOCTYPE")
    out = {}
    for name, (content, suffix, expected) in files.items():
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(content)
        out[name] = (path, expected)
    return out


def _forge_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite a member's declared uncompressed size (local header, central directory, zip64 extra)."""
    raw = bytearray(data)
    name = member.encode()
    for signature, name_len_at, size_at, header_len in ((b"PK\x03\x04", 26, 22, 30), (b"PK\x01\x02", 28, 24, 46)):
        index = raw.find(signature)
        while index >= 0:
            length = struct.unpack_from("<H", raw, index + name_len_at)[0]
            if raw[index + header_len:index + header_len + length] == name:
                struct.pack_into("<I", raw, index + size_at, size)
                extra_len = struct.unpack_from("<H", raw, index + name_len_at + 2)[0]
                extra_at = index + header_len + length
                end = extra_at + extra_len
                while extra_at + 4 <= end:  # the zip64 extra field holds the real sizes
                    tag, tag_len = struct.unpack_from("<HH", raw, extra_at)
                    if tag == 0x0001:
                        struct.pack_into("<I", raw, index + size_at, 0xFFFFFFFF)
                        struct.pack_into("<Q", raw, extra_at + 4, size)
                    extra_at += 4 + tag_len
            index = raw.find(signature, index + 4)
    return bytes(raw)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_files(tmp_path_factory.mktemp("hostile"))


def test_ole_directory_names_are_read_from_a_real_compound_file():
    data = build_cfb({"EncryptionInfo": b"x", "EncryptedPackage": b"y"})
    assert ole_stream_names(data) >= {"Root Entry", "EncryptionInfo", "EncryptedPackage"}


@pytest.mark.parametrize("name", ["not_a_zip", "zip_without_document", "encrypted", "legacy_doc_named_docx",
                                  "zip_bomb", "zip_bomb_forged_size", "billion_laughs", "external_entity",
                                  "utf16_doctype_in_rels", "entity_in_styles"])
def test_reader_refuses_with_one_clear_line(hostile, name):
    path, expected = hostile[name]
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_docx_report(path.read_bytes(), str(path))
    assert time.perf_counter() - started < 5, "refusing must be quick (no inflating, no parsing)"
    message = info.value.message
    assert expected in message
    assert "\n" not in message and len(message) < 300


def test_a_good_docx_still_reads(tmp_path):
    data = _docx_bytes(tmp_path, "二、部门整体支出管理")
    assert read_docx_report(data, "good.docx").text == "二、部门整体支出管理"


def test_batch_with_hostile_files_exits_2_and_checks_the_good_ones(hostile, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path, _ in hostile.values():
        if path.suffix == ".docx":
            (folder / path.name).write_bytes(path.read_bytes())
    good = folder / "good.txt"
    good.write_text(seed_path("004").read_text(encoding="utf-8"), encoding="utf-8")
    legacy = hostile["legacy_doc"][0]
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--format", "json", "--jobs", "2",
                           str(folder), str(legacy)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    findings = json.loads(done.stdout)  # the output is still a valid JSON array of the good files' findings
    assert all(f["path"] == str(good) for f in findings)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    for name, (path, expected) in hostile.items():
        shown = str(legacy) if name == "legacy_doc" else str(folder / path.name)
        mine = [line for line in lines if line.startswith(shown + ":")]
        assert len(mine) == 1, (name, lines)
        if name == "legacy_doc" and "LibreOffice could not convert" in mine[0]:
            continue  # LibreOffice is installed here: the legacy reader tried it on the fake .doc
        assert expected in mine[0]
    # the summary counts the good file as checked (不通过: it has findings), the others as unreadable
    assert re.search(r"检查 \d+ 个文件：通过 0 个，不通过 1 个，无法读取 \d+ 个", done.stderr), done.stderr


def test_single_hostile_file_gives_exactly_one_stderr_line(hostile):
    path, expected = hostile["billion_laughs"]
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and expected in done.stderr
