"""The data files shipped inside reportlint's packages (grammars, vocabulary, profiles, plugin data).

`package_file("reportlint.facts", "data", "vocabulary.toml")` is what
`importlib.resources.files(package).joinpath(*parts)` gives, read the short way when it can be:
an installed package (wheel, editable install, checkout) is a folder on disk, and its files
are opened with `pathlib` directly. importlib.resources builds a resource reader and an
adapter per call and imports its readers on the first one: about 0.25 ms a file, sixteen
files at every start. A package that is not a plain folder (a zip, a custom loader) is read
through importlib.resources as before, so nothing else changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any


def package_file(package: str, *parts: str) -> Any:
    """The file (or folder) `parts` of the imported `package`: a `Path` when the package is a
    folder on disk, else importlib.resources' Traversable (both read_text, read_bytes, iterdir,
    joinpath, name)."""
    module = sys.modules.get(package)
    if module is None:
        import importlib

        module = importlib.import_module(package)
    locations = list(getattr(getattr(module, "__spec__", None), "submodule_search_locations", None) or [])
    if len(locations) == 1 and os.path.isdir(locations[0]):  # (a zip's location is no folder)
        return Path(locations[0]).joinpath(*parts)
    from importlib import resources

    return resources.files(package).joinpath(*parts)
