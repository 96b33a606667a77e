"""Ranking variants on both quality sets at once: engine constants patched between runs.

    python benchmarks/search_variants.py '[{"name": "before", "RELATED_WEIGHT": 0}, {"name": "now"}]'

Builds the fi_real instance (starter synonym list loaded) and the search-dev instance once, then
for every variant sets the named constants of `registry.search._widening` or `_whoosh`, asks every query through
`registry.search.search` (as `search_quality.py` does; same ranking as the API) and prints
nDCG@10 / MRR@10 / recall@5 of both sets and the fi_real queries whose nDCG@10 moved against the
first variant. `"rebuild": true` in a variant rebuilds both indexes first (for constants that
change what is indexed, e.g. TITLE_REPEAT); constants are restored after each variant.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import search_quality as dev_set  # noqa: E402
from benchmarks import search_quality_real as real_set  # noqa: E402
from benchmarks._instance import ensure_basics, import_document, make_app  # noqa: E402
from registry.search import _whoosh, _widening  # noqa: E402


def setup_real():
    docs, queries, qrels = real_set.load_docs(), real_set.load_queries(), real_set.load_qrels()
    queries = {qid: q for qid, q in queries.items() if qid in qrels}
    app = make_app()
    logging.getLogger("lamppu.request").setLevel(logging.WARNING)
    with app.app_context():
        from registry import search
        from registry.extensions import db
        from registry.search import synonyms

        user = ensure_basics()
        codes = {}
        for doc_id, doc in docs.items():
            document = import_document(user, title=doc["title"], bodies=[doc["body"]], language="fi")
            codes[document.code] = doc_id
        synonyms.import_starter_list(None)
        db.session.commit()
        search.sync()
        user_id = user.id
    return app, user_id, codes, queries, qrels


def setup_dev():
    devset = json.loads(dev_set.DEFAULT_DEVSET.read_text(encoding="utf-8"))
    app = make_app()
    with app.app_context():
        from registry import search
        from registry.extensions import db
        from registry.search import synonyms

        codes = dev_set.load(devset)
        synonyms.import_starter_list(None)
        db.session.commit()
        search.sync()
    return app, codes, devset


def run(real, dev, rebuild: bool = False):
    """(fi_real scores, search-dev scores, fi_real nDCG@10 per query)."""
    app, user_id, codes, queries, qrels = real
    with app.app_context():
        from registry import search
        from registry.auth.models import User
        from registry.extensions import db

        if rebuild:
            search.rebuild()
        user = db.session.get(User, user_id)
        runs = {
            qid: [codes[h.code] for h in search.search(q, user=user, per_page=10).hits] for qid, q in queries.items()
        }
    per_query = {qid: real_set.ndcg_at(runs[qid], qrels[qid]) for qid in queries}
    dev_app, dev_codes, devset = dev
    with dev_app.app_context():
        from registry import search
        from registry.auth.services import find_user

        if rebuild:
            search.rebuild()
        dev_scores = dev_set.evaluate(devset["queries"], dev_codes, find_user("bench@example.org"), False)
    return real_set.score_run(runs, qrels), dev_scores, per_query


def main() -> None:
    variants = json.loads(sys.argv[1]) if len(sys.argv) > 1 else [{"name": "current"}]
    started = time.perf_counter()
    real, dev = setup_real(), setup_dev()
    print(f"instances built in {time.perf_counter() - started:.0f} s")
    first = None
    for variant in variants:
        variant = dict(variant)
        name, rebuild = variant.pop("name", "variant"), variant.pop("rebuild", False)
        modules = {key: _widening if hasattr(_widening, key) else _whoosh for key in variant}
        saved = {key: getattr(modules[key], key) for key in variant}
        for key, value in variant.items():
            setattr(modules[key], key, value)
        try:
            r, d, per_query = run(real, dev, rebuild)
        finally:
            for key, value in saved.items():
                setattr(modules[key], key, value)
            if rebuild:
                run(real, dev, True)
        print(
            f"{name:40} fi_real {r['ndcg@10']:.3f} {r['mrr@10']:.3f} {r['recall@5']:.3f}"
            f" | search-dev {d['ndcg@10']:.3f} {d['mrr@10']:.3f} {d['recall@5']:.3f}"
        )
        if first is None:
            first = per_query
        else:
            moved = [f"{q}:{first[q]:.2f}->{v:.2f}" for q, v in per_query.items() if abs(v - first[q]) > 0.001]
            print("    " + (" ".join(moved) or "no query moved"))


if __name__ == "__main__":
    main()
