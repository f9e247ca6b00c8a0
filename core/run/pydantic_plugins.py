"""pydantic's plugin loader, kept off the start path while pydantic plugins are turned off.

Why: the first time pydantic builds a validator it imports `pydantic.plugin._loader`, and
that module imports `importlib.metadata` (and with it email, zipfile, socket, calendar,
locale…) to look for plugins among the installed packages, even when
PYDANTIC_DISABLE_PLUGINS says none will be loaded. That import is about 5 ms of a cold
one-file check (a seventh of what reportlint adds to the floor of its design). The command
line turns pydantic plugins off (reportlint's models use none; core/cli.py), so it gives
pydantic a stand-in for that module first.

The stand-in's `get_plugins()` answers "none" while PYDANTIC_DISABLE_PLUGINS turns them all
off, which is what pydantic's own loader answers then. Should plugins be turned on later in
the process, or pydantic ask the module for anything else, the stand-in puts pydantic's own
loader in its place and hands over to it, so nothing pydantic can do is lost. No library
does this: it is pydantic's private module name, and if pydantic no longer has it the
stand-in is never used (`install` leaves an already imported loader alone as well).
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from typing import Any, Iterable

LOADER = "pydantic.plugin._loader"
_ALL_OFF = ("__all__", "1", "true")  # the values pydantic's loader reads as "no plugins at all"


def plugins_turned_off() -> bool:
    return os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _ALL_OFF


def _real_loader() -> types.ModuleType:
    """pydantic's own loader, imported in the stand-in's place."""
    if isinstance(sys.modules.get(LOADER), _StandIn):
        del sys.modules[LOADER]
    return importlib.import_module(LOADER)


class _StandIn(types.ModuleType):
    """`pydantic.plugin._loader` while plugins are off: no plugins, and no importlib.metadata."""

    def get_plugins(self) -> Iterable[Any]:
        if plugins_turned_off():
            return ()
        return _real_loader().get_plugins()  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:  # anything else pydantic asks for: its own loader's
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real_loader(), name)


def install() -> None:
    """Put the stand-in in place, when plugins are off and pydantic's loader is not loaded yet."""
    if plugins_turned_off() and LOADER not in sys.modules:
        sys.modules[LOADER] = _StandIn(LOADER, "reportlint's stand-in for pydantic's plugin loader (reportlint.run.pydantic_plugins)")
