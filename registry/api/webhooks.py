"""API routes for webhook endpoints and their deliveries (administrators only)."""

from __future__ import annotations

import json

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from registry.api.auth import authenticate_request
from registry.api.schemas import Input, PageArgs, error_responses
from registry.transaction import transactional
from registry.webhooks import services
from registry.webhooks.events import EVENT_TYPES

blp = Blueprint("api_webhooks", __name__, description="Webhook receivers and their deliveries (administrators)")
blp.before_request(authenticate_request)
SECURITY = [{"bearerAuth": []}]
EVENT_TYPE_FIELD = fields.String(validate=validate.OneOf(list(EVENT_TYPES)))


class WebhookIn(Input):
    url = fields.String(required=True, metadata={"description": "https:// address of the receiver"})
    description = fields.String(load_default="")
    event_types = fields.List(EVENT_TYPE_FIELD, required=True, validate=validate.Length(min=1))
    active = fields.Boolean(load_default=True)
    allow_private = fields.Boolean(
        load_default=False,
        metadata={"description": "allow http:// and private or loopback addresses (receivers inside the network)"},
    )


class WebhookPatch(Input):
    url = fields.String()
    description = fields.String()
    event_types = fields.List(EVENT_TYPE_FIELD, validate=validate.Length(min=1))
    active = fields.Boolean()
    allow_private = fields.Boolean()


class WebhookOut(Schema):
    id = fields.Integer()
    url = fields.String()
    description = fields.String()
    event_types = fields.List(fields.String())
    active = fields.Boolean()
    allow_private = fields.Boolean()
    status = fields.String(metadata={"description": "ok or failing"})
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    last_response = fields.String(allow_none=True)
    last_attempt_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


class WebhookCreated(WebhookOut):
    secret = fields.String(metadata={"description": "the signing secret (whsec_...): returned only here, once"})


class WebhookPage(Schema):
    items = fields.List(fields.Nested(WebhookOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class DeliveryOut(Schema):
    id = fields.Integer()
    message_id = fields.String(metadata={"description": "the webhook-id header"})
    event_type = fields.String()
    state = fields.String(metadata={"description": "pending, delivered or failed"})
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime()
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    last_response = fields.String(allow_none=True, metadata={"description": "the first 500 characters"})
    last_attempt_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    payload = fields.Dict()


class DeliveryPage(Schema):
    items = fields.List(fields.Nested(DeliveryOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


def webhook_out(endpoint) -> dict:
    keys = ("id", "url", "description", "active", "allow_private", "status", "last_status_code", "last_error")
    data = {k: getattr(endpoint, k) for k in keys}
    return data | {
        "event_types": endpoint.event_list,
        "last_response": endpoint.last_response,
        "last_attempt_at": endpoint.last_attempt_at,
        "created_at": endpoint.created_at,
    }


def delivery_out(delivery) -> dict:
    keys = (
        "id",
        "message_id",
        "event_type",
        "state",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "last_response",
        "last_attempt_at",
        "delivered_at",
        "created_at",
    )
    return {k: getattr(delivery, k) for k in keys} | {"payload": json.loads(delivery.payload_json)}


@blp.route("/webhooks")
class Webhooks(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, WebhookPage)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403)
    def get(self, args):
        """Every webhook receiver (administrators)."""
        items = [webhook_out(e) for e in services.list_endpoints(g.api_user)]
        start = (args["page"] - 1) * args["per_page"]
        return {"items": items[start : start + args["per_page"]], "total": len(items), **args}

    @blp.arguments(WebhookIn)
    @blp.response(201, WebhookCreated)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 422)
    @transactional
    def post(self, data):
        """Register a receiver; the answer carries its signing secret, shown only this once; audited."""
        endpoint = services.create_endpoint(g.api_user, **data)
        return webhook_out(endpoint) | {"secret": endpoint.secret}, 201


@blp.route("/webhooks/<int:endpoint_id>")
class Webhook(MethodView):
    @blp.response(200, WebhookOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    def get(self, endpoint_id):
        """One receiver with its status and last answer."""
        return webhook_out(services.require_endpoint(g.api_user, endpoint_id))

    @blp.arguments(WebhookPatch)
    @blp.response(200, WebhookOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404, 422)
    @transactional
    def patch(self, data, endpoint_id):
        """Change a receiver's address, events, description or flags; audited."""
        endpoint = services.require_endpoint(g.api_user, endpoint_id)
        return webhook_out(services.update_endpoint(g.api_user, endpoint, **data))

    @blp.response(204)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    @transactional
    def delete(self, endpoint_id):
        """Remove a receiver and its deliveries; audited."""
        services.delete_endpoint(g.api_user, services.require_endpoint(g.api_user, endpoint_id))


@blp.route("/webhooks/<int:endpoint_id>/deliveries")
class WebhookDeliveries(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, DeliveryPage)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    def get(self, args, endpoint_id):
        """The receiver's deliveries, newest first, with their last answers."""
        endpoint = services.require_endpoint(g.api_user, endpoint_id)
        offset = (args["page"] - 1) * args["per_page"]
        rows, total = services.recent_deliveries(g.api_user, endpoint, limit=args["per_page"], offset=offset)
        return {"items": [delivery_out(d) for d in rows], "total": total, **args}
