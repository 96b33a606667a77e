"""The word -> index terms table a rebuild stores beside the index, read by workers for snippets."""

from __future__ import annotations

from flask import current_app

from registry import search
from registry.search import _analysis


def test_rebuild_stores_the_index_terms_of_its_words(make):
    owner = make.user("quality_owner")
    make.published(owner, title="Työturvallisuusohje", bodies=("Työturvallisuusohjeiden noudattaminen on pakollista.",))
    search.rebuild()
    table = current_app.extensions["lamppu_search"].analysis_table()
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"{_analysis.TABLE_HEADER}\t{_analysis.finnish_backend()[0]}"
    stored = dict(line.split("\t") for line in lines[1:])
    word = "työturvallisuusohjeiden"
    assert stored[word].split() == list(_analysis.terms_with(_analysis._voikko(), word, True))


def test_a_fresh_worker_marks_snippets_from_the_table_without_analysing(make, monkeypatch):
    owner = make.user("quality_owner")
    make.published(owner, title="Kemikaaliohje", bodies=("Kemikaalien säilytys lukitussa kaapissa.",))
    search.rebuild()
    _analysis.reset()  # as a new worker: nothing cached
    _analysis.use_table(None)
    analysed = []
    original = _analysis.terms_with

    def counting(voikko, word, for_index):
        analysed.append((word, for_index))
        return original(voikko, word, for_index)

    monkeypatch.setattr(_analysis, "terms_with", counting)
    page = search.search("kemikaali", user=owner)
    assert [hit.code for hit in page.hits] and "<mark>Kemikaalien</mark>" in str(page.hits[0].snippet)
    assert not [word for word, for_index in analysed if for_index]  # the query word only, as a query
    assert ("kemikaali", False) in analysed


def test_a_table_written_with_another_analysis_is_not_used(tmp_path):
    path = tmp_path / "table.tsv"
    path.write_text("lamppu-analysis-table 1\tsomething-else\nohjeiden\tväärä\n", encoding="utf-8")
    _analysis.use_table(path)
    try:
        assert _analysis.load_table() == 0
        assert "väärä" not in _analysis.finnish_terms("ohjeiden", True)
        _analysis.write_table(path, {"ohjeiden": ("ohje",)})
        _analysis.use_table(None)
        _analysis.use_table(path)
        assert _analysis.load_table() == 1 and _analysis.finnish_terms("ohjeiden", True) == ("ohje",)
    finally:
        _analysis.use_table(None)
