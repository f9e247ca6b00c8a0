"""Reading a request body in memory: a size limit while it streams, multipart parsed by hand.

Starlette's form parser spools a file part over 1 MB to a temporary file; reportlint's
service promises that nothing uploaded touches the disk, so the body is read into memory
(bounded by the request limit) and split with python-multipart's low-level parser.
Uploaded file names are reduced to a display name (`display_name`): the last path
component, no control characters, at most 120 characters. They name the report in the
findings and choose the reader by suffix; they are never used to open anything.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParseError, MultipartParser, parse_options_header

from reportlint import regex_cache
from .errors import ApiError


@dataclass
class Upload:
    name: str
    data: bytes


@dataclass
class Form:
    files: list[Upload] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)


async def read_body(request, limit: int) -> bytes:
    """The whole body, or 413 as soon as it is known to be larger than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> ApiError:
    mb = limit / (1024 * 1024)
    return ApiError(413, "request_too_large", f"request body larger than the limit of {mb:g} MB",
                    f"请求内容超过 {mb:g} MB 的上限")


_UNSAFE = regex_cache.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


def display_name(raw: str, index: int) -> str:
    """A name safe to show and to pick a reader by; never a path."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip().lstrip(".")
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:100] + dot + suffix[:10]) if dot and len(suffix) <= 10 else name[:120]
    return name or f"upload-{index}.txt"


def unique_names(names: list[str]) -> list[str]:
    """`报告.docx`, `报告 (2).docx`: two uploads with one name stay apart in the findings."""
    seen: dict[str, int] = {}
    out = []
    taken = set(names)
    for name in names:
        count = seen.get(name, 0) + 1
        seen[name] = count
        if count == 1:
            out.append(name)
            continue
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        candidate = f"{stem} ({count}){dot}{suffix}"
        while candidate in taken:
            count += 1
            candidate = f"{stem} ({count}){dot}{suffix}"
        taken.add(candidate)
        out.append(candidate)
    return out


def parse_multipart(body: bytes, content_type: str, max_files: int, max_fields: int = 32,
                    max_field_chars: int = 2000) -> Form:
    """Split a multipart/form-data body into file parts and text fields, in memory."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise ApiError(400, "bad_multipart", "multipart body without a boundary", "multipart 请求缺少 boundary")
    parts: list[tuple[dict[bytes, bytes], list[bytes]]] = []
    state: dict = {"headers": {}, "data": [], "field": b"", "value": b""}

    def on_part_begin():
        state["headers"], state["data"] = {}, []

    def on_part_data(data, start, end):
        state["data"].append(data[start:end])

    def on_part_end():
        parts.append((state["headers"], state["data"]))
        if len(parts) > max_files + max_fields:
            raise ApiError(422, "too_many_parts", "too many parts in the multipart body", "表单内容过多")

    def on_header_field(data, start, end):
        state["field"] += data[start:end]

    def on_header_value(data, start, end):
        state["value"] += data[start:end]

    def on_header_end():
        state["headers"][state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    callbacks = {"on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
                 "on_header_field": on_header_field, "on_header_value": on_header_value,
                 "on_header_end": on_header_end}
    try:
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except MultipartParseError as exc:
        raise ApiError(400, "bad_multipart", f"malformed multipart body ({exc})", "multipart 请求格式错误") from None
    form = Form()
    for headers, chunks in parts:
        disposition = headers.get(b"content-disposition", b"")
        kind, options = parse_options_header(disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options or b"filename*" in options:
            raw = options.get(b"filename*") or options.get(b"filename") or b""
            filename = raw.decode("utf-8", "replace")
            data = b"".join(chunks)
            if not filename and not data:  # a file input left empty
                continue
            form.files.append(Upload(filename, data))
            if len(form.files) > max_files:
                raise too_many_files(max_files)
        else:
            value = b"".join(chunks).decode("utf-8", "replace")
            if len(value) > max_field_chars:
                raise ApiError(422, "field_too_long", f"form field {name!r} is too long",
                               f"表单字段 {name} 过长")
            form.fields.setdefault(name, []).append(value)
    return form


def too_many_files(limit: int) -> ApiError:
    return ApiError(422, "too_many_files", f"too many files in one request (limit {limit})",
                    f"一次上传的文件过多（上限 {limit} 个）")
