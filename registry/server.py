"""Serving with gunicorn (a production WSGI server) from `lamppu serve`."""

from __future__ import annotations

import os
import sys

from flask import Flask

PREPARE_SEARCH_ENV = "LAMPPU_SEARCH_PREPARE"  # set for the workers: each opens its Finnish analyser as it starts


def trust_proxies(app: Flask) -> None:
    """Behind nginx: take the client address and scheme from X-Forwarded-* set by TRUSTED_PROXIES hops."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def run_gunicorn(app: Flask, host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn serving `registry:create_app()`.

    The CLI runs commands inside an application context; a server forked from it would
    share that context (and its database session) between requests. Exec-ing gunicorn
    gives every worker a clean import of the application instead.
    """
    os.environ["LAMPPU_INSTANCE_PATH"] = app.instance_path
    os.environ[PREPARE_SEARCH_ENV] = "1"  # each worker opens its Finnish analyser as it starts
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "registry:create_app()",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # No request-line limit in gunicorn (its default, 4094 bytes, answers a long query with an HTML
        # 414): the app refuses a target longer than registry.web.MAX_REQUEST_TARGET with a JSON 414.
        "--limit-request-line",
        "0",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process; no shell involved
