"""`lamppu users import FILE.csv`: all users or none, with line-numbered errors."""

from __future__ import annotations

from registry.audit.models import AuditEvent
from registry.auth.models import User
from registry.auth.services import authenticate
from registry.extensions import db

HEADER = "email,name,roles,units,locale,password\n"


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def test_import_creates_every_user_and_prints_generated_passwords(runner, make, tmp_path):
    make.unit("OPS")
    make.unit("TEK")
    csv_file = tmp_path / "henkilosto.csv"
    csv_file.write_text(
        HEADER
        + "maija.meikalainen@kao.example,Maija Meikäläinen,author;approver,OPS;TEK,fi,\n"
        + "olli.opettaja@kao.example,Olli Opettaja,reader,OPS,en,pitka-salasana-123\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["users", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    maija = db.session.execute(db.select(User).where(User.email == "maija.meikalainen@kao.example")).scalar_one()
    assert maija.roles == {"author", "approver"} and {u.code for u in maija.units} == {"OPS", "TEK"}
    line = next(x for x in result.stdout.splitlines() if x.startswith("maija.meikalainen@kao.example\t"))
    assert authenticate("maija.meikalainen@kao.example", line.split("\t")[1]) is not None
    assert "olli.opettaja@kao.example" in result.stdout and "pitka-salasana-123" not in result.output
    assert authenticate("olli.opettaja@kao.example", "pitka-salasana-123").locale == "en"


def test_one_bad_row_creates_nothing_and_names_every_line(runner, make, tmp_path):
    make.user("admin", email="admin@kao.example")
    make.unit("OPS")
    users, events = _count(User), _count(AuditEvent)
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        HEADER
        + "hyva@kao.example,Hyvä Rivi,reader,OPS,fi,\n"
        + "admin@kao.example,Tupla,reader,,fi,\n"
        + "velho@kao.example,Velho,wizard,,fi,\n"
        + "yksikko@kao.example,Yksikkö,reader,NOPE,fi,\n"
        + "hyva@kao.example,Sama kahdesti,reader,,fi,\n"
        + "kieli@kao.example,Kieli,reader,,sv,\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["users", "import", str(csv_file)])
    assert result.exit_code == 1
    assert "line 3: email:" in result.output
    assert "line 4: roles:" in result.output and "wizard" in result.output
    assert "line 5: units:" in result.output and "NOPE" in result.output
    assert "line 6: hyva@kao.example: listed twice" in result.output
    assert "line 7: unknown locale 'sv'" in result.output
    assert "No users were created (5 problems)" in result.output
    db.session.rollback()
    assert (_count(User), _count(AuditEvent)) == (users, events)


def test_missing_column_is_refused(runner, tmp_path):
    csv_file = tmp_path / "cols.csv"
    csv_file.write_text("email,name\nx@kao.example,X\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(csv_file)])
    assert result.exit_code == 1
    assert "line 1: missing column 'roles'" in result.output
    assert _count(User) == 0
