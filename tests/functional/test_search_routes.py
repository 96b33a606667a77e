"""Search over HTTP: the page, the suggestion endpoint and the API, under every role."""

from __future__ import annotations

import pytest

from registry.extensions import db

ROUTE_ENDPOINTS = {"search.results", "search.suggest", "api_search.Search", "api_search.Suggest"}  # every role below
ROLES = ["anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin"]


@pytest.fixture
def docs(make):
    owner = make.user("quality_owner")
    public = make.published(
        owner, title="Työturvallisuusohje", visibility="public", bodies=("Suojalasit ovat pakollisia työpajassa.",)
    )
    make.unit("X")
    secret = make.published(
        owner,
        title="Salainen kassaohje",
        visibility="restricted",
        unit_code="X",
        prefix="RA",
        bodies=("Kassakaapin koodi vaihdetaan.",),
    )
    return {"public": public, "secret": secret, "owner": owner}


def as_role(make, login, role):
    if role == "anonymous":
        return None
    user = make.user(role) if role != "reader" else make.user()
    return login(user)


def api_headers(make, role):
    from registry.auth.services import create_api_token

    if role == "anonymous":
        return {}
    user = make.user(role) if role != "reader" else make.user()
    token = create_api_token(None, user, "test")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("role", ROLES)
def test_search_page_for_every_role(make, login, client, docs, role):
    as_role(make, login, role)
    response = client.get("/search", query_string={"q": "suojalasit"})
    assert response.status_code == 200
    assert "Työturvallisuusohje" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_suggest_endpoint_for_every_role(make, login, client, docs, role):
    as_role(make, login, role)
    response = client.get("/search/suggest", query_string={"prefix": "työtur"})
    assert response.status_code == 200
    assert response.json["items"] == [{"code": docs["public"].code, "title": "Työturvallisuusohje"}]


@pytest.mark.parametrize("role, status", [(r, 401 if r == "anonymous" else 200) for r in ROLES])
def test_api_search_for_every_role(make, client, docs, role, status):
    response = client.get("/api/v1/search", query_string={"q": "suojalasit"}, headers=api_headers(make, role))
    assert response.status_code == status
    if status == 200:
        body = response.json
        assert body["total"] == 1 and set(body["facets"]) >= {"type", "unit", "goal"}
        assert set(body["items"][0]) >= {"code", "title", "version", "label", "state", "score", "snippet"}
        assert "suggestion" in body
    else:
        assert response.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role, status", [(r, 401 if r == "anonymous" else 200) for r in ROLES])
def test_api_suggest_for_every_role(make, client, docs, role, status):
    response = client.get("/api/v1/search/suggest", query_string={"prefix": "työ"}, headers=api_headers(make, role))
    assert response.status_code == status
    if status == 200:
        assert [i["code"] for i in response.json["items"]] == [docs["public"].code]


@pytest.mark.parametrize("spelling", ["TO-001", "to1", "to 1", "to-01"])
def test_code_in_any_spelling_redirects_to_the_document(make, login, client, docs, spelling):
    login(make.user())
    response = client.get("/search", query_string={"q": spelling})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/d/TO-001")


def test_code_of_an_invisible_document_does_not_redirect_or_leak(make, login, client, docs):
    login(make.user())
    response = client.get("/search", query_string={"q": "ra1"})
    assert response.status_code == 200
    assert "Salainen" not in response.get_data(as_text=True)


def test_restricted_document_never_appears_for_a_reader(make, login, client, docs):
    login(make.user())
    page = client.get("/search", query_string={"q": "kassakaappi", "scope": "all"}).get_data(as_text=True)
    assert "Salainen" not in page and "Kassakaapin" not in page
    api = client.get("/api/v1/search", query_string={"q": "kassakaappi", "scope": "all"}).json
    assert api["total"] == 0 and api["items"] == [] and api["facets"]["type"] == {}


@pytest.mark.parametrize("query", ["AND (", '"', "title:", "ohje)", "*?", "<script>", "a" * 300, "%00", "\\"])
def test_malformed_queries_are_answered(make, login, client, docs, query):
    login(make.user())
    assert client.get("/search", query_string={"q": query}).status_code == 200
    response = client.get("/api/v1/search", query_string={"q": query})
    assert response.status_code == 200 and response.json["total"] >= 0


@pytest.mark.parametrize("args", [{"per_page": "1000"}, {"page": "0"}, {"scope": "everything"}, {"page": "x"}])
def test_api_rejects_invalid_parameters_with_422(make, login, client, docs, args):
    login(make.user())
    response = client.get("/api/v1/search", query_string={"q": "ohje"} | args)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_failed"


def test_page_tolerates_bad_paging_arguments(make, login, client, docs):
    login(make.user())
    response = client.get("/search", query_string={"q": "suojalasit", "page": "x", "per_page": "-5"})
    assert response.status_code == 200


def test_results_escape_titles_and_mark_matches(make, login, client):
    owner = make.user("quality_owner")
    make.published(
        owner, title="<img src=x onerror=alert(1)> Paloturvallisuus", bodies=("Paloturvallisuus <b>tärkeää</b>.",)
    )
    login(owner)
    html = client.get("/search", query_string={"q": "paloturvallisuus"}).get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<mark>Paloturvallisuus</mark>" in html and "<b>tärkeää" not in html


def test_facet_links_filter_results(make, login, client, docs):
    owner = docs["owner"]
    make.published(owner, title="Suojalasien lomake", prefix="LO", bodies=("Suojalasit kuitataan.",))
    login(owner)
    html = client.get("/search", query_string={"q": "suojalasit"}).get_data(as_text=True)
    assert "type=LO" in html
    filtered = client.get("/search", query_string={"q": "suojalasit", "type": "LO"}).get_data(as_text=True)
    assert "Suojalasien lomake" in filtered and "Työturvallisuusohje" not in filtered


@pytest.mark.parametrize("path", ["/", "/login", "/profile", "/search"])
def test_search_box_on_every_page(make, login, client, path):
    login(make.user())
    response = client.get(path, follow_redirects=True)
    assert 'class="header-search"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role, shown", [("admin", True), ("reader", False)])
def test_admin_sees_a_notice_when_voikko_is_missing(make, login, client, monkeypatch, role, shown):
    from registry.search import services

    monkeypatch.setattr(services, "analysis_backend", lambda: "snowball")
    login(make.user(role) if role != "reader" else make.user())
    assert ("Voikko" in client.get("/search?q=ohje").get_data(as_text=True)) is shown


def test_admin_status_page_names_the_finnish_analysis(make, login, client, monkeypatch):
    from registry.search import _analysis

    login(make.user("admin"))
    backend, engine = _analysis.finnish_backend()
    page = client.get("/admin/").get_data(as_text=True)
    assert backend == "voikko" and f"({engine})" in page
    monkeypatch.setenv("LAMPPU_SEARCH_NO_VOIKKO", "1")
    _analysis.reset()
    try:
        page = client.get("/admin/").get_data(as_text=True)
    finally:
        monkeypatch.delenv("LAMPPU_SEARCH_NO_VOIKKO")
        _analysis.reset()
    assert "Snowball" in page and "LAMPPU_SEARCH_NO_VOIKKO" in page


def test_results_name_the_matched_words_in_their_inflected_forms(make, login, client):
    staff = make.user("quality_owner")
    document = make.published(
        staff, title="Työohjeet", bodies=("Työohjeen mukaan suojalaseja käytetään aina. Sorvi on kone.",)
    )
    login(staff)
    page = client.get("/search", query_string={"q": "suojalasit työohje"}).get_data(as_text=True)
    assert document.code in page
    assert "<mark>työohjeet</mark>, <mark>työohjeen</mark>, <mark>suojalaseja</mark>" in page
    api = client.get("/api/v1/search", query_string={"q": "suojalasit työohje"}).json
    assert api["items"][0]["matched"] == ["työohjeet", "työohjeen", "suojalaseja"]
