from __future__ import annotations

from registry.documents.diffs import diff_text, diff_versions


def test_word_level_diff_marks_changed_finnish_words():
    segments = diff_text(
        "Poissaolo ilmoitetaan kolmen päivän kuluessa.", "Poissaolo ilmoitetaan viiden päivän kuluessa."
    )
    assert [(s.op, s.text) for s in segments if s.op != "equal"] == [("delete", "kolmen"), ("insert", "viiden")]
    assert "".join(s.text for s in segments if s.op != "insert") == "Poissaolo ilmoitetaan kolmen päivän kuluessa."


def test_identical_text_has_no_changes():
    assert all(s.op == "equal" for s in diff_text("sama teksti", "sama teksti"))


def test_diff_versions_covers_title_and_body(make):
    quality = make.user("author", "quality_owner")
    document = make.published(quality, title="Ohje", bodies=("Vanha lause.", "Uusi lause."))
    old, new = document.versions
    diffs = {d.field: d for d in diff_versions(old, new)}
    assert not diffs["title"].changed
    assert diffs["body"].changed
    assert ("insert", "Uusi") in [(s.op, s.text) for s in diffs["body"].segments]
