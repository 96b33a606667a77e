"""Search speed: build time, peak memory, index size and query latency (service and HTTP API).

    python benchmarks/search_speed.py --documents 2000 [--port 5101] [--queries 200] [--keep DIR]

Generates realistic Finnish (75 %) and English documents with 1-4 versions each (2.5 on
average), imports them through the workflow service, rebuilds the index in a child process
(`lamppu search rebuild`: time and peak RSS), then times 200 mixed queries through
`registry.search.search` and through `GET /api/v1/search` on a gunicorn server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks._instance import ensure_basics, import_document, make_app  # noqa: E402

DEVSET = ROOT.parent / "shared" / "search-dev" / "fi_devset.json"
FI_STEMS = (
    "työ",
    "turvallisuus",
    "laatu",
    "opiskelija",
    "palaute",
    "riski",
    "tieto",
    "kriisi",
    "hankinta",
    "koulutus",
    "arviointi",
    "auditointi",
    "perehdytys",
    "henkilöstö",
    "kemikaali",
    "kone",
    "kehitys",
    "toiminta",
    "asiakas",
    "sopimus",
    "talous",
    "viestintä",
    "tila",
    "ympäristö",
    "salasana",
)
FI_HEADS = (
    "ohje",
    "suunnitelma",
    "seloste",
    "kuvaus",
    "prosessi",
    "lomake",
    "raportti",
    "mittari",
    "käytäntö",
    "rekisteri",
    "ilmoitus",
    "kysely",
    "järjestelmä",
    "vastaava",
    "tarkastus",
)
FI_ENDINGS = ("", "n", "t", "ssa", "sta", "en", "ihin", "lla", "ksi", "ja", "ssä", "stä")
FALLBACK_FI = [
    "Työohje kuvaa koneiden turvallisen käytön työpajassa.",
    "Palautteet käsitellään laatutyöryhmässä kerran kuukaudessa.",
]
FALLBACK_EN = ["Internal audits are carried out annually according to the audit programme."]


def sentences() -> tuple[list[str], list[str]]:
    if not DEVSET.exists():
        return FALLBACK_FI, FALLBACK_EN
    data = json.loads(DEVSET.read_text(encoding="utf-8"))

    def split(docs):
        return [s.strip() + "." for d in docs for s in (d["title"] + ". " + d["body"]).split(".") if s.strip()]

    return split(data["docs"]), split(data["en_docs"])


def compound(rng: random.Random) -> str:
    return rng.choice(FI_STEMS) + rng.choice(FI_HEADS) + rng.choice(FI_ENDINGS)


def text(rng: random.Random, pool: list[str], words: int, finnish: bool) -> str:
    out, count = [], 0
    while count < words:
        sentence = rng.choice(pool)
        if finnish and rng.random() < 0.5:
            sentence = f"{sentence[:-1]} {compound(rng)}."
        out.append(sentence)
        count += len(sentence.split())
        if rng.random() < 0.15:
            out.append("\n\n## " + rng.choice(pool)[:-1] + "\n\n")
    return " ".join(out)


def generate(n_docs: int, seed: int = 7) -> None:
    from registry.extensions import db

    rng = random.Random(seed)
    fi_pool, en_pool = sentences()
    user = ensure_basics()
    types, units = ("TO", "TY", "LO", "PR", "OH"), ("HALL", "TEK", "SOTE", "KAUP")
    visibilities = ("internal",) * 8 + ("public", "restricted")
    started = time.perf_counter()
    for n in range(n_docs):
        finnish = rng.random() < 0.75
        pool = fi_pool if finnish else en_pool
        title = (compound(rng).capitalize() + ": " if finnish else "") + rng.choice(pool)[:-1][:120]
        versions = rng.choice((1, 2, 2, 3, 3, 4))
        bodies = [text(rng, pool, rng.randint(150, 400), finnish) for _ in range(versions)]
        import_document(
            user,
            title=title,
            bodies=bodies,
            prefix=rng.choice(types),
            unit=rng.choice(units),
            language="fi" if finnish else "en",
            visibility=rng.choice(visibilities),
        )
        if n % 200 == 199:
            db.session.commit()
            print(f"  {n + 1} documents imported ({time.perf_counter() - started:.0f} s)", flush=True)
    db.session.commit()


def queries(n: int, codes: list[str], seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    fi_pool, en_pool = sentences()
    fi_words = [w.strip(".,:;()").lower() for s in fi_pool for w in s.split() if len(w) > 4]
    en_words = [w.strip(".,:;()").lower() for s in en_pool for w in s.split() if len(w) > 4]
    found = []
    for i in range(n):
        kind = i % 10
        if kind < 4:
            q = " ".join(rng.sample(fi_words, rng.choice((1, 2, 2, 3))))
        elif kind < 6:
            q = compound(rng)
        elif kind == 6:
            q = " ".join(rng.sample(en_words, 2))
        elif kind == 7:
            word = rng.choice(fi_words)
            q = word[:3] + word[4:] if len(word) > 6 else word  # a typo
        elif kind == 8:
            q = rng.choice(codes).replace("-0", " ").lower()
        else:
            q = rng.choice(fi_words)
        found.append({"q": q, "type": rng.choice(("", "", "", "TO"))})
    return found


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"


def rebuild_in_child(instance: str, database: str) -> tuple[float, float]:
    """`search rebuild` in a child process: (seconds, peak RSS MB of the child)."""
    env = os.environ | {"LAMPPU_INSTANCE_PATH": instance, "LAMPPU_DATABASE_URL": database}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "registry", "search", "rebuild"], env=env, check=True, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def time_service(app, qs: list[dict]) -> tuple[list[float], list[float]]:
    """Latency of each query through the service, and of each engine call inside it."""
    from registry import search
    from registry.auth.services import find_user
    from registry.search.services import engine

    samples, engine_samples = [], []
    with app.app_context():
        user = find_user("bench@example.org")
        search.search("lämpö", user=user)  # open the searcher once, as a running worker has
        whoosh = engine()
        original = whoosh.search

        def timed(spec):
            started = time.perf_counter()
            try:
                return original(spec)
            finally:
                engine_samples.append(time.perf_counter() - started)

        whoosh.search = timed
        try:
            for item in qs:
                started = time.perf_counter()
                search.search(item["q"], user=user, filters={"type": item["type"]} if item["type"] else None)
                samples.append(time.perf_counter() - started)
        finally:
            del whoosh.search
    return samples, engine_samples


def time_api(
    instance: str, database: str, port: int, token: str, qs: list[dict], workers: int
) -> tuple[list[float], float]:
    """Latency of each query through the API once every worker is warm, and of a fresh worker's first query."""
    env = os.environ | {"LAMPPU_INSTANCE_PATH": instance, "LAMPPU_DATABASE_URL": database}
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "registry", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(instance) / "server.log", "w"),
    )
    base = f"http://127.0.0.1:{port}/api/v1/search?"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        headers = {"Authorization": f"Bearer {token}"}

        def get(params):
            try:
                request = urllib.request.Request(base + urllib.parse.urlencode(params), headers=headers)
                return urllib.request.urlopen(request, timeout=30).read()
            except urllib.error.HTTPError as error:
                raise SystemExit(f"{error.code} for {params}: {error.read()[:300]!r}") from None

        started = time.perf_counter()
        get({"q": qs[0]["q"]})  # the first query of a fresh worker
        first = time.perf_counter() - started
        for _ in range(3 * workers):
            get({"q": "ohje"})  # open every worker's searcher
        samples = []
        for item in qs:
            params = {"q": item["q"]} | ({"type": item["type"]} if item["type"] else {})
            started = time.perf_counter()
            get(params)
            samples.append(time.perf_counter() - started)
        return samples, first
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--port", type=int, default=5101)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for the API timing")
    parser.add_argument("--keep", help="reuse/keep this directory (skips generation when it has data)")
    args = parser.parse_args()
    directory = args.keep or f"/tmp/lamppu-speed-{args.documents}"
    fresh = not (Path(directory) / "bench.db").exists()
    if fresh and not args.keep:
        shutil.rmtree(directory, ignore_errors=True)
    Path(directory).mkdir(parents=True, exist_ok=True)
    database = f"sqlite:///{Path(directory) / 'bench.db'}"
    instance = str(Path(directory) / "instance")
    app = make_app(directory, database)
    with app.app_context():
        if fresh:
            started = time.perf_counter()
            generate(args.documents)
            print(f"generated {args.documents} documents in {time.perf_counter() - started:.0f} s")
        from registry.auth.services import create_api_token, find_user
        from registry.documents.models import Document, DocumentVersion
        from registry.extensions import db

        n_docs = db.session.query(Document).count()
        n_versions = db.session.query(DocumentVersion).count()
        codes = list(db.session.execute(db.select(Document.code)).scalars())
        token = create_api_token(None, find_user("bench@example.org"), "bench")
        db.session.commit()
    seconds, peak = rebuild_in_child(instance, database)
    with app.app_context():
        from registry import search

        info = search.status()
    print(
        f"documents {n_docs}, versions {n_versions}: rebuild {seconds:.1f} s, peak RSS {peak:.0f} MB, "
        f"index {info['bytes'] / 1e6:.1f} MB, analysis {info['finnish_analysis']}"
    )
    qs = queries(args.queries, codes)
    service, engine_calls = time_service(app, qs)
    print(f"service ({len(qs)} queries): {percentiles(service)}")
    print(f"engine  ({len(engine_calls)} calls inside them): {percentiles(engine_calls)}")
    api, first = time_api(instance, database, args.port, token, qs, args.workers)
    print(f"API     ({len(qs)} queries, {args.workers} workers): {percentiles(api)}")
    with_first = sorted([*api, first])
    p99 = with_first[min(len(with_first) - 1, int(len(with_first) * 0.99))]
    print(f"API, a fresh worker's first query {first * 1000:.1f} ms; p99 with it {p99 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
