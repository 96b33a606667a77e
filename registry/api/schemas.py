"""Marshmallow schemas: they validate input and describe the OpenAPI document."""
from __future__ import annotations

from http import HTTPStatus

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from registry.documents.models import LANGUAGES, VISIBILITY_VALUES


def error_responses(blp: Blueprint, *statuses: int):
    """Declare the error statuses a route answers with; each refers to the shared response whose
    body is the API.md error format (extensions.ErrorSchema)."""

    def decorate(func):
        for status in statuses:
            func = blp.alt_response(status, response=HTTPStatus(status).name)(func)
        return func

    return decorate


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ExportArgs(Schema):
    format = fields.String(required=True, validate=validate.OneOf(("pdf", "docx")), metadata={
        "description": "pdf or docx: the format of the controlled copy"})


class DocumentListArgs(PageArgs):
    type = fields.String()
    unit = fields.String()
    state = fields.String(validate=validate.OneOf(
        ["effective", "draft", "in_review", "approved", "scheduled", "superseded", "withdrawn"]))
    owner = fields.String()
    goal = fields.String()
    review_due_before = fields.Date()


class DocumentCreate(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    body = fields.String(load_default="", validate=validate.Length(max=500_000))
    unit = fields.String(load_default=None, allow_none=True)
    owner = fields.Email(load_default=None, allow_none=True)
    visibility = fields.String(load_default="internal", validate=validate.OneOf(VISIBILITY_VALUES))
    language = fields.String(load_default="fi", validate=validate.OneOf(LANGUAGES))
    audience = fields.List(fields.String(), load_default=list)
    tags = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list)
    goals = fields.List(fields.String(), load_default=list)
    review_interval_months = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 120))


class VersionEdit(Schema):
    title = fields.String(validate=validate.Length(min=1, max=300))
    body = fields.String(validate=validate.Length(max=500_000))
    change_summary = fields.String(validate=validate.Length(max=5000))
    revision = fields.Integer(required=True)


class UserRef(Schema):
    email = fields.String()
    name = fields.String()


class AttachmentOut(Schema):
    id = fields.Integer()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    extraction_error = fields.String(allow_none=True)
    url = fields.String()


class VersionSummary(Schema):
    number = fields.Integer()
    label = fields.String(allow_none=True)
    state = fields.String()
    title = fields.String()
    change_summary = fields.String(allow_none=True)
    author = fields.Nested(UserRef)
    effective_from = fields.DateTime(allow_none=True)
    effective_until = fields.DateTime(allow_none=True)
    revision = fields.Integer()
    imported = fields.Boolean()


class VersionOut(VersionSummary):
    body = fields.String()
    body_html = fields.String()
    change_type = fields.String(allow_none=True)
    content_hash = fields.String(allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentOut))
    approvals = fields.List(fields.Dict())
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ConvertedVersionOut(VersionOut):
    conversion_warnings = fields.List(fields.String(), metadata={
        "description": "what the file had that the text could not keep (comments, text boxes, ...)"})


class DocumentOut(Schema):
    code = fields.String()
    title = fields.String()
    type = fields.String()
    unit = fields.String(allow_none=True)
    owner = fields.Nested(UserRef)
    language = fields.String()
    visibility = fields.String()
    review_interval_months = fields.Integer()
    next_review_due = fields.Date(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    tags = fields.List(fields.String())
    goals = fields.List(fields.String())
    current = fields.Nested(VersionOut, allow_none=True)
    draft = fields.Nested(ConvertedVersionOut, allow_none=True)


class DocumentListItem(DocumentOut):
    class Meta:
        exclude = ("current", "draft")


class DocumentPage(Schema):
    items = fields.List(fields.Nested(DocumentListItem))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class VersionList(Schema):
    items = fields.List(fields.Nested(VersionSummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
