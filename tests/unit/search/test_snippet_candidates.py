"""Snippets and matched words analyse only the words that may share a term with the query."""

from __future__ import annotations

import pytest

from registry.search import _analysis, _snippets


@pytest.fixture(autouse=True)
def _voikko():
    if _analysis.finnish_backend()[0] != "voikko":
        pytest.skip("needs Voikko (lemmas of inflected forms)")


@pytest.mark.parametrize(
    "query, text, expected",
    [
        ("apu", "Saat avun ohjaajalta ja opettajan avulla.", ("avun", "avulla")),  # p -> v at the 2nd letter
        ("ikä", "Opiskelijan iän mukaan.", ("iän",)),
        ("työ", "Töitä tehdään työpaikalla.", ("töitä", "työpaikalla")),  # yö -> ö in the plural
        ("tapa", "Toimintatavan kuvaus ja tavat.", ("toimintatavan", "tavat")),
        ("käsi", "Kädet pestään käsienpesupisteellä.", ("kädet", "käsienpesupisteellä")),
        ("ohje", "Työohjeen ohjeita luetaan.", ("työohjeen", "ohjeita")),
    ],
)
def test_inflected_forms_and_compounds_still_match(query, text, expected):
    terms = set(_analysis.finnish_terms(query, False))
    assert _snippets.matched_forms(text, terms, "fi") == expected


def test_words_without_a_query_anchor_are_not_analysed(monkeypatch):
    analysed = []
    real = _analysis.terms_of

    def counting(word, language, for_index=True):
        analysed.append(word)
        return real(word, language, for_index)

    monkeypatch.setattr(_analysis, "terms_of", counting)
    terms = set(_analysis.finnish_terms("ohje", False))
    text = "Pelastussuunnitelma kertoo poistumisreitit ja kokoontumispaikan; turvaohjeet ovat liitteenä."
    snippet = _snippets.make_snippet(text, terms, "fi")
    assert "<mark>turvaohjeet</mark>" in str(snippet)
    assert "turvaohjeet" in analysed
    assert not {"pelastussuunnitelma", "kertoo", "poistumisreitit", "kokoontumispaikan"} & set(analysed)
