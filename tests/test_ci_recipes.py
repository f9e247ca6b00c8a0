"""The CI and pre-commit recipes of docs/ci.md, run as written.

Every code block of docs/ci.md marked `recipe=NAME` is taken from the page. The repository is
copied into a temporary Git repository (in CI: the clone under test) and tagged with the
recipes' release tag; the recipes' address (`https://example.org/your-mirror/reportlint`) is
replaced by that repository's, and nothing else. reportlint is then installed into a fresh
virtual environment with the recipe's own `pip install "git+…@TAG"` line, and each GitHub
Actions step, GitLab script line and shell recipe runs in a repository of reports, with its
exit code and output checked; the pre-commit recipe runs through pre-commit itself.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import reportlint
from util import seed_text

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ci.md"
URL = "https://example.org/your-mirror/reportlint"
INSTALL = re.compile(r'pip install "git\+(?P<url>[^"@]+)@(?P<tag>[^"]+)"')



def recipes() -> dict[str, str]:
    """The code blocks of docs/ci.md marked `recipe=NAME` (after the language), by name."""
    from markdown_it import MarkdownIt

    found: dict[str, str] = {}
    for token in MarkdownIt().parse(DOC.read_text(encoding="utf-8")):
        match = re.search(r"\brecipe=(\S+)", token.info) if token.type == "fence" else None
        if match:
            assert match.group(1) not in found, f"two recipes named {match.group(1)}"
            found[match.group(1)] = token.content
    return found


RECIPES = recipes()


def test_the_recipes_are_marked_and_install_from_the_repository_at_the_release_tag():
    assert set(RECIPES) >= {"github-actions", "gitlab", "pre-commit", "baseline", "exit-zero", "force-exclude"}
    installs = [INSTALL.search(RECIPES[name]) for name in ("github-actions", "gitlab")]
    assert all(installs), "a recipe installs reportlint from somewhere else than its Git repository"
    assert {(m.group("url"), m.group("tag")) for m in installs if m} == {(URL, f"v{reportlint.__version__}")}
    assert not re.search(r"pip install\s+['\"]?reportlint\b", DOC.read_text(encoding="utf-8"))  # not from PyPI
    pre_commit = _yaml(RECIPES["pre-commit"])["repos"][0]
    assert (pre_commit["repo"], pre_commit["rev"]) == (URL, f"v{reportlint.__version__}")


# -- the repository, its tag, and reportlint installed from it ----------------------------------
def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", "-c", "user.name=reportlint tests", "-c", "user.email=tests@invalid",
                           "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "init.defaultBranch=main",
                           *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _yaml(text: str):
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """The project as a Git repository with the release tag: its working tree (in CI, the clone's
    HEAD) committed into a temporary repository, so that the recipes install what is tested."""
    if sys.platform == "win32":
        pytest.skip("the recipes are shell steps of Linux CI runners (bash)")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("installing from a git+ address needs git and a Git checkout of the project")
    target = tmp_path_factory.mktemp("ci") / "reportlint"
    target.mkdir()
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", cwd=target)
    _git("add", "-A", cwd=target)
    _git("commit", "-q", "-m", "release", cwd=target)
    _git("tag", f"v{reportlint.__version__}", cwd=target)
    return target


@pytest.fixture(scope="module")
def environment(repository, tmp_path_factory) -> dict[str, str]:
    """A fresh virtual environment on PATH, reportlint installed in it by the GitHub recipe's
    own `pip install` step (the address replaced by the repository's)."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(venv), COLUMNS="120")
    install = next(step["run"] for step in _steps() if "run" in step and "pip install" in step["run"])
    done = _shell(_local(install, repository), repository.parent, env)
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run(["python", "-c", "import reportlint; print(reportlint.__file__, reportlint.__version__)"],
                           env=env, capture_output=True, text=True, cwd=repository.parent)
    assert where.stdout.startswith(str(venv)) and where.stdout.split()[-1] == reportlint.__version__, where
    return env


def _local(command: str, repository: Path) -> str:
    """A recipe's command with the recipes' address replaced by the repository's (git+file://…)."""
    assert URL in command, command
    return command.replace(URL, repository.as_uri())


def _shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", command], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _steps() -> list[dict]:
    workflow = _yaml(RECIPES["github-actions"])
    [job] = workflow["jobs"].values()
    return job["steps"]


@pytest.fixture()
def reports(tmp_path) -> Path:
    """A repository of reports as a budget office keeps it: two units and a drafts folder."""
    folder = tmp_path / "reports-repo"
    for name, key in [("reports/unit-a/自评报告.txt", "001"), ("reports/unit-b/自评报告.txt", "000"),
                      ("drafts/x.txt", "002")]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(seed_text(key), encoding="utf-8")
    return folder


def _lines(recipe: str) -> list[str]:
    return [line for line in recipe.splitlines() if line.strip() and not line.lstrip().startswith("#")]


# -- GitHub Actions -------------------------------------------------------------------------
def test_github_actions_steps(environment, repository, reports):
    """checkout (the reports), setup-python (the environment), the install step (done by the
    fixture, the same command), the SARIF step allowed to fail, upload-sarif, annotations."""
    steps = _steps()
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python", "github/codeql-action/upload-sarif"]
    codes: dict[str, int] = {}
    outputs: dict[str, str] = {}
    for step in steps:
        if "run" not in step or "pip install" in step["run"]:
            continue
        done = _shell(step["run"], reports, environment)
        assert done.returncode != 2, done.stderr  # never a usage or configuration error
        if not step.get("continue-on-error"):
            assert done.returncode == 0 or step is steps[-1], (step, done.stderr)
        codes[step.get("name", step["run"])] = done.returncode
        outputs[step.get("name", step["run"])] = done.stdout
    assert codes == {"reportlint": 1, "reportlint annotations": 1}  # findings: the job fails at the end
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    sarif = json.loads((reports / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"DAT007", "SEC006"}
    assert all("reportlint/v1" in r["partialFingerprints"] for r in results)
    annotations = outputs["reportlint annotations"].splitlines()
    assert any(line.startswith("::error file=reports/unit-a/自评报告.txt,line=97,") and "SEC006" in line
               for line in annotations), annotations
    assert any(line.startswith("::warning file=reports/unit-a/自评报告.txt,line=58,") and "DAT007" in line
               for line in annotations)
    assert not any("drafts/" in line for line in annotations)  # only reports/ was named


# -- GitLab CI ------------------------------------------------------------------------------
def test_gitlab_job(environment, repository, reports):
    [job] = _yaml(RECIPES["gitlab"]).values()
    assert job["image"].startswith("python:3.1") and job["artifacts"]["when"] == "always"
    codes = []
    for line in job["script"]:
        if "pip install" in line:  # the same install as the fixture's, from the repository
            assert INSTALL.search(line) and INSTALL.search(line).group("url") == URL
            continue
        done = _shell(line, reports, environment)
        assert done.returncode != 2, done.stderr
        codes.append(done.returncode)
    assert codes == [1]  # findings fail the job; the artefact is kept (when: always)
    junit = ET.parse(reports / job["artifacts"]["reports"]["junit"]).getroot()
    assert junit.tag == "testsuites" and int(junit.get("failures")) > 0
    suites = {suite.get("name") for suite in junit.iter("testsuite")}
    assert suites == {"reports/unit-a/自评报告.txt", "reports/unit-b/自评报告.txt"}
    failures = [case.find("failure").get("type") for case in junit.iter("testcase") if case.find("failure") is not None]
    assert "SEC004" in failures and "DAT007" in failures


# -- the shell recipes --------------------------------------------------------------------------
def test_baseline_recipe(environment, reports):
    write, check = _lines(RECIPES["baseline"])
    written = _shell(write, reports, environment)
    assert written.returncode == 1, written.stderr  # today's findings are listed, and recorded
    entries = json.loads((reports / ".reportlint-baseline.json").read_text(encoding="utf-8"))
    assert "reports/unit-a/自评报告.txt" in json.dumps(entries, ensure_ascii=False)
    assert _shell(check, reports, environment).returncode == 0  # nothing new
    report = reports / "reports" / "unit-b" / "自评报告.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("评价年度：2021年度", "评价年度：2021年度\n"
                                                                 "填报日期：2021年5月18日"), encoding="utf-8")
    again = _shell(check, reports, environment)
    assert again.returncode == 1 and "DAT002" in again.stdout  # a new finding fails the step


def test_exit_zero_recipe(environment, reports):
    [line] = _lines(RECIPES["exit-zero"])
    done = _shell(line, reports, environment)
    assert done.returncode == 0, done.stderr
    junit = ET.parse(reports / "reportlint.xml").getroot()
    assert int(junit.get("failures")) > 0  # findings, and still exit 0


def test_force_exclude_recipe(environment, reports):
    [line] = _lines(RECIPES["force-exclude"])
    done = _shell(line + " --format json", reports, environment)
    assert done.returncode == 1, done.stderr
    paths = {finding["path"] for finding in json.loads(done.stdout)}
    assert paths == {"reports/unit-a/自评报告.txt"}  # drafts/x.txt was named, and left out


# -- pre-commit ---------------------------------------------------------------------------------
def test_the_hook_definition_is_valid_for_pre_commit():
    clientlib = pytest.importorskip("pre_commit.clientlib")
    [hook] = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "reportlint" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["reportlint", "check"]
    assert re.search(hook["files"], "reports/自评报告.docx") and not re.search(hook["files"], "notes.md")


def test_pre_commit_recipe_runs_the_hook_from_the_tagged_repository(repository, reports, tmp_path):
    pytest.importorskip("pre_commit")
    config = _yaml(RECIPES["pre-commit"])
    config["repos"][0]["repo"] = str(repository)  # the recipe with the repository's address
    yaml = pytest.importorskip("yaml")
    (reports / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (reports / "notes.md").write_text("不是报告\n", encoding="utf-8")
    _git("init", "-q", cwd=reports)
    _git("add", "-A", cwd=reports)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), COLUMNS="120")

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never",
                               *(["--files", *files] if files else ["--all-files"])],
                              cwd=reports, env=env, capture_output=True, text=True, timeout=600)

    done = run()
    assert done.returncode == 1, done.stdout + done.stderr  # SEC004 / SEC006 are errors: --fail-on error fails
    assert re.search(r"^reportlint\.+Failed$", done.stdout, re.M), done.stdout
    assert "reports/unit-a/自评报告.txt" in done.stdout and "SEC006" in done.stdout
    assert "notes.md" not in done.stdout  # `files: \.(txt|docx)$`
    # only warnings in the file named: --fail-on error lets the commit through
    warned = reports / "reports" / "unit-c" / "报告.txt"
    warned.parent.mkdir()
    warned.write_text("评价年度：2021年度\n填报日期：2022年5月18日\n依据《通知》（财〔预2020〕10号）开展自评。\n",
                      encoding="utf-8")
    _git("add", "-A", cwd=reports)
    passed = run("reports/unit-c/报告.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^reportlint\.+Passed$", passed.stdout, re.M), passed.stdout
