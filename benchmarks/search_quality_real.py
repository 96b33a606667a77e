"""Search quality on real Finnish documents (benchmarks/data/fi_real): nDCG@10, MRR@10, recall@5.

    python benchmarks/search_quality_real.py [--snowball] [--verbose]
    python benchmarks/search_quality_real.py --pool pool.tsv   # judging pool, see fi_real/README.md

Loads every document of the set through the workflow import service into a temporary
instance (as benchmarks/search_quality.py does for shared/search-dev) and runs every query of
queries.tsv through `GET /api/v1/search` with a bearer token, top 10, default scope.
Judgments come from qrels.tsv (grades 0-3). nDCG@10 uses the grade as gain; MRR@10 and
recall@5 count a document as relevant from grade 2 up; recall@5 is divided by
min(5, number of relevant documents) so that a query with many relevant documents can reach 1.
`--bm25` also scores the plain BM25 baseline on the raw text (no analysis) for comparison.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._instance import ensure_basics, import_document, make_app  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "fi_real"
RELEVANT_FROM = 2


def load_docs(data: Path = DATA) -> dict[str, dict]:
    """docs/NNN.md -> {id: {title, url, organisation, kind, body}}."""
    docs = {}
    for path in sorted((data / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
        docs[path.stem] = meta | {"body": body.strip()}
    return docs


def load_queries(data: Path = DATA) -> dict[str, str]:
    with open(data / "queries.tsv", encoding="utf-8", newline="") as handle:
        return {row["qid"]: row["query"] for row in csv.DictReader(handle, delimiter="\t")}


def load_qrels(data: Path = DATA) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with open(data / "qrels.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            qrels[row["qid"]][row["doc"]] = int(row["grade"])
    return dict(qrels)


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranked[:k]) if d in relevant), 0.0)


def recall_at(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    return len(set(ranked[:k]) & relevant) / min(k, len(relevant)) if relevant else 0.0


def score_run(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    totals = Counter()
    for qid, grades in qrels.items():
        ranked = runs.get(qid, [])
        relevant = {d for d, g in grades.items() if g >= RELEVANT_FROM}
        totals["ndcg@10"] += ndcg_at(ranked, grades)
        totals["mrr@10"] += mrr_at(ranked, relevant)
        totals["recall@5"] += recall_at(ranked, relevant)
    return {key: value / len(qrels) for key, value in totals.items()} | {"queries": len(qrels)}


# --- baselines for pooling and comparison: BM25 over the raw text, no linguistic analysis ---

WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str, prefix: int | None = None) -> list[str]:
    words = [w.lower() for w in WORD.findall(text)]
    return [w[:prefix] for w in words] if prefix else words


def bm25_run(docs: dict[str, dict], queries: dict[str, str], prefix: int | None = None, k: int = 20):
    """Okapi BM25 (k1=1.2, b=0.75) on title + body; `prefix` truncates every word (a crude stemmer)."""
    k1, b = 1.2, 0.75
    bags = {d: Counter(tokens(doc["title"] + "\n" + doc["body"], prefix)) for d, doc in docs.items()}
    lengths = {d: sum(bag.values()) for d, bag in bags.items()}
    average = sum(lengths.values()) / len(lengths)
    df = Counter(term for bag in bags.values() for term in bag)
    n = len(docs)
    runs = {}
    for qid, query in queries.items():
        scores = Counter()
        for term in set(tokens(query, prefix)):
            if term not in df:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            for d, bag in bags.items():
                tf = bag.get(term, 0)
                if tf:
                    scores[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[d] / average))
        runs[qid] = [d for d, _ in scores.most_common(k)]
    return runs


# --- the registry, through its HTTP API ---


def registry_run(
    docs: dict[str, dict], queries: dict[str, str], k: int = 10, synonym_list: bool = False
) -> tuple[dict[str, list[str]], str]:
    """Import the documents into a fresh instance and ask GET /api/v1/search for every query."""
    from registry import search
    from registry.auth.services import create_api_token
    from registry.extensions import db

    app = make_app()
    logging.getLogger("lamppu.request").setLevel(logging.WARNING)  # one line per query is noise here
    with app.app_context():
        user = ensure_basics()
        codes = {}
        for doc_id, doc in docs.items():
            document = import_document(user, title=doc["title"], bodies=[doc["body"]], language="fi")
            codes[document.code] = doc_id
        if synonym_list:
            from registry.search import synonyms

            synonyms.import_starter_list(None)
        token = create_api_token(user, user, "fi_real benchmark")
        db.session.commit()
        search.sync()
        analysis = search.status()["finnish_analysis"]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    runs = {}
    for qid, query in queries.items():
        response = client.get("/api/v1/search", query_string={"q": query, "per_page": k}, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{qid} {query!r}: HTTP {response.status_code} {response.get_data(as_text=True)[:200]}")
        runs[qid] = [codes[item["code"]] for item in response.get_json()["items"]]
    return runs, analysis


def write_pool(path: Path, docs, queries, systems: dict[str, dict[str, list[str]]], depth: int = 20) -> None:
    """One row per (query, candidate document) from the union of every system's top `depth`."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(["qid", "query", "doc", "systems", "title", "organisation"])
        for qid, query in queries.items():
            found: dict[str, list[str]] = defaultdict(list)
            for name, runs in systems.items():
                for rank, d in enumerate(runs.get(qid, [])[:depth], 1):
                    found[d].append(f"{name}:{rank}")
            for d in sorted(found):
                out.writerow([qid, query, d, " ".join(found[d]), docs[d]["title"], docs[d]["organisation"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snowball", action="store_true", help="disable Voikko (the fallback analysis)")
    parser.add_argument("--bm25", action="store_true", help="also score the raw-text BM25 baselines")
    parser.add_argument("--pool", metavar="FILE", help="write the judging pool (top 20 of each system) and stop")
    parser.add_argument("--verbose", action="store_true", help="show queries whose recall@5 is below 1")
    parser.add_argument("--synonyms", action="store_true", help="load the shipped abbreviation and synonym list first")
    args = parser.parse_args()
    if args.snowball:
        os.environ["LAMPPU_SEARCH_NO_VOIKKO"] = "1"
    docs, queries = load_docs(), load_queries()
    if args.pool:
        registry, _ = registry_run(docs, queries, k=20)
        systems = {"lamppu": registry, "bm25": bm25_run(docs, queries), "bm25p5": bm25_run(docs, queries, prefix=5)}
        write_pool(Path(args.pool), docs, queries, systems)
        print(f"pool written to {args.pool}")
        return
    qrels = load_qrels()
    queries = {qid: q for qid, q in queries.items() if qid in qrels}
    runs, analysis = registry_run(docs, queries, synonym_list=args.synonyms)
    orgs = len({d["organisation"] for d in docs.values()})
    print(f"documents: {len(docs)} from {orgs} organisations, queries: {len(queries)}")
    results = {f"Lamppu GET /api/v1/search ({analysis})": score_run(runs, qrels)}
    if args.bm25:
        results["BM25, raw words"] = score_run(bm25_run(docs, queries), qrels)
        results["BM25, words cut to 5 letters"] = score_run(bm25_run(docs, queries, prefix=5), qrels)
    for name, r in results.items():
        print(f"{name:45} nDCG@10={r['ndcg@10']:.3f}  MRR@10={r['mrr@10']:.3f}  recall@5={r['recall@5']:.3f}")
    if args.verbose:
        for qid, grades in qrels.items():
            relevant = {d for d, g in grades.items() if g >= RELEVANT_FROM}
            if recall_at(runs[qid], relevant) < 1:
                print(f"  {qid} {queries[qid]!r}: got {runs[qid][:5]} want {sorted(relevant)}")


if __name__ == "__main__":
    main()
