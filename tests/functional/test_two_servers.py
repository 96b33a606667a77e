# ruff: noqa: S603 - the test starts `lamppu serve` and `lamppu search check` with fixed arguments
"""Two application servers on one PostgreSQL database (docs/deployment.md, "Several servers").

Two real `lamppu serve` processes with their own instance folders (so their own Whoosh
indexes) share a fresh PostgreSQL database of this test, a Redis for the login rate limit,
the secret key and the attachment directory. Runs only in the PostgreSQL run, with Redis.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests import filegen

CHECKOUT = Path(__file__).resolve().parents[2]  # the servers import this tree's `registry`
PG_URL = os.environ.get("LAMPPU_TEST_DATABASE_URL")
REDIS = ("127.0.0.1", 6379)
PASSWORD = "two-servers-password-1"  # noqa: S105 - a throwaway account in a throwaway database
OWNER, APPROVER = "owner@two.example", "approver@two.example"
SYNC_INTERVAL = 2.0  # registry.search.services.CATCH_UP_INTERVAL: a search applies pending rows this often
LAMPPU = (sys.executable, "-c", "from registry.cli import main; main()")  # the `lamppu` console script
WAIT = 20.0  # upper bound for anything that should happen within one sync interval (a loaded CI machine)


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="several servers need PostgreSQL (LAMPPU_TEST_DATABASE_URL unset)"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def upload(port: int, path: str, token: str, name: str, data: bytes) -> tuple[int, dict]:
    """A multipart upload in the field `file`."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def download(port: int, path: str, token: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def call(port: int, method: str, path: str, *, token=None, body=None, form=None, cookie=None, timeout=30.0):
    """One HTTP request; returns (status, headers, text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Accept": "application/json"} if token else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        headers["Content-Type"], payload = "application/json", json.dumps(body)
    if form is not None:
        headers["Content-Type"], payload = "application/x-www-form-urlencoded", urlencode(form)
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def api(port: int, method: str, path: str, token: str, body=None) -> tuple[int, dict]:
    status, _headers, raw = call(port, method, path, token=token, body=body)
    return status, json.loads(raw) if raw else {}


class Server:
    """One `lamppu serve` in its own process group (stopped by its id)."""

    def __init__(self, name: str, env: dict, log: Path) -> None:
        self.name, self.env, self.log = name, env, log
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*LAMPPU, "serve", "--port", str(self.port), "--workers", "1"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"server {self.name} exited: {self.log.read_text()[-2000:]}"
            try:
                if call(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server {self.name} did not answer: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def lamppu(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*LAMPPU, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


PREPARE = f"""
import sys
from registry import create_app
from registry.documents import catalog
from registry.extensions import db

app = create_app()
runner = app.test_cli_runner()
def lamppu(*args):
    result = runner.invoke(args=list(args))
    if result.exit_code != 0:
        sys.exit(f"lamppu {{' '.join(args[:2])}}: {{result.output}}")
    return result.output.strip().splitlines()[-1]
lamppu("db", "upgrade")
lamppu("users", "create", "{OWNER}", "--name", "Two Owner", "--role", "quality_owner", "--role", "author",
       "--password", "{PASSWORD}")
lamppu("users", "create", "{APPROVER}", "--name", "Two Approver", "--role", "approver", "--password", "{PASSWORD}")
with app.app_context():
    catalog.create_document_type(None, catalog.TypeFields(prefix="MS", name_fi="Monipalvelin",
                                                          name_en="Several servers", review_interval_months=12))
    db.session.commit()
print(lamppu("users", "token", "{OWNER}", "--name", "two-servers"))
print(lamppu("users", "token", "{APPROVER}", "--name", "two-servers"))
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Servers A and B on a private PostgreSQL database, with the users' API tokens."""
    if not _redis_answers():
        pytest.skip("Redis is not answering on 127.0.0.1:6379 (the shared rate limit needs it)")
    root = tmp_path_factory.mktemp("two-servers")
    name = f"lamppu_two_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    shared_files = root / "shared-files"
    common = dict(
        os.environ,
        LAMPPU_DATABASE_URL=make_url(PG_URL).set(database=name).render_as_string(hide_password=False),
        LAMPPU_SECRET_KEY=uuid.uuid4().hex * 2,
        LAMPPU_RATELIMIT_STORAGE_URI=f"redis://{REDIS[0]}:{REDIS[1]}/0",
        LAMPPU_RATELIMIT_KEY_PREFIX=f"lamppu-test-{uuid.uuid4().hex[:10]}",
        LAMPPU_LOGIN_RATE_LIMIT="4 per minute",
        LAMPPU_FILES_PATH=str(shared_files),
        LAMPPU_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH")])),
    )
    env = {n: dict(common, LAMPPU_INSTANCE_PATH=str(root / f"instance-{n}")) for n in ("a", "b")}
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE], env=env["a"], capture_output=True, text=True, timeout=120
    )
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    owner, approver = prepared.stdout.strip().splitlines()[-2:]
    a, b = Server("a", env["a"], root / "a.log"), Server("b", env["b"], root / "b.log")
    try:
        a.launch()  # both start at once: each applies migrations (none left) and catches up its index
        b.launch()
        a.wait_ready()
        b.wait_ready()
        yield {"a": a, "b": b, "owner": owner, "approver": approver, "files": shared_files}
    finally:
        a.stop()
        b.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def create_draft(port: int, token: str, title: str, body: str) -> str:
    return create_document(port, token, title, body)["code"]


def create_document(port: int, token: str, title: str, body: str) -> dict:
    status, data = api(port, "POST", "/api/v1/documents", token, {"type": "MS", "title": title, "body": body})
    assert status == 201, data
    return data


def publish(servers, port: int, code: str) -> None:
    base = f"/api/v1/documents/{code}/versions/1/transitions"
    steps = [
        ("owner", {"action": "submit", "approvers": [APPROVER], "change_type": "major", "change_summary": "Uusi ohje"}),
        ("approver", {"action": "approve", "password": PASSWORD, "meaning": "content_owner"}),
        ("owner", {"action": "publish"}),
    ]
    for who, body in steps:
        status, data = api(port, "POST", base, servers[who], body)
        assert status == 200, (body["action"], data)


def search_codes(port: int, token: str, query: str) -> tuple[list[str], bool]:
    status, data = api(port, "GET", f"/api/v1/search?{urlencode({'q': query, 'scope': 'all', 'per_page': 100})}", token)
    assert status == 200, data
    return [item["code"] for item in data["items"]], data["index_rebuilding"]


def wait_for(predicate, limit: float = WAIT):
    deadline = time.monotonic() + limit
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def login_cookie(port: int, email: str, password: str) -> tuple[int, str]:
    """The login form on one server: (status of the POST, session cookie to send on)."""
    status, headers, page = call(port, "GET", "/login")
    assert status == 200
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
    status, headers, _ = call(
        port, "POST", "/login", form={"email": email, "password": password, "csrf_token": token}, cookie=cookie
    )
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return status, "; ".join(f"{k}={m.value}" for k, m in jar.items())


def test_a_document_published_on_a_is_found_on_b_and_its_permalink_is_current_at_once(servers):
    a, b, owner = servers["a"], servers["b"], servers["owner"]
    code = create_draft(a.port, owner, "Lumitöiden ohje", "Kiinteistön lumityöt tehdään aamuisin.")
    image = filegen.png_image()
    status, attached = upload(a.port, f"/api/v1/documents/{code}/versions/1/attachments", owner, "aura.png", image)
    assert status == 201, attached
    publish(servers, a.port, code)

    # The attachment stored through A is served by B from the shared folder.
    path = f"/api/v1/documents/{code}/versions/1/attachments/{attached['id']}"
    assert download(b.port, path, owner) == (200, image)

    status, data = api(b.port, "GET", f"/api/v1/documents/{code}", owner)
    assert status == 200 and data["current"]["state"] == "effective", data

    status, cookie = login_cookie(a.port, OWNER, PASSWORD)  # a session signed on A is valid on B
    assert status == 302
    status, _headers, page = call(b.port, "GET", f"/d/{code}", cookie=cookie)
    assert status == 200 and "Kiinteistön lumityöt tehdään aamuisin." in page

    found = wait_for(lambda: code in search_codes(b.port, owner, "lumityöt")[0], WAIT + SYNC_INTERVAL)
    assert found, "B's index did not apply the change made on A"


def test_the_login_rate_limit_is_shared_by_both_servers(servers):
    a, b = servers["a"], servers["b"]
    answers = [login_cookie(port, OWNER, "wrong password")[0] for port in (a.port, b.port, a.port, b.port)]
    assert 429 not in answers[:3], answers  # 4 per minute: fewer than that on either server alone
    assert login_cookie(a.port, OWNER, "wrong password")[0] == 429


def test_b_stopped_during_writes_on_a_catches_up_on_start_with_no_drift(servers):
    a, b, owner = servers["a"], servers["b"], servers["owner"]
    b.stop()
    codes = []
    for n in range(25):  # 50 writes: 25 creates and 25 edits
        created = create_document(a.port, owner, f"Poissaolo {n}", f"Kirjoitettu palvelimen B ollessa alhaalla {n}.")
        code, version = created["code"], created["draft"]
        status, data = api(
            a.port,
            "PATCH",
            f"/api/v1/documents/{code}/versions/1",
            owner,
            {"body": f"Muokattu alhaalla {n} varaventtiili.", "revision": version["revision"]},
        )
        assert status == 200, data
        codes.append(code)
    b.start()
    checked = b.lamppu("search", "check")
    assert checked.returncode == 0 and "No drift." in checked.stdout, checked.stdout + checked.stderr
    found, _rebuilding = search_codes(b.port, owner, "varaventtiili")
    assert sorted(found) == sorted(codes)


def test_b_rebuilds_a_deleted_index_while_it_keeps_answering(servers):
    b, owner = servers["b"], servers["owner"]
    code = create_draft(b.port, owner, "Ilmanvaihdon huolto", "Suodattimet vaihdetaan keväisin.")
    assert wait_for(lambda: code in search_codes(b.port, owner, "suodattimet")[0])

    shutil.rmtree(Path(b.env["LAMPPU_INSTANCE_PATH"]) / "search-index")
    _codes, rebuilding = search_codes(b.port, owner, "suodattimet")
    assert rebuilding  # answered at once, from the stand-in, with the notice
    assert wait_for(lambda: search_codes(b.port, owner, "suodattimet") == ([code], False))
    checked = b.lamppu("search", "check")
    assert checked.returncode == 0 and "No drift." in checked.stdout, checked.stdout + checked.stderr
