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


# -- memory: bounded by the inputs, and by an address-space limit where the process is ours --
def test_a_report_over_the_character_limit_is_refused_before_it_is_checked(tmp_path):
    from reportlint.api import check_report
    from reportlint.run.limits import MAX_REPORT_CHARS

    text = "一、单位基本情况\n" + "预" * MAX_REPORT_CHARS + "\n"
    with pytest.raises(InputError, match=f"limit {MAX_REPORT_CHARS:,}"):
        reportlint.check_text(text)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="characters, limit"):
        reportlint.check_path(path, config={})
    result = check_report(text.encode("utf-8"), "long.txt")
    assert result.error == f"report too long ({len(text):,} characters, limit {MAX_REPORT_CHARS:,}) / 报告过长"
    assert result.seconds < 5


def test_a_report_over_the_line_limit_is_refused():
    from reportlint.api import check_report
    from reportlint.run.limits import MAX_REPORT_LINES

    text = "一、单位基本情况\n" + "\n" * MAX_REPORT_LINES
    with pytest.raises(InputError, match=f"lines, limit {MAX_REPORT_LINES:,}"):
        reportlint.check_bytes(text.encode("utf-8"), filename="many.txt")
    assert "lines, limit" in check_report(text.encode("utf-8"), "many.txt").error


def test_a_report_at_the_limits_is_still_checked():
    from reportlint.run.limits import MAX_REPORT_CHARS, MAX_REPORT_LINES, check_report_size

    check_report_size("a" * (MAX_REPORT_CHARS - MAX_REPORT_LINES) + "\n" * (MAX_REPORT_LINES - 1), "edge.txt")
    findings = reportlint.check_text(seed_text("004"))  # an ordinary report is far from both
    assert findings


def test_memory_limit_setting_reads_the_environment():
    from reportlint.run.limits import DEFAULT_MEMORY_LIMIT, memory_limit_setting

    assert memory_limit_setting({}) == DEFAULT_MEMORY_LIMIT == 4 * 1024 ** 3
    assert memory_limit_setting({"REPORTLINT_MEMORY_LIMIT": "512"}) == 512 * 1024 * 1024
    assert memory_limit_setting({"REPORTLINT_MEMORY_LIMIT": "0"}) is None
    with pytest.raises(ValueError):
        memory_limit_setting({"REPORTLINT_MEMORY_LIMIT": "lots"})
    with pytest.raises(ValueError):
        memory_limit_setting({"REPORTLINT_MEMORY_LIMIT": "-1"})


MEMORY_SCRIPT = r"""
import resource, sys
from reportlint.run.limits import apply_memory_limit, current_memory_limit
from reportlint.api import check_report
import reportlint.api, docx, lxml.etree  # loaded before the limit, as in a CLI run
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), resource.getrlimit(resource.RLIMIT_AS)[1]))
assert apply_memory_limit(int(sys.argv[1]) * 4) == int(sys.argv[1])  # only ever lowers
print(current_memory_limit())
big = bytearray(int(sys.argv[1]))  # more than the limit allows: MemoryError, worded by the API
"""


def test_apply_memory_limit_only_lowers_and_memory_error_is_one_line():
    """Under an address-space limit an allocation past it is a MemoryError, not the OOM killer."""
    from reportlint.run.limits import out_of_memory_message

    limit = 1024 ** 3
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(limit)], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.split()[0] == str(limit)
    assert "MemoryError" in done.stderr
    assert out_of_memory_message(limit) == ("out of memory (address-space limit 1024 MB; set REPORTLINT_MEMORY_LIMIT "
                                            "to raise it) / 内存不足，无法检查")


CHECK_SCRIPT = r"""
import sys
from reportlint.run.limits import apply_memory_limit
from reportlint.api import check_report
import reportlint.input.readers.docx, docx, lxml.etree  # loaded before the limit
from test_hostile_docx_expansion import build
row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 8 + "</w:tr>"
data = build("<w:p><w:r><w:t>一、单位基本情况</w:t></w:r></w:p><w:tbl>" + row * 20000 + "</w:tbl>")
check_report(b"warm up", "w.txt")  # grammar and plugins loaded, as in a CLI run
apply_memory_limit(int(sys.argv[1]))
print(check_report(data, "tight.docx", time_limit=120).error)
"""


def test_out_of_memory_in_check_report_is_its_one_line_error():
    """Under a tight address-space limit, a large (in-bounds) table runs out of memory: the
    result's error says so and names the limit, instead of 'internal error' or a crash."""
    import os
    from pathlib import Path

    limit = 360 * 1024 * 1024
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", CHECK_SCRIPT, str(limit)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "out of memory (address-space limit 360 MB; set REPORTLINT_MEMORY_LIMIT to raise it) / 内存不足，无法检查"


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("with_good_file", [False, True], ids=["one file", "batch"])
def test_the_command_line_bounds_its_memory_and_says_so_in_one_line(tmp_path, with_good_file):
    """`reportlint check` run as a command lowers its address-space limit to
    REPORTLINT_MEMORY_LIMIT: a report that needs more ends as one line (exit 2), and in a batch
    the other files are still checked, by workers that inherit the limit."""
    import os
    from pathlib import Path

    line = "2023年度项目支出" + "，".join(f"第{i}项经费{i % 97}.5万元" for i in range(200)) + "。\n"
    dense = tmp_path / "dense.txt"
    dense.write_text("一、部门基本情况\n" + line * 900, encoding="utf-8")  # 1.7 M characters: within the size bound
    paths = [str(dense)]
    if with_good_file:
        paths.append(str(Path(__file__).parent / "fixtures" / "seeds" / "000_7036a03b7933ec4a.txt"))
    command = [str(Path(sys.executable).with_name("reportlint")), "check", "--no-cache", "--format", "concise", *paths]
    env = dict(os.environ, REPORTLINT_MEMORY_LIMIT="200")  # seed 000 checks in 180 MB, the dense report needs 300
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 2, done.stderr[-2000:]
    oom = f"{dense}: out of memory (address-space limit 200 MB; set REPORTLINT_MEMORY_LIMIT to raise it) / 内存不足，无法检查"
    assert done.stderr.splitlines()[0] == oom
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr and "PRS001" not in done.stdout
    if with_good_file:
        assert "000_7036a03b7933ec4a.txt:13:1: SEC004" in done.stdout
    # the same report without the bound is checked (exit 0: it holds no finding but PRS003)
    unbounded = subprocess.run(command[:-len(paths)] + [str(dense)], capture_output=True, text=True, timeout=300,
                               env=dict(os.environ, REPORTLINT_MEMORY_LIMIT="0"))
    assert unbounded.returncode == 0 and "PRS003" in unbounded.stdout, unbounded.stderr[-2000:]
