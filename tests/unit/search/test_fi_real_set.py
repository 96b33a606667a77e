"""Integrity of the real Finnish evaluation set (benchmarks/data/fi_real)."""

from __future__ import annotations

from benchmarks.search_quality_real import DATA, RELEVANT_FROM, load_docs, load_qrels, load_queries


def test_every_document_has_its_source_and_text():
    docs = load_docs()
    assert len(docs) >= 100
    for doc_id, doc in docs.items():
        assert doc["url"].startswith(("http://", "https://")), doc_id
        assert doc["title"] and doc["organisation"] and doc["kind"], doc_id
        assert len(doc["body"]) >= 100, doc_id
    assert len({doc["url"] for doc in docs.values()}) == len(docs)


def test_judgments_point_at_existing_documents_and_queries():
    docs, queries, qrels = load_docs(), load_queries(), load_qrels()
    assert len(qrels) >= 50
    for qid, grades in qrels.items():
        assert qid in queries, qid
        assert set(grades) <= set(docs), (qid, set(grades) - set(docs))
        assert all(0 <= grade <= 3 for grade in grades.values()), qid


def test_every_judged_query_has_a_relevant_document():
    for qid, grades in load_qrels().items():
        assert any(grade >= RELEVANT_FROM for grade in grades.values()), qid


def test_the_set_stays_small():
    size = sum(path.stat().st_size for path in DATA.rglob("*") if path.is_file())
    assert size < 15 * 1024 * 1024
