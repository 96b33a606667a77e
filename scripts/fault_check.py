# ruff: noqa: S603, S607 - this script exists to start and kill `lamppu serve`
"""Kill the server under write load and check that no acknowledged write is lost.

For each database (a throwaway PostgreSQL database, and SQLite in a temporary instance
folder) the check starts a real `lamppu serve` (gunicorn, 2 workers, a free loopback
port), prepares a quality owner, an approver, their API tokens and a document type, then
runs a bounded load of API writes from several threads: creates, draft edits and
transitions (submit, approve, publish). Every write the server acknowledged (2xx) is
recorded with what it wrote. A third of the way in one gunicorn worker is killed with
SIGKILL; two thirds in, the master and its workers are killed the same way and
`lamppu serve` is started again on the same instance and database.

Afterwards every acknowledged write must be readable through the API with its content
(a request cut off by a kill may or may not have taken effect, and either is accepted),
`lamppu audit verify` must pass and `lamppu search sync` then `lamppu search check`
must report no drift. Exit status 1 on any loss or failed check.

    python scripts/fault_check.py                      # PostgreSQL (when it answers) and SQLite
    python scripts/fault_check.py --database sqlite    # only SQLite
    KEEP=1 python scripts/fault_check.py               # keep the instance folders and databases
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PG = os.environ.get("LAMPPU_CHECK_PG", "postgresql://postgres@127.0.0.1:5432")
THREADS = 6
OPERATIONS = 40  # per thread
LOAD_SECONDS = 60  # the load stops here even if the operations are not done
REQUEST_TIMEOUT = 20
PASSWORD = "fault-check-password-1"  # noqa: S105 - a throwaway account in a throwaway database
OWNER, APPROVER = "owner@fault.example", "approver@fault.example"


class CutOff(Exception):
    """The connection broke after the request was sent: the write may or may not have happened."""


class Refused(Exception):
    """No server listened: the request was never sent."""


@dataclass
class Doc:
    """What the server acknowledged for one document, and a write whose answer never came."""

    code: str
    acked: dict
    pending: dict | None = None


@dataclass
class Tally:
    attempted: int = 0
    acknowledged: int = 0
    cut_off: int = 0
    refused: int = 0
    answered_error: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, status: int | None = None) -> None:
        with self.lock:
            if name == "error":
                self.answered_error[status] = self.answered_error.get(status, 0) + 1
            else:
                setattr(self, name, getattr(self, name) + 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One `lamppu serve` in its own process group, so that it and its workers can be killed by id."""

    def __init__(self, env: dict, port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["lamppu", "serve", "--port", str(self.port), "--workers", "2"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"lamppu serve exited with {self.process.returncode}; see {self.log}")
            try:
                status, _ = request(self.port, "GET", "/healthz", None, None, timeout=2)
                if status == 200 and len(self.workers()) == 2:
                    return
            except (Refused, CutOff, OSError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"lamppu serve did not answer within 60 s; see {self.log}")

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def kill_worker(self) -> int:
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill_all(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill_all()


def request(
    port: int, method: str, path: str, token: str | None, body: dict | None, timeout: float = REQUEST_TIMEOUT
) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        try:
            connection.connect()
        except ConnectionRefusedError as error:
            raise Refused from error
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise CutOff(repr(error)) from error
    finally:
        connection.close()
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        data = {"raw": raw[:200].decode(errors="replace")}
    return response.status, data


class Load:
    """The writing threads, their record of acknowledged writes and the kill schedule."""

    def __init__(self, port: int, tokens: dict, meaning: str, doc_type: str) -> None:
        self.port, self.tokens, self.meaning, self.doc_type = port, tokens, meaning, doc_type
        self.tally = Tally()
        self.docs: list[Doc] = []
        self.docs_lock = threading.Lock()
        self.done_ops = 0
        self.deadline = time.monotonic() + LOAD_SECONDS
        self.unexpected: list[str] = []

    def write(self, method: str, path: str, body: dict, as_user: str = "owner") -> tuple[int, dict] | None:
        """One write; retried while nothing listens. None when it was cut off."""
        while time.monotonic() < self.deadline:
            try:
                status, data = request(self.port, method, path, self.tokens[as_user], body)
            except Refused:
                self.tally.add("refused")
                time.sleep(0.1)
                continue
            except CutOff:
                self.tally.add("attempted")
                self.tally.add("cut_off")
                return None
            finally:
                with self.docs_lock:
                    self.done_ops += 1
            self.tally.add("attempted")
            if 200 <= status < 300:
                self.tally.add("acknowledged")
            else:
                self.tally.add("error", status)
                if status >= 500 and len(self.unexpected) < 10:
                    self.unexpected.append(f"{method} {path} -> {status} {data}")
            return status, data
        return None

    def read_revision(self, doc: Doc) -> int | None:
        try:
            status, data = request(
                self.port, "GET", f"/api/v1/documents/{doc.code}/versions/1", self.tokens["owner"], None
            )
        except (Refused, CutOff):
            return None
        return data.get("revision") if status == 200 else None

    def steps(self, doc: Doc, thread: int, serial: int):
        """The writes of one document after its create: (method, path, body, token, expected content)."""
        base = f"/api/v1/documents/{doc.code}/versions/1"
        for edit in (1, 2):
            text = f"Body {thread}-{serial} edit {edit}\n\nLine written by thread {thread}."
            summary = f"Edit {edit} of {thread}-{serial}"
            yield (
                "PATCH",
                base,
                {"body": text, "change_summary": summary},
                "owner",
                dict(doc.acked, body=text, change_summary=summary),
            )
        submit = {"action": "submit", "approvers": [APPROVER], "change_type": "major"}
        yield "POST", f"{base}/transitions", submit, "owner", dict(doc.acked, state="in_review")
        approve = {"action": "approve", "password": PASSWORD, "meaning": self.meaning}
        yield "POST", f"{base}/transitions", approve, "approver", dict(doc.acked, state="approved")
        yield "POST", f"{base}/transitions", {"action": "publish"}, "owner", dict(doc.acked, state="effective")

    def run_thread(self, thread: int) -> None:
        serial, ops = 0, 0
        while ops < OPERATIONS and time.monotonic() < self.deadline:
            serial += 1
            title = f"Fault check {thread}-{serial}"
            body = f"Body {thread}-{serial} as created."
            created = self.write("POST", "/api/v1/documents", {"type": self.doc_type, "title": title, "body": body})
            ops += 1
            if created is None or created[0] != 201:
                continue
            doc = Doc(created[1]["code"], {"title": title, "body": body, "state": "draft", "change_summary": None})
            with self.docs_lock:
                self.docs.append(doc)
            for method, path, payload, token, expected in self.steps(doc, thread, serial):
                if ops >= OPERATIONS or time.monotonic() >= self.deadline:
                    break
                if method == "PATCH":
                    revision = self.read_revision(doc)
                    if revision is None:
                        break
                    payload = dict(payload, revision=revision)
                expected = dict(expected, **{k: v for k, v in doc.acked.items() if k not in expected})
                answer = self.write(method, path, payload, token)
                ops += 1
                if answer is None:
                    doc.pending = expected  # cut off: may or may not have happened; leave this document
                    break
                if not 200 <= answer[0] < 300:
                    break
                doc.acked = expected

    def run(self, server: Server) -> dict:
        threads = [threading.Thread(target=self.run_thread, args=(n,), daemon=True) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        total = THREADS * OPERATIONS
        events = {}
        started = time.monotonic()
        while any(t.is_alive() for t in threads):
            if "worker" not in events and self.done_ops >= total // 3:
                events["worker"] = server.kill_worker()
                print(
                    f"  {time.monotonic() - started:5.1f} s: killed worker {events['worker']} (SIGKILL) after "
                    f"{self.done_ops} requests",
                    flush=True,
                )
            elif "worker" in events and "master" not in events and self.done_ops >= 2 * total // 3:
                events["master"] = server.process.pid
                server.kill_all()
                print(
                    f"  {time.monotonic() - started:5.1f} s: killed master {events['master']} and its workers "
                    f"(SIGKILL) after {self.done_ops} requests",
                    flush=True,
                )
                server.start()
                print(f"  {time.monotonic() - started:5.1f} s: lamppu serve answers again", flush=True)
            time.sleep(0.02)
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        print(f"  {time.monotonic() - started:5.1f} s: load done", flush=True)
        return events


def verify(load: Load) -> tuple[int, list[str]]:
    """Read every document back; return how many acknowledged writes were found, and the losses."""
    found, losses = 0, []
    for doc in load.docs:
        status, data = request(load.port, "GET", f"/api/v1/documents/{doc.code}/versions/1", load.tokens["owner"], None)
        if status != 200:
            losses.append(f"{doc.code}: GET answered {status} {data}")
            continue
        stored = {key: data.get(key) for key in doc.acked}
        if stored == doc.acked or (doc.pending is not None and stored == doc.pending):
            found += 1
        else:
            losses.append(f"{doc.code}: stored {stored}, acknowledged {doc.acked}, cut off {doc.pending}")
    return found, losses


def lamppu(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["lamppu", *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


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
lamppu("users", "create", "{OWNER}", "--name", "Fault Owner", "--role", "quality_owner", "--role", "author",
       "--password", "{PASSWORD}")
lamppu("users", "create", "{APPROVER}", "--name", "Fault Approver", "--role", "approver", "--password", "{PASSWORD}")
with app.app_context():
    catalog.create_document_type(None, catalog.TypeFields(prefix="FC", name_fi="Vikatesti", name_en="Fault check",
                                                          review_interval_months=12))
    db.session.commit()
print(lamppu("users", "token", "{OWNER}", "--name", "fault-check"))
print(lamppu("users", "token", "{APPROVER}", "--name", "fault-check"))
"""


def prepare(env: dict) -> dict:
    """Schema, a quality owner, an approver, their API tokens (the `lamppu` commands, in one process) and a type."""
    result = subprocess.run([sys.executable, "-c", PREPARE], env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"preparing the instance failed: {result.stdout}{result.stderr}")
    owner, approver = result.stdout.strip().splitlines()[-2:]
    return {"owner": owner, "approver": approver}


AFTER = """
import json
from registry import create_app

runner = create_app().test_cli_runner()
for args in (["audit", "verify"], ["search", "sync"], ["search", "check"]):
    result = runner.invoke(args=args)
    print(json.dumps([args, result.exit_code, result.output.strip()]))
"""


def after_checks(env: dict) -> list[str]:
    """`lamppu audit verify`, `lamppu search sync`, `lamppu search check`, in one process."""
    result = subprocess.run([sys.executable, "-c", AFTER], env=env, capture_output=True, text=True, timeout=300)
    failures = [] if result.returncode == 0 else [f"the checks did not run: {result.stderr[-800:]}"]
    for line in result.stdout.splitlines():
        args, status, output = json.loads(line)
        print(f"  lamppu {' '.join(args)}: exit {status}: {output.splitlines()[-1] if output else ''}")
        if status != 0:
            failures.append(f"lamppu {' '.join(args)} exited {status}: {output[-500:]}")
    return failures


def run_check(name: str, root: Path, database_url: str | None) -> bool:
    started = time.monotonic()
    print(f"== Fault check on {name} ==", flush=True)
    env = dict(
        os.environ, LAMPPU_INSTANCE_PATH=str(root / "instance"), LAMPPU_LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1"
    )
    env.pop("LAMPPU_DATABASE_URL", None)
    if database_url:
        env["LAMPPU_DATABASE_URL"] = database_url
    (root / "instance").mkdir(parents=True)
    tokens = prepare(env)
    print(f"  prepared in {time.monotonic() - started:.1f} s", flush=True)
    server = Server(env, free_port(), root / "serve.log")
    try:
        server.start()
        load = Load(server.port, tokens, "content_owner", "FC")
        events = load.run(server)
        found, losses = verify(load)
    finally:
        server.stop()
    failures = after_checks(env)
    tally = load.tally
    writes = sum(1 for _ in load.docs)
    print(
        f"  writes attempted {tally.attempted}, acknowledged {tally.acknowledged}, cut off {tally.cut_off}, "
        f"refused while down {tally.refused}, answered with an error {dict(sorted(tally.answered_error.items()))}"
    )
    print(
        f"  documents created {writes}, found with every acknowledged write {found}, lost {len(losses)}; "
        f"kills: {'worker' in events and 'master' in events}; {time.monotonic() - started:.1f} s"
    )
    for line in load.unexpected:
        print(f"  server error: {line}")
    for line in losses:
        print(f"  LOST {line}")
    if not ("worker" in events and "master" in events):
        failures.append("the load ended before both kills")
    ok = not losses and not failures
    for line in failures:
        print(f"  FAILED {line}")
    print(f"  {'ok' if ok else 'FAILED'}", flush=True)
    return ok


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-Atqc", sql], check=True, capture_output=True, timeout=60)


def postgres_available() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        choices=("postgresql", "sqlite"),
        action="append",
        help="repeatable; default: PostgreSQL when it answers, then SQLite",
    )
    chosen = parser.parse_args().database or (["postgresql"] if postgres_available() else []) + ["sqlite"]
    results = []
    for name in chosen:
        root = Path(tempfile.mkdtemp(prefix=f"lamppu-fault-{name}."))
        database = f"lamppu_fault_{int(time.time())}_{os.getpid()}" if name == "postgresql" else None
        try:
            if database:
                psql(f'CREATE DATABASE "{database}"')
            url = f"{PG.replace('postgresql://', 'postgresql+psycopg://', 1)}/{database}" if database else None
            results.append(run_check(name, root, url))
        except Exception as error:  # noqa: BLE001 - report and clean up whatever broke
            print(f"  FAILED {error!r}")
            results.append(False)
        finally:
            if os.environ.get("KEEP"):
                print(f"  kept {root}{f' and database {database}' if database else ''}")
            else:
                if database:
                    psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                shutil.rmtree(root, ignore_errors=True)
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
