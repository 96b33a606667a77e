"""The framework importer: line-numbered errors, nothing imported on error, the shipped frameworks."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.audit.models import AuditEvent
from registry.evaluation import services
from registry.evaluation.models import Criterion, Framework, FrameworkLevel
from registry.extensions import db

FRAMEWORKS = Path(__file__).resolve().parents[3] / "registry" / "evaluation" / "frameworks"
HEADER = "record,code,parent,level,title_fi,title_en,description_fi,description_en\n"
GOOD = (
    HEADER
    + "framework,TEST,,,Testikehys,Test frame,,\n"
    + "level,alkava,,,Alkava,Emerging,,\n"
    + "level,edistynyt,,,Edistynyt,Advanced,,\n"
    + "criterion,A,,,Suunnittelu,Planning,,\n"
    + "criterion,A1,A,,Tavoitteet,Goals,Kuvaus,Description\n"
    + "descriptor,A1,,edistynyt,,,Tavoitteet seurataan,Goals are followed\n"
)


@pytest.fixture
def owner(app, make):
    return make.user("quality_owner")


def _import(owner, text):
    framework, errors = services.import_framework(owner, text)
    if errors:
        db.session.rollback()
    else:
        db.session.commit()
    return framework, errors


def _nothing_imported():
    assert db.session.execute(db.select(db.func.count()).select_from(Framework)).scalar() == 0
    assert db.session.execute(db.select(db.func.count()).select_from(Criterion)).scalar() == 0
    assert db.session.execute(db.select(db.func.count()).select_from(FrameworkLevel)).scalar() == 0
    assert not db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "framework.import")).first()


def test_a_good_file_imports_the_tree_levels_and_descriptors(owner):
    framework, errors = _import(owner, GOOD)
    assert errors == []
    assert [lv.code for lv in framework.levels] == ["alkava", "edistynyt"]
    tree = services.criteria_tree(framework)
    assert [(c.code, depth) for c, depth in tree] == [("A", 0), ("A1", 1)]
    a1 = tree[1][0]
    assert a1.parent.code == "A" and a1.descriptors[0].level.code == "edistynyt"
    assert services.leaf_ids(framework) == {a1.id}
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "framework.import")).scalar_one()
    assert event.actor_id == owner.id


def test_a_cycle_is_named_with_its_line_and_nothing_is_imported(owner):
    text = GOOD + "criterion,B1,B2,,Yksi,,,\ncriterion,B2,B1,,Kaksi,,,\n"
    framework, errors = _import(owner, text)
    assert framework is None
    assert len(errors) == 1
    line, message = errors[0]
    assert line == 8 and "kehän" in message and "B1" in message and "B2" in message
    _nothing_imported()


def test_a_duplicate_code_names_both_lines(owner):
    framework, errors = _import(owner, GOOD + "criterion,a1,A,,Toinen,,,\n")
    assert framework is None
    assert errors == [(8, "tunnus a1 toistuu (ensimmäisen kerran rivillä 6)")]
    _nothing_imported()


def test_an_unknown_level_lists_the_framework_levels(owner):
    framework, errors = _import(owner, GOOD + "descriptor,A1,,loistava,,,Kuvaus,\n")
    assert framework is None
    assert len(errors) == 1 and errors[0][0] == 8
    assert "tuntematon taso loistava" in errors[0][1] and "alkava, edistynyt" in errors[0][1]
    _nothing_imported()


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("criterion,C1,NOPE,,Otsikko,,,\n", 8, "tuntematon yläkriteeri NOPE"),
        ("criterion,C1,,,,,,\n", 8, "suomenkielinen otsikko puuttuu"),
        ("descriptor,ZZ,,alkava,,,Kuvaus,\n", 8, "tuntematon kriteeri ZZ"),
        ("ohje,C1,,,Otsikko,,,\n", 8, "record-sarakkeen on oltava"),
        ("framework,OTHER,,,Toinen,,,\n", 8, "vain yksi framework-rivi"),
        ("criterion,C1,,,Otsikko,,Kuvaus\x07,\n", 8, "merkkikoodi 7"),
    ],
)
def test_other_bad_lines_are_refused_by_line(owner, extra, line, words):
    framework, errors = _import(owner, GOOD + extra)
    assert framework is None
    assert any(n == line and words in message for n, message in errors), errors
    _nothing_imported()


def test_every_error_of_a_file_is_reported_at_once(owner):
    text = GOOD + "criterion,A1,,,Kopio,,,\ndescriptor,A1,,huono,,,Kuvaus,\ncriterion,X,Y,,Otsikko,,,\n"
    _framework, errors = _import(owner, text)
    assert [n for n, _m in errors] == [8, 9, 10]


def test_a_framework_code_already_imported_is_refused(owner):
    _import(owner, GOOD)
    framework, errors = _import(owner, GOOD)
    assert framework is None and errors[0][0] == 2 and "on jo olemassa" in errors[0][1]


def test_a_reader_may_not_import(app, make):
    from registry.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_framework(make.user(), GOOD)


@pytest.mark.parametrize("name", ["eqavet_vet_provider.csv", "karvi_quality_management.csv"])
def test_the_shipped_frameworks_import_with_the_four_levels(owner, name):
    framework, errors = _import(owner, (FRAMEWORKS / name).read_text(encoding="utf-8"))
    assert errors == []
    assert [lv.code for lv in framework.levels] == ["puuttuva", "alkava", "kehittyvä", "edistynyt"]
    tops = [c for c, depth in services.criteria_tree(framework) if depth == 0]
    assert len(tops) == 4
    if name.startswith("eqavet"):
        assert [c.title_en for c in tops] == ["Planning", "Implementation", "Evaluation", "Review"]
