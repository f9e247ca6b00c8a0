"""Third-party plugins: the entry points of one group, found without parsing everyone else's.

`importlib.metadata.entry_points(group=...)` reads and parses the `entry_points.txt` of every
installed distribution and builds an EntryPoint object for each line of each (console
scripts, pytest plugins, ...) before it selects the group: 4-7 ms of every start in an
environment of ninety packages, where usually no package declares a reportlint plugin.

`group_entry_points(group)` first looks at the same files as raw bytes: in each folder on
`sys.path`, each `*.dist-info` / `*.egg-info` folder's `entry_points.txt`. importlib.metadata
reads a section header as a stripped line that starts with `[` and ends with `]`, named by
what is left once the brackets at both ends are stripped, so a file declares the group only
if it holds the group's name between two bracket characters; when no file does (reportlint's
own `[console_scripts]` does not), the answer is the empty list that importlib.metadata
would give, at a fifth of the cost. In every other case (a file
names the group, a zip or an egg on `sys.path`, another finder on `sys.meta_path` that
finds distributions) importlib.metadata is asked as before, so what is found and in which
order never differs from it.
"""

from __future__ import annotations

import importlib.machinery
import os
import re
import sys
from typing import Any

_INFO_SUFFIXES = (".dist-info", ".egg-info")


def group_entry_points(group: str) -> list[Any]:
    """The entry points of `group`, as `importlib.metadata.entry_points(group=group)` gives them."""
    if not _may_declare(group):
        return []
    from importlib import metadata  # only when a file may declare the group (its import is ~5 ms)

    return list(metadata.entry_points(group=group))


def _may_declare(group: str) -> bool:
    """False only when no distribution importlib.metadata can see has a section header that
    could name `group` in its entry_points.txt (True when that cannot be told from plain folders)."""
    header = re.compile(rb"[\[\]]" + re.escape(group.encode("utf-8")) + rb"[\[\]]")
    finders = [finder for finder in sys.meta_path if getattr(finder, "find_distributions", None) is not None]
    if any(finder is not importlib.machinery.PathFinder for finder in finders):
        return True  # a finder of its own (a zip importer, a plugin host): ask importlib.metadata
    for root in sys.path:
        folder = root or "."
        if os.path.basename(folder).lower().endswith(".egg") or os.path.isfile(folder):
            return True  # an egg or a zip: importlib.metadata reads it its own way
        try:
            children = os.listdir(folder)
        except OSError:
            continue  # importlib.metadata finds nothing in a folder it cannot list either
        for child in children:
            if not child.lower().endswith(_INFO_SUFFIXES):
                continue
            try:
                with open(os.path.join(folder, child, "entry_points.txt"), "rb") as handle:
                    if header.search(handle.read()):
                        return True
            except OSError:  # no entry points (most distributions), or an .egg-info file
                continue
    return False
