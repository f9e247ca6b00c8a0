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
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Union

from .run.config import Settings, make_settings, settings_for
from .errors import ConfigError, InputError
from .pluginapi.findings import Finding
from .run.runner import FileResult, RunResult, check_source, get_manager, plugin_load_findings
from .input.source import Source, normalise_text

Config = Union[Settings, dict[str, Any], None]

__all__ = ["check_path", "check_bytes", "check_text", "Finding", "Settings", "InputError", "ConfigError"]


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
    manager = get_manager(settings.disable_plugins)
    return _finish(check_source(source, settings, manager), settings)


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
    return check_source_text(reader(data, filename), chosen)


def check_path(path: str | Path, *, config: Config = None, settings: Optional[Settings] = None) -> list[Finding]:
    """Check a report file; without config/settings, use the configuration file found upwards."""
    from .run.runner import check_path as run_check_path

    if config is None and settings is None:
        chosen = settings_for(Path(path))
        rules = get_manager(chosen.disable_plugins).rules()
        chosen.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
    else:
        chosen = _settings(config, settings)
    return _finish(run_check_path(path, chosen, get_manager(chosen.disable_plugins)), chosen)
