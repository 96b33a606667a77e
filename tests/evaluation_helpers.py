"""Shared builders for the evaluation tests: a framework, linked documents and goals, a filled assessment."""

from __future__ import annotations

from datetime import date

from registry.evaluation import services
from registry.extensions import db
from registry.goals import services as goals
from tests.goals_helpers import build_plan

HEADER = "record,code,parent,level,title_fi,title_en,description_fi,description_en\n"
FRAMEWORK_CSV = (
    HEADER
    + "framework,TESTI,,,Testikehys,Test frame,,\n"
    + "level,puuttuva,,,Puuttuva,Absent,,\n"
    + "level,alkava,,,Alkava,Emerging,,\n"
    + "level,edistynyt,,,Edistynyt,Advanced,,\n"
    + "criterion,S,,,Suunnittelu,Planning,,\n"
    + "criterion,S1,S,,Tavoitteet,Goals,Tavoitteet on asetettu.,Goals are set.\n"
    + "criterion,S2,S,,Vastuut,Responsibilities,,\n"
    + "criterion,A,,,Arviointi,Evaluation,,\n"
    + "criterion,A1,A,,Itsearviointi,Self-assessment,,\n"
)


def build_assessment(make, *, documents: int = 2):
    """A quality owner, `documents` published documents linked to S1, a goal with an indicator linked to S1
    (and one without measurements linked to A1), and a draft assessment of 2024 with S1 assessed."""
    owner = make.user("author", "quality_owner", email="laatu@example.org")
    docs = [make.published(owner, title=f"Ohje {i}", bodies=("Yksi.", "Kaksi.")) for i in range(documents)]
    _plan, (t1, t2) = build_plan(owner, goals=("T1", "T2"))
    indicator = goals.create_indicator(owner, t1, name="Osuus", unit="%", target=80)
    goals.record_measurement(owner, indicator, period="2024", value=85)
    framework, errors = services.import_framework(owner, FRAMEWORK_CSV)
    assert errors == []
    by_code = {c.code: c for c, _depth in services.criteria_tree(framework)}
    services.set_criterion_links(owner, by_code["S1"], [d.code for d in docs], ["LAMPPU:T1"])
    services.set_criterion_links(owner, by_code["A1"], [], ["LAMPPU:T2"])
    assessment = services.create_assessment(
        owner, framework, title="Itsearviointi 2024", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31)
    )
    services.assess_criterion(
        owner,
        assessment,
        by_code["S1"],
        level="alkava",
        justification="Perustelu.",
        strengths="Vahvuus.",
        improvements="Mittarit kaikille tavoitteille\nToinen rivi",
    )
    db.session.commit()
    return owner, assessment, by_code, docs
