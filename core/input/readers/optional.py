"""Optional libraries of the readers: a missing one is one line naming the extra, never a traceback.

The PDF, web-page and workbook readers are always registered (so a .pdf is never read as a
text file), but their libraries are extras (`reportlint[pdf]`: pdfplumber, `[html]`: lxml,
`[xlsx]`: openpyxl for .xlsx and xlrd for .xls): a run over .txt and .docx files does not
need them, and does not pay for importing them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ...errors import InputError


class MissingExtra(InputError):
    """The library a reader needs is not installed (exit code 2, like any unreadable input)."""


def require(module: str, extra: str, what: str, path: str) -> ModuleType:
    """Import `module`, or raise MissingExtra naming `pip install "reportlint[extra]"`."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(path, f"reading {what} files needs {module.split('.')[0]}: "
                                 f'pip install "reportlint[{extra}]" / 读取 {what} 需要安装 reportlint[{extra}]') from None
