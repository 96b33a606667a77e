"""The evidence pack: one ZIP an evaluator can check without the server.

Contents: the self-assessment as PDF and DOCX, each linked document's current version as a
controlled-copy PDF with its approvals, the audit events from the start of the period up to the
export itself (a contiguous piece of the hash chain ending at the chain head), `manifest.json` with
the SHA-256 and size of every file, and `verify_pack.py` (standard library only) that rechecks it all.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from registry import audit
from registry.audit.models import AuditEvent
from registry.audit.services import event_dict
from registry.auth.models import User
from registry.db import utcnow
from registry.errors import PermissionDenied
from registry.evaluation import report
from registry.evaluation.evidence import CriterionEvidence, criterion_evidence, period_bounds
from registry.evaluation.models import Assessment
from registry.evaluation.services import can_view_evaluation
from registry.evaluation.verify_pack import EVENTS, FORMAT, MANIFEST
from registry.extensions import db
from registry.workflow.controlled_copies import copy_facts, image_files
from registry.workflow.controlled_copy_formats import render_pdf

VERIFIER = Path(__file__).resolve().parent / "verify_pack.py"
PACK_TYPE = "application/zip"


@dataclass(frozen=True)
class EvidencePack:
    content: bytes
    filename: str
    manifest_sha256: str
    chain_head: tuple[int, str]


def pack_filename(assessment: Assessment) -> str:
    stem = f"evidence-{assessment.framework.code}-{assessment.period_start}-{assessment.period_end}-{assessment.id}"
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem) + ".zip"


def _document_files(evidence: list[CriterionEvidence]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for item in evidence:
        for linked in item.documents:
            version = linked.current
            if version is None:
                continue
            name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{linked.document.code}-{version.display_label}") + ".pdf"
            path = f"documents/{name}"
            if path not in files:
                files[path] = render_pdf(copy_facts(version), version.body, image_files(version))
    return files


def _events(assessment: Assessment, up_to_seq: int) -> list[dict]:
    """Every event from the first one of the period to `up_to_seq`, in sequence order, with no gap."""
    start, _end = period_bounds(assessment)
    first = db.session.execute(
        db.select(db.func.min(AuditEvent.seq)).where(AuditEvent.occurred_at >= start)
    ).scalar_one_or_none()
    first = min(first or up_to_seq, up_to_seq)
    table = AuditEvent.__table__
    rows = db.session.execute(
        db.select(table).where(table.c.seq >= first, table.c.seq <= up_to_seq).order_by(table.c.seq)
    ).all()
    return [event_dict(row) for row in rows]


def _entry(path: str, data: bytes) -> dict:
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def build_pack(actor: User, assessment: Assessment, today: date | None = None) -> EvidencePack:
    """Assemble the pack; the export is audited first, so the pack's events end with its own record."""
    if not can_view_evaluation(actor):
        raise PermissionDenied(_l("Only quality owners, auditors and administrators may download evidence packs."))
    today = today or utcnow().date()
    evidence = criterion_evidence(actor, assessment, today)
    files: dict[str, bytes] = {
        "self-assessment.pdf": report.render_pdf(assessment, evidence),
        "self-assessment.docx": report.render_docx(assessment, evidence),
    }
    files |= _document_files(evidence)
    event = audit.record(
        actor,
        "evidence.export",
        "assessment",
        assessment.id,
        after={"framework": assessment.framework.code, "title": assessment.title, "documents": len(files) - 2},
    )
    events = _events(assessment, event.seq)
    files[EVENTS] = json.dumps({"events": events}, ensure_ascii=False, indent=1).encode("utf-8")
    files["verify_pack.py"] = VERIFIER.read_bytes()
    manifest = {
        "format": FORMAT,
        "organisation": current_app.config["ORGANISATION_NAME"],
        "assessment": {
            "id": assessment.id,
            "title": assessment.title,
            "framework": assessment.framework.code,
            "period_start": assessment.period_start.isoformat(),
            "period_end": assessment.period_end.isoformat(),
            "state": assessment.state,
        },
        "created_at": event.occurred_at.isoformat(),
        "created_by": event.actor_label,
        "chain_head": {"seq": event.seq, "hash": event.hash},
        "events": {"first_seq": events[0]["seq"], "last_seq": events[-1]["seq"], "count": len(events)},
        "files": [_entry(path, data) for path, data in sorted(files.items())],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest_bytes)
        for path, data in sorted(files.items()):
            archive.writestr(path, data)
    return EvidencePack(
        buffer.getvalue(),
        pack_filename(assessment),
        hashlib.sha256(manifest_bytes).hexdigest(),
        (event.seq, event.hash),
    )
