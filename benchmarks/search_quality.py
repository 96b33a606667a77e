"""Search quality on the Finnish development set: nDCG@10, MRR@10, recall@5 and compound recall.

    python benchmarks/search_quality.py [--devset PATH] [--snowball] [--synonyms] [--verbose]

Loads the set through the public services into a temporary instance and asks
`registry.search.search` exactly as the application does. `--snowball` runs the same with
Voikko disabled (the fallback analysis).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._instance import ensure_basics, import_document, make_app  # noqa: E402

DEFAULT_DEVSET = Path(__file__).resolve().parents[2] / "shared" / "search-dev" / "fi_devset.json"


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def mrr_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranked[:k]) if d in relevant), 0.0)


def recall_at(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def load(devset: dict) -> dict[str, str]:
    """Import every document; returns code -> dev-set id."""
    from registry.extensions import db

    user = ensure_basics()
    codes = {}
    for doc in devset["docs"] + devset.get("en_docs", []):
        document = import_document(user, title=doc["title"], bodies=[doc["body"]], language=doc.get("lang", "fi"))
        codes[document.code] = doc["id"]
    db.session.commit()
    return codes


def evaluate(queries: list[dict], codes: dict[str, str], user, verbose: bool) -> dict[str, float]:
    from registry import search

    totals = {"ndcg@10": 0.0, "mrr@10": 0.0, "recall@5": 0.0}
    for item in queries:
        page = search.search(item["q"], user=user, per_page=10)
        ranked = [codes[h.code] for h in page.hits]
        relevant = set(item["relevant"])
        scores = {
            "ndcg@10": ndcg_at(ranked, relevant),
            "mrr@10": mrr_at(ranked, relevant),
            "recall@5": recall_at(ranked, relevant),
        }
        for key, value in scores.items():
            totals[key] += value
        if verbose and scores["recall@5"] < 1:
            print(f"  {item['id']} {item['q']!r}: got {ranked[:5]} want {sorted(relevant)}")
    return {k: v / len(queries) for k, v in totals.items()} | {"queries": len(queries)}


def compound_recall(probes: list[dict], codes: dict[str, str], user, verbose: bool) -> float:
    from registry import search

    found = wanted = 0
    for probe in probes:
        page = search.search(probe["q"], user=user, per_page=50)
        got = {codes[h.code] for h in page.hits}
        expected = set(probe["expected"])
        found += len(got & expected)
        wanted += len(expected)
        if verbose and expected - got:
            print(f"  probe {probe['q']!r}: missing {sorted(expected - got)}")
    return found / wanted if wanted else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", default=str(DEFAULT_DEVSET))
    parser.add_argument("--snowball", action="store_true", help="disable Voikko (the fallback analysis)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--synonyms", action="store_true", help="load the shipped abbreviation and synonym list first")
    args = parser.parse_args()
    if args.snowball:
        os.environ["LAMPPU_SEARCH_NO_VOIKKO"] = "1"
    devset = json.loads(Path(args.devset).read_text(encoding="utf-8"))
    app = make_app()
    with app.app_context():
        from registry import search
        from registry.auth.services import find_user

        codes = load(devset)
        if args.synonyms:
            from registry.extensions import db
            from registry.search import synonyms

            synonyms.import_starter_list(None)
            db.session.commit()
        search.sync()
        user = find_user("bench@example.org")
        print(f"analysis: {search.status()['finnish_analysis']}, documents: {len(codes)}")
        for name, key in (("Finnish", "queries"), ("English", "en_queries")):
            if devset.get(key):
                result = evaluate(devset[key], codes, user, args.verbose)
                print(
                    f"{name:8} queries={result['queries']:3}  nDCG@10={result['ndcg@10']:.3f}  "
                    f"MRR@10={result['mrr@10']:.3f}  recall@5={result['recall@5']:.3f}"
                )
        if devset.get("compound_probes"):
            recall = compound_recall(devset["compound_probes"], codes, user, args.verbose)
            print(f"compound probes: recall={recall:.3f}")


if __name__ == "__main__":
    main()
