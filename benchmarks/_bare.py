"""The yardstick for benchmarks/throughput.py: a bare Flask app answering a body of a chosen size.

    gunicorn 'benchmarks._bare:create_app()'

`GET /bytes/<n>?type=json|html` returns n bytes of that content type, so that each Lamppu route is
compared with a Flask app doing nothing but sending a response of the same size.
"""

from __future__ import annotations

from flask import Flask, Response, request


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/bytes/<int:size>")
    def body(size: int):
        media = "application/json" if request.args.get("type") == "json" else "text/html; charset=utf-8"
        return Response(b"x" * size, mimetype=media)

    return app
