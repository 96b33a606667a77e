"""The JSON API at /api/v1 over the same services, with a generated OpenAPI document."""

from __future__ import annotations

from flask import Flask

from registry import read_cache
from registry.api.audit import WRITING_ENDPOINTS as AUDIT_WRITING_ENDPOINTS
from registry.api.audit import blp as audit_blp
from registry.api.change_requests import blp as change_requests_blp
from registry.api.documents import WRITING_ENDPOINTS as DOCUMENT_WRITING_ENDPOINTS
from registry.api.documents import blp as documents_blp
from registry.api.evaluation import WRITING_ENDPOINTS as EVALUATION_WRITING_ENDPOINTS
from registry.api.evaluation import blp as evaluation_blp
from registry.api.goals import blp as goals_blp
from registry.api.schemas import document_text_rule
from registry.api.search import blp as search_blp
from registry.api.webhooks import blp as webhooks_blp
from registry.api.workflow import blp as workflow_blp
from registry.database import WRITING_GET_ENDPOINTS
from registry.extensions import api, csrf


def init_api(app: Flask) -> None:
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": "Lamppu quality-document registry API (see API.md). Text fields may not hold "
                "control characters other than tab, newline and carriage return (400 "
                "invalid_input); a request target (path and query) longer than 8000 "
                "characters is answered 414 uri_too_long."
            },
        },
    )
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    document_text_rule(api)
    api.register_blueprint(documents_blp, url_prefix="/api/v1")
    csrf.exempt(documents_blp)
    api.register_blueprint(goals_blp, url_prefix="/api/v1")
    csrf.exempt(goals_blp)
    api.register_blueprint(audit_blp, url_prefix="/api/v1")
    csrf.exempt(audit_blp)
    WRITING_GET_ENDPOINTS.update(AUDIT_WRITING_ENDPOINTS)
    WRITING_GET_ENDPOINTS.update(DOCUMENT_WRITING_ENDPOINTS)
    api.register_blueprint(workflow_blp, url_prefix="/api/v1")
    csrf.exempt(workflow_blp)
    api.register_blueprint(change_requests_blp, url_prefix="/api/v1")
    csrf.exempt(change_requests_blp)
    api.register_blueprint(search_blp, url_prefix="/api/v1")
    csrf.exempt(search_blp)
    api.register_blueprint(evaluation_blp, url_prefix="/api/v1")
    csrf.exempt(evaluation_blp)
    WRITING_GET_ENDPOINTS.update(EVALUATION_WRITING_ENDPOINTS)
    api.register_blueprint(webhooks_blp, url_prefix="/api/v1")
    csrf.exempt(webhooks_blp)
    read_cache.collect(app)  # last: after every blueprint
