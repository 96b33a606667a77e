"""API routes for change requests: list and send them on a document, accept, reject or reopen them."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from registry.api.auth import authenticate_request
from registry.api.schemas import Input, PageArgs, error_responses
from registry.documents import services as documents
from registry.documents.models import CHANGE_REQUEST_STATES
from registry.transaction import transactional
from registry.workflow import change_requests

blp = Blueprint("api_change_requests", __name__, description="Change requests on documents")
blp.before_request(authenticate_request)
SECURITY = [{"bearerAuth": []}]


class ChangeRequestIn(Input):
    text = fields.String(required=True, metadata={"description": "what is wrong or missing (at most 5000 characters)"})
    suggestion = fields.String(
        load_default=None, allow_none=True, metadata={"description": "suggested wording (at most 10000 characters)"}
    )
    anchor = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "the passage of the document it is about (at most 1000 characters)"},
    )
    anonymous = fields.Boolean(
        load_default=False, metadata={"description": "send without a name; only when the administrator allows it"}
    )


class ChangeRequestTransitionIn(Input):
    action = fields.String(required=True, validate=validate.OneOf(list(change_requests.MOVES)))
    comment = fields.String(
        load_default=None, allow_none=True, metadata={"description": "with reject: the reason (required)"}
    )


class PersonOut(Schema):
    email = fields.String()
    name = fields.String()


class ChangeRequestOut(Schema):
    id = fields.Integer()
    document = fields.String(metadata={"description": "the document's code"})
    state = fields.String(validate=validate.OneOf(CHANGE_REQUEST_STATES))
    text = fields.String()
    suggestion = fields.String(allow_none=True)
    anchor = fields.String(allow_none=True)
    requester = fields.Nested(PersonOut, allow_none=True, metadata={"description": "null when sent anonymously"})
    reason = fields.String(allow_none=True)
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    done_at = fields.DateTime(allow_none=True)
    done_version = fields.Integer(allow_none=True, metadata={"description": "number of the version that closed it"})


class ChangeRequestPage(Schema):
    items = fields.List(fields.Nested(ChangeRequestOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


def change_request_out(request) -> dict:
    requester = request.requester
    return {
        "id": request.id,
        "document": request.document.code,
        "state": request.state,
        "text": request.text,
        "suggestion": request.suggestion,
        "anchor": request.quote,
        "requester": {"email": requester.email, "name": requester.display_name} if requester else None,
        "reason": request.reason,
        "created_at": request.created_at,
        "decided_at": request.decided_at,
        "done_at": request.done_at,
        "done_version": request.done_version.number if request.done_version else None,
    }


@blp.route("/documents/<code>/change-requests")
class DocumentChangeRequests(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, ChangeRequestPage)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 404)
    def get(self, args, code):
        """Every change request on the document, newest first."""
        document = documents.require_document(g.api_user, code)
        rows = change_requests.for_document(document)
        start = (args["page"] - 1) * args["per_page"]
        return {
            "items": [change_request_out(r) for r in rows[start : start + args["per_page"]]],
            "total": len(rows),
            "page": args["page"],
            "per_page": args["per_page"],
        }

    @blp.arguments(ChangeRequestIn)
    @blp.response(201, ChangeRequestOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    @transactional
    def post(self, data, code):
        """Send a change request on the document; its owner is told."""
        document = documents.require_document(g.api_user, code)
        request = change_requests.create_change_request(
            g.api_user,
            document,
            text=data["text"],
            suggestion=data["suggestion"],
            quote=data["anchor"],
            anonymous=data["anonymous"],
        )
        return change_request_out(request)


@blp.route("/change-requests/<int:request_id>/transitions")
class ChangeRequestTransitions(MethodView):
    @blp.arguments(ChangeRequestTransitionIn)
    @blp.response(200, ChangeRequestOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404, 409)
    @transactional
    def post(self, data, request_id):
        """Accept, reject (comment required) or reopen a change request; the requester is told."""
        request = change_requests.require_change_request(g.api_user, request_id)
        change_requests.move_change_request(g.api_user, request, data["action"], comment=data["comment"])
        return change_request_out(request)
