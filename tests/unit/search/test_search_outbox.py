"""The index stays in step with the database: outbox, lock, crash, drift, rebuild, providers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from registry import search
from registry.extensions import db
from registry.search.models import SearchChange


def codes(page):
    return [hit.code for hit in page.hits]


def test_changes_through_services_write_outbox_rows_in_the_same_transaction(make):
    author = make.user("author")
    before = db.session.query(SearchChange).count()
    version = make.draft(author, title="Luonnos", body="Alkuteksti.")
    assert db.session.query(SearchChange).count() > before
    assert {r.document_id for r in db.session.query(SearchChange)} == {version.document_id}


def test_rolled_back_change_leaves_no_outbox_row(make):
    from registry.documents import services as documents
    from registry.workflow import machine as workflow

    author = make.user("author")
    make.doc_type("TO")
    before = db.session.query(SearchChange).count()
    fields = documents.validate_document_fields(author, type_prefix="TO", title="Peruttu")
    workflow.create_document_with_draft(author, fields, "Ei tallenneta.")
    db.session.rollback()
    assert db.session.query(SearchChange).count() == before


def test_edit_through_the_web_updates_the_index_after_commit(make, client, login):
    author = make.user("author")
    version = make.draft(author, title="Luonnos", body="Alkuteksti.")
    login(author)
    response = client.post(
        f"/d/{version.document.code}/v/{version.number}/edit",
        data={
            "title": "Luonnos",
            "body": "Ilmanvaihtokoneen huolto-ohje.",
            "change_summary": "",
            "revision": "1",
        },
    )
    assert response.status_code == 302
    engine = current_app.extensions["lamppu_search"]
    assert engine.high_water_mark() == search.status()["last_change"]  # applied without any search
    page = search.search("ilmanvaihtokone", user=author, filters={"scope": "all"})
    assert codes(page) == [version.document.code]


def test_busy_index_lock_leaves_rows_for_the_next_applier(make):
    staff = make.user("quality_owner")
    engine = current_app.extensions["lamppu_search"]
    search.sync()
    holder = engine.writer(0)
    try:
        document = make.published(staff, title="Lukittu", bodies=("Porakoneen ohje.",))
        assert search.search("porakone", user=staff).total == 0  # answered at once, not blocked
        assert search.status()["pending"] > 0
    finally:
        holder.cancel()
    assert codes(search.search("porakone", user=staff)) == [document.code]


KILLER = textwrap.dedent("""
    import os, signal, sys
    from whoosh.writing import SegmentWriter
    from registry import create_app, search

    def die(self, segments):  # segment files are written; the table of contents never is
        os.kill(os.getpid(), signal.SIGKILL)

    SegmentWriter._commit_toc = die
    app = create_app({"INSTANCE_PATH": sys.argv[1], "SQLALCHEMY_DATABASE_URI": sys.argv[2]})
    with app.app_context():
        search.sync()
    print("survived")
""")


def test_writer_killed_mid_commit_loses_nothing(make, runner, app):
    staff = make.user("quality_owner")
    search.sync()
    documents = [make.published(staff, title=f"Kaatumistesti {n}", bodies=(f"Varavoimakone {n}.",)) for n in range(3)]
    result = subprocess.run(
        [sys.executable, "-c", KILLER, app.instance_path, app.config["SQLALCHEMY_DATABASE_URI"]],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
        env=os.environ | {"PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == -9, result.stderr
    assert "survived" not in result.stdout
    assert not search.check().ok  # the killed writer's entries never became visible
    synced = runner.invoke(args=["search", "sync"])
    assert synced.exit_code == 0, synced.output
    checked = runner.invoke(args=["search", "check"])
    assert checked.exit_code == 0 and "No drift." in checked.output
    found = search.search("varavoimakone", user=staff)
    assert sorted(codes(found)) == sorted(d.code for d in documents)


def test_check_reports_drift_and_repair_fixes_it(make, runner):
    staff = make.user("quality_owner")
    document = make.published(staff, title="Alkuperäinen otsikko", bodies=("Teksti.",))
    search.sync()
    assert search.check().ok
    db.session.execute(
        text("UPDATE document_version SET title = 'Hiljaa muutettu' WHERE document_id = :d"), {"d": document.id}
    )
    db.session.commit()
    report = search.check()
    assert report.stale == [document.versions[-1].id] and not report.ok
    failed = runner.invoke(args=["search", "check"])
    assert failed.exit_code == 1 and "stale: 1" in failed.output
    repaired = runner.invoke(args=["search", "check", "--repair"])
    assert repaired.exit_code == 0 and "Repaired: no drift." in repaired.output
    assert codes(search.search("hiljaa muutettu", user=staff)) == [document.code]


def test_removed_entries_are_reported_and_restored(make):
    staff = make.user("quality_owner")
    document = make.published(staff, title="Poistettu indeksistä", bodies=("Teksti.",))
    search.sync()
    version_id = document.versions[-1].id
    search.remove([version_id])
    assert search.check().missing == [version_id]
    search.index_versions([version_id])
    assert search.check().ok


def test_rebuild_swaps_in_a_new_generation(make, runner):
    staff = make.user("quality_owner")
    document = make.published(staff, title="Uudelleenrakennus", bodies=("Kompressorin huolto.",))
    search.sync()
    before = search.status()["directory"]
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert search.status()["directory"] != before
    assert Path(before).exists()  # the previous generation stays for searchers still reading it
    assert codes(search.search("kompressori", user=staff)) == [document.code]
    assert search.check().ok


def test_field_provider_supplies_filters_and_facets(make):
    staff = make.user("quality_owner")
    first = make.published(staff, title="Ohje yksi", bodies=("Hitsauskone.",))
    second = make.published(staff, title="Ohje kaksi", bodies=("Hitsauskone.",))
    links = {first.id: ["T1", "T2"], second.id: ["T2"]}
    search.register_field_provider("goal", lambda ids: {i: links[i] for i in ids if i in links})
    try:
        search.rebuild()
        page = search.search("hitsauskone", user=staff)
        assert page.facets["goal"] == {"T2": 2, "T1": 1}
        assert codes(search.search("hitsauskone", user=staff, filters={"goal": "T1"})) == [first.code]
        links[second.id] = ["T1"]
        search.mark_documents_changed([second.id])
        db.session.commit()
        assert sorted(codes(search.search("hitsauskone", user=staff, filters={"goal": "T1"}))) == sorted(
            [first.code, second.code]
        )
    finally:
        search.unregister_field_provider("goal")


def test_status_command_names_the_analysis(runner):
    result = runner.invoke(args=["search", "status"])
    assert result.exit_code == 0 and "finnish_analysis: voikko" in result.output


def test_status_reports_snowball_fallback_without_voikko(runner, monkeypatch):
    from registry.search import _analysis

    monkeypatch.setenv("LAMPPU_SEARCH_NO_VOIKKO", "1")
    _analysis.reset()
    try:
        result = runner.invoke(args=["search", "status"])
        assert _analysis.finnish_terms("työohjeiden", True) == ("työohj",)
    finally:
        monkeypatch.delenv("LAMPPU_SEARCH_NO_VOIKKO")
        _analysis.reset()
    assert "finnish_analysis: snowball" in result.output and "WARNING" in result.output
