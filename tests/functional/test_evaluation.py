"""Self-assessments: levels refused outside the framework, the evidence page, improvement goals,
the evidence pack (page, API, CLI) and its verifier on good and tampered packs, standalone too."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from sqlalchemy import event

from registry.audit.models import AuditEvent
from registry.errors import ConflictError, ValidationError
from registry.evaluation import services, verify_pack
from registry.evaluation.models import AssessmentRow
from registry.extensions import db
from registry.goals.models import Goal
from tests.evaluation_helpers import build_assessment

# The role table of every evaluation route (test_route_roles reads ROUTE_ENDPOINTS).
ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
VIEW = (302, 403, 403, 403, 200, 200, 200)
VIEW_MISSING = (302, 403, 403, 403, 404, 404, 404)
MANAGE_MISSING = (302, 403, 403, 403, 404, 403, 403)
API_VIEW = (401, 403, 403, 403, 200, 200, 200)
API_MISSING = (401, 403, 403, 403, 404, 404, 404)
ROUTES = [
    ("evaluation.frameworks", "GET", "/evaluation/frameworks", VIEW),
    ("evaluation.import_framework", "POST", "/evaluation/frameworks/import", (302, 403, 403, 403, 302, 403, 403)),
    ("evaluation.framework", "GET", "/evaluation/frameworks/999", VIEW_MISSING),
    ("evaluation.criterion_links", "POST", "/evaluation/frameworks/999/criteria/1/links", MANAGE_MISSING),
    ("evaluation.assessments", "GET", "/evaluation/assessments", VIEW),
    ("evaluation.assessments", "POST", "/evaluation/assessments", (302, 403, 403, 403, 422, 403, 403)),
    ("evaluation.assessment", "GET", "/evaluation/assessments/999", VIEW_MISSING),
    ("evaluation.assess", "POST", "/evaluation/assessments/999/criteria/1", MANAGE_MISSING),
    ("evaluation.improvement_goal", "POST", "/evaluation/assessments/999/criteria/1/goal", MANAGE_MISSING),
    ("evaluation.complete", "POST", "/evaluation/assessments/999/complete", MANAGE_MISSING),
    ("evaluation.evidence_pack", "GET", "/evaluation/assessments/999/evidence", VIEW_MISSING),
    ("api_evaluation.Assessments", "GET", "/api/v1/assessments", API_VIEW),
    ("api_evaluation.AssessmentDetail", "GET", "/api/v1/assessments/999", API_MISSING),
    ("api_evaluation.AssessmentEvidence", "GET", "/api/v1/assessments/999/evidence", API_MISSING),
]
ROUTE_ENDPOINTS = {r[0] for r in ROUTES}


@pytest.mark.parametrize("endpoint, method, path, statuses", ROUTES, ids=[f"{r[1]} {r[2]}" for r in ROUTES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_route_answers_each_role(client, make, login, bearer, endpoint, method, path, statuses, role_index):
    role = ROLES[role_index]
    headers = {}
    if role != "anonymous":
        user = make.user(*([] if role == "reader" else [role]), email=f"{role}@example.org")
        if path.startswith("/api/"):
            headers = bearer(user)
        else:
            login(user)
    response = client.open(path, method=method, headers=headers, data={})
    assert response.status_code == statuses[role_index], response.get_data(as_text=True)[:300]


@pytest.fixture
def world(app, make):
    return build_assessment(make)


# --- assessing -------------------------------------------------------------------------------------


def test_a_level_outside_the_framework_is_refused_and_changes_nothing(world):
    owner, assessment, criteria, _docs = world
    with pytest.raises(ValidationError) as refused:
        services.assess_criterion(owner, assessment, criteria["S1"], level="kehittyvä", justification="Muuta")
    message = str(refused.value.fields["level"])
    assert "kehittyvä ei ole tämän kehyksen taso" in message and "puuttuva, alkava, edistynyt" in message
    db.session.rollback()
    row = db.session.execute(db.select(AssessmentRow)).scalar_one()
    assert (row.level_code, row.justification) == ("alkava", "Perustelu.")


def test_the_page_refuses_an_unknown_level_with_the_message(client, login, world):
    owner, assessment, criteria, _docs = world
    login(owner)
    url = f"/evaluation/assessments/{assessment.id}/criteria/{criteria['S1'].id}"
    prefix = f"c{criteria['S1'].id}-"
    response = client.post(
        url, data={prefix + "level": "loistava", prefix + "justification": "X"}, follow_redirects=True
    )
    assert "loistava" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.execute(db.select(AssessmentRow.level_code)).scalar_one() == "alkava"
    ok = client.post(url, data={prefix + "level": "edistynyt", prefix + "justification": "Hyvä"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.execute(db.select(AssessmentRow.level_code)).scalar_one() == "edistynyt"


def test_completing_needs_every_criterion_and_then_fixes_the_text(world):
    owner, assessment, criteria, _docs = world
    with pytest.raises(ConflictError) as refused:
        services.complete_assessment(owner, assessment)
    assert "S2" in str(refused.value.message) and "A1" in str(refused.value.message)
    for code in ("S2", "A1"):
        services.assess_criterion(owner, assessment, criteria[code], level="puuttuva")
    services.complete_assessment(owner, assessment)
    with pytest.raises(ConflictError):
        services.assess_criterion(owner, assessment, criteria["S1"], level="edistynyt")


def test_an_improvement_action_becomes_a_goal_linked_to_the_criterion(client, login, world):
    owner, assessment, criteria, _docs = world
    login(owner)
    plan_id = db.session.execute(db.select(Goal.plan_id).limit(1)).scalar_one()
    response = client.post(
        f"/evaluation/assessments/{assessment.id}/criteria/{criteria['S1'].id}/goal",
        data={"plan": str(plan_id), "code": "K1"},
    )
    assert response.status_code == 302
    goal = db.session.execute(db.select(Goal).where(Goal.code == "K1")).scalar_one()
    assert goal.title == "Mittarit kaikille tavoitteille"
    assert "K1" in [g.code for g in services.linked_goals(criteria["S1"])]


# --- the evidence page --------------------------------------------------------------------------------


def test_the_page_shows_documents_goals_and_gaps(client, login, world):
    owner, assessment, _criteria, docs = world
    login(owner)
    page = client.get(f"/evaluation/assessments/{assessment.id}").get_data(as_text=True)
    for doc in docs:
        assert doc.code in page
    assert "Osuus" in page  # the indicator of the linked goal
    assert "T2" in page  # the goal without measurements, flagged
    assert page.count('class="gap-flag"') >= 3  # S2 and A1 have no document; T2 has no measurements


def test_open_change_requests_on_linked_documents_are_evidence(client, login, make, world):
    from registry.workflow import change_requests

    owner, assessment, _criteria, docs = world
    staff = make.user()
    first = change_requests.create_change_request(staff, docs[0], text="Vaihe 3 puuttuu.")
    change_requests.create_change_request(staff, docs[0], text="Lomakkeen nimi on vanha.")
    db.session.commit()
    login(owner)
    page = client.get(f"/evaluation/assessments/{assessment.id}").get_data(as_text=True)
    assert f"{docs[0].code}: 2 avointa kehitysehdotusta" in page
    change_requests.move_change_request(owner, first, "reject", comment="Vaihe 3 on liitteessä.")
    db.session.commit()
    page = client.get(f"/evaluation/assessments/{assessment.id}").get_data(as_text=True)
    assert f"{docs[0].code}: 1 avoin kehitysehdotus" in page


@pytest.fixture
def count_queries(app):
    with app.app_context():
        engine = db.engine
    seen = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    def count(call):
        call()
        seen.clear()
        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            response = call()
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)
        assert response.status_code == 200
        return len(seen)

    return count


def test_the_evidence_page_runs_the_same_queries_for_more_documents(client, login, make, world, count_queries):
    owner, assessment, criteria, docs = world
    login(owner)
    url = f"/evaluation/assessments/{assessment.id}"
    few = count_queries(lambda: client.get(url))
    more = [make.published(owner, title=f"Lisä {i}") for i in range(4)]
    services.set_criterion_links(owner, criteria["S2"], [d.code for d in more], ["LAMPPU:T1"])
    db.session.commit()
    assert count_queries(lambda: client.get(url)) == few


# --- the evidence pack --------------------------------------------------------------------------------


def _pack(client, login, owner, assessment) -> bytes:
    login(owner)
    response = client.get(f"/evaluation/assessments/{assessment.id}/evidence")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return response.data


def _write(tmp_path, files: dict[str, bytes], name="pack.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return path


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_pack_holds_every_file_in_its_manifest_and_verifies(client, login, world, tmp_path):
    owner, assessment, _criteria, docs = world
    files = _files(_pack(client, login, owner, assessment))
    manifest = json.loads(files["manifest.json"])
    assert {e["path"] for e in manifest["files"]} == set(files) - {"manifest.json"}
    assert {"self-assessment.pdf", "self-assessment.docx", "audit/events.json", "verify_pack.py"} <= set(files)
    assert {f"documents/{d.code}-2.0.pdf" for d in docs} <= set(files)
    assert (
        files["self-assessment.pdf"].startswith(b"%PDF")
        and files["documents/" + docs[0].code + "-2.0.pdf"][:4] == b"%PDF"
    )
    events = json.loads(files["audit/events.json"])["events"]
    last = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "evidence.export" and last.actor_id == owner.id
    assert (
        (events[-1]["seq"], events[-1]["hash"])
        == (last.seq, last.hash)
        == (
            manifest["chain_head"]["seq"],
            manifest["chain_head"]["hash"],
        )
    )
    problems, summary = verify_pack.verify(_write(tmp_path, files))
    assert problems == [] and "audit events check out" in summary


def test_one_changed_byte_names_the_file(client, login, world, tmp_path, runner):
    owner, assessment, _criteria, docs = world
    files = _files(_pack(client, login, owner, assessment))
    name = f"documents/{docs[0].code}-2.0.pdf"
    data = bytearray(files[name])
    data[len(data) // 2] ^= 0x01
    files[name] = bytes(data)
    path = _write(tmp_path, files)
    problems, _summary = verify_pack.verify(path)
    assert problems == [f"{name}: SHA-256 differs from the manifest"]
    result = runner.invoke(args=["evidence", "verify", str(path)])
    assert result.exit_code == 1 and f"{name}: SHA-256 differs" in result.output


def test_one_removed_event_is_named(client, login, world, tmp_path, runner):
    owner, assessment, _criteria, _docs = world
    files = _files(_pack(client, login, owner, assessment))
    document = json.loads(files["audit/events.json"])
    removed = document["events"].pop(3)
    files["audit/events.json"] = json.dumps(document).encode()
    path = _write(tmp_path, files)
    problems, _summary = verify_pack.verify(path)
    assert "audit/events.json: SHA-256 differs from the manifest" in problems
    assert f"audit/events.json: event {removed['seq']} missing (seq gap)" in problems
    result = runner.invoke(args=["evidence", "verify", str(path)])
    assert result.exit_code == 1 and f"event {removed['seq']} missing" in result.output


def test_an_edited_event_is_named_even_with_a_rewritten_manifest(client, login, world, tmp_path):
    owner, assessment, _criteria, _docs = world
    files = _files(_pack(client, login, owner, assessment))
    document = json.loads(files["audit/events.json"])
    document["events"][2]["actor"] = "joku@example.org"
    files["audit/events.json"] = json.dumps(document).encode()
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["files"]:
        if entry["path"] == "audit/events.json":
            import hashlib

            entry["sha256"] = hashlib.sha256(files["audit/events.json"]).hexdigest()
            entry["size"] = len(files["audit/events.json"])
    files["manifest.json"] = json.dumps(manifest).encode()
    problems, _summary = verify_pack.verify(_write(tmp_path, files))
    seq = document["events"][2]["seq"]
    assert f"audit/events.json: event {seq}: hash differs from its recomputed value (changed)" in problems


def test_the_standalone_script_verifies_in_a_fresh_directory(client, login, world, tmp_path):
    owner, assessment, _criteria, docs = world
    fresh = tmp_path / "fresh"
    with zipfile.ZipFile(io.BytesIO(_pack(client, login, owner, assessment))) as archive:
        archive.extractall(fresh)
    clean_env = {"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"}
    ok = subprocess.run(
        [sys.executable, "-I", "verify_pack.py"], cwd=fresh, capture_output=True, text=True, env=clean_env, check=False
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("OK:")
    target = fresh / "documents" / f"{docs[1].code}-2.0.pdf"
    data = bytearray(target.read_bytes())
    data[-10] ^= 0xFF
    target.write_bytes(bytes(data))
    bad = subprocess.run(
        [sys.executable, "-I", "verify_pack.py"], cwd=fresh, capture_output=True, text=True, env=clean_env, check=False
    )
    assert bad.returncode == 1
    assert f"documents/{docs[1].code}-2.0.pdf: SHA-256 differs from the manifest" in bad.stdout


def test_the_api_lists_describes_and_downloads(client, bearer, make, world):
    _owner, assessment, _criteria, docs = world
    auditor = bearer(make.user("auditor"))
    listed = client.get("/api/v1/assessments", headers=auditor).get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == assessment.id
    detail = client.get(f"/api/v1/assessments/{assessment.id}", headers=auditor).get_json()
    s1 = next(c for c in detail["criteria"] if c["code"] == "S1")
    assert s1["level"] == "alkava" and {d["code"] for d in s1["documents"]} == {d.code for d in docs}
    assert detail["levels"] == ["puuttuva", "alkava", "edistynyt"]
    assert any(g["kind"] == "goal_unmeasured" for c in detail["criteria"] for g in c["gaps"])
    response = client.get(f"/api/v1/assessments/{assessment.id}/evidence", headers=auditor)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    reader = bearer(make.user())
    refused = client.get(f"/api/v1/assessments/{assessment.id}/evidence", headers=reader)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"


def test_the_cli_exports_and_verifies(runner, world, tmp_path):
    _owner, assessment, _criteria, _docs = world
    path = tmp_path / "pack.zip"
    exported = runner.invoke(args=["evidence", "export", str(assessment.id), str(path)])
    assert exported.exit_code == 0, exported.output
    assert "manifest.json SHA-256:" in exported.output and "audit chain head:" in exported.output
    verified = runner.invoke(args=["evidence", "verify", str(path)])
    assert verified.exit_code == 0 and verified.output.startswith("OK:")
    missing = runner.invoke(args=["evidence", "export", "999", str(tmp_path / "x.zip")])
    assert missing.exit_code == 1 and not (tmp_path / "x.zip").exists()


def test_the_cli_imports_a_framework_or_names_the_bad_lines(runner, world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "record,code,parent,level,title_fi\nframework,X,,,X\nlevel,a,,,A\ncriterion,C1,C2,,Y\ncriterion,C2,C1,,Z\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["evidence", "frameworks", "import", str(bad)])
    assert result.exit_code == 1 and "line 4: yläkriteerit muodostavat kehän: C1 → C2 → C1" in result.output
    assert services.framework_by_code("X") is None


def test_the_upload_page_lists_errors_by_line(client, login, world):
    owner, *_rest = world
    login(owner)
    text = "record,code,parent,level,title_fi\nframework,Y,,,Y\nlevel,a,,,A\ncriterion,C1,,,Y\ncriterion,C1,,,Z\n"
    response = client.post(
        "/evaluation/frameworks/import",
        data={"file": (io.BytesIO(text.encode()), "kehys.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "rivi 5: tunnus C1 toistuu (ensimmäisen kerran rivillä 4)" in response.get_data(as_text=True)
    assert services.framework_by_code("Y") is None


def test_period_dates_in_the_wrong_order_are_refused(world):
    owner, assessment, *_rest = world
    with pytest.raises(ValidationError) as refused:
        services.create_assessment(
            owner, assessment.framework, title="X", period_start=date(2025, 1, 1), period_end=date(2024, 1, 1)
        )
    assert "period_end" in refused.value.fields
    with contextlib.suppress(Exception):
        db.session.rollback()
