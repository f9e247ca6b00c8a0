"""The public Python API for services that embed reportlint.

    import reportlint
    findings = reportlint.check_path("report.docx")
    findings = reportlint.check_text(text, config={"select": ["FRM"], "fail-on": "error"})
    findings = reportlint.check_bytes(upload.read(), filename="report.docx")

Each returns the list of `Finding`s (the same objects `--format json` prints) after
selection, per-file ignores, severity overrides, and, when the configuration names them,
suppressions and the baseline. Configuration is either a `Settings` object or a dict of
`[tool.reportlint]` keys (`config=`); with neither, `check_path` uses the configuration file
found from the report upwards, the others use defaults. Bad input raises `InputError`,
bad configuration `ConfigError` (both with one readable line); a plugin that raises becomes a
PRS001 finding, as on the command line.

For batch and cluster use there is also a pure function (no file system, no configuration
search, safe in any thread):

    result = reportlint.api.check_report(data, "unit-a/报告.docx", {"select": ["FRM"]},
                                         suppressions=toml_text, baseline=json_text, time_limit=30)
    result.findings   # tuple of dicts: the objects of `--format json`, in its order
    result.error      # None, or the one line that says why the file could not be checked

It takes the report's bytes, its file name (the suffix chooses the reader; the name is the
`path` of every finding and what suppression globs and the baseline's `file` are matched
against, so give it relative to the project root) and settings (a `Settings`, a dict of
`[tool.reportlint]` keys, or None). Suppressions (TOML) and a baseline (JSON) are passed as
their contents, never read from disk (`settings.suppressions`/`settings.baseline` file
names are ignored here). The time limit (default: `settings.timeout`) works off the main
thread (reportlint.run.limits). The result, a `ReportResult`, holds only plain values
(str, int, float, tuples, dicts of JSON values), so it pickles across processes and Dask
workers and can be cached; `ReportResult.file_result()` turns it back into the runner's
FileResult, for reportlint's formatters.

Memory: every call is bounded by its inputs, not by a process limit (an address-space limit
is process-wide and would be the host's): the readers bound what a file may expand to
(.docx/.xlsx XML parts, nodes, rendered text; see docs/security.md), and every report's text
is held to `limits.MAX_REPORT_CHARS` characters and `limits.MAX_REPORT_LINES` lines before
it is checked (InputError otherwise), which keeps one call under about 2 GB. A MemoryError
all the same is `check_report`'s one-line error, an InputError from the others.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Optional, Union

from .run.config import Settings, make_settings, settings_for
from .errors import ConfigError, InputError
from .pluginapi.findings import Finding
from .run.limits import current_memory_limit, out_of_memory_message
from .run.runner import FileResult, RunResult, check_source, get_manager, plugin_load_findings, read_source
from .input.source import MAX_BYTES, Source, normalise_text

Config = Union[Settings, dict[str, Any], None]

__all__ = ["check_path", "check_bytes", "check_text", "check_report", "ReportResult", "Finding", "Settings",
           "InputError", "ConfigError"]


def _settings(config: Config, settings: Optional[Settings]) -> Settings:
    if settings is not None and config is not None:
        raise ConfigError("give either settings= or config=, not both")
    if settings is not None:
        chosen = settings
    elif isinstance(config, Settings):
        chosen = config
    else:
        chosen = make_settings(config or {})
    rules = get_manager(chosen.disable_plugins).rules()
    chosen.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
    return chosen


def _finish(file_result: FileResult, settings: Settings) -> list[Finding]:
    if file_result.error:
        raise InputError(file_result.path, file_result.error)
    manager = get_manager(settings.disable_plugins)
    result = RunResult(files=[file_result], extra=plugin_load_findings(manager), settings=settings)
    if settings.suppressions:
        from .run import suppressions

        suppressions.apply(result, settings.suppressions)
    if settings.baseline:
        from .run import baseline

        baseline.filter_new(result, settings.baseline)
    return result.findings


def check_source_text(source: Source, settings: Settings) -> list[Finding]:
    """Check a read report, held to the size limits (InputError past them: `check_source`)."""
    manager = get_manager(settings.disable_plugins)
    try:
        file_result = check_source(source, settings, manager)
    except MemoryError:
        raise InputError(source.path, out_of_memory_message(current_memory_limit())) from None
    except RecursionError:
        raise InputError(source.path, "report nesting too deep to parse / 结构过深，无法解析") from None
    return _finish(file_result, settings)


def check_text(text: str, *, path: str = "report.txt", config: Config = None,
               settings: Optional[Settings] = None) -> list[Finding]:
    """Check a report given as text (already in the layout the grammar reads: .txt form)."""
    chosen = _settings(config, settings)
    return check_source_text(Source(normalise_text(text, path), path), chosen)


def check_bytes(data: bytes, *, filename: str = "report.txt", config: Config = None,
                settings: Optional[Settings] = None) -> list[Finding]:
    """Check a report's bytes; `filename`'s suffix chooses the reader (.txt, .docx)."""
    chosen = _settings(config, settings)
    manager = get_manager(chosen.disable_plugins)
    readers = manager.readers()
    suffix = Path(filename).suffix.lower()
    reader = readers.get(suffix) or readers[".txt"]
    try:
        source = reader(data, filename)
    except MemoryError:
        raise InputError(filename, out_of_memory_message(current_memory_limit())) from None
    return check_source_text(source, chosen)


def check_path(path: str | Path, *, config: Config = None, settings: Optional[Settings] = None) -> list[Finding]:
    """Check a report file; without config/settings, use the configuration file found upwards."""
    if config is None and settings is None:
        chosen = settings_for(Path(path))
        rules = get_manager(chosen.disable_plugins).rules()
        chosen.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
    else:
        chosen = _settings(config, settings)
    try:
        source = read_source(path, get_manager(chosen.disable_plugins))
        return check_source_text(source, chosen)
    except (InputError, ConfigError):
        raise
    except MemoryError:
        raise InputError(str(path), out_of_memory_message(current_memory_limit())) from None
    except RecursionError:
        raise InputError(str(path), "report nesting too deep to parse / 结构过深，无法解析") from None
    except Exception as exc:  # noqa: BLE001 - as the runner: a bug of ours is one line
        raise InputError(str(path), f"internal error, please report it: {type(exc).__name__}: {exc}") from None


# -- the pure function -----------------------------------------------------------------
from dataclasses import dataclass, field  # noqa: E402


@dataclass(frozen=True)
class ReportResult:
    """What `check_report` gives: plain values only (picklable, cacheable, JSON-ready).

    `findings` are the report's findings after selection, suppressions and the baseline, as
    the dicts `--format json` prints, in its order. `extra` are findings about the inputs
    rather than the report (PRS004: a suppression that matched nothing; PRS002: a plugin
    that could not be loaded). `error` is set instead of findings when the report could not
    be read or ran out of time.
    """

    path: str
    findings: tuple[dict[str, Any], ...] = ()
    extra: tuple[dict[str, Any], ...] = ()
    error: Optional[str] = None
    profile: Optional[str] = None
    seconds: float = 0.0
    suppressed: int = 0
    baselined: int = 0
    timed_out: bool = field(default=False)

    def file_result(self) -> FileResult:
        """The runner's FileResult (with Finding objects) for reportlint's formatters."""
        return FileResult(path=self.path, findings=[Finding.model_validate(f) for f in self.findings],
                          error=self.error, seconds=self.seconds, profile=self.profile)


def _pure_settings(settings: Config) -> Settings:
    """Settings for `check_report`: a Settings object or a dict of `[tool.reportlint]` keys."""
    return _settings(settings, None)


def _content_text(content: Union[str, bytes]) -> str:
    return content.decode("utf-8-sig") if isinstance(content, bytes) else content


def _with_content(content: Union[str, bytes], name: str, load):
    """`load(path)` of suppressions/baseline content, through a private temporary file (the
    loaders validate files); errors name `name`, not the temporary file."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reportlint-") as folder:
        path = os.path.join(folder, os.path.basename(name) or "content")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(_content_text(content))
        try:
            return load(path)
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(path, name)) from None


def _apply_suppressions(result: RunResult, content: Union[str, bytes], name: str, settings: Settings) -> None:
    """reportlint.run.suppressions.apply, with the file's content given."""
    from .run import suppressions

    entries = _with_content(content, name, suppressions.load)
    suppressions.apply_entries(result, entries, name, settings)


def _apply_baseline(result: RunResult, content: Union[str, bytes]) -> None:
    """reportlint.run.baseline.filter_new, with the baseline's content given: a finding is
    known when (its path, as given, with "/" separators; its fingerprint) is in the baseline."""
    from .formatters.escape import safe_text
    from .run import baseline

    known = _with_content(content, "baseline.json", baseline.load)
    for file_result in result.files:
        kept = [f for f in file_result.findings
                if f.rule in baseline.TOOL_FINDINGS or (safe_text(f.path.replace("\\", "/")), f.fingerprint) not in known]
        result.baselined += len(file_result.findings) - len(kept)
        file_result.findings = kept


def check_report(data: bytes, file_name: str, settings: Config = None, *,
                 suppressions: Union[str, bytes, None] = None, baseline: Union[str, bytes, None] = None,
                 time_limit: Optional[float] = None, suppressions_name: str = "suppressions.toml") -> ReportResult:
    """Check one report given as bytes; a pure function of its arguments (see the module doc).

    Never raises for a bad report (unreadable, hostile, too slow: `error` says why); raises
    ConfigError for bad settings, suppressions or baseline content.
    """
    from .run.limits import TimeLimitExceeded, time_limit as limit_block, timed_out_message
    from .run.runner import reader_for

    chosen = _pure_settings(settings)
    manager = get_manager(chosen.disable_plugins)
    limit = chosen.timeout if time_limit is None else time_limit
    started = time.perf_counter()
    try:
        with limit_block(limit):
            if len(data) > MAX_BYTES:
                raise InputError(file_name, f"file too large ({len(data)} bytes, limit {MAX_BYTES}) / 文件过大")
            source = reader_for(file_name, manager)(data, file_name)
            file_result = check_source(source, chosen, manager)
    except TimeLimitExceeded:
        return ReportResult(path=file_name, error=timed_out_message(limit), seconds=limit, timed_out=True)
    except InputError as exc:
        return ReportResult(path=file_name, error=exc.message, seconds=time.perf_counter() - started)
    except RecursionError:
        return ReportResult(path=file_name, error="report nesting too deep to parse / 结构过深，无法解析",
                            seconds=time.perf_counter() - started)
    except MemoryError:
        return ReportResult(path=file_name, error=out_of_memory_message(current_memory_limit()),
                            seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the batch
        return ReportResult(path=file_name, error=f"internal error, please report it: {type(exc).__name__}: {exc}",
                            seconds=time.perf_counter() - started)
    result = RunResult(files=[file_result], extra=plugin_load_findings(manager), settings=chosen)
    if suppressions is not None:
        _apply_suppressions(result, suppressions, suppressions_name, chosen)
    if baseline is not None:
        _apply_baseline(result, baseline)
    return ReportResult(
        path=file_name, findings=tuple(f.model_dump(mode="json") for f in file_result.findings),
        extra=tuple(f.model_dump(mode="json") for f in result.extra), profile=file_result.profile,
        seconds=file_result.seconds, suppressed=result.suppressed, baselined=result.baselined)
