"""Time `verify_chain()` and `lamppu audit verify` over a generated audit log.

    python benchmarks/audit_verify.py                     # 100 000 events, SQLite (+ PostgreSQL if reachable)
    python benchmarks/audit_verify.py --events 5000       # quick run
    python benchmarks/audit_verify.py --postgres none     # SQLite only

Events are generated with the same hashing as `registry.audit.record` but inserted in bulk
(one `record()` per event would take minutes); the chain head is advanced one step per event,
as the head's trigger requires. About one event in ten is a draft edit carrying ~2 KB of text
before and after, like real `version.edit` events.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from registry import create_app  # noqa: E402
from registry.audit.models import GENESIS_HASH, AuditEvent  # noqa: E402
from registry.audit.services import canonical_json, compute_hash, verify_chain  # noqa: E402
from registry.extensions import db  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ACTIONS = [
    "auth.login",
    "version.create",
    "version.submit",
    "version.approve",
    "version.publish",
    "auth.login_failed",
    "document.create",
    "audit.export",
]
WORDS = ["työohje", "laatu", "opiskelija", "arviointi", "palaute", "prosessi", "vastuu", "seuranta", "kehittäminen"]


def _event(seq: int, prev_hash: str, at: datetime, rng: random.Random) -> dict:
    edit = rng.random() < 0.1
    body = " ".join(rng.choice(WORDS) for _ in range(250)) if edit else None
    code = f"TO-{rng.randint(1, 500):03d}"
    data = SimpleNamespace(
        seq=seq,
        occurred_at=at,
        actor_id=None,
        actor_label=f"user{rng.randint(1, 300)}@example.org",
        action="version.edit" if edit else rng.choice(ACTIONS),
        object_type="document_version",
        object_id=str(rng.randint(1, 5000)),
        document_code=code,
        before_json=canonical_json({"body": body, "revision": 3} if edit else {"state": "draft"}),
        after_json=canonical_json({"body": body + " lisäys", "revision": 4} if edit else {"state": "in_review"}),
        reason=None,
        remote_addr="10.0.0.1",
        prev_hash=prev_hash,
    )
    data.hash = compute_hash(prev_hash, data)
    return vars(data)


def generate(count: int, batch: int = 5000) -> None:
    rng = random.Random(42)
    prev, start = GENESIS_HASH, datetime(2025, 1, 1, tzinfo=UTC)
    table = AuditEvent.__table__
    for first in range(1, count + 1, batch):
        rows = []
        for seq in range(first, min(first + batch, count + 1)):
            row = _event(seq, prev, start + timedelta(seconds=seq * 7), rng)
            rows.append(row)
            prev = row["hash"]
        db.session.execute(table.insert(), rows)
        db.session.execute(
            text("UPDATE audit_chain_head SET seq = seq + 1, hash = :h WHERE id = 1"), [{"h": r["hash"]} for r in rows]
        )
        db.session.commit()


def time_verify(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        db.session.rollback()
        started = time.perf_counter()
        report = verify_chain()
        times.append(time.perf_counter() - started)
        assert report.ok, report
    return times


def time_cli(instance: Path, url: str) -> float:
    env = dict(os.environ, LAMPPU_INSTANCE_PATH=str(instance), LAMPPU_DATABASE_URL=url)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "registry", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    print("   ", (result.stdout or result.stderr).strip()[:100])
    return elapsed


def run(label: str, url: str, instance: Path, events: int, runs: int) -> None:
    from flask_migrate import upgrade

    app = create_app({"INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        generate(events)
        print(f"{label}: generated {events} events in {time.perf_counter() - started:.1f} s")
        times = time_verify(runs)
        print(
            f"{label}: verify_chain() {events} events: median {statistics.median(times):.2f} s, "
            f"best {min(times):.2f} s over {runs} runs ({events / min(times):,.0f} events/s)"
        )
        db.session.remove()
        db.engine.dispose()
    print(f"{label}: `lamppu audit verify` (process start included): {time_cli(instance, url):.2f} s")


def _pg_database(base: str) -> str | None:
    try:
        admin = create_engine(make_url(base), isolation_level="AUTOCOMMIT")
        name = f"lamppu_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return make_url(base).set(database=name).render_as_string(hide_password=False)
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        print(f"PostgreSQL not reachable ({type(error).__name__}); skipped")
        return None


def _drop_pg(base: str, url: str) -> None:
    admin = create_engine(make_url(base), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("LAMPPU_BENCH_PG_URL", DEFAULT_PG),
        help="server URL to create a scratch database on, or 'none'",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lamppu-bench-") as tmp:
        base = Path(tmp)
        run("SQLite", f"sqlite:///{base / 'bench.db'}", base / "sqlite", args.events, args.runs)
        if args.postgres != "none" and (url := _pg_database(args.postgres)):
            try:
                run("PostgreSQL", url, base / "pg", args.events, args.runs)
            finally:
                _drop_pg(args.postgres, url)


if __name__ == "__main__":
    main()
