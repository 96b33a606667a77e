from __future__ import annotations

from registry.documents.models import DocumentVersion
from registry.extensions import db


def test_permalink_shows_the_current_version_not_the_old(client, make, login):
    quality = make.user("author", "quality_owner")
    make.published(quality, title="Poissaolot", bodies=("Vanha sääntö: kolme päivää.", "Uusi sääntö: viisi päivää."))
    login(make.user())
    page = client.get("/d/to1").get_data(as_text=True)
    assert "Uusi sääntö" in page and "Vanha sääntö" not in page
    assert "vanha versio" not in page.lower()


def test_old_version_carries_a_banner_linking_to_the_current(client, make, login):
    quality = make.user("author", "quality_owner")
    make.published(quality, bodies=("Vanha.", "Uusi."))
    login(make.user())
    page = client.get("/d/TO-001/v/1").get_data(as_text=True)
    assert "Tämä on vanha versio, joka ei ole voimassa." in page
    assert 'href="/d/TO-001"' in page


def test_reader_cannot_see_a_draft_and_anonymous_only_public(client, make, login):
    author = make.user("author")
    make.draft(author, title="Keskeneräinen")
    quality = make.user("author", "quality_owner")
    make.published(quality, title="Julkinen ohje", visibility="public")
    assert client.get("/d/TO-002").status_code == 200  # public, anonymous
    # Anonymous visitors are asked to log in, whether or not the code exists.
    assert client.get("/d/TO-001").headers["Location"] == "/login?next=/d/TO-001"
    assert client.get("/d/TO-999").headers["Location"] == "/login?next=/d/TO-999"
    login(make.user())
    assert client.get("/d/TO-001").status_code == 404
    assert client.get("/d/TO-001/v/1").status_code == 404
    assert "Keskeneräinen" not in client.get("/").get_data(as_text=True)


def test_register_filters_and_sorts(client, make, login):
    quality = make.user("author", "quality_owner")
    make.published(quality, title="Bravo", prefix="TO")
    make.published(quality, title="Alfa", prefix="TY")
    login(quality)
    page = client.get("/?sort=title").get_data(as_text=True)
    assert page.index("Alfa") < page.index("Bravo")
    page = client.get("/?sort=title&dir=desc").get_data(as_text=True)
    assert page.index("Bravo") < page.index("Alfa")
    page = client.get("/?type=TY").get_data(as_text=True)
    assert "Alfa" in page and "Bravo" not in page
    assert client.get("/?sort=nonsense&type=%3Cscript%3E").status_code == 200


def test_register_state_filter_does_not_reveal_an_unseen_draft(client, make, login):
    from registry.workflow import machine as workflow

    quality = make.user("author", "quality_owner")
    document = make.published(quality, title="Voimassa oleva ohje")
    workflow.start_new_draft(quality, document)
    db.session.commit()
    login(make.user())
    assert "Voimassa oleva ohje" not in client.get("/?state=draft").get_data(as_text=True)
    assert "Voimassa oleva ohje" in client.get("/?state=effective&type=to").get_data(as_text=True)


def test_author_creates_a_document_with_an_allocated_code(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post(
        "/documents/new",
        data={
            "type": "TO",
            "title": "Uusi ohje",
            "visibility": "internal",
            "language": "fi",
            "body": "## Ohje\n\nTeksti.",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/d/TO-001/v/1")
    assert "<h2>Ohje</h2>" in client.get("/d/TO-001/v/1").get_data(as_text=True)


def test_bad_document_form_changes_nothing(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post("/documents/new", data={"type": "XX", "title": "", "visibility": "secret"})
    assert response.status_code == 422
    assert db.session.execute(db.select(DocumentVersion)).first() is None


def test_script_in_a_title_is_shown_as_text(client, make, login):
    author = make.user("author")
    make.draft(author, title="<script>alert(1)</script>", body="<img src=x onerror=alert(1)>")
    login(author)
    page = client.get("/d/TO-001/v/1").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page


def test_stale_edit_through_the_form_is_refused_with_a_message(client, make, login):
    author = make.user("author")
    version = make.draft(author, body="Alku.")
    login(author)
    first = client.post("/d/TO-001/v/1/edit", data={"title": "Työohje", "body": "Ensimmäinen.", "revision": "1"})
    assert first.status_code == 302
    second = client.post("/d/TO-001/v/1/edit", data={"title": "Työohje", "body": "Toinen.", "revision": "1"})
    assert second.status_code == 409
    assert "Joku muu tallensi luonnoksen" in second.get_data(as_text=True)
    db.session.refresh(version)
    assert version.body == "Ensimmäinen." and version.revision == 2


def test_someone_elses_draft_cannot_be_edited(client, make, login):
    make.draft(make.user("author"))
    login(make.user("author"))
    assert client.get("/d/TO-001/v/1/edit").status_code == 404
    assert client.post("/d/TO-001/v/1/edit", data={"title": "x", "revision": "1"}).status_code == 404


def test_new_draft_from_the_current_version(client, make, login):
    quality = make.user("author", "quality_owner")
    make.published(quality, bodies=("Voimassa.",))
    login(quality)
    response = client.post("/d/TO-001/drafts")
    assert response.status_code == 302 and response.headers["Location"].endswith("/d/TO-001/v/2/edit")
    assert client.post("/d/TO-001/drafts").status_code == 409


def test_print_view_says_uncontrolled_copy(client, make, login):
    quality = make.user("author", "quality_owner")
    make.published(quality, bodies=("Teksti.",))
    login(quality)
    page = client.get("/d/TO-001/v/1/print").get_data(as_text=True)
    assert "Tulosteena ohjaamaton kopio" in page and "TO-001" in page and "1.0" in page


def test_restricted_document_from_the_form_reaches_only_its_audience(client, make, login):
    make.doc_type("TO")
    unit_a, unit_b = make.unit("A"), make.unit("B")
    login(make.user("author", units=[unit_a]))
    response = client.post(
        "/documents/new",
        data={
            "type": "TO",
            "title": "Kriisiohje",
            "visibility": "restricted",
            "language": "fi",
            "audience": ["A"],
        },
    )
    assert response.status_code == 302
    from registry.documents.services import get_document

    assert [u.code for u in get_document("TO-001").audience] == ["A"]
    form = client.get("/documents/new").get_data(as_text=True)
    assert 'type="checkbox"' in form and "<legend>" in form
    login(make.user(units=[unit_b]))
    assert client.get("/d/TO-001/v/1").status_code == 404
