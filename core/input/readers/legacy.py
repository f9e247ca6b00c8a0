"""Reader for legacy Word (.doc) and WPS (.wps) files: converted to .docx by LibreOffice.

Budget units still submit Word 97-2003 and WPS files. No maintained Python library reads
them, so when `soffice` (or `libreoffice`) is on PATH the file is converted with
``soffice --headless --convert-to docx`` in a temporary folder (its own user profile, so a
running LibreOffice is not disturbed), killed after `CONVERT_TIMEOUT` seconds, and the
result read by the .docx reader (origins are the converted document's paragraphs and
tables, which are the original's). Without LibreOffice the file is refused with one line
naming the command. Files that only carry the suffix are read for what they are: a .docx
renamed .doc, or a web page saved as .doc (which Word and WPS both do).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

from ...errors import InputError
from ..source import Source
from .container import OLE_MAGIC, ole_stream_names

CONVERT_TIMEOUT = 60  # seconds; a report converts in 2-5 s, the first start of LibreOffice takes longer
COMMANDS = ("soffice", "libreoffice")
# without LibreOffice: the words the command line has always used for a .doc
REFUSAL = ("legacy Word .doc is not supported; convert it with "
           "`libreoffice --headless --convert-to docx FILE` / 请先转换为 .docx")
WPS_REFUSAL = ("WPS .wps is not supported without LibreOffice; convert it with "
               "`libreoffice --headless --convert-to docx FILE` / 请先转换为 .docx")


def read_legacy_report(data: bytes, path: str) -> Source:
    """A .doc or .wps report, through LibreOffice when it is installed."""
    if not data:
        raise InputError(path, "empty file / 文件为空")
    if data.startswith(b"PK\x03\x04"):  # a .docx under an old name
        from .docx import read_docx_report
        return read_docx_report(data, path)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype html", b"<?xml")) and b"<html" in data[:4096].lower():
        from .html import read_html_report
        return read_html_report(data, path)
    command = next((found for name in COMMANDS if (found := shutil.which(name))), None)
    if command is None:
        raise InputError(path, WPS_REFUSAL if path.lower().endswith(".wps") else REFUSAL)
    if data.startswith(OLE_MAGIC) and {"EncryptedPackage", "EncryptionInfo"} & ole_stream_names(data):
        raise InputError(path, "the document is password-protected (encrypted); remove the password and save "
                               "again / 文档已加密，无法读取")
    if not data.startswith(OLE_MAGIC) and not head.startswith(b"{\\rtf"):
        raise InputError(path, "not a Word .doc/.wps file (neither an OLE document nor RTF) / 不是有效的 .doc 文件")
    converted = convert_to_docx(data, path, command)
    from .docx import read_docx_report
    return read_docx_report(converted, path)


def convert_to_docx(data: bytes, path: str, command: str, timeout: Optional[float] = None) -> bytes:
    """Run LibreOffice on a copy of the file in a temporary folder; the .docx bytes or InputError."""
    timeout = CONVERT_TIMEOUT if timeout is None else timeout
    suffix = ".rtf" if data.lstrip()[:5].lower() == b"{\\rtf" else (Path(path).suffix.lower() or ".doc")
    with tempfile.TemporaryDirectory(prefix="reportlint-convert-") as folder:
        work = Path(folder)
        source = work / f"report{suffix}"
        source.write_bytes(data)
        out = work / "out"
        profile = (work / "profile").as_uri()
        argv = [command, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                "--convert-to", "docx", "--outdir", str(out), str(source)]
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, cwd=folder, start_new_session=True,
                                       env=dict(os.environ, HOME=folder))
        except OSError as exc:
            raise InputError(path, f"cannot run {command}: {exc.strerror or exc} / 无法启动 LibreOffice") from None
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise InputError(path, f"conversion by LibreOffice timed out after {timeout:g} s / 转换超时") from None
        result = out / "report.docx"
        if process.returncode != 0 or not result.is_file():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1][:160] if detail else f"exit code {process.returncode}"
            raise InputError(path, f"LibreOffice could not convert the file ({reason}) / 文件转换失败")
        return result.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """End the converter and everything it started (its own session; on Windows its process tree),
    then reap it."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        process.kill()
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    process.communicate()
