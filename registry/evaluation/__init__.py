"""Evaluation frameworks, self-assessments with the evidence the registry holds, and the evidence pack."""

from __future__ import annotations

from flask import Flask

from registry.database import WRITING_GET_ENDPOINTS
from registry.db import utcnow
from registry.evaluation.evidence import open_change_requests, register_evidence_provider
from registry.evaluation.report import description_of, indicator_text, level_title, read_share_text, title_of
from registry.evaluation.services import can_manage_evaluation, can_view_evaluation


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        can_manage_evaluation=can_manage_evaluation,
        can_view_evaluation=can_view_evaluation,
        title_of=title_of,
        description_of=description_of,
        level_title=level_title,
        read_share_text=read_share_text,
        indicator_text=indicator_text,
        today_date=lambda: utcnow().date(),
    )
    register_evidence_provider("change_requests", open_change_requests)
    WRITING_GET_ENDPOINTS.add("evaluation.evidence_pack")  # the download records its audit event
