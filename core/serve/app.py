"""The FastAPI application of `reportlint serve` (docs/serve.md).

Routes: `/` the upload page (Chinese; its script and style are separate static responses),
`/static/*`, `/healthz`, `/api/v1/check`, `/api/v1/rules`, `/api/v1/profiles`, and
`/openapi.json` (the interactive /docs pages are off: they load scripts from a CDN).
"""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import hmac
import io
import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportlint import regex_cache
from .. import __version__
from ..errors import ConfigError
from ..formatters.html import HtmlFormatter
from ..pluginapi.findings import Finding
from ..run.config import Settings, make_settings
from ..run.runner import FileResult, RunResult, get_manager, plugin_load_findings
from .errors import ApiError, error_object
from .pool import CheckPool
from .uploads import display_name, parse_multipart, read_body, too_many_files, unique_names

log = logging.getLogger("reportlint.serve")

MB = 1024 * 1024


@dataclass
class ServeConfig:
    """What `reportlint serve` was started with."""

    workers: int = 2
    token: Optional[str] = None
    timeout: float = 30.0  # seconds per file, enforced by killing the worker
    max_request_bytes: int = 20 * MB
    max_files: int = 20
    file_values: dict[str, Any] = field(default_factory=dict)  # [tool.reportlint] of --config
    config_path: Optional[Path] = None


# -- request options ---------------------------------------------------------------------
_CODE = regex_cache.compile(r"^(ALL|[A-Z]{1,8}[0-9]{0,3})$")
FORMATS = ("json", "html", "csv")  # plus every registered formatter (sarif, junit, …)


class CheckOptions(BaseModel):
    """Per-request configuration; the same meaning as the command line's options."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: Optional[list[str]] = Field(None, description="rule codes or prefixes to enable (`FRM,SCO`)")
    extend_select: Optional[list[str]] = Field(None, alias="extend-select", description="added to the selection")
    ignore: Optional[list[str]] = Field(None, description="rule codes or prefixes to disable")
    fail_on: Optional[Literal["error", "warning", "info"]] = Field(
        None, alias="fail-on", description="lowest severity that makes `exit_code` 1")
    profile: Optional[str] = Field(None, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$",
                                   description="report template (see /api/v1/profiles)")
    format: str = Field("json", max_length=16, description="json (the envelope), html, csv, or a CLI format")
    include: list[Literal["html", "csv"]] = Field(default_factory=list,
                                                   description="add the review page / CSV to the JSON envelope")
    filename: Optional[str] = Field(None, max_length=500, description="the report's name, for a raw body")

    @field_validator("select", "extend_select", "ignore", mode="before")
    @classmethod
    def _codes(cls, value):
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        out = []
        for item in items:
            for part in str(item).split(","):
                part = part.strip().upper()
                if part:
                    if not _CODE.match(part):
                        raise ValueError(f"not a rule code or prefix: {part[:20]!r}")
                    out.append(part)
        return out

    @field_validator("include", mode="before")
    @classmethod
    def _include(cls, value):
        items = value if isinstance(value, list) else [value]
        return [p.strip().lower() for item in items for p in str(item).split(",") if p.strip()]

    @field_validator("fail_on", "profile", "format", "filename", mode="before")
    @classmethod
    def _single(cls, value):
        if isinstance(value, list):
            if len(value) != 1:
                raise ValueError("give this option once")
            value = value[0]
        return value.strip() if isinstance(value, str) else value


def _options(query: dict[str, list[str]], fields: dict[str, list[str]]) -> CheckOptions:
    values: dict[str, Any] = {}
    for source in (query, fields):  # form fields (the page) win over the query string
        for key, items in source.items():
            items = [item for item in items if item.strip()]  # an empty form field means "not given"
            if items:
                values[key.replace("-", "_")] = items
    try:
        return CheckOptions.model_validate(values)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"]) or "?"
        if problem["type"] == "extra_forbidden":
            raise ApiError(422, "unknown_option", f"unknown option {where!r}",
                           f"未知参数 {where}", {"details": _details(exc)}) from None
        raise ApiError(422, "invalid_option", f"option {where!r}: {problem['msg']}",
                       f"参数 {where} 无效：{problem['msg']}", {"details": _details(exc)}) from None


def _details(exc: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(p["loc"]), "msg": p["msg"], "type": p["type"]} for p in exc.errors()]


# -- response models (for the OpenAPI schema; responses are built as plain JSON) --------
class FileStatus(BaseModel):
    path: str = Field(description="the upload's display name, as in the findings' `path`")
    status: Literal["checked", "refused", "timed_out", "failed"]
    error: Optional[str] = Field(None, description="one line, as `reportlint check` prints it after `PATH: `")
    profile: Optional[str] = None
    findings: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    milliseconds: float = 0.0


class ErrorObject(BaseModel):
    code: str
    message: str = Field(description="English / 中文, one line")
    en: str
    zh: str


class CheckResponse(BaseModel):
    version: str
    exit_code: int = Field(description="what `reportlint check` would exit with: 0, 1 (findings at or above "
                                       "fail-on), 2 (a file could not be checked)")
    findings: list[dict[str, Any]] = Field(description="the JSON contract of `reportlint check --format json`")
    files: list[FileStatus]
    error: Optional[ErrorObject] = Field(None, description="present with status 422: why a file was refused")
    html: Optional[str] = Field(None, description="with include=html: the `--format html` review page")
    csv: Optional[str] = Field(None, description="with include=csv: the findings as CSV")


class ErrorResponse(BaseModel):
    error: ErrorObject


# -- CSV ---------------------------------------------------------------------------------
CSV_COLUMNS = ("path", "rule", "name", "severity", "line", "column", "end_line", "end_column", "section",
               "message", "stated", "computed", "expression", "suggestion", "location", "snippet",
               "fingerprint", "plugin")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):  # a spreadsheet must not run report text as a formula
        text = "'" + text
    return text


def findings_csv(findings: list[Finding]) -> str:
    """UTF-8 CSV with a BOM (so Excel on a Chinese Windows opens it right), one row per finding."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        e = f.evidence
        writer.writerow([_cell(f.path), f.rule, f.name, f.severity, f.line, f.column, f.end_line, f.end_column,
                         _cell(" / ".join(f.section)), _cell(f.message), _cell(e.stated), _cell(e.computed),
                         _cell(e.expression), _cell(f.suggestion), _cell(f.location), _cell(f.snippet),
                         f.fingerprint, f.plugin])
    return "\ufeff" + buffer.getvalue()


# -- security headers --------------------------------------------------------------------
def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def review_page_sources() -> tuple[list[str], list[str], list[str]]:
    """CSP hashes of the review page's inline script, style and event attributes.

    The page shows the `--format html` review page (inline script and style, by design: it is
    one self-contained file) in a sandboxed frame, which inherits the page's policy; allowing
    exactly these hashes keeps `script-src` free of 'unsafe-inline'.
    """
    from ..pluginapi.findings import Evidence

    finding = Finding(path="a.txt", rule="PRS003", name="x", severity="warning", message="x", line=1, column=1,
                      end_line=1, end_column=2, plugin="core", fingerprint="0" * 16, evidence=Evidence())
    sample = RunResult(files=[FileResult(path="a.txt", findings=[finding], text="一\n二", profile=None),
                              FileResult(path="b.txt", error="x")])
    page = HtmlFormatter(get_manager().rules()).format(sample)
    scripts = [_hash(body) for body in re.findall(r"<script>(.*?)</script>", page, re.S)]
    styles = [_hash(body) for body in re.findall(r"<style>(.*?)</style>", page, re.S)]
    handlers = sorted({_hash(html_unescape(v)) for v in re.findall(r'\son[a-z]+="([^"]*)"', page)})
    return scripts, styles, handlers


def html_unescape(value: str) -> str:
    import html

    return html.unescape(value)


COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


class SecurityHeaders:
    """Pure ASGI middleware: the same security headers on every response, CSP by kind of response."""

    def __init__(self, app, page_csp: str, review_csp: str):
        self.app = app
        self.page_csp = page_csp
        self.review_csp = review_csp
        self.api_csp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                names = {k.lower() for k, _ in headers}
                for key, value in COMMON_HEADERS.items():
                    if key.lower().encode() not in names:
                        headers.append((key.encode(), value.encode()))
                if b"content-security-policy" not in names:
                    csp = self.page_csp if path in ("/", "/index.html") else self.api_csp
                    headers.append((b"content-security-policy", csp.encode()))
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


# -- the application ---------------------------------------------------------------------
def _static(name: str) -> bytes:
    return resources.files("reportlint.serve").joinpath("static", name).read_bytes()


def _status(result: FileResult) -> str:
    if not result.error:
        return "checked"
    if result.error.startswith("timed out after"):
        return "timed_out"
    if result.error.startswith(("the checking process died", "internal error")):
        return "failed"
    return "refused"


def _file_status(result: FileResult) -> dict[str, Any]:
    severities = [f.severity for f in result.findings]
    return {"path": result.path, "status": _status(result), "error": result.error, "profile": result.profile,
            "findings": len(result.findings), "errors": severities.count("error"),
            "warnings": severities.count("warning"), "infos": severities.count("info"),
            "milliseconds": round(result.seconds * 1000, 1)}


def create_app(config: Optional[ServeConfig] = None, pool: Optional[CheckPool] = None) -> FastAPI:
    config = config or ServeConfig()
    manager = get_manager(config.file_values.get("disable-plugins", []))
    rules = manager.rules()
    profiles = manager.profiles()
    try:
        base_settings = _settings(config, CheckOptions(), {p.name for p in profiles}, rules)
    except ApiError as exc:  # the server's own configuration file is wrong: refuse to start
        raise ConfigError(exc.en) from None
    manager.configure(base_settings)
    scripts, styles, handlers = review_page_sources()
    extra_script = " ".join(scripts + (["'unsafe-hashes'"] + handlers if handlers else []))
    page_csp = ("default-src 'none'; script-src 'self' " + extra_script + "; style-src 'self' " + " ".join(styles)
                + "; img-src 'self' data:; connect-src 'self'; frame-src 'self' blob: data:; "
                  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    review_csp = ("default-src 'none'; script-src " + extra_script + "; style-src " + " ".join(styles)
                  + "; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts")
    index = _static("index.html").decode("utf-8")
    index = (index.replace("{{version}}", __version__)
             .replace("{{token_required}}", "1" if config.token else "0")
             .replace("{{max_files}}", str(config.max_files))
             .replace("{{max_mb}}", f"{config.max_request_bytes / MB:g}")
             .replace("{{timeout}}", f"{config.timeout:g}")).encode("utf-8")
    assets = {"app.js": (_static("app.js"), "text/javascript; charset=utf-8"),
              "app.css": (_static("app.css"), "text/css; charset=utf-8")}

    state: dict[str, Any] = {"pool": pool}

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app):
        owned = state["pool"] is None
        if owned:
            state["pool"] = await anyio.to_thread.run_sync(lambda: CheckPool(config.workers, base_settings))
        app.state.pool = state["pool"]
        try:
            yield
        finally:
            if owned and state["pool"] is not None:
                await anyio.to_thread.run_sync(state["pool"].close)

    app = FastAPI(title="reportlint", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Checks Chinese performance self-evaluation reports (绩效自评报告). "
                              "See docs/serve.md. Errors: `{\"error\": {\"code\", \"message\", \"en\", \"zh\"}}`.")

    def authorise(request: Request) -> None:
        if not config.token:
            return
        given = request.headers.get("x-reportlint-token", "")
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            given = auth[7:].strip()
        if not given or not hmac.compare_digest(given.encode("utf-8", "replace"), config.token.encode("utf-8")):
            raise ApiError(401, "unauthorised", "missing or wrong access token (Authorization: Bearer TOKEN)",
                           "缺少访问令牌或令牌错误")

    @app.exception_handler(ApiError)
    async def on_api_error(request, exc: ApiError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request, exc: StarletteHTTPException):
        words = {404: ("not found", "页面不存在"), 405: ("method not allowed", "不支持该请求方法")}
        en, zh = words.get(exc.status_code, (str(exc.detail), "请求错误"))
        return JSONResponse({"error": error_object(f"http_{exc.status_code}", en, zh)},
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request, exc: RequestValidationError):
        problem = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in problem["loc"])
        return JSONResponse({"error": error_object("invalid_request", f"{where}: {problem['msg']}",
                                                   f"请求无效：{where}")}, status_code=422)

    @app.exception_handler(Exception)
    async def on_bug(request, exc: Exception):
        log.exception("internal error on %s", request.url.path)
        return JSONResponse({"error": error_object("internal_error", f"internal error ({type(exc).__name__})",
                                                   "服务器内部错误")}, status_code=500)

    # -- page and static files ------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    async def page():
        return Response(index, media_type="text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str):
        if name not in assets:
            raise ApiError(404, "http_404", "not found", "页面不存在")
        body, media = assets[name]
        return Response(body, media_type=media, headers={"Cache-Control": "no-cache"})

    @app.get("/healthz", summary="liveness: 200 while the server and its checking processes run")
    async def healthz():
        current = state["pool"]
        alive = bool(current) and len(current.pids()) > 0
        return JSONResponse({"status": "ok" if alive else "starting", "version": __version__,
                             "workers": len(current.pids()) if current else 0},
                            status_code=200 if alive else 503)

    # -- registries -----------------------------------------------------------------------
    @app.get("/api/v1/rules", summary="every rule of every plugin (as `reportlint rules --format json`)")
    async def api_rules(request: Request):
        authorise(request)
        return [{"code": r.code, "name": r.name, "severity": r.severity, "plugin": r.plugin,
                 "enabled_by_default": r.enabled_by_default, "title": r.title, "summary": r.summary()} for r in rules.values()]

    @app.get("/api/v1/profiles", summary="known report templates (as `reportlint profiles`)")
    async def api_profiles(request: Request):
        authorise(request)
        return [{"name": p.name, "title": p.title} for p in profiles]

    # -- checking -------------------------------------------------------------------------
    body_schema = {
        "requestBody": {"required": True, "content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                "select": {"type": "string"}, "ignore": {"type": "string"}, "extend-select": {"type": "string"},
                "fail-on": {"type": "string", "enum": ["error", "warning", "info"]},
                "profile": {"type": "string"}}}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"},
                                         "description": "one report's bytes; name it with ?filename="}}},
        "parameters": [
            {"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": text}
            for name, text in (("filename", "the report's name for a raw body (its suffix picks the reader)"),
                               ("select", "rule codes or prefixes, comma separated"),
                               ("extend-select", "added to the selection"),
                               ("ignore", "rule codes or prefixes to disable"),
                               ("fail-on", "error | warning | info"),
                               ("profile", "report template"),
                               ("format", "json (default: the envelope), html, csv, or a CLI format (sarif, …)"),
                               ("include", "html,csv: add them to the JSON envelope"))]}

    @app.post("/api/v1/check", summary="check one or several reports", response_model=CheckResponse,
              openapi_extra=body_schema,
              responses={422: {"model": CheckResponse, "description": "a file could not be checked (the envelope "
                                                                     "with the reason), or invalid options "
                                                                     "(ErrorResponse)"},
                         400: {"model": ErrorResponse}, 401: {"model": ErrorResponse},
                         413: {"model": ErrorResponse}})
    async def api_check(request: Request):
        authorise(request)
        query: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            query.setdefault(key, []).append(value)
        content_type = request.headers.get("content-type", "")
        body = await read_body(request, config.max_request_bytes)
        if content_type.lower().startswith("multipart/form-data"):
            form = parse_multipart(body, content_type, config.max_files)
            options = _options(query, form.fields)
            uploads = [(u.name, u.data) for u in form.files]
            if not uploads:
                raise ApiError(400, "no_file", "no file in the upload (field `files`)", "没有上传文件")
        else:
            options = _options(query, {})
            if not options.filename:
                raise ApiError(400, "no_filename", "a raw body needs ?filename=NAME (its suffix picks the reader)",
                               "直接上传文件内容时请用 ?filename= 指明文件名")
            uploads = [(options.filename, body)]
        del body
        if len(uploads) > config.max_files:
            raise too_many_files(config.max_files)
        settings = _settings(config, options, {p.name for p in profiles}, rules)
        known = manager.formatters()
        if options.format not in FORMATS and options.format not in known:
            raise ApiError(422, "unknown_format", f"unknown format {options.format!r}; known: "
                                                  f"{', '.join(sorted(set(FORMATS) | set(known)))}",
                           f"未知的输出格式 {options.format}")
        names = unique_names([display_name(name, i) for i, (name, _) in enumerate(uploads, 1)])
        keep_text = options.format == "html" or "html" in options.include
        current: CheckPool = state["pool"]
        results = await asyncio.gather(*(
            anyio.to_thread.run_sync(current.check, data, name, settings, keep_text)
            for name, (_, data) in zip(names, uploads)))
        del uploads
        result = RunResult(files=list(results), extra=plugin_load_findings(manager), settings=settings)
        _postprocess(result, settings)
        status = 422 if result.errors else 200
        return _respond(result, settings, options, status, rules, review_csp)

    app.add_middleware(SecurityHeaders, page_csp=page_csp, review_csp=review_csp)
    return app


def _settings(config: ServeConfig, options: CheckOptions, profile_names: set[str], rules) -> Settings:
    overrides = {"select": options.select, "extend-select": options.extend_select, "ignore": options.ignore,
                 "fail-on": options.fail_on, "profile": options.profile, "timeout": config.timeout}
    if options.profile is not None and options.profile not in profile_names:
        raise ApiError(422, "unknown_profile", f"unknown profile {options.profile!r}; known: "
                                               f"{', '.join(sorted(profile_names))}",
                       f"未知的报告模板 {options.profile}（见 /api/v1/profiles）")
    try:
        settings = make_settings(config.file_values, overrides, config.config_path)
        settings.validate_codes(set(rules), {code: rule.Options for code, rule in rules.items()})
    except ConfigError as exc:
        unknown = re.match(r"unknown rule code or prefix '(.*)'", str(exc))
        zh = f"未知的规则代码或前缀 {unknown.group(1)}（见 /api/v1/rules）" if unknown else f"配置无效：{exc}"
        raise ApiError(422, "invalid_configuration", str(exc), zh) from None
    return settings


def _postprocess(result: RunResult, settings: Settings) -> None:
    """The server's own suppressions and baseline files (from --config), as on the command line."""
    if settings.suppressions:
        from ..run import suppressions

        suppressions.apply(result, settings.suppressions)
    if settings.baseline:
        from ..run import baseline

        baseline.filter_new(result, settings.baseline)


def _respond(result: RunResult, settings: Settings, options: CheckOptions, status: int, rules,
             review_csp: str) -> Response:
    findings = result.findings
    if options.format == "html":
        page = HtmlFormatter(rules).format(result)
        return Response(page, status_code=status, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": review_csp,
                                 "Content-Disposition": 'inline; filename="review.html"'})
    if options.format == "csv":
        return Response(findings_csv(findings), status_code=status, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="findings.csv"'})
    if options.format != "json":
        formatter = get_manager(settings.disable_plugins).formatters()[options.format]
        return Response(formatter(rules).format(result), status_code=status,
                        media_type="application/octet-stream" if options.format not in ("sarif", "jsonl")
                        else "application/json")
    body: dict[str, Any] = {"version": __version__, "exit_code": result.exit_code(settings),
                            "findings": [f.model_dump(mode="json") for f in findings],
                            "files": [_file_status(f) for f in result.files]}
    if result.errors:
        first = result.errors[0]
        more = len(result.errors) - 1
        count = len(result.errors)
        body["error"] = {"code": "unreadable_input",
                         "message": f"{first.path}: {first.error}" + (f" (+{more})" if more else ""),
                         "en": f"{count} file{'s' if count > 1 else ''} could not be checked (see files[].error)",
                         "zh": f"有 {count} 个文件无法检查（原因见 files[].error）"}
    if "html" in options.include:
        body["html"] = HtmlFormatter(rules).format(result)
    if "csv" in options.include:
        body["csv"] = findings_csv(findings)
    return Response(json.dumps(body, ensure_ascii=False), status_code=status,
                    media_type="application/json")
