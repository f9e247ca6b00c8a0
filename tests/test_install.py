"""The package installs from a wheel, and the grammars and profiles load from the installed copy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(ROOT)], capture_output=True, text=True)
    if proc.returncode != 0:  # no setuptools in the environment: build isolated
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                              capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("reportlint-*.whl")
    return found


def test_wheel_holds_the_mapped_packages_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("reportlint/__init__.py", "reportlint/cli.py", "reportlint/grammars/report.lark",
                     "reportlint/plugins/__init__.py", "reportlint/plugins/profiles/data/hunan.toml",
                     "reportlint/plugins/profiles/data/guangdong-zhanjiang.toml"):
        assert required in names, required
    assert not any(name.startswith(("core/", "plugins/", "grammars/", "tests/")) for name in names)


def test_installed_wheel_parses_a_report(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    script = (
        "import reportlint, sys\n"
        "from reportlint.cli import main\n"
        "assert reportlint.__file__.startswith(sys.argv[1]), reportlint.__file__\n"
        "sys.exit(main(['parse', sys.argv[2]]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    proc = subprocess.run([sys.executable, "-c", script, str(target), str(ROOT / "examples" / "sample_report.txt")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "profile: guangdong-zhanjiang" in proc.stdout
    assert "自评工作开展情况" in proc.stdout
