"""Legacy .doc and .wps: converted by LibreOffice when it is on PATH, else one clear refusal.

Where LibreOffice is installed, the real `soffice` converts a .doc it made itself from a seed
(`REAL`); everywhere else (POSIX), a stand-in `soffice` on PATH (a small script that writes the
.docx it is given) checks how it is called, the result, failures and the time limit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportlint.api import check_path
from reportlint.cli import main
from reportlint.errors import InputError
from reportlint.input.readers import legacy
from reportlint.input.readers.legacy import read_legacy_report

from docx_builder import build_docx
from test_docx_hostile import build_cfb
from util import seed_path

REAL = shutil.which("soffice") or shutil.which("libreoffice")  # looked up before any test changes PATH
needs_libreoffice = pytest.mark.skipif(REAL is None, reason="LibreOffice (soffice) is not installed")
DOC = build_cfb({"WordDocument": b"\xec\xa5" + b"\0" * 64, "1Table": b"\0" * 64})

FAKE = """#!{python}
import json, os, shutil, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "w") as log:
    json.dump(args, log)
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
if mode == "hang":
    time.sleep(60)
if mode == "fail":
    sys.stderr.write("Error: source file could not be loaded\\n")
    sys.exit(1)
out = args[args.index("--outdir") + 1]
os.makedirs(out, exist_ok=True)
stem = os.path.splitext(os.path.basename(args[-1]))[0]
shutil.copy(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(out, stem + ".docx"))
"""


@pytest.fixture
def soffice(tmp_path, monkeypatch):
    """A stand-in soffice on PATH (and nothing else of LibreOffice); POSIX only (a script run by its shebang)."""
    if sys.platform == "win32":
        pytest.skip("the stand-in soffice is a POSIX script (shebang, chmod)")
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(FAKE.format(python=sys.executable))
    script.chmod(0o755)
    converted = tmp_path / "converted.docx"
    build_docx(seed_path("001").read_text(encoding="utf-8"), converted)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(converted))
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(tmp_path / "argv.json"))
    return tmp_path


def test_without_libreoffice_the_refusal_names_the_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    for suffix in (".doc", ".wps"):
        path = tmp_path / f"report{suffix}"
        path.write_bytes(DOC)
        assert main(["check", "--isolated", "--quiet", str(path)]) == 2
        err = [line for line in capsys.readouterr().err.splitlines() if path.name in line]
        assert len(err) == 1 and "convert it with `libreoffice --headless --convert-to docx FILE`" in err[0], err


def test_with_libreoffice_the_document_is_converted_and_checked(soffice):
    path = soffice / "report.doc"
    path.write_bytes(DOC)
    found = check_path(path, config={})
    expected = check_path(seed_path("001"), config={})
    assert {(f.rule, tuple(f.section)) for f in found} == {(f.rule, tuple(f.section)) for f in expected}
    assert all(f.location for f in found if not f.path.startswith("<plugin"))
    argv = json.loads((soffice / "argv.json").read_text())
    assert argv[argv.index("--convert-to") + 1] == "docx" and "--headless" in argv
    assert argv[0].startswith("-env:UserInstallation=file://")  # its own profile, in the temporary folder
    assert not Path(argv[-1]).exists()  # the temporary folder is gone


def test_a_conversion_that_hangs_is_killed_at_the_time_limit(soffice, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT", 1)
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"conversion by LibreOffice timed out after 1 s"):
        read_legacy_report(DOC, "slow.doc")
    assert time.perf_counter() - started < 10


def test_a_failed_conversion_is_one_line(soffice, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail")
    with pytest.raises(InputError) as info:
        read_legacy_report(DOC, "broken.wps")
    assert info.value.message.startswith("LibreOffice could not convert the file (Error: source file could not be loaded)")


def test_files_that_only_carry_the_suffix(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    docx = tmp_path / "real.docx"
    build_docx("一、单位基本情况\n本单位内设3个科室。\n", docx)
    assert read_legacy_report(docx.read_bytes(), "renamed.doc").lines[1] == "本单位内设3个科室。"
    page = "<html><body><p>一、单位基本情况</p></body></html>".encode()
    assert read_legacy_report(page, "saved-as-web-page.doc").lines == ["一、单位基本情况"]
    with pytest.raises(InputError, match="^locked.doc: legacy Word .doc is not supported; convert it with `libreoffice"):
        read_legacy_report(build_cfb({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), "locked.doc")
    with pytest.raises(InputError, match="^report.wps: WPS .wps is not supported without LibreOffice"):
        read_legacy_report(DOC, "report.wps")


def test_with_libreoffice_encrypted_and_non_word_files_are_not_converted(soffice):
    with pytest.raises(InputError, match="password-protected"):
        read_legacy_report(build_cfb({"EncryptionInfo": b"x", "EncryptedPackage": b"y"}), "locked.doc")
    with pytest.raises(InputError, match="not a Word .doc/.wps file"):
        read_legacy_report("纯文本".encode(), "text.doc")
    assert not (soffice / "argv.json").exists()


def test_the_folder_walk_finds_the_new_formats(tmp_path):
    from reportlint.run.runner import collect_paths

    for name in ("a.txt", "b.docx", "c.pdf", "d.html", "e.htm", "f.xlsx", "f2.xls", "g.doc", "h.wps", "i.png"):
        (tmp_path / name).write_bytes(b"x")
    assert [Path(p).name for p in collect_paths([tmp_path])] == ["a.txt", "b.docx", "c.pdf", "d.html", "e.htm",
                                                                "f.xlsx", "f2.xls", "g.doc", "h.wps"]


# -- the real LibreOffice ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_doc(tmp_path_factory) -> Path:
    """Seed 001 as a .docx (markers typed), made into a Word 97-2003 .doc by LibreOffice itself.

    Typed markers: LibreOffice's .doc export splits Word's automatic lists (a list continued over
    several w:num instances restarts), so a seed with automatic numbering comes back renumbered.
    """
    if REAL is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("real-doc")
    docx = folder / "report.docx"
    build_docx(seed_path("001").read_text(encoding="utf-8"), docx, numbering=False)
    profile = (folder / "profile").as_uri()
    subprocess.run([REAL, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(folder / "out"), str(docx)],
                   check=True, timeout=120, capture_output=True, env=dict(os.environ, HOME=str(folder)))
    doc = folder / "out" / "report.doc"
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE file: a real .doc
    return doc


@needs_libreoffice
def test_a_doc_made_by_libreoffice_gives_the_findings_of_the_text(real_doc):
    found = check_path(real_doc, config={})
    docx = check_path(real_doc.parent.parent / "report.docx", config={})
    assert [(f.rule, f.line, f.column, f.message, f.location) for f in found] == \
        [(f.rule, f.line, f.column, f.message, f.location) for f in docx]
    expected = check_path(seed_path("001"), config={})
    # the same findings as the text (a place named in a message is a Word location in one, 第54行 in the other)
    assert sorted((f.rule, tuple(f.section)) for f in found) == sorted((f.rule, tuple(f.section)) for f in expected)
    frm = next(f for f in found if f.rule == "FRM005")
    assert "3132.88万元" in frm.message and "3057.90万元" in frm.message
    assert all(f.location for f in found if not f.path.startswith("<plugin"))


@needs_libreoffice
def test_the_real_conversion_is_killed_at_the_time_limit(real_doc, monkeypatch):
    monkeypatch.setattr(legacy, "CONVERT_TIMEOUT", 0.2)  # LibreOffice needs seconds to start
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"conversion by LibreOffice timed out after 0.2 s"):
        read_legacy_report(real_doc.read_bytes(), "slow.doc")
    assert time.perf_counter() - started < 10
