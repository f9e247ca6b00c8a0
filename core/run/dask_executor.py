"""`--executor dask`: check a batch on a Dask cluster (the optional extra `reportlint[dask]`).

The client reads each report (with the guards of every read: regular files, size limit)
and sends the bytes, so the workers need no access to the files; reports travel in tasks
of `chunk` (default 75, within 50-100) so that scheduling costs little next to checking.
Each worker runs the pure `reportlint.api.check_report` on (bytes, name, settings), with the
per-file time limit of reportlint.run.limits (it works in a worker's task threads, where
no signal can be used), and sends back plain, picklable results. They are put back in the
order of the files, so the output is byte for byte that of `--jobs 1`.

The cluster is the one at `--dask-scheduler ADDRESS` (or `$REPORTLINT_DASK_SCHEDULER`), else
a LocalCluster started for the run with `--jobs` single-threaded worker processes.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Optional, Sequence

from ..errors import ConfigError, InputError
from .config import Settings
from .runner import FileResult, RunResult, get_manager, plugin_load_findings, read_report_bytes

DEFAULT_CHUNK = 75


def check_chunk(items: Sequence[tuple[str, bytes, Settings]]) -> list[Any]:
    """A task: check each (name, bytes, settings) with the pure API (runs on a worker)."""
    from ..api import check_report

    return [check_report(data, name, settings) for name, data, settings in items]


def _client(address: Optional[str], jobs: Optional[int]) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError('--executor dask needs the dask extra: pip install "reportlint[dask]"') from None
    address = address or os.environ.get("REPORTLINT_DASK_SCHEDULER")
    if address:
        return Client(address), None
    cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def run_dask(files: Sequence[str], *, settings: Settings, settings_for: Optional[Callable[[Any], Settings]] = None,
             client: Any = None, address: Optional[str] = None, jobs: Optional[int] = None,
             chunk: int = DEFAULT_CHUNK) -> RunResult:
    """Check `files` on a Dask cluster; the same RunResult as reportlint.run.batch.run_batch."""
    from pathlib import Path

    manager = get_manager(settings.disable_plugins)
    manager.rules()
    manager.profiles()
    manager.configure(settings)
    result = RunResult(settings=settings, extra=plugin_load_findings(manager))
    local: dict[int, FileResult] = {}  # unreadable files and broken configurations, in their place
    items: list[tuple[int, tuple[str, bytes, Settings]]] = []
    for index, path in enumerate(files):
        try:
            file_settings = settings_for(Path(path)) if settings_for else settings
        except ConfigError as exc:
            local[index] = FileResult(path=path, error=f"not checked: bad configuration: {exc} / 配置文件有误，未检查")
            continue
        try:
            shown, data = read_report_bytes(path)
        except InputError as exc:
            local[index] = FileResult(path=path, error=exc.message)
            continue
        items.append((index, (shown, data, file_settings)))
    chunk = max(1, chunk)
    owned = None
    if client is None and items:
        client, owned = _client(address, jobs)
    try:
        futures = [client.submit(check_chunk, [item for _, item in items[at:at + chunk]], pure=False)
                   for at in range(0, len(items), chunk)]
        checked = [report for batch in client.gather(futures) for report in batch] if futures else []
    finally:
        if owned is not None:
            client.close()
            owned.close()
    remote = {index: report.file_result() for (index, _), report in zip(items, checked)}
    result.files = [local[index] if index in local else remote[index] for index in range(len(files))]
    return result
