"""Goal links reach the search index: the `goal` filter and facet follow a link change."""

from __future__ import annotations

from registry import search
from registry.extensions import db
from registry.goals import services as goals
from registry.goals.links import set_document_goals


def test_linking_a_goal_makes_the_document_findable_by_goal(make, client, login):
    quality = make.user("author", "quality_owner")
    serving = make.published(quality, title="Sisäisen auditoinnin ohje", bodies=("Auditointi tehdään vuosittain.",))
    make.published(quality, title="Auditoinnin lomake", bodies=("Auditointi kirjataan lomakkeelle.",))
    plan = goals.create_plan(quality, code="LAMPPU", name="LAMPPU-hanke")
    goal = goals.create_goal(quality, plan, code="T5", title="Laadunhallinnan kehittäminen")
    db.session.commit()
    search.sync()
    reader = make.user()
    assert search.search("auditointi", filters={"goal": "T5"}, user=reader).total == 0

    set_document_goals(quality, serving, [goal])
    db.session.commit()
    search.sync()

    page = search.search("auditointi", filters={"goal": "T5"}, user=reader)
    assert [hit.code for hit in page.hits] == [serving.code]
    assert search.search("auditointi", user=reader).facets["goal"] == {"T5": 1}
    login(reader)
    body = client.get("/api/v1/search?q=auditointi&goal=T5").json
    assert body["total"] == 1 and body["facets"]["goal"] == {"T5": 1}
