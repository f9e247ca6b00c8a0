"""The embedding API: reportlint.check_path / check_bytes / check_text."""

from __future__ import annotations

import subprocess
import sys

import pytest

import reportlint
from reportlint.errors import ConfigError, InputError
from util import seed_path, seed_text

NO_PROFILE = "整体绩效自评报告\n一、单位基本情况\n"


def test_import_is_cheap():
    code = "import sys, reportlint; print([m for m in ('pydantic', 'lark', 'pluggy') if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_check_text_with_config_dict():
    findings = reportlint.check_text(NO_PROFILE, config={"select": ["PRS"]})
    assert [(f.rule, f.line, f.severity) for f in findings] == [("PRS003", 1, "info")]
    assert isinstance(findings[0], reportlint.Finding)
    assert reportlint.check_text(NO_PROFILE, config={"select": ["PRS"], "profile": "hunan"}) == []
    severity = reportlint.check_text(NO_PROFILE, config={"select": ["PRS"], "severity": {"PRS003": "error"}})
    assert severity[0].severity == "error"


def test_check_text_with_settings_object():
    settings = reportlint.Settings(select=["PRS"], ignore=["PRS003"])
    assert reportlint.check_text(NO_PROFILE, settings=settings) == []


def test_check_bytes_and_path_agree_on_a_seed():
    data = seed_path("001").read_bytes()
    by_bytes = reportlint.check_bytes(data, filename="001.txt", config={"select": ["PRS"]})
    by_path = reportlint.check_path(seed_path("001"), config={"select": ["PRS"]})
    by_text = reportlint.check_text(seed_text("001"), config={"select": ["PRS"]})
    assert by_bytes == [] and by_path == [] and by_text == []
    gbk = NO_PROFILE.encode("gb18030")
    assert [f.rule for f in reportlint.check_bytes(gbk, config={"select": ["PRS"]})] == ["PRS003"]


def test_check_path_uses_the_configuration_found_upwards(tmp_path):
    (tmp_path / "reportlint.toml").write_text('select = ["PRS"]\nignore = ["PRS003"]\n')
    report = tmp_path / "r.txt"
    report.write_text(NO_PROFILE, encoding="utf-8")
    assert reportlint.check_path(report) == []
    assert [f.rule for f in reportlint.check_path(report, config={"select": ["PRS"]})] == ["PRS003"]


def test_suppressions_apply_through_the_api(tmp_path):
    (found,) = reportlint.check_text(NO_PROFILE, config={"select": ["PRS"]})
    (tmp_path / "s.toml").write_text(f'[[suppression]]\nfingerprint = "{found.fingerprint}"\nreason = "示例"\n\n'
                                     '[[suppression]]\nfingerprint = "ffff"\nreason = "旧"\n')
    findings = reportlint.check_text(NO_PROFILE, config={"suppressions": str(tmp_path / "s.toml")})
    assert [(f.rule, f.line) for f in findings] == [("PRS004", 5)]


def test_errors_are_exceptions_with_one_line():
    with pytest.raises(InputError, match="empty file"):
        reportlint.check_bytes(b"   \n")
    with pytest.raises(InputError, match="no such file"):
        reportlint.check_path("/nonexistent/report.txt", config={})
    with pytest.raises(ConfigError, match="unknown rule code or prefix 'NOPE'"):
        reportlint.check_text("x", config={"select": ["NOPE"]})
    with pytest.raises(ConfigError, match="configuration key 'bogus'"):
        reportlint.check_text("x", config={"bogus": 1})
    with pytest.raises(AttributeError):
        reportlint.no_such_name
