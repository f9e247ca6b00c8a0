"""Parsed TOML kept across runs: `load_toml(text)` is `tomllib.loads(text)` with a disk cache.

Why: the profiles, the vocabulary and the plugins' data files are TOML, and `tomllib` parses
in pure Python: fourteen files at every start, about a twentieth of a cold one-file check
(some 40 million instructions, as much as the check of the report itself). No library keeps
parsed TOML between processes, so this module keeps, for each text it parsed, the marshal
bytes of the result, keyed by a digest of the text: an edited file has another digest and
is parsed afresh, and an entry is never shared (each call unmarshals a fresh dict).

The same for any TOML reportlint reads: a configuration file or a third party's profile
goes through it too. Errors are tomllib's (a text that does not parse is never kept), and a
value marshal cannot hold (a TOML date or time) is returned but not kept. The file is
`toml-<digest>.marshal` in the per-user cache folder (reportlint.parse.marshal_file says
what a damaged file does: nothing); `REPORTLINT_DATA_CACHE=0` turns it off.
"""

import hashlib
import marshal
from typing import Any, Optional

from .grammar_files import cache_enabled
from .marshal_file import MarshalFile, python_cache_file


def cache_file() -> Optional[str]:
    """This Python's cache file (marshal's format is Python's own)."""
    return python_cache_file("toml", marshal.version)


# digest of a text → the marshal bytes of what tomllib made of it
PARSED = MarshalFile(cache_file, max_entries=1000)


def load_toml(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`: a fresh dict, from the cache when this text was parsed before."""
    if not _enabled():
        return _parse(text)
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    kept = PARSED.get(key)
    if isinstance(kept, bytes):
        try:
            value = marshal.loads(kept)
            if isinstance(value, dict):
                return value
        except (EOFError, ValueError, TypeError):
            pass
    if kept is not None:
        PARSED.forget(key)  # damaged: parsed afresh and kept again
    value = _parse(text)
    try:
        blob = marshal.dumps(value)
    except ValueError:  # a TOML date or time: marshal cannot hold it, so it is not kept
        return value
    PARSED.put(key, blob)
    return value


def _parse(text: str) -> dict[str, Any]:
    import tomllib  # imported only when a text is not in the cache: a run that finds them all never imports it

    return tomllib.loads(text)


def _enabled() -> bool:
    return cache_enabled("REPORTLINT_DATA_CACHE")
