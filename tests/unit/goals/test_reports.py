"""The goal progress report: every goal in order, exactly the stored texts, the same in DOCX and PDF."""

from __future__ import annotations

import csv
import io
import re

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from registry.demo import GOALS_CSV, load_demo, read_manifest
from registry.extensions import db
from registry.goals import services
from registry.goals.models import Plan
from tests.goals_helpers import build_plan

HOSTILE = '<script>alert("x")</script> & <b>lihava</b>\nToinen rivi'


def _squash(text: str) -> str:
    """Whitespace-free text: line wrapping in a PDF or DOCX does not matter."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def owner(make):
    return make.user("quality_owner")


def test_every_goal_in_order_even_without_results(owner, client, login):
    plan, (t1, t2, t3) = build_plan(owner)
    services.write_progress_entry(owner, t2, period="syksy 2012", text="Syksyn tulos.")
    services.write_progress_entry(owner, t3, period="kevät 2012", text="Kevään tulos.")
    db.session.commit()
    login(owner)
    data = client.get(f"/plans/{plan.id}/report?format=json").get_json()
    assert [g["code"] for g in data["goals"]] == ["T1", "T2", "T3"]
    assert data["periods"] == ["kevät 2012", "syksy 2012"]
    assert data["goals"][0]["results"] == {"kevät 2012": None, "syksy 2012": None}
    assert data["goals"][1]["results"]["syksy 2012"] == "Syksyn tulos."
    page = client.get(f"/plans/{plan.id}/report").get_data(as_text=True)
    assert page.index("Tavoite T1") < page.index("Tavoite T2") < page.index("Tavoite T3")


def test_progress_text_is_stored_exactly_and_escaped_everywhere(owner, client, login):
    plan, (t1, _t2, _t3) = build_plan(owner)
    services.write_progress_entry(owner, t1, period="kevät 2012", text=HOSTILE)
    db.session.commit()
    login(owner)
    assert client.get(f"/plans/{plan.id}/report?format=json").get_json()["goals"][0]["results"]["kevät 2012"] == HOSTILE
    for url in (f"/plans/{plan.id}/report", f"/goals/{t1.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and "<b>lihava</b>" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;lihava&lt;/b&gt;\nToinen rivi" in page
    docx = DocxDocument(io.BytesIO(client.get(f"/plans/{plan.id}/report?format=docx").data))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert HOSTILE in cells


def test_report_with_no_goals_and_unknown_format(owner, client, login):
    plan, _ = build_plan(owner, goals=())
    login(owner)
    assert client.get(f"/plans/{plan.id}/report?format=json").get_json()["goals"] == []
    assert client.get(f"/plans/{plan.id}/report?format=exe").status_code == 404
    assert client.get("/plans/999/report").status_code == 404


@pytest.fixture
def demo(app):
    load_demo()
    db.session.commit()
    return db.session.execute(db.select(Plan).where(Plan.code == "LAMPPU")).scalar_one()


def _seed_rows(record: str) -> list[dict]:
    """The seed report's goals or results, as the demo's goals.csv carries them."""
    with GOALS_CSV.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["record"] == record]


def _seed_texts():
    texts = [row["note"] for row in _seed_rows("progress")]
    assert len(texts) == 9  # the seed report's non-empty result cells
    return texts


def test_demo_report_page_reproduces_the_seed(demo, client, login):
    from registry.auth.services import find_user

    login(find_user("laatu@kao.example"))
    data = client.get(f"/plans/{demo.id}/report?format=json").get_json()
    assert data["plan"]["name"] == "Laatua ammatilliseen koulutukseen pohjoisessa (LAMPPU-hanke)"
    assert data["plan"]["organisation"] == "Kainuun maakunta-kuntayhtymä, Kainuun ammattiopisto-liikelaitos"
    assert data["plan"]["contact"].startswith("Esa Oikarinen esa.oikarinen@kao.fi")
    assert [g["code"] for g in data["goals"]] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert data["periods"] == ["kevät 2012", "syksy 2012"]
    spring = [g["results"]["kevät 2012"] is not None for g in data["goals"]]
    assert spring == [True, True, False, True, False, False]  # the seed's empty cells stay empty
    assert all(g["results"]["syksy 2012"] for g in data["goals"])
    assert data["goals"][4]["results"]["syksy 2012"].endswith("mm. toimintaohjerekisteri.")
    t5_docs = [d["title"] for d in data["goals"][4]["documents"]]
    assert any("laatustrategia" in t for t in t5_docs) and any("Toimintaohjerekisteri" in t for t in t5_docs)
    page = client.get(f"/plans/{demo.id}/report").get_data(as_text=True)
    for text in _seed_texts():
        assert text in page


def test_demo_docx_and_pdf_contain_the_six_goals_and_results(demo, client, login):
    from registry.auth.services import find_user

    login(find_user("laatu@kao.example"))
    response = client.get(f"/plans/{demo.id}/report?format=docx")
    assert response.headers["Content-Disposition"].startswith("attachment")
    docx = DocxDocument(io.BytesIO(response.data))
    docx_text = "\n".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
    response = client.get(f"/plans/{demo.id}/report?format=pdf")
    assert response.mimetype == "application/pdf"
    pdf_text = _squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages))
    goals = [(row["goal"], row["title"], row["description"]) for row in _seed_rows("goal")]
    assert len(goals) == 6
    for code, title, description in goals:
        assert f"{code} {title}" in docx_text and description in docx_text
        assert _squash(f"{code} {title}") in pdf_text and _squash(description) in pdf_text
    for text in _seed_texts():
        assert text in docx_text
        assert _squash(text) in pdf_text
    assert _squash(read_manifest()["plan"]["name"]) in pdf_text
