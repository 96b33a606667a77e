"""Throughput of Lamppu's main routes against a bare Flask app on the same gunicorn settings.

    python benchmarks/throughput.py [--documents 2000] [--database sqlite|postgresql]
                                    [--seconds 5] [--connections 16] [--profile]

Prepares an instance (realistic documents with 1-4 versions, imported through the workflow
service as benchmarks/search_speed.py does; kept in /tmp between runs), starts Lamppu under
gunicorn (two workers) and benchmarks/_bare.py under the same gunicorn settings, both on
loopback, and drives both in the same run with wrk (Debian package `wrk`), route after route.
Each Lamppu route is compared with the bare app sending a body of the same size and type.
Prints req/s of each, the ratio, and Lamppu's p95 latency under that load.

The document API and search use a reader's bearer token; the pages a reader's session cookie
from a real login; the login page is fetched anonymously. `--profile` then profiles each route
in-process (pyinstrument, through the test client) and prints where the time goes.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks._instance import PASSWORD, make_app  # noqa: E402
from benchmarks.search_speed import generate  # noqa: E402

READER = "reader@example.org"
SEARCH_QUERY = "turvallisuus ohje"
P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("STATUS_ERRORS %d\\n", summary.errors.status))
end
"""
GUNICORN_ENV = {"LAMPPU_SEARCH_PREPARE": "1"}  # as `lamppu serve` sets for its workers
GUNICORN = ["--workers", "2", "--timeout", "60", "--limit-request-line", "0", "--error-logfile", "-"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(kind: str, directory: Path, documents: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{directory / 'bench.db'}"
    from sqlalchemy import create_engine, text

    base = os.environ.get("LAMPPU_BENCH_POSTGRESQL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = os.environ.get("LAMPPU_BENCH_POSTGRESQL_DATABASE", f"lamppu_throughput_{documents}")
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def prepare(directory: Path, url: str, documents: int) -> dict:
    """Fill the instance once (reused afterwards); a reader with a token and a document to read."""
    app = make_app(str(directory), url)
    with app.app_context():
        from registry.auth.services import create_api_token, create_user, find_user
        from registry.documents.models import Document, DocumentVersion
        from registry.extensions import db

        fresh = db.session.query(Document).count() == 0
        if fresh:
            started = time.perf_counter()
            generate(documents)
            print(f"generated {documents} documents in {time.perf_counter() - started:.0f} s", flush=True)
        reader = find_user(READER) or create_user(None, READER, "Reader", PASSWORD, ["reader"], ["HALL"])
        token = create_api_token(None, reader, "throughput")
        code = db.session.execute(
            db.select(Document.code)
            .join(DocumentVersion, DocumentVersion.document_id == Document.id)
            .where(Document.visibility == "internal", DocumentVersion.state == "effective")
            .order_by(Document.code)
            .limit(1)
        ).scalar_one()
        db.session.commit()
    if fresh:
        env = os.environ | {"LAMPPU_INSTANCE_PATH": str(directory / "instance"), "LAMPPU_DATABASE_URL": url}
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "registry", "search", "rebuild"], env=env, check=True, cwd=ROOT
        )
    return {"token": token, "code": code}


def start(app_spec: str, port: int, env: dict, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app_spec, "--bind", f"127.0.0.1:{port}", *GUNICORN],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 - closed with the process
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"{app_spec} did not start; see {log}")


def login_cookie(base: str) -> str:
    """Log the reader in through the login form; the session cookie as a Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page
    )
    form = urllib.parse.urlencode({"email": READER, "password": PASSWORD, "csrf_token": csrf.group(1)}).encode()
    opener.open(base + "/login", data=form).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    check = urllib.request.Request(base + "/", headers={"Cookie": cookies})
    if urllib.request.urlopen(check).geturl().rstrip("/") != base:
        raise SystemExit("the benchmark reader could not log in")
    return cookies


def fetch(url: str, headers: dict) -> tuple[int, int, str]:
    response = urllib.request.urlopen(urllib.request.Request(url, headers=headers))
    body = response.read()
    kind = "json" if response.headers.get_content_type() == "application/json" else "html"
    return response.status, len(body), kind


def wrk(url: str, headers: dict, seconds: float, connections: int, script: Path) -> tuple[float, float, int]:
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "30s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p95 = int(re.search(r"P95_US (\d+)", output).group(1)) / 1000
    errors = int(re.search(r"STATUS_ERRORS (\d+)", output).group(1))
    return rate, p95, errors


def routes(info: dict, cookie: str) -> list[tuple[str, str, dict]]:
    bearer = {"Authorization": f"Bearer {info['token']}"}
    session = {"Cookie": cookie}
    query = urllib.parse.urlencode({"q": SEARCH_QUERY})
    return [
        ("document API", f"/api/v1/documents/{info['code']}", bearer),
        ("document page", f"/d/{info['code']}", session),
        ("document list API", "/api/v1/documents?per_page=20", bearer),
        ("register page", "/", session),
        ("search API", f"/api/v1/search?{query}", bearer),
        ("login page", "/login", {}),
    ]


def profile(directory: Path, url: str, table, requests: int = 100) -> None:
    # Imported here: only --profile needs pyinstrument.
    from pyinstrument import Profiler

    os.environ["LAMPPU_INSTANCE_PATH"] = str(directory / "instance")
    app = make_app(str(directory), url)
    app.config["WTF_CSRF_ENABLED"] = False  # the in-process client logs in with a plain form post
    logged_in, anonymous = app.test_client(), app.test_client()
    logged_in.post("/login", data={"email": READER, "password": PASSWORD})
    for name, path, headers in table:
        client = logged_in if headers else anonymous
        headers = {k: v for k, v in headers.items() if k != "Cookie"}  # the client keeps its own session
        status = client.get(path, headers=headers).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status} in-process")
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(requests):
            client.get(path, headers=headers)
        profiler.stop()
        print(f"\n===== {name}: {path} ({requests} requests in-process)")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--profile", action="store_true", help="also profile each route in-process")
    parser.add_argument("--port", type=int, help="Lamppu's port (the bare app's is the next); default: free ones")
    parser.add_argument("--only", help="comma-separated route names to run (default: all)")
    parser.add_argument(
        "--no-read-cache",
        action="store_true",
        help="start Lamppu with LAMPPU_READ_CACHE=false: every API read does its whole work",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    directory = Path(tempfile.gettempdir()) / f"lamppu-throughput-{args.database}-{args.documents}"
    directory.mkdir(parents=True, exist_ok=True)
    url = database_url(args.database, directory, args.documents)
    info = prepare(directory, url, args.documents)
    script = directory / "p95.lua"
    script.write_text(P95_SCRIPT)

    env = (
        os.environ
        | GUNICORN_ENV
        | {
            "LAMPPU_INSTANCE_PATH": str(directory / "instance"),
            "LAMPPU_DATABASE_URL": url,
        }
    )
    if args.no_read_cache:
        env["LAMPPU_READ_CACHE"] = "false"
    lamppu_port, bare_port = (args.port, args.port + 1) if args.port else (free_port(), free_port())
    lamppu = start("registry:create_app()", lamppu_port, env, directory / "lamppu.log")
    bare = start("benchmarks._bare:create_app()", bare_port, env, directory / "bare.log")
    try:
        base, bare_base = f"http://127.0.0.1:{lamppu_port}", f"http://127.0.0.1:{bare_port}"
        table = routes(info, login_cookie(base))
        if args.only:
            wanted = {n.strip() for n in args.only.split(",")}
            table = [r for r in table if r[0] in wanted]
        print(
            f"{args.database}, {args.documents} documents, wrk 1 thread {args.connections} connections, "
            f"{args.seconds:g} s per route and server, gunicorn 2 workers each, "
            f"read cache {'off' if args.no_read_cache else 'on'}"
        )
        print(f"{'route':<20} {'bytes':>7} {'Lamppu req/s':>13} {'bare req/s':>11} {'ratio':>6} {'Lamppu p95':>11}")
        for name, path, headers in table:
            status, size, kind = fetch(base + path, headers)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            bare_url = f"{bare_base}/bytes/{size}?type={kind}"
            wrk(base + path, headers, 1, args.connections, script)  # warm every worker (searchers, caches)
            wrk(bare_url, {}, 1, args.connections, script)
            rate, p95, errors = wrk(base + path, headers, args.seconds, args.connections, script)
            bare_rate, _, _ = wrk(bare_url, {}, args.seconds, args.connections, script)
            flag = f"  ({errors} non-2xx!)" if errors else ""
            print(
                f"{name:<20} {size:>7} {rate:>13.1f} {bare_rate:>11.1f} {rate / bare_rate:>6.3f} {p95:>8.1f} ms{flag}",
                flush=True,
            )
    finally:
        for server in (lamppu, bare):
            server.terminate()
            server.wait(timeout=30)
    if args.profile:
        profile(directory, url, table)


if __name__ == "__main__":
    main()
