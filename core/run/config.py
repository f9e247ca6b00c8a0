"""Configuration: `[tool.reportlint]` in pyproject.toml or reportlint.toml, plus command-line overrides.

The file is searched from the checked file's folder upwards; the first `reportlint.toml`,
`.reportlint.toml`, or `pyproject.toml` with a `[tool.reportlint]` table wins. Keys use
kebab-case in the file (`extend-select`, `per-file-ignores`, `fail-on`). Unknown keys,
rule codes and rule options are errors that name them. Command-line values replace the
file's, except `--extend-select`, `--ignore` and `--disable-plugin`, which add to it.
docs/configuration.md is the user's guide.
"""


import fnmatch
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError
from ..parse.toml_files import load_toml
from ..pluginapi.findings import SEVERITY_RANK, Severity
from ..pluginapi.rules import matches

CONFIG_NAMES = ("reportlint.toml", ".reportlint.toml", "pyproject.toml")
# Command-line values of these keys add to the file's list; every other key replaces the file's value.
ADDITIVE_KEYS = ("extend-select", "ignore", "disable-plugins")
# Keys naming files: relative to the configuration file that names them.
PATH_KEYS = ("suppressions", "baseline")
# Files reportlint reads besides reports: regular files only, refused beyond these sizes
# before a byte is read (a configuration is a few KB; a baseline of a large backlog some MB).
MAX_CONFIG_BYTES = 1024 * 1024
MAX_SUPPRESSIONS_BYTES = 16 * 1024 * 1024
MAX_BASELINE_BYTES = 64 * 1024 * 1024


def read_limited(path: str | os.PathLike, what: str, limit: int) -> bytes:
    """The bytes of a configuration, suppressions or baseline file, or ConfigError with one line.

    The same guards as for reports: a missing file, a folder, anything that is not a
    regular file (/dev/zero, a FIFO: reading could never end, or block) and a file over
    `limit` bytes are refused before reading. The file is opened without blocking and
    checked again on the open descriptor, so swapping it for a FIFO in between does not hang.
    """
    shown = os.fspath(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ConfigError(f"{what} {shown}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{what} {shown}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{what} {shown}: not a regular file")
    if info.st_size > limit:
        raise ConfigError(f"{what} {shown}: too large ({info.st_size} bytes, limit {limit})")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ConfigError(f"{what} {shown}: cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ConfigError(f"{what} {shown}: not a regular file")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ConfigError(f"{what} {shown}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:  # it grew after stat
        raise ConfigError(f"{what} {shown}: too large (over {limit} bytes)")
    return data


def read_limited_text(path: str | os.PathLike, what: str, limit: int) -> str:
    """`read_limited`, decoded as UTF-8 (a BOM is allowed); a bad byte is a ConfigError naming it."""
    data = read_limited(path, what, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what} {os.fspath(path)}: not UTF-8 text (byte {exc.start})") from None


class Settings(BaseModel):
    """Everything that decides which findings a run reports and how it exits."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=lambda: ["ALL"])
    extend_select: list[str] = Field(default=[], alias="extend-select")
    ignore: list[str] = []
    per_file_ignores: dict[str, list[str]] = Field(default={}, alias="per-file-ignores")
    severity: dict[str, Severity] = {}
    fail_on: Severity = Field("warning", alias="fail-on")
    profile: Optional[str] = None
    rules: dict[str, dict[str, Any]] = {}  # per-rule options
    suppressions: Optional[str] = None
    baseline: Optional[str] = None
    # folder runs (reportlint.run.discovery): patterns relative to this file's folder
    exclude: list[str] = []  # replaces the default excludes
    extend_exclude: list[str] = Field(default=[], alias="extend-exclude")  # adds to them
    force_exclude: bool = Field(False, alias="force-exclude")  # files named one by one too (pre-commit)
    disable_plugins: list[str] = Field(default=[], alias="disable-plugins")
    timeout: float = 60.0  # seconds per file
    config_path: Optional[str] = Field(None, exclude=True)

    # -- selection -------------------------------------------------------------------
    def rule_enabled(self, code: str, enabled_by_default: bool = True, path: Optional[str] = None) -> bool:
        """ruff's logic: the most specific selector wins; explicit codes beat prefixes.

        A rule that is off by default (SEC011 mixed-marker-style) is only turned on by
        naming its full code: selecting its family (`--select SEC`) or ALL keeps it off.
        """
        best_select = _best(code, self.select + self.extend_select)
        best_ignore = _best(code, self.ignore + self._file_ignores(path))
        if best_select is None:
            return False
        if best_ignore is not None and _specificity(best_ignore) >= _specificity(best_select):
            return False
        if not enabled_by_default and best_select != code:
            return False
        return True

    def _file_ignores(self, path: Optional[str]) -> list[str]:
        if not path or not self.per_file_ignores:
            return []
        base = Path(self.config_path).parent if self.config_path else Path.cwd()
        try:
            rel = Path(path).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            rel = Path(path).as_posix()
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                codes.extend(ignored)
        return codes

    def severity_of(self, code: str, default: Severity) -> Severity:
        best = _best(code, list(self.severity))
        return self.severity[best] if best is not None else default

    def fails(self, severity: Severity) -> bool:
        return SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_on]

    def validate_codes(self, known: set[str], options: dict[str, type[BaseModel]]) -> None:
        """Raise ConfigError naming any selector, code or rule option that is unknown."""
        selectors = (self.select + self.extend_select + self.ignore + list(self.severity)
                     + [c for codes in self.per_file_ignores.values() for c in codes])
        for selector in selectors:
            if selector != "ALL" and not any(code.startswith(selector) for code in known):
                raise ConfigError(f"unknown rule code or prefix {selector!r} (see `reportlint rules`)")
        for code, values in self.rules.items():
            if code not in known:
                raise ConfigError(f"options given for unknown rule {code!r} (see `reportlint rules`)")
            try:
                options[code].model_validate(values)
            except ValidationError as exc:
                problem = exc.errors()[0]
                where = ".".join(str(p) for p in problem["loc"])
                raise ConfigError(f"rule {code} option {where!r}: {problem['msg']}") from None


def _best(code: str, selectors: list[str]) -> Optional[str]:
    hits = [s for s in selectors if matches(code, s)]
    if not hits:
        return None
    return max(hits, key=_specificity)


def _specificity(selector: str) -> int:
    """ALL is the least specific selector; a longer prefix is more specific than a shorter one."""
    return 0 if selector == "ALL" else len(selector)


def find_config(start: Path) -> Optional[Path]:
    """The nearest configuration file at or above `start` (a file or folder)."""
    folder = start if start.is_dir() else start.parent
    return _find_config(folder.resolve())


def _find_config(folder: Path, broken: bool = False) -> Optional[Path]:
    # Not cached: a long-running embedder must see a configuration file created after start.
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                try:
                    if name == "pyproject.toml" and "reportlint" not in _read_toml(path).get("tool", {}):
                        continue
                except ConfigError:
                    if broken:  # the caller asks which file is in the way
                        return path
                    raise
                return path
    return None


def config_in_the_way(start: Path) -> Optional[Path]:
    """The configuration file that governs `start`, even when it cannot be read (a broken
    pyproject.toml is then taken for a reportlint configuration): to say whom it costs."""
    folder = start if start.is_dir() else start.parent
    return _find_config(folder.resolve(), broken=True)


@lru_cache(maxsize=64)
def _read_toml_cached(path: Path, mtime: float, size: int) -> dict:
    text = read_limited_text(path, "configuration", MAX_CONFIG_BYTES)
    try:
        return load_toml(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except RecursionError:  # deeply nested arrays or tables
        raise ConfigError(f"{path}: cannot read configuration: nested too deeply") from None


def _read_toml(path: Path) -> dict:
    try:
        info = path.stat()
    except OSError as exc:
        raise ConfigError(f"configuration {path}: cannot read: {exc.strerror or exc}") from None
    return _read_toml_cached(path, info.st_mtime, info.st_size)


def load_file_settings(path: Path) -> dict[str, Any]:
    """The reportlint table of a configuration file, as raw values."""
    data = _read_toml(path)
    table = data.get("tool", {}).get("reportlint", {}) if path.name == "pyproject.toml" else data
    return dict(table)


def make_settings(file_values: Optional[dict[str, Any]] = None, overrides: Optional[dict[str, Any]] = None,
                  config_path: Optional[Path] = None) -> Settings:
    """Settings from a file's values with command-line overrides on top; errors name the key."""
    values = dict(file_values or {})
    if config_path is not None:  # file names in a configuration file are relative to that file
        for key in PATH_KEYS:
            if isinstance(values.get(key), str):
                values[key] = str((Path(config_path).parent / values[key]))
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key in ADDITIVE_KEYS and isinstance(values.get(key), list):
            values[key] = list(values[key]) + [v for v in value if v not in values[key]]
        else:
            values[key] = value
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        origin = f"{config_path}: " if config_path else ""
        raise ConfigError(f"{origin}configuration key {where!r}: {problem['msg']}") from None
    settings.config_path = str(config_path) if config_path else None
    return settings


def settings_for(path: Path, overrides: Optional[dict[str, Any]] = None, config: Optional[Path] = None,
                 isolated: bool = False) -> Settings:
    """The settings that apply to one checked file."""
    if isolated:
        return make_settings({}, overrides)
    return settings_from(config or find_config(path), overrides)


def settings_from(config_path: Optional[Path], overrides: Optional[dict[str, Any]] = None) -> Settings:
    """The settings of a configuration file already found (None: no file) with `overrides`."""
    values = load_file_settings(config_path) if config_path else {}
    return make_settings(values, overrides, config_path)
