"""Structured logs: one JSON line per request and per error, on stderr.

Only the method, the path (never the query string), the status, the duration, the
request id and the user id are logged; never form data, passwords, tokens or headers.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from flask import Flask, g, has_request_context, request

REQUEST_LOGGER = "lamppu.request"
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS and not k.startswith("_")})
        if has_request_context() and "request_id" not in entry:
            entry.update(request_id=g.get("request_id"), path=request.path, user_id=_user_id())
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _attach(logger: logging.Logger, level: int) -> None:
    from flask.logging import default_handler

    logger.removeHandler(default_handler)
    if not any(isinstance(h, StderrHandler) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def _user_id() -> int | None:
    user = g.get("api_user") or g.get("_login_user")
    if getattr(user, "is_authenticated", False):
        return getattr(user, "id", None)
    return g.get("api_user_id") or g.get("page_user_id")  # an answer served from the read cache


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    logging.getLogger(REQUEST_LOGGER).info(
        "request",
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration,
            "request_id": g.get("request_id"),
            "user_id": _user_id(),
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Send the request log and the application's error log to stderr as JSON lines."""
    level = logging.getLevelName(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    level = level if isinstance(level, int) else logging.INFO
    _attach(logging.getLogger(REQUEST_LOGGER), level)
    _attach(app.logger, level)
    app.before_request(_start_timer)
    app.after_request(_log_request)
