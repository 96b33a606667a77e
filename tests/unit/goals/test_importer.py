"""`lamppu goals import FILE`: all rows or none, errors with line numbers."""

from __future__ import annotations

import pytest

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.goals.models import Goal, Indicator, Measurement, ProgressEntry
from tests.goals_helpers import build_plan

HEADER = "record,plan,goal,parent,title,description,owner,indicator,unit,target,direction,frequency,period,value,note\n"
GOOD = (
    HEADER
    + "goal,LAMPPU,T4,,Mittarit,Mittareiden kehittäminen,,,,,,,,,\n"
    + "goal,LAMPPU,T4.1,T4,Keskeyttäminen,,,,,,,,,,\n"
    + "indicator,LAMPPU,T4.1,,,,,Keskeyttäneet,%,8,lower,annual,,,\n"
    + 'measurement,LAMPPU,T4.1,,,,,Keskeyttäneet,,,,,2011,"9,6",tilasto\n'
    + "measurement,LAMPPU,T4.1,,,,,Keskeyttäneet,,,,,2012,8.9,\n"
)


@pytest.fixture
def owner(make):
    user = make.user("quality_owner", email="laatu@example.org")
    build_plan(user, goals=("T1",))
    return user


def _run(runner, tmp_path, text, email="laatu@example.org"):
    path = tmp_path / "goals.csv"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["goals", "import", str(path), "--user", email])


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar()


def test_good_file_imports_everything(runner, tmp_path, owner):
    result = _run(runner, tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert "2 goal(s), 1 indicator(s), 2 measurement(s)" in result.output
    child = db.session.execute(db.select(Goal).where(Goal.code == "T4.1")).scalar_one()
    assert child.parent.code == "T4"
    assert sorted(m.value for m in child.indicators[0].measurements) == [8.9, 9.6]
    assert _run(runner, tmp_path, GOOD).exit_code == 0  # a second run updates, it does not duplicate
    assert _count(Goal) == 3 and _count(Indicator) == 1 and _count(Measurement) == 2


def test_semicolon_separated_file_is_read(runner, tmp_path, owner):
    text = "record;plan;goal;title\ngoal;LAMPPU;T9;Puolipiste\n"
    assert _run(runner, tmp_path, text).exit_code == 0
    assert db.session.execute(db.select(Goal).where(Goal.code == "T9")).scalar_one().title == "Puolipiste"


def test_any_bad_row_imports_nothing_and_names_the_lines(runner, tmp_path, owner):
    events_before = _count(AuditEvent)
    bad = (
        GOOD
        + "measurement,LAMPPU,T4.1,,,,,Keskeyttäneet,,,,,2013,paljon,\n"
        + "goal,NOPE,T7,,Otsikko,,,,,,,,,,\n"
        + "goal,LAMPPU,T1,T1,Oma esi-isä,,,,,,,,,,\n"
        + "task,LAMPPU,T8,,,,,,,,,,,,\n"
    )
    result = _run(runner, tmp_path, bad)
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.startswith("line ")]
    assert [line.split(":")[0] for line in lines] == ["line 7", "line 8", "line 9", "line 10"]
    assert "value" in lines[0] and "NOPE" in lines[1] and "parent" in lines[2]
    assert "nothing was imported" in result.output
    assert _count(Goal) == 1 and _count(Indicator) == 0 and _count(Measurement) == 0
    assert _count(AuditEvent) == events_before


def test_missing_columns_and_unknown_user(runner, tmp_path, owner):
    result = _run(runner, tmp_path, "name,value\nx,1\n")
    assert result.exit_code != 0 and "line 1:" in result.output and "record, plan, goal" in result.output
    assert _run(runner, tmp_path, GOOD, email="nobody@example.org").exit_code != 0
    assert _count(Goal) == 1


def test_reader_cannot_import(runner, tmp_path, owner, make):
    make.user(email="lukija@example.org")
    result = _run(runner, tmp_path, GOOD, email="lukija@example.org")
    assert result.exit_code != 0 and "line 2" in result.output
    assert _count(Goal) == 1


def test_without_user_the_first_active_quality_owner_is_recorded(runner, tmp_path, owner, make):
    make.user("quality_owner", email="toinen@example.org")
    path = tmp_path / "goals.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = _count(AuditEvent)
    result = runner.invoke(args=["goals", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "recorded for laatu@example.org" in result.output
    actors = db.session.execute(db.select(AuditEvent.actor_label).where(AuditEvent.seq > before)).scalars().all()
    assert len(actors) == 5 and set(actors) == {"laatu@example.org"}
    owner.active = False
    db.session.commit()
    result = runner.invoke(args=["goals", "import", str(path)])
    assert result.exit_code == 0 and "recorded for toinen@example.org" in result.output


def test_without_user_and_without_a_quality_owner_the_import_names_the_option(runner, tmp_path, make):
    make.user("admin")
    path = tmp_path / "goals.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["goals", "import", str(path)])
    assert result.exit_code != 0 and "--user EMAIL" in result.output
    assert _count(Goal) == 0


def test_an_inactive_user_cannot_import(runner, tmp_path, owner):
    owner.active = False
    db.session.commit()
    result = _run(runner, tmp_path, GOOD)
    assert result.exit_code != 0 and "No active user" in result.output
    assert _count(Goal) == 1


def test_progress_rows_write_a_goals_results_and_a_second_run_replaces_them(runner, tmp_path, owner):
    text = (
        HEADER
        + 'progress,LAMPPU,T1,,,,,,,,,,kevät 2012,,"Hanke on käynnistynyt; kokouksia, tapaamisia."\n'
        + "progress,LAMPPU,T1,,,,,,,,,,syksy 2012,,Syksyn tulos.\n"
    )
    result = _run(runner, tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "2 progress entry(ies)" in result.output
    goal = db.session.execute(db.select(Goal).where(Goal.code == "T1")).scalar_one()
    assert {e.period: e.text for e in goal.progress_entries} == {
        "kevät 2012": "Hanke on käynnistynyt; kokouksia, tapaamisia.",
        "syksy 2012": "Syksyn tulos.",
    }
    assert _run(runner, tmp_path, text.replace("Syksyn tulos.", "Korjattu tulos.")).exit_code == 0
    db.session.expire_all()
    assert _count(ProgressEntry) == 2
    assert {e.period: e.text for e in goal.progress_entries}["syksy 2012"] == "Korjattu tulos."


def test_a_progress_row_without_text_or_for_an_unknown_goal_imports_nothing(runner, tmp_path, owner):
    text = HEADER + "progress,LAMPPU,T1,,,,,,,,,,kevät 2012,,Tulos.\n" + "progress,LAMPPU,T1,,,,,,,,,,syksy 2012,,\n"
    text += "progress,LAMPPU,T9,,,,,,,,,,syksy 2012,,Tulos.\n"
    result = _run(runner, tmp_path, text)
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.startswith("line ")]
    assert [line.split(":")[0] for line in lines] == ["line 3", "line 4"]
    assert "text" in lines[0] and "T9" in lines[1]
    assert _count(ProgressEntry) == 0
