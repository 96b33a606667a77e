"""The array evaluation of queries agrees with Whoosh itself: postings (across blocks, segments and
deletions), BM25F scores and their order, AND before OR, and facet counts."""

from __future__ import annotations

import random

import pytest
from whoosh import query as Q

from registry.search._types import Entry, QuerySpec, Viewer, WordTerms
from registry.search._whoosh import WhooshEngine

WORDS = ("ohje", "turvallisuus", "kone", "palaute", "opiskelija", "riski", "laatu", "kysely")
AUDITOR = Viewer(user_id=1, oversight=True)


def _entry(n: int, rng: random.Random) -> Entry:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60)))
    return Entry(
        version_id=n,
        document_id=n,
        code=f"TO-{n:03d}",
        language="fi",
        title=f"Asiakirja {n}",
        text=body,
        type=rng.choice(("TO", "LO")),
        unit=rng.choice(("HALL", "TEK", "")),
        audience=(),
        visibility="internal",
        owner_id=1,
        author_id=1,
        state="effective",
        is_current=True,
        tags=(),
        extra=(("goal", tuple(rng.sample(("T1", "T2", "T3"), rng.randint(0, 2)))),),
        fingerprint=str(n),
    )


@pytest.fixture
def engine(tmp_path):
    """Over 128 postings per common term (several blocks), two segments, deletions in the first."""
    rng = random.Random(5)
    engine = WhooshEngine(tmp_path / "index")
    writer = engine.writer(5)
    engine.write(writer, (), [_entry(n, rng) for n in range(1, 401)], hwm=1)
    writer.commit()
    writer = engine.writer(5)
    engine.remove(writer, range(10, 400, 9))
    engine.write(writer, (), [_entry(n, rng) for n in range(401, 461)], hwm=2)
    writer.commit(merge=False)
    return engine


def _whoosh_ranking(searcher, query, limit):
    return [(int(searcher.stored_fields(hit.docnum)["vid"]), hit.score) for hit in searcher.search(query, limit=limit)]


def _spec(*words: str, limit: int = 500) -> QuerySpec:
    words_ = tuple(WordTerms(w, (w,), ()) for w in words)
    return QuerySpec(words_, AUDITOR, "current", None, (), ("type", "unit", "goal"), limit)


def test_postings_match_whoosh_across_blocks_segments_and_deletions(engine):
    state = engine._fresh_state()
    assert len(state.leaves) == 2 and state.reader.has_deletions()
    for word in WORDS:
        ids, _weights = state.postings("text_fi", word)
        assert sorted(ids.tolist()) == sorted(state.searcher.docs_for_query(Q.Term("text_fi", word)))
        assert len(ids) > 128


@pytest.mark.parametrize("words", [("ohje",), ("kone", "riski"), ("laatu", "kysely", "palaute")])
def test_scores_and_order_match_whoosh_bm25f(engine, words):
    state = engine._fresh_state()
    result = engine.search(_spec(*words))
    query = Q.And([Q.Term("text_fi", w) for w in words])
    expected = _whoosh_ranking(state.searcher, query, None)
    any_word = set(state.searcher.docs_for_query(Q.Or([Q.Term("text_fi", w) for w in words])))
    assert len(expected) > 0
    assert result.total == len(any_word)  # fewer than the limit match all words: the others follow
    assert result.version_ids[: len(expected)] == [vid for vid, _ in expected]
    assert result.scores[: len(expected)] == pytest.approx([score for _, score in expected], rel=1e-5)
    assert not set(result.version_ids[len(expected) :]) & {vid for vid, _ in expected}


def test_documents_with_only_some_words_follow_those_with_all(engine):
    state = engine._fresh_state()
    everything = set(state.searcher.docs_for_query(Q.Term("text_fi", "ohje")))
    both = set(state.searcher.docs_for_query(Q.And([Q.Term("text_fi", "ohje"), Q.Term("text_fi", "puuttuva")])))
    assert not both
    result = engine.search(
        QuerySpec(
            (WordTerms("ohje", ("ohje",), ()), WordTerms("zz", ("zz",), ())), AUDITOR, "current", None, (), (), 1000
        )
    )
    assert result.matched_all_words is False and result.total == len(everything)


def test_facet_counts_match_a_count_over_stored_values(engine):
    state = engine._fresh_state()
    result = engine.search(_spec("riski"))
    docnums = set(state.searcher.docs_for_query(Q.Term("text_fi", "riski")))
    units = {u: len(docnums & set(state.searcher.docs_for_query(Q.Term("unit", u)))) for u in ("HALL", "TEK")}
    assert result.facets["unit"] == {u: c for u, c in sorted(units.items(), key=lambda kv: (-kv[1], kv[0])) if c}
    goals = {g: len(docnums & set(state.searcher.docs_for_query(Q.Term("x_goal", g)))) for g in ("T1", "T2", "T3")}
    assert result.facets["goal"] == {g: c for g, c in sorted(goals.items(), key=lambda kv: (-kv[1], kv[0])) if c}
    assert "-" not in result.facets["unit"]


def test_limit_keeps_the_best_and_breaks_ties_by_index_order(engine):
    full = engine.search(_spec("ohje"))
    top = engine.search(_spec("ohje", limit=7))
    assert top.version_ids == full.version_ids[:7] and top.total == full.total
