"""Swedish documents are analysed with Swedish rules, in their own index field."""

from __future__ import annotations

from registry.search._languages import query_pairs, swedish_terms


def test_swedish_inflections_share_a_stem():
    stems = {swedish_terms(w) for w in ("arbetsinstruktion", "arbetsinstruktioner", "arbetsinstruktionerna")}
    assert len(stems) == 1 and stems != {()}


def test_swedish_stop_words_ask_nothing():
    assert swedish_terms("och") == ()
    assert query_pairs("och") == []


def test_query_words_ask_the_swedish_field():
    assert query_pairs("arbetsinstruktionerna") == [("text_sv", swedish_terms("arbetsinstruktion")[0])]
