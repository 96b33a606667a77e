"""Unbound extension objects; create_app binds them."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api as _SmorestApi
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from marshmallow import Schema, fields

from registry.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "machine code, e.g. not_found, stale_revision"})
    message = fields.String(required=True, metadata={"description": "human text in the caller's language"})
    # Named by data_key: a Schema's own `fields` attribute must not be shadowed.
    field_errors = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.Raw(metadata={"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        metadata={"description": "always with 422: the message or messages for each invalid field"},
    )


class ErrorSchema(Schema):
    """The error body registry.web.json_error writes: {"error": {"code", "message", "fields"?}}.
    In the OpenAPI document it is the `Error` component, the name smorest's own schema had."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class Api(_SmorestApi):
    """flask-smorest without its app-wide error handler: registry.web answers errors (API.md format),
    and the generated document describes that body instead of smorest's own."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        return None


api = Api()
