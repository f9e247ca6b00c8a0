"""Every output format carries the same findings; SARIF validates against the official schema."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from reportlint import cli
from reportlint.run import runner
from reportlint.pluginapi.hookspecs import hookimpl
from reportlint.pluginapi.manager import PluginManager
from reportlint.pluginapi.rules import Rule
from util import seed_path

SCHEMA = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"


class Tricky(Rule):
    """Test rule whose messages need escaping in every format.

    ## What it does
    Flags 指指标 and 万元元 with messages holding `,` `:` `%` `<&>` and a newline.

    ## Why is this bad?
    Formats must escape.

    ## Example
    `指指标`
    """

    code = "TST002"
    name = "tricky-message"
    severity = "warning"


class TrickyPlugin:
    @hookimpl
    def reportlint_register_rules(self):
        return [Tricky]

    @hookimpl
    def reportlint_check_document(self, document, context):
        for _, block in document.text_blocks():
            for word in ("指指标", "万元元"):
                at = block.text.find(word)
                if at >= 0:
                    yield context.finding("TST002", f"“{word}”: 100%, a,b <&> \"q\"\n第二行", block=block,
                                          start=at, end=at + 3, evidence={"stated": word},
                                          suggestion="删去重复的字")


@pytest.fixture
def manager(monkeypatch):
    manager = PluginManager(entry_points=False, extra=[("tricky", TrickyPlugin())])
    monkeypatch.setitem(runner._MANAGERS, (), manager)
    return manager


PATHS = [str(seed_path("001")), str(seed_path("004")), str(seed_path("000"))]
ARGS = ["--isolated", "--select", "TST,PRS", "-q"]


def run(fmt: str, capsys, extra=()) -> tuple[int, str]:
    code = cli.main(["check", "--format", fmt, *ARGS, *extra, *PATHS])
    return code, capsys.readouterr().out


def key(path, rule, line, column, message):
    return (Path(path).name, rule, int(line), int(column), message)


def test_every_format_has_the_same_findings(manager, capsys):
    code, out = run("json", capsys)
    assert code == 1
    findings = json.loads(out)
    expected = sorted(key(f["path"], f["rule"], f["line"], f["column"], f["message"]) for f in findings)
    assert [(k[0][:3], k[2]) for k in expected] == [("001", 109), ("004", 269), ("004", 280), ("004", 291)]

    _, out = run("jsonl", capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == findings

    _, out = run("sarif", capsys)
    log = json.loads(out)
    got = []
    for result in log["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]
        got.append(key(unquote(loc["artifactLocation"]["uri"]), result["ruleId"], loc["region"]["startLine"],
                       loc["region"]["startColumn"], result["message"]["text"]))
    assert sorted(got) == expected

    _, out = run("junit", capsys)
    root = ET.fromstring(out)
    got = []
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is not None:
            line, column = re.search(r"at (\d+):(\d+)$", case.get("name")).groups()
            got.append(key(case.get("file"), failure.get("type"), line, column, failure.get("message")))
    assert sorted(got) == expected

    _, out = run("github", capsys)
    got = []
    for line in out.splitlines():
        match = re.fullmatch(r"::warning file=([^,]*),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,"
                             r"title=(\w+) [^:]*::(.*)", line)
        assert match, line
        path, lineno, column, rule, message = match.groups()
        message = message.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        message = message.split("\n建议：")[0].removeprefix(rule + " ")
        got.append(key(path.replace("%2C", ",").replace("%3A", ":").replace("%25", "%"), rule, lineno, column,
                       message))
    assert sorted(got) == expected

    _, out = run("text", capsys)
    for path, _, line, column, _ in expected:
        assert f"  {line}:{column}" in out
    assert out.count("TST002") == len(expected)


def test_sarif_is_valid_against_the_official_schema(manager, capsys):
    _, out = run("sarif", capsys)
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[0]
    run0 = log["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"TST002", "PRS001", "PRS002", "PRS003", "PRS004"}
    tst = next(r for r in rules if r["id"] == "TST002")
    assert "## What it does" in tst["help"]["markdown"] and tst["defaultConfiguration"]["level"] == "warning"
    result = run0["results"][0]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert re.fullmatch(r"[0-9a-f]{16}", result["partialFingerprints"]["reportlint/v1"])
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["endColumn"] - region["startColumn"] == 3  # the three characters of the typo
    assert run0["columnKind"] == "unicodeCodePoints"


def test_sarif_negative_control_the_schema_rejects_a_broken_log(manager, capsys):
    """The validation above can fail: a result without a message is refused."""
    _, out = run("sarif", capsys)
    log = json.loads(out)
    del log["runs"][0]["results"][0]["message"]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log))


def test_sarif_with_unreadable_file_and_load_error_stays_valid(manager, capsys, tmp_path):
    manager.infos.append(type(manager.infos[0])("ghost", "ghost_mod", "1.0", False, error="ImportError: x"))
    missing = tmp_path / "missing.txt"
    code = cli.main(["check", "--format", "sarif", *ARGS, str(missing), str(seed_path("001"))])
    out = capsys.readouterr().out
    assert code == 2
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft4Validator(schema).iter_errors(log))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no such file" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    load = [r for r in log["runs"][0]["results"] if r["ruleId"] == "PRS002"]
    assert len(load) == 1 and "locations" not in load[0]


def test_github_escapes_properties_and_data(manager, capsys):
    _, out = run("github", capsys)
    line = out.splitlines()[0]
    assert "%0A第二行" in line and "100%25" in line and "\n" not in line
    assert line.startswith("::warning file=") and ",title=TST002 tricky-message::" in line


def test_junit_has_a_suite_per_file_and_a_passing_case_for_clean_files(manager, capsys):
    _, out = run("junit", capsys)
    root = ET.fromstring(out)
    suites = {Path(s.get("name")).name[:3]: s for s in root.findall("testsuite")}
    assert set(suites) == {"000", "001", "004"}
    assert (suites["004"].get("tests"), suites["004"].get("failures")) == ("3", "3")
    clean = suites["000"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None and suites["000"].get("failures") == "0"
    assert root.get("failures") == "4" and root.get("tests") == "5"
    assert "<&>" in suites["001"].find("testcase/failure").get("message")


def test_output_file_option(manager, capsys, tmp_path):
    target = tmp_path / "out.sarif"
    code = cli.main(["check", "--format", "sarif", "-o", str(target), *ARGS, *PATHS])
    assert code == 1 and capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_unknown_format_is_a_usage_error(capsys):
    assert cli.main(["check", "--format", "xml", "--isolated", str(seed_path("001"))]) == 2
    assert "unknown format 'xml'" in capsys.readouterr().err


def test_a_file_named_like_a_pseudo_path_keeps_its_location(tmp_path, monkeypatch, capsys):
    import json as _json

    from reportlint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "<script>.txt").write_text("一、甲\n算式1+1=3。\n", encoding="utf-8")
    main(["check", "--isolated", "-q", "--jobs", "1", "--format", "github", "./<script>.txt"])
    lines = [l for l in capsys.readouterr().out.splitlines() if "FRM001" in l]
    assert lines and "file=./<script>.txt,line=2" in lines[0]
    main(["check", "--isolated", "-q", "--jobs", "1", "--format", "sarif", "./<script>.txt"])
    sarif = _json.loads(capsys.readouterr().out)
    assert all(result.get("locations") for result in sarif["runs"][0]["results"])


@pytest.mark.parametrize("value", [
    [], {}, [[]], [{}], {"a": []}, None, True, 0, -12, 10 ** 30, 1.5, -0.0, 1e300, "", "中文\n\"引号\"\t\\",
    "\u2028\x7f\x9f", [1, [2, [3, {"k": (4, 5)}]], {"": None, "b": [True, False]}],
    float("nan"), [float("inf")], {1: "int key"}, {None: 1}, {"x": {1.5: 2}},
])
@pytest.mark.parametrize("indent", [0, 2, 4])
def test_indented_json_is_what_json_dumps_writes(value, indent):
    """--format json and sarif write indented JSON with reportlint.formatters.json's own encoder
    (json's is pure Python when indenting): the text is json.dumps', byte for byte."""
    from reportlint.formatters.json import dumps

    expected = json.dumps(value, ensure_ascii=False, indent=indent)
    assert dumps(value, indent=indent) == re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}",
                                                  expected)


def _finding(**fields):
    from reportlint.pluginapi.findings import Finding

    values = dict(path="a.txt", rule="FRM001", name="n", severity="error", message="m", line=3, column=2,
                  end_line=3, end_column=9)
    values.update(fields)
    return Finding(**values)


def _native_cases():
    from reportlint.pluginapi.findings import Evidence, WordLocation

    return {
        "plain": ([_finding(), _finding(line=4, section=["一、", "（二）"], suggestion="改为100%")], True),
        "controls and separators": ([_finding(message="a\x1b\x00\x7f\x85\u2028\u2029b\t\n\"\\", snippet="\x9f")], True),
        "evidence": ([_finding(evidence=Evidence(stated="93.38%", computed="93.40%", figures=["1", "2"],
                                                 related=[{"line": 4, "text": "年初预算", "ok": True, "x": None,
                                                           "parts": [1, ["2"], {"k": "v"}]}],
                                                 ratio="0.9338", rows=[1, 2]))], True),
        "word location": ([_finding(word=WordLocation(part="table", table=2, row=3, column=1, quote="合计"),
                                    location="表格2 第3行 第1列")], True),
        "no findings": ([], True),
        "a float": ([_finding(evidence=Evidence(share=1e-7))], False),
        "a float deep in related": ([_finding(evidence=Evidence(related=[{"a": [0.5]}]))], False),
        "a non-string key": ([_finding(evidence=Evidence(by_line={4: "x"}))], False),
        "a tuple": ([_finding(evidence=Evidence(pair=("a", "b")))], False),
        "a lone surrogate": ([_finding(path="bad\udcff.txt")], False),
    }


@pytest.mark.parametrize("case", list(_native_cases()))
def test_json_format_is_json_dumps_of_the_findings_whichever_encoder_writes_it(case):
    """--format json writes plain findings with pydantic's serializer (reportlint.formatters.json
    .findings_json) and the rest with json.dumps' rules; the text is the same either way."""
    from reportlint.formatters.json import JsonFormatter, dumps, findings_json
    from reportlint.run.runner import RunResult

    findings, native = _native_cases()[case]
    expected = dumps([f.model_dump(mode="json") for f in findings], indent=2)
    assert (findings_json(findings) is not None) is native
    if native:
        assert findings_json(findings) == expected
    result = RunResult(files=[runner.FileResult(path="a.txt", findings=findings)])
    assert JsonFormatter({}).format(result) == expected + "\n"
    if case == "a lone surrogate":
        assert "bad\\\\xff.txt" in expected  # written visibly by dumps, not refused
    if case == "controls and separators":
        assert "\\u007f" in expected and "\\u0085" in expected and "\\u2028" in expected and "\\u001b" in expected


def test_json_format_of_a_finding_subclass_is_left_to_json_dumps():
    from reportlint.formatters.json import findings_json
    from reportlint.pluginapi.findings import Finding

    class Mine(Finding):
        pass

    assert findings_json([Mine(**_finding().model_dump())]) is None


def test_json_format_of_the_seeds_is_json_dumps_of_the_findings(manager, capsys):
    code = cli.main(["check", "--format", "json", "--isolated", "-q", "--jobs", "1", str(seed_path("004"))])
    out = capsys.readouterr().out
    assert code == 1
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"

