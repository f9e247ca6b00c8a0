"""What the text formats need from a terminal: widths, safe text, colours.

- **Widths** come from wcwidth: a CJK character takes two columns, a combining mark or a
  zero-width space none, so a caret drawn under a finding stands under the right characters.
- **Safe text**: reports (and file names) are untrusted. A control character or an escape
  sequence in them would be *run* by the terminal (retitle the window, move the cursor, hide
  lines), so `inert` shows each such character as a visible escape (`\\x1b`, `\\x07`,
  `\\u202e`), never as itself.
- **Colours**: `--color always|never|auto`; auto colours only a terminal, and never when
  `NO_COLOR` is set (non-empty, https://no-color.org) or `TERM=dumb`; `FORCE_COLOR` forces
  them. On Windows, ANSI sequences are switched on for the console with SetConsoleMode
  (Windows 10 and later) only when colours or the progress bar are actually written; where
  that fails, no colours are written rather than garbage.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from functools import lru_cache
from typing import Any, Optional

_wcwidth: Any = None  # wcwidth.wcwidth, imported on first use: deciding colours costs nothing


def _width_function() -> Any:
    global _wcwidth
    if _wcwidth is None:
        try:  # a dependency (pyproject); the fallback only keeps a broken install usable
            import wcwidth

            _wcwidth = wcwidth.wcwidth
        except ImportError:  # pragma: no cover
            _wcwidth = False
    return _wcwidth

# Bidirectional overrides and isolates can make a line display differently from what it is
# ("Trojan Source"); they are shown escaped like control characters.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\t": " ", "\n": "\\n", "\r": "\\r"}


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns one (already inert) character takes on a terminal."""
    measure = _width_function()
    if measure:
        width = measure(ch)
        return width if width >= 0 else 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal columns of `text` (CJK two, zero-width and combining characters none)."""
    return sum(char_width(ch) for ch in text)


@lru_cache(maxsize=1024)
def inert_char(ch: str) -> str:
    """`ch` as it may be written to a terminal: itself, or a visible escape for a control character."""
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0x80 <= code <= 0x9F:  # C1 controls: \x9b is a one-byte CSI on some terminals
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that was not UTF-8 (os.fsdecode)
        return f"\\x{code - 0xDC00:02x}"
    if ch in _BIDI or unicodedata.category(ch) in ("Cs", "Zl", "Zp"):  # bidi controls, lone surrogates, U+2028/9
        return f"\\u{code:04x}"
    return ch


def inert(text: object) -> str:
    """Text from a report or a file name, safe to write to a terminal (nothing in it is executed).

    A tab becomes one space; every other control character, ESC included, is shown as an
    escape such as `\\x1b`, so an injected `\\x1b]0;title\\x07` is printed as those characters.
    """
    value = str(text)
    if value.isprintable() and not any(ch in _BIDI for ch in value):
        return value
    return "".join(inert_char(ch) for ch in value)


def terminal_width(stream: Any = None, default: int = 80) -> int:
    """The width to lay text out for: `COLUMNS`, else the terminal's, else `default`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = stream if stream is not None else sys.stdout
    try:  # the width of the stream written to; a pipe or a file has none
        return os.get_terminal_size(stream.fileno()).columns or default
    except (AttributeError, ValueError, OSError):
        return default


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def use_color(mode: str = "auto", stream: Any = None, to_file: bool = False,
              environ: Optional[dict[str, str]] = None) -> bool:
    """Whether to colour output written to `stream` (`--color auto|always|never`)."""
    env = os.environ if environ is None else environ
    if mode == "never":
        return False
    if mode == "always":
        return enable_ansi(stream if stream is not None else sys.stdout, required=False) or True
    if to_file or env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    if env.get("FORCE_COLOR"):
        return True
    stream = stream if stream is not None else sys.stdout
    return is_terminal(stream) and enable_ansi(stream)


def enable_ansi(stream: Any, required: bool = True) -> bool:
    """Make `stream` understand ANSI sequences; True when it does.

    Anything but a Windows console already does. A Windows console needs
    ENABLE_VIRTUAL_TERMINAL_PROCESSING (Windows 10 1511 and later); it is set once, only
    for a console handle and only when asked (colours or a progress bar are about to be
    written).
    """
    if sys.platform != "win32":
        return True
    if not is_terminal(stream):
        return not required
    return _windows_vt(stream)


@lru_cache(maxsize=4)
def _windows_vt_handle(which: int) -> bool:  # pragma: no cover - Windows only
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel32.GetStdHandle(which)
        mode = wintypes.DWORD()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        if mode.value & 0x0004:  # ENABLE_VIRTUAL_TERMINAL_PROCESSING already on
            return True
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))
    except (AttributeError, OSError, ValueError):
        return False


def _windows_vt(stream: Any) -> bool:  # pragma: no cover - Windows only
    try:
        fileno = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return False
    which = {1: -11, 2: -12}.get(fileno)  # STD_OUTPUT_HANDLE, STD_ERROR_HANDLE
    return _windows_vt_handle(which) if which is not None else False


def window(text: str, start: int, end: int, columns: int) -> tuple[str, str]:
    """A window of `text` around `text[start:end]` that fits in `columns`, and its caret line.

    `text` is report text (made inert here); `start`/`end` are character offsets in it.
    Returns the excerpt (with `…` where it was cut) and a line of spaces and `^` whose carets
    stand under exactly the columns the offending characters take. A point (`start == end`)
    gets one caret.
    """
    shown = [inert_char(ch) for ch in text]
    widths = [display_width(piece) for piece in shown]
    start = max(0, min(start, len(shown)))
    end = max(start, min(end, len(shown)))
    columns = max(10, columns)
    ellipsis = "…"
    mark = display_width(ellipsis)
    if sum(widths) <= columns:
        left, right = 0, len(shown)
    else:
        budget = columns - 2 * mark
        used = sum(widths[start:end])
        left, right = start, end
        if used > budget:  # the finding alone is wider than the line: show its start
            right, used = start, 0
            while right < len(shown) and used + widths[right] <= budget:
                used += widths[right]
                right += 1
            right = max(right, start + 1 if start < len(shown) else start)
        else:
            # widen both ways in turn, so the finding sits in the middle of its context
            turn_left = True
            while True:
                grew = False
                for side in ((0, 1) if turn_left else (1, 0)):
                    if side == 0 and left > 0 and used + widths[left - 1] <= budget:
                        left -= 1
                        used += widths[left]
                        grew = True
                        break
                    if side == 1 and right < len(shown) and used + widths[right] <= budget:
                        used += widths[right]
                        right += 1
                        grew = True
                        break
                if not grew:
                    break
                turn_left = not turn_left
    prefix = ellipsis if left > 0 else ""
    suffix = ellipsis if right < len(shown) else ""
    excerpt = prefix + "".join(shown[left:right]) + suffix
    lead = display_width(prefix) + sum(widths[left:start])
    span = sum(widths[start:min(end, right)])
    caret = " " * lead + "^" * max(1, span)
    return excerpt, caret
