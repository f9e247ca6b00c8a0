"""Run mypy on reportlint as it is installed (`reportlint.*`), strict where pyproject says.

The source folders are mapped onto one import name by setuptools' package-dir
(core/ → reportlint, plugins/ → reportlint.plugins, grammars/ → reportlint.grammars), which
mypy cannot follow through an editable install. So this script lays the same tree out with
symbolic links in a temporary folder and points mypy at it.

    .venv/bin/python scripts/typecheck.py            # the strict packages (what CI runs)
    .venv/bin/python scripts/typecheck.py --all      # every package (informational)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRICT = ["reportlint.facts", "reportlint.pluginapi"]


def main() -> int:
    packages = STRICT if "--all" not in sys.argv else ["reportlint"]
    with tempfile.TemporaryDirectory(prefix="reportlint-mypy-") as tmp:
        tree = Path(tmp) / "reportlint"
        tree.mkdir()
        for entry in (ROOT / "core").iterdir():
            if entry.name != "__pycache__":
                (tree / entry.name).symlink_to(entry)
        (tree / "plugins").symlink_to(ROOT / "plugins")
        (tree / "grammars").symlink_to(ROOT / "grammars")
        env = dict(os.environ, MYPYPATH=tmp)
        command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                   "--cache-dir", str(ROOT / ".mypy_cache")]
        for package in packages:
            command += ["-p", package]
        return subprocess.call(command, env=env, cwd=tmp)


if __name__ == "__main__":
    sys.exit(main())
