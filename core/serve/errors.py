"""Request errors: a status, a stable code, and one line in English and one in Chinese."""

from __future__ import annotations

from typing import Any, Optional


class ApiError(Exception):
    def __init__(self, status: int, code: str, en: str, zh: str, extra: Optional[dict[str, Any]] = None):
        super().__init__(en)
        self.status, self.code, self.en, self.zh = status, code, en, zh
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"error": error_object(self.code, self.en, self.zh), **self.extra}


def error_object(code: str, en: str, zh: str) -> dict[str, str]:
    return {"code": code, "message": f"{en} / {zh}", "en": en, "zh": zh}
