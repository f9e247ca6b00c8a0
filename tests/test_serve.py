"""`reportlint serve` against the real server: uvicorn started as `python -m reportlint serve` on a
free loopback port (the `server` fixture), spoken to over HTTP with httpx.

Covers: the API on the four seeds returns exactly `reportlint check --format json`; the HTML
is the `--format html` page; every hostile input of the CLI's input tests
(tests/test_docx_hostile.py, tests/test_source.py) gets a 422 whose reason is the CLI's own
line; request errors are 4xx in English and Chinese; options; the token; security headers;
the time limit (a worker killed and replaced); the CLI without the extra.
"""

from __future__ import annotations

import codecs
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_docx_hostile import build_cfb, hostile_files  # noqa: E402
from util import SEEDS, SEED_NAMES  # noqa: E402

SEED_FILES = [SEEDS / name for name in SEED_NAMES.values()]


# -- the real server -----------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log = process, url, log

    def client(self, **kwargs) -> "httpx.Client":
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)


def start_server(tmp: Path, *args: str, env: dict | None = None) -> LiveServer:
    port = free_port()
    log = tmp / f"server-{port}.log"
    handle = open(log, "wb")
    process = subprocess.Popen([sys.executable, "-m", "reportlint", "serve", "--port", str(port), *args],
                               cwd=tmp, stdout=handle, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}): {log.read_text(errors='replace')}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return LiveServer(process, url, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not start: {log.read_text(errors='replace')}")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("serve"), "--workers", "2", "--timeout", "20", "--max-files", "6",
                        "--max-request-mb", "5")
    yield live
    stop_server(live)
    log = live.log.read_text(errors="replace")
    assert "Traceback" not in log, log


@pytest.fixture(scope="module")
def client(server):
    with server.client() as c:
        yield c


def cli_json(cwd: Path, *names: str, extra: tuple[str, ...] = ()) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", "--format", "json", "-q",
                           *extra, *names], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1, 2), done.stderr
    return json.loads(done.stdout)


# -- the seeds: exactly the CLI's findings --------------------------------------------------
@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_raw_upload_of_each_seed_gives_the_cli_findings(client, seed):
    expected = cli_json(SEEDS, seed.name)
    response = client.post("/api/v1/check", params={"filename": seed.name}, content=seed.read_bytes())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["findings"] == expected
    assert body["files"] == [{**body["files"][0], "path": seed.name, "status": "checked", "error": None}]
    assert body["files"][0]["findings"] == len(expected)
    assert body["exit_code"] == (1 if expected else 0)


def test_multipart_upload_of_all_seeds_gives_the_cli_findings(client):
    expected = cli_json(SEEDS, *(p.name for p in SEED_FILES))
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in SEED_FILES]
    response = client.post("/api/v1/check", files=files)
    assert response.status_code == 200, response.text
    assert response.json()["findings"] == expected
    assert [f["path"] for f in response.json()["files"]] == [p.name for p in SEED_FILES]


def test_options_select_ignore_fail_on_match_the_cli(client):
    seed = SEED_FILES[3]
    expected = cli_json(SEEDS, seed.name, extra=("--select", "FRM,SEC", "--ignore", "FRM004"))
    response = client.post("/api/v1/check", files=[("files", (seed.name, seed.read_bytes()))],
                           data={"select": "FRM,SEC", "ignore": "FRM004", "fail-on": "error"})
    assert response.status_code == 200
    body = response.json()
    assert body["findings"] == expected
    assert all(f["rule"][:3] in ("FRM", "SEC") and f["rule"] != "FRM004" for f in body["findings"])
    # the same options in the query string
    again = client.post("/api/v1/check", params={"filename": seed.name, "select": "FRM,SEC", "ignore": "FRM004"},
                        content=seed.read_bytes())
    assert again.json()["findings"] == expected
    only_info = client.post("/api/v1/check", params={"filename": seed.name, "select": "FRM", "fail-on": "error",
                                                    "ignore": "FRM001,FRM002,FRM003,FRM004,FRM005,FRM006"},
                            content=seed.read_bytes())
    assert only_info.status_code == 200


def test_profile_is_validated_and_used(client):
    profiles = client.get("/api/v1/profiles").json()
    assert profiles and all({"name", "title"} <= set(p) for p in profiles)
    seed = SEED_FILES[0]
    named = client.post("/api/v1/check", params={"filename": seed.name, "profile": profiles[0]["name"]},
                        content=seed.read_bytes())
    assert named.status_code == 200
    assert named.json()["findings"] == cli_json(SEEDS, seed.name, extra=("--profile", profiles[0]["name"]))
    bad = client.post("/api/v1/check", params={"filename": seed.name, "profile": "nosuch"}, content=b"x")
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "unknown_profile" and "nosuch" in error["en"] and "未知的报告模板" in error["zh"]


def _untimed(page: str) -> str:
    """The review page without its timings (用时 12 毫秒), which differ from run to run."""
    import re

    return re.sub(r"[0-9.]+ ?(毫秒|秒|ms)", "…", page)


def test_html_is_the_cli_review_page(client):
    seed = SEED_FILES[1]
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", "--format", "html", "-q",
                           seed.name], cwd=SEEDS, capture_output=True, text=True, timeout=120)
    page = client.post("/api/v1/check", params={"filename": seed.name, "format": "html"}, content=seed.read_bytes())
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert _untimed(page.text) == _untimed(done.stdout)
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    envelope = client.post("/api/v1/check", params={"filename": seed.name, "include": "html,csv"},
                           content=seed.read_bytes()).json()
    assert _untimed(envelope["html"]) == _untimed(done.stdout)
    assert envelope["csv"].startswith("\ufeffpath,rule,")
    assert envelope["csv"].count("\r\n") == len(envelope["findings"]) + 1


def test_csv_and_other_formats(client):
    seed = SEED_FILES[2]
    csv_response = client.post("/api/v1/check", params={"filename": seed.name, "format": "csv"},
                               content=seed.read_bytes())
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(csv_response.text.lstrip("\ufeff"))))
    expected = cli_json(SEEDS, seed.name)
    assert [(r["rule"], int(r["line"]), r["fingerprint"]) for r in rows] == \
           [(f["rule"], f["line"], f["fingerprint"]) for f in expected]
    sarif = client.post("/api/v1/check", params={"filename": seed.name, "format": "sarif"}, content=seed.read_bytes())
    assert sarif.status_code == 200 and json.loads(sarif.text)["version"] == "2.1.0"
    bad = client.post("/api/v1/check", params={"filename": seed.name, "format": "pdf"}, content=seed.read_bytes())
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unknown_format"


def test_csv_cells_never_start_a_formula():
    from reportlint.pluginapi.findings import Finding
    from reportlint.serve.app import findings_csv

    finding = Finding(path="=cmd|' /C calc'!A0.txt", rule="FRM001", name="x", severity="error",
                      message="=HYPERLINK(\"http://x\")", line=1, column=1, end_line=1, end_column=2,
                      snippet="+1+1", suggestion="@SUM(A1)")
    text = findings_csv([finding])
    assert "'=cmd" in text and "'=HYPERLINK" in text and "'+1+1" in text and "'@SUM" in text


def test_rules_and_healthz(client):
    rules = client.get("/api/v1/rules").json()
    done = subprocess.run([sys.executable, "-m", "reportlint", "rules", "--format", "json"], capture_output=True,
                          text=True, timeout=60)
    assert rules == json.loads(done.stdout)
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["workers"] == 2


# -- hostile inputs: the CLI's reason, a 422, never a 500 ------------------------------------
BAD_TEXT = {  # tests/test_source.py::test_bad_bytes_give_one_clear_error
    "empty": (b"", "empty"),
    "blank": (b"  \r\n\n\t", "empty"),
    "bom_only": (codecs.BOM_UTF8, "empty"),
    "binary_nul": (b"\x00\x01\x02\x03binary\x00\x00" * 20, "binary"),
    "binary_bytes": (bytes(range(256)) * 4, "binary"),
    "zip_as_txt": (b"PK\x03\x04rest", ".docx"),
    "ole_as_txt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "libreoffice"),
    "lone_surrogate": (codecs.BOM_UTF16_LE + b"\x00\xd8", "utf-16"),
    "binary_ff": (b"\x00\xff" * 500, "binary"),  # test_cli_bad_inputs_exit_2_and_the_batch_goes_on
}


@pytest.fixture(scope="module")
def hostile_cases(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    cases = dict(hostile_files(folder))
    for name, (data, expected) in BAD_TEXT.items():
        path = folder / f"{name}.txt"
        path.write_bytes(data)
        cases[name] = (path, expected)
    plain = folder / "encrypted_named_doc.doc"
    plain.write_bytes(build_cfb({"EncryptionInfo": b"\x04\x00" + b"\0" * 60, "EncryptedPackage": b"\x10" * 200}))
    cases["ole_named_doc"] = (plain, "")  # encrypted, or legacy: whatever the CLI says
    return cases


HOSTILE_NAMES = ["not_a_zip", "zip_without_document", "encrypted", "legacy_doc_named_docx", "legacy_doc", "zip_bomb",
                 "zip_bomb_forged_size", "billion_laughs", "external_entity", "utf16_doctype_in_rels",
                 "entity_in_styles", *BAD_TEXT, "ole_named_doc"]


def cli_reason(path: Path) -> str:
    """What `reportlint check PATH` prints on stderr after `PATH: `.

    The service never converts .doc/.wps with LibreOffice (docs/serve.md); where LibreOffice is
    installed the CLI would, so there the expected line is the legacy reader's refusal.
    """
    import shutil

    if path.suffix in (".doc", ".wps") and (shutil.which("soffice") or shutil.which("libreoffice")):
        import reportlint.input.readers.legacy as legacy
        from reportlint.errors import InputError

        saved, legacy.COMMANDS = legacy.COMMANDS, ()
        try:
            legacy.read_legacy_report(path.read_bytes(), path.name)
        except InputError as exc:
            return exc.message
        finally:
            legacy.COMMANDS = saved
    done = subprocess.run([sys.executable, "-m", "reportlint", "check", "--isolated", "-q", path.name],
                          cwd=path.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    line = done.stderr.strip()
    assert line.count("\n") == 0 and line.startswith(path.name + ": "), line
    return line[len(path.name) + 2:]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_upload_gets_422_with_the_cli_reason(client, hostile_cases, name):
    path, expected = hostile_cases[name]
    reason = cli_reason(path)
    assert expected in reason
    for response in (client.post("/api/v1/check", files=[("files", (path.name, path.read_bytes()))]),
                     client.post("/api/v1/check", params={"filename": path.name}, content=path.read_bytes())):
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["files"][0]["error"] == reason
        assert body["files"][0]["status"] == "refused"
        assert body["error"]["code"] == "unreadable_input"
        assert body["error"]["message"] == f"{path.name}: {reason}"
        assert body["findings"] == [] and body["exit_code"] == 2
        assert "Traceback" not in response.text


def test_a_hostile_file_does_not_stop_the_good_ones(client, hostile_cases):
    seed = SEED_FILES[3]
    bomb = hostile_cases["zip_bomb"][0]
    laughs = hostile_cases["billion_laughs"][0]
    response = client.post("/api/v1/check", files=[("files", (bomb.name, bomb.read_bytes())),
                                                   ("files", (seed.name, seed.read_bytes())),
                                                   ("files", (laughs.name, laughs.read_bytes()))])
    assert response.status_code == 422
    body = response.json()
    assert [f["status"] for f in body["files"]] == ["refused", "checked", "refused"]
    assert body["findings"] == cli_json(SEEDS, seed.name)


# -- request errors: 4xx, English and Chinese ------------------------------------------------
def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["en"] and error["zh"] and error["message"] == f"{error['en']} / {error['zh']}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["zh"])
    return error


def test_request_errors_are_4xx_in_both_languages(client):
    data = SEED_FILES[0].read_bytes()
    _error(client.post("/api/v1/check", content=data), 400, "no_filename")
    _error(client.post("/api/v1/check", files={"select": (None, "FRM")}), 400, "no_file")
    _error(client.post("/api/v1/check", params={"filename": "a.txt", "fail-on": "never"}, content=data), 422,
           "invalid_option")
    _error(client.post("/api/v1/check", params={"filename": "a.txt", "selcet": "FRM"}, content=data), 422,
           "unknown_option")
    error = _error(client.post("/api/v1/check", params={"filename": "a.txt", "select": "ZZZ"}, content=data), 422,
                   "invalid_configuration")
    assert "ZZZ" in error["en"] and "ZZZ" in error["zh"]
    _error(client.post("/api/v1/check", params={"filename": "a.txt", "select": "<script>"}, content=data), 422,
           "invalid_option")
    too_many = [("files", (f"r{i}.txt", data)) for i in range(7)]
    _error(client.post("/api/v1/check", files=too_many), 422, "too_many_files")
    _error(client.post("/api/v1/check", params={"filename": "big.txt"}, content=b"x" * (5 * 1024 * 1024 + 1)), 413,
           "request_too_large")
    _error(client.post("/api/v1/check", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data"}),
           400, "bad_multipart")
    _error(client.get("/api/v1/nothing"), 404, "http_404")
    _error(client.get("/api/v1/check"), 405, "http_405")


def test_upload_names_are_never_paths(client):
    data = SEED_FILES[3].read_bytes()
    response = client.post("/api/v1/check", files=[("files", ("../../../../etc/passwd.txt", data)),
                                                   ("files", ("C:\\Users\\x\\passwd.txt", data)),
                                                   ("files", ("/dev/zero", b"one line of text"))])
    names = [f["path"] for f in response.json()["files"]]
    assert names == ["passwd.txt", "passwd (2).txt", "zero"]
    assert response.json()["files"][2]["status"] == "checked"  # read as text from the upload, not /dev/zero


def test_display_name():
    from reportlint.serve.uploads import display_name, unique_names

    assert display_name("..\\..\\报告.docx", 1) == "报告.docx"
    assert display_name("a\x00b<script>.txt", 1) == "a_b_script_.txt"
    assert display_name("...", 3) == "upload-3.txt"
    assert len(display_name("长" * 500 + ".docx", 1)) <= 120
    assert display_name("长" * 500 + ".docx", 1).endswith(".docx")
    assert unique_names(["a.txt", "a.txt", "a (2).txt"]) == ["a.txt", "a (3).txt", "a (2).txt"]


# -- headers, page, static files --------------------------------------------------------------
def test_security_headers_and_page(client):
    page = client.get("/")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    for header, value in (("x-content-type-options", "nosniff"), ("referrer-policy", "no-referrer"),
                          ("x-frame-options", "DENY"), ("cache-control", "no-store")):
        assert page.headers[header] == value
    assert "server" not in page.headers
    html = page.text
    assert "<script>" not in html and "<style>" not in html and " on" not in html.split("<body", 1)[1].split(">")[0]
    assert "不写入磁盘" in html
    assert "http://" not in html and "https://" not in html  # nothing external
    for asset, kind in (("static/app.js", "text/javascript"), ("static/app.css", "text/css")):
        response = client.get("/" + asset)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
        assert "http://" not in response.text and "https://" not in response.text
    assert client.get("/static/../app.py").status_code == 404
    api = client.get("/api/v1/rules")
    assert api.headers["content-security-policy"].startswith("default-src 'none'")
    assert client.get("/docs").status_code == 404  # swagger UI would load a CDN
    schema = client.get("/openapi.json").json()
    assert "/api/v1/check" in schema["paths"] and "multipart/form-data" in \
        schema["paths"]["/api/v1/check"]["post"]["requestBody"]["content"]


# -- the time limit: a worker that overruns is killed and replaced ----------------------------
def test_pool_time_limit_kills_and_replaces_the_worker():
    from reportlint.run.config import make_settings
    from reportlint.serve.pool import CheckPool

    settings = make_settings({}, {"timeout": 20})
    pool = CheckPool(1, settings)
    try:
        data = SEED_FILES[0].read_bytes()
        first = pool.pids()
        ok = pool.check(data, "a.txt", settings)
        assert ok.error is None and ok.findings is not None
        hurried = make_settings({}, {"timeout": 0.0005})
        late = pool.check(data * 20, "slow.txt", hurried)
        assert late.error.startswith("timed out after 0.0005 s")
        assert pool.pids() != first and len(pool.pids()) == 1
        again = pool.check(data, "a.txt", settings)
        assert again.error is None and [f.fingerprint for f in again.findings] == [f.fingerprint for f in ok.findings]
    finally:
        pool.close()
    assert pool.pids() == []


# -- the access token ---------------------------------------------------------------------------
def test_token_protects_the_api_but_not_the_page(tmp_path):
    live = start_server(tmp_path, "--workers", "1", env={"REPORTLINT_TOKEN": "s3cret-token-for-tests"})
    try:
        with live.client() as c:
            data = SEED_FILES[0].read_bytes()
            denied = c.post("/api/v1/check", params={"filename": "a.txt"}, content=data)
            _error(denied, 401, "unauthorised")
            assert denied.headers["www-authenticate"] == "Bearer"
            _error(c.get("/api/v1/rules", headers={"Authorization": "Bearer wrong"}), 401, "unauthorised")
            ok = c.post("/api/v1/check", params={"filename": "a.txt"}, content=data,
                        headers={"Authorization": "Bearer s3cret-token-for-tests"})
            assert ok.status_code == 200
            assert c.get("/api/v1/rules", headers={"X-Reportlint-Token": "s3cret-token-for-tests"}).status_code == 200
            assert c.get("/healthz").status_code == 200
            assert 'data-token-required="1"' in c.get("/").text
    finally:
        stop_server(live)


def test_non_loopback_host_without_token_is_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REPORTLINT_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "reportlint", "serve", "--host", "0.0.0.0", "--port", "1"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2
    assert "without an access token" in done.stderr and "--token" in done.stderr
    short = subprocess.run([sys.executable, "-m", "reportlint", "serve", "--token", "short", "--port", "1"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert short.returncode == 2 and "too short" in short.stderr


def test_loopback_detection():
    from reportlint.serve import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")


def test_serve_without_the_extra_says_how_to_install_it():
    code = ("import sys; sys.modules['fastapi'] = None; from reportlint.cli import main; "
            "sys.exit(main(['serve']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and 'pip install "reportlint[serve]"' in done.stderr
    assert "fastapi" in done.stderr and "Traceback" not in done.stderr
    # and the rest of the CLI does not need it
    light = subprocess.run([sys.executable, "-c", "import sys; sys.modules['fastapi'] = None; "
                            "from reportlint.cli import main; sys.exit(main(['rules']))"],
                           capture_output=True, text=True, timeout=60)
    assert light.returncode == 0
