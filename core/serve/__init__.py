"""`reportlint serve`: a review service for the people who write the reports (docs/serve.md).

FastAPI on uvicorn, an optional extra (`pip install "reportlint[serve]"`). Importing this
package raises ImportError (naming the missing module) when the extra is not installed.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path
from typing import Optional

import fastapi  # noqa: F401  - the extra's modules: fail here, at import, with their names
import python_multipart  # noqa: F401
import uvicorn

from .app import MB, ServeConfig, create_app

__all__ = ["ServeConfig", "create_app", "serve", "is_loopback", "TOKEN_ENV"]

TOKEN_ENV = "REPORTLINT_TOKEN"


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(*, host: str = "127.0.0.1", port: int = 8000, workers: Optional[int] = None,
          token: Optional[str] = None, allow_no_token: bool = False, timeout: float = 30.0,
          max_request_mb: float = 20.0, max_files: int = 20, config: Optional[Path] = None,
          root_path: str = "", forwarded_allow_ips: Optional[str] = None, log_level: str = "info") -> int:
    """Run the service until interrupted; returns the exit code (2: refused to start)."""
    from ..errors import ConfigError
    from ..run.config import find_config, load_file_settings

    token = token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and not token and not allow_no_token:
        print(f"reportlint: refusing to serve on {host} without an access token: anyone who can reach it could "
              f"use it. Give --token TOKEN (or {TOKEN_ENV}=TOKEN), or --allow-no-token if a proxy in front "
              f"authenticates users / 对外开放时请设置访问令牌", file=sys.stderr)
        return 2
    if token and len(token) < 12:
        print("reportlint: the access token is too short (at least 12 characters) / 访问令牌至少 12 个字符",
              file=sys.stderr)
        return 2
    if config is not None and not config.is_file():
        raise ConfigError(f"{config}: no such configuration file")
    config_path = config or find_config(Path.cwd())
    file_values = load_file_settings(config_path) if config_path else {}
    settings = ServeConfig(workers=workers or os.cpu_count() or 1, token=token, timeout=timeout,
                           max_request_bytes=int(max_request_mb * MB), max_files=max_files,
                           file_values=file_values, config_path=config_path)
    app = create_app(settings)
    if not is_loopback(host) and not token:
        print(f"reportlint: WARNING: serving on {host} without an access token (--allow-no-token)",
              file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(
        app, host=host, port=port, log_level=log_level, root_path=root_path, server_header=False,
        proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips or "127.0.0.1",
        timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024))
    server.run()
    return 0
