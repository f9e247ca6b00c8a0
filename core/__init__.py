"""reportlint: a linter for Chinese performance self-evaluation reports (绩效自评报告)."""

__version__ = "0.1.0"

from ._aliases import install as _install_aliases

_install_aliases()  # reportlint.hookspecs, reportlint.rules, …: the paths plugins were promised

# The embedding API (reportlint.api), imported on first use so that `import reportlint`
# stays cheap (no pydantic, lark or pluggy until a check is asked for).
_API = {"check_path", "check_bytes", "check_text", "Finding", "Settings", "InputError", "ConfigError"}
__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'reportlint' has no attribute {name!r}")
