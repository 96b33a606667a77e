"""API routes that move versions through the workflow and record read confirmations."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from registry.api import schemas
from registry.api.auth import authenticate_request
from registry.api.documents import version_full
from registry.api.schemas import Input, error_responses
from registry.documents import services as documents
from registry.transaction import transactional
from registry.workflow import actions, read_confirmations
from registry.workflow.signatures import MEANINGS
from registry.workflow.transitions import USER_ACTIONS

blp = Blueprint("api_workflow", __name__, description="Workflow transitions and read confirmations")
blp.before_request(authenticate_request)


class TransitionIn(Input):
    action = fields.String(required=True, validate=validate.OneOf([a.value for a in USER_ACTIONS]))
    approvers = fields.List(fields.Email(), load_default=list)
    change_type = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["major", "minor"]))
    change_summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    password = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    meaning = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(list(MEANINGS)),
        metadata={"description": "with approve: the meaning of the signature"},
    )
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    effective_from = fields.AwareDateTime(load_default=None, allow_none=True)
    change_requests = fields.List(
        fields.Integer(strict=True),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={"description": "with submit: ids of the document's change requests this version closes"},
    )


class AcknowledgementOut(Schema):
    number = fields.Integer()
    label = fields.String(allow_none=True)
    acknowledged_at = fields.DateTime()


@blp.route("/documents/<code>/versions/<int:number>/transitions")
class Transitions(MethodView):
    @blp.arguments(TransitionIn)
    @blp.response(200, schemas.VersionOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403, 404, 409)
    @transactional
    def post(self, data, code, number):
        """Apply a workflow action; 409 with the reason when the state machine refuses."""
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        emails = data.pop("approvers")
        approvers = actions.resolve_approvers(emails) if data["action"] == "submit" else []
        action = data.pop("action")
        actions.apply_action(g.api_user, version, action, approvers=approvers, **data)
        return version_full(version)


@blp.route("/documents/<code>/versions/<int:number>/acknowledgements")
class Acknowledgements(MethodView):
    @blp.response(201, AcknowledgementOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 404, 409)
    @transactional
    def post(self, code, number):
        """The caller confirms reading the version in force."""
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        row = read_confirmations.acknowledge_version(g.api_user, version)
        return {"number": version.number, "label": version.label, "acknowledged_at": row.acknowledged_at}


class SignatureMeaningOut(Schema):
    code = fields.String(validate=validate.OneOf(list(MEANINGS)))
    label = fields.String(metadata={"description": "in the caller's language"})


class SignatureMeaningsOut(Schema):
    items = fields.List(fields.Nested(SignatureMeaningOut))


@blp.route("/signature-meanings")
class SignatureMeanings(MethodView):
    @blp.response(200, SignatureMeaningsOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401)
    def get(self):
        """The allowed `meaning` codes of `approve`, with their labels."""
        return {"items": [{"code": code, "label": str(label)} for code, label in MEANINGS.items()]}
