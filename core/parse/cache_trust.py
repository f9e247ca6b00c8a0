"""Whether a file of the per-user cache folder may be read: one nobody else could have put there.

The start-up caches hold what the interpreter runs or trusts: the Lark runtime is compiled
code that is executed, Lark's own grammar cache is a pickle (loading one runs the code it
names), and the pattern, data-file and tree caches are marshal files, which Python documents
as no defence against crafted bytes. The folder is normally the user's own
(`~/.cache/reportlint`), but `REPORTLINT_CACHE_DIR` can point anywhere: a volume shared
between the users of a machine, a world-writable scratch folder. So, on POSIX, a cache file
is read (and its folder written) only when

- the file and its folder belong to the user running reportlint, or to root, and
- neither can be written by every user (a world-writable folder with the sticky bit, like
  /tmp, is allowed: there nobody can replace another user's files).

Another user of the file's group may write it (a group-writable folder is the owner's
choice, and what umask 002 gives every file). Otherwise the cache is simply not used: the
run is as without it, slower to start, never different, and one line on stderr (once per
process) says which folder was passed over and why. No library does this check for a
cache folder (Python's own bytecode cache lies next to the code it caches, as protected as
the code itself), so it is written here: two `os.stat` calls a file. docs/security.md.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Union

PathLike = Union[str, "os.PathLike[str]"]
_told: list[str] = []  # the one folder this process has said it passes over


def _refuse(where: PathLike, info: os.stat_result) -> bool:
    """False, after saying once per process (on stderr) which cache folder is not used."""
    if not _told:
        from ..formatters.terminal import inert

        _told.append(os.fspath(where))
        reason = "another user owns it" if not _owner_ok(info) else "every user can write it"
        print(f"reportlint: not using the cache in {inert(os.fspath(where))}: {reason} (docs/security.md) "
              f"/ 缓存可被其他用户改写，未使用", file=sys.stderr)
    return False


def _owner_ok(info: os.stat_result) -> bool:
    return info.st_uid in (os.geteuid(), 0)


def trusted_folder(folder: PathLike) -> bool:
    """Whether cache files may be read from and written to `folder` (True when it does not
    exist yet: it will be made by this user; True where there are no POSIX owners)."""
    if not hasattr(os, "geteuid"):
        return True
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    writable_by_all = bool(info.st_mode & stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX
    return (_owner_ok(info) and not writable_by_all) or _refuse(folder, info)


def trusted_file(path: PathLike) -> bool:
    """Whether the cache file at `path` may be read: its folder is trusted, and the file
    belongs to this user or root and cannot be written by all (True when it is missing)."""
    if not hasattr(os, "geteuid"):
        return True
    if not trusted_folder(os.path.dirname(os.fspath(path)) or "."):
        return False
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return (_owner_ok(info) and not info.st_mode & stat.S_IWOTH) or _refuse(path, info)
