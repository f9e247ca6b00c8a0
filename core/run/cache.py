"""The results cache: re-checking a folder skips the reports that did not change.

Like ruff's cache: a report's findings are kept under a key made of

- the report's bytes and its path as named (findings carry the path; per-file ignores match it),
- the settings that govern it (every key of its configuration, and which file that was),
- the code that checks it: reportlint's version and a fingerprint (name, size, mtime) of
  every file of the reportlint package, the built-in plugins and grammars, and of each
  external plugin's module, so an upgraded or edited plugin never serves old findings.

A second run over an unchanged folder reads each file, hashes it and takes its findings
from the cache: no parsing, no checks. Files that could not be checked (unreadable, timed
out) are never cached. Suppressions and the baseline are applied after the cache, so
changing them needs no invalidation. The HTML format (which shows each report's text) and
standard input bypass the cache.

The cache is one JSON file per code fingerprint in `<cache dir>/results/` (default: the
per-user cache folder, `~/.cache/reportlint`, or `$REPORTLINT_CACHE_DIR`; `--cache-dir DIR`),
written atomically at the end of a run. `--no-cache` turns it off. A cache folder that cannot
be written is no error: the run simply goes without.

JSON, not pickle: loading a pickle runs whatever code its bytes name, and a cache folder is
sometimes shared (a CI cache restored for another branch, a volume of a service). A JSON
file holds values only, and each entry is validated when it is used: a damaged or edited
entry is a miss (the report is checked again and its entry replaced), never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from .. import __version__
from ..parse.cache_trust import trusted_file
from ..pluginapi.findings import Finding
from .config import Settings
from .runner import FileResult

FORMAT = 2  # 2: JSON (1 was a pickle, results-*.pickle, never read now)
MAX_ENTRIES = 100_000  # older entries beyond this are dropped when the cache is saved
# The results files of other code fingerprints (an older reportlint, an edited plugin, another
# installation sharing the folder) are removed when no run has used them for this long.
STALE_SECONDS = 30 * 24 * 3600
_TOUCH_SECONDS = 24 * 3600  # a file used but not rewritten is marked as used at most daily


def default_cache_dir() -> Path:
    from ..parse.grammar_files import user_cache_dir

    return user_cache_dir()


def cacheable(manager: Any) -> bool:
    """Whether every loaded plugin is code with files to fingerprint: a built-in one, or a
    module (an entry point's). A plugin object registered by embedding code or a test has
    no files that say when it changed: with one, nothing is cached."""
    for info in getattr(manager, "infos", []):
        if info.builtin or info.error:
            continue
        module = sys.modules.get(info.module.split(":")[0])
        if module is None or not (getattr(module, "__file__", None) or getattr(module, "__path__", None)):
            return False
    return True


def code_fingerprint(manager: Any) -> str:
    """reportlint's version + every source file of the package and of each loaded plugin."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    roots: list[str] = []
    for name in ("reportlint", "reportlint.plugins", "reportlint.grammars"):
        module = sys.modules.get(name)
        for folder in getattr(module, "__path__", []) or []:
            roots.append(folder)
    for info in getattr(manager, "infos", []):
        digest.update(f"{info.name}\0{info.version}\0{info.module}\0{info.error}\0".encode())
        if info.builtin:
            continue
        module = sys.modules.get(info.module.split(":")[0])
        where = getattr(module, "__path__", None) or ([module.__file__] if getattr(module, "__file__", None) else [])
        roots.extend(where)
    for root in sorted(set(roots)):
        if os.path.isfile(root):
            _stat_into(digest, root)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".toml", ".lark", ".json")):
                    _stat_into(digest, os.path.join(folder, name))
    return digest.hexdigest()[:24]


def _stat_into(digest: Any, path: str) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return
    digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())


def settings_fingerprint(settings: Settings) -> str:
    text = settings.model_dump_json() + "\0" + str(settings.config_path)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class ResultCache:
    """Findings of checked reports by (bytes, path, settings), for one code fingerprint."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.file = Path(folder) / "results" / f"results-{fingerprint}.json"
        # key → (findings as `model_dump(mode="json")` dicts, profile name); read from the file
        # as lists, made here as tuples: both are checked by `get` before they are used
        self.entries: dict[str, Any] = {}
        self.fresh: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0
        self._settings_keys: dict[int, str] = {}
        self._modified: Optional[float] = None  # the file's time when it was read
        # findings from a file another user could write could hide a report's mistakes:
        # such a file (or folder) is neither read nor written (reportlint.parse.cache_trust)
        self._trusted = trusted_file(self.file)
        if self._trusted:
            self.entries = self._read()

    def _read(self) -> dict[str, Any]:
        """The stored entries ({} when the file is missing, unreadable or not this format)."""
        try:
            with open(self.file, "rb") as handle:
                self._modified = os.fstat(handle.fileno()).st_mtime
                data = json.loads(handle.read().decode("utf-8", "surrogatepass"))
        except Exception:  # noqa: BLE001 - a missing, unreadable or damaged cache is an empty one
            return {}
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
            return data["entries"]
        return {}

    @classmethod
    def open(cls, manager: Any, folder: Optional[str | Path] = None) -> "Optional[ResultCache]":
        """The cache for this manager's plugins, or None when they cannot be fingerprinted."""
        if not cacheable(manager):
            return None
        return cls(Path(folder) if folder else default_cache_dir(), code_fingerprint(manager))

    def key(self, path: str, data: bytes, settings: Settings) -> str:
        marker = id(settings)
        if marker not in self._settings_keys:
            self._settings_keys[marker] = settings_fingerprint(settings)
        digest = hashlib.sha256(data)
        digest.update(b"\0" + os.fsencode(path) + b"\0" + self._settings_keys[marker].encode())
        return digest.hexdigest()

    def get(self, key: str, path: str) -> Optional[FileResult]:
        """The cached result of the report at `path` with this key, or None (a miss).

        An entry that is not what `put` stores (a damaged or edited file: not a pair, a
        finding that does not validate or names another file) is a miss too, and dropped, so
        the report is checked again and its entry replaced."""
        entry = self.entries.get(key)
        found = None if entry is None else _result(entry, path)
        if found is None:
            if entry is not None:
                del self.entries[key]
            self.misses += 1
            return None
        self.hits += 1
        self.fresh[key] = entry
        return found

    def put(self, key: str, result: FileResult) -> None:
        if result.error is None:
            self.fresh[key] = (tuple(f.model_dump(mode="json") for f in result.findings), result.profile)

    def save(self) -> None:
        """Write the cache (this run's entries first kept); never raises.

        Not written when this run's entries are the stored ones (a second run over an
        unchanged folder: nothing was checked, every entry was used; a checked file's key is
        never a stored one): the file already holds them, and rewriting them was a tenth of
        such a run. Its time is then set to now, once a day at most, so that it counts as
        used; a run that writes removes the other fingerprints' files not used for
        STALE_SECONDS."""
        if not self._trusted:
            return
        if self.fresh.keys() == self.entries.keys():
            if self._modified is not None and time.time() - self._modified > _TOUCH_SECONDS:
                try:
                    os.utime(self.file)
                except OSError:
                    pass
            return
        merged = dict(self.fresh)
        for key, value in self.entries.items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, value)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".results-", dir=self.file.parent)
            try:
                # surrogatepass: a path named on the command line may hold the lone surrogates
                # of an undecodable file name, and must come back as it was
                text = json.dumps({"format": FORMAT, "saved": time.time(), "entries": merged},
                                  ensure_ascii=False, separators=(",", ":"))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text.encode("utf-8", "surrogatepass"))
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, ValueError):  # ValueError: a value JSON cannot write (not made by put)
            return
        self._prune()

    def _prune(self) -> None:
        """Remove the other results files no run has used for STALE_SECONDS (the pickles of
        format 1 among them); never raises."""
        oldest = time.time() - STALE_SECONDS
        try:
            others = [path for path in self.file.parent.iterdir() if path != self.file
                      and path.name.startswith("results-") and path.suffix in (".json", ".pickle")]
        except OSError:
            return
        for path in others:
            try:
                if path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                pass


def _result(entry: Any, path: str) -> Optional[FileResult]:
    """The FileResult an entry stands for, or None when it is not one `put` made."""
    if not isinstance(entry, (list, tuple)) or len(entry) != 2:
        return None
    findings, profile = entry
    if not isinstance(findings, (list, tuple)) or not (profile is None or isinstance(profile, str)):
        return None
    try:
        made = [Finding.model_validate(finding) for finding in findings]
    except Exception:  # noqa: BLE001 - ValidationError, or a value pydantic refuses otherwise
        return None
    if any(finding.path != path for finding in made):
        return None
    return FileResult(path=path, findings=made, profile=profile)


def run_cached(files: Sequence[str], settings_for: Callable[[str], Settings],
               run: Callable[..., Any], cache: ResultCache,
               on_result: Optional[Callable[[FileResult], FileResult]] = None) -> Any:
    """Check `files` through the cache: `run(misses)` checks the others (a RunResult), whose
    results are then put back in the order of `files`.

    With `on_result`, `run(misses, on_checked)` must call `on_checked` with each miss's
    result in order (reportlint.run.batch.run_batch's `on_result`): every file's result,
    cached or checked, then goes to `on_result` in the order of `files` as soon as it and
    the files before it are known, and the run keeps what `on_result` returns.
    """
    from ..errors import ConfigError, InputError
    from .batch import InOrder
    from .runner import read_report_bytes

    slots: list[Optional[FileResult]] = [None] * len(files)
    keys: dict[int, str] = {}
    misses: list[int] = []  # places of the files to check
    for index, path in enumerate(files):
        try:
            shown, data = read_report_bytes(path)
            key = cache.key(shown, data, settings_for(path))
        except (InputError, ConfigError):  # reported by the run itself
            misses.append(index)
            continue
        found = cache.get(key, shown)
        if found is None:
            keys[index] = key
            misses.append(index)
        else:
            slots[index] = found
    order = InOrder(slots, on_result)
    order.flush()  # the cached files before the first miss
    checked = iter(misses)

    def on_checked(item: FileResult) -> FileResult:
        place = next(checked, None)
        if place is None:  # not expected: kept after the others rather than lost
            order.slots.append(None)
            place = len(order.slots) - 1
        if place in keys:
            cache.put(keys[place], item)
        order.put(place, item)
        return item

    if on_result is None:
        result = run([files[index] for index in misses])
        for item in result.files:
            on_checked(item)
    else:
        result = run([files[index] for index in misses], on_checked)
    result.files = order.results()
    cache.save()
    return result
