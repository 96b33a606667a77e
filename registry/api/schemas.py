"""Marshmallow schemas: they validate input and describe the OpenAPI document."""

from __future__ import annotations

from http import HTTPStatus

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.routing import UnicodeConverter

from registry.documents.models import LANGUAGES, VISIBILITY_VALUES

# The text rule of registry.web.FORBIDDEN_TEXT_RE as a JSON-schema (ECMA 262) regex: no C0 control
# other than tab, newline and carriage return, no U+FFFE or U+FFFF. Lone surrogates cannot be sent
# in valid UTF-8 JSON, so the pattern need not name them. A request breaking it is answered 400.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]*$"
# Every route may answer these, whatever it does: 400 for text that breaks TEXT_PATTERN or a JSON body
# Python cannot read, 414 for a request target longer than registry.web.MAX_REQUEST_TARGET.
COMMON_ERROR_STATUSES = (400, 414)


def error_responses(blp: Blueprint, *statuses: int):
    """Declare the error statuses a route answers with (with COMMON_ERROR_STATUSES); each refers to
    the shared response whose body is the API.md error format (extensions.ErrorSchema)."""

    def decorate(func):
        for status in dict.fromkeys((*COMMON_ERROR_STATUSES, *statuses)):
            func = blp.alt_response(status, response=HTTPStatus(status).name)(func)
        return func

    return decorate


class Input(Schema):
    """A schema of what a client sends (a body or query arguments): its free text fields are
    documented with TEXT_PATTERN by text_pattern_attribute."""


def text_pattern_attribute(self, field, ret, **kwargs) -> dict:
    """apispec attribute function: a string field of an Input schema without an enum, a format or a
    pattern of its own gets TEXT_PATTERN, so that the document says which text the server accepts."""
    if (
        isinstance(field, fields.String)
        and isinstance(field.root, Input)
        and not {"enum", "format", "pattern"} & ret.keys()
    ):
        return {"pattern": TEXT_PATTERN}
    return {}


def text_path_parameter(converter) -> dict:
    """A string path parameter (`<code>`): the same text rule."""
    return {"type": "string", "minLength": 1, "pattern": TEXT_PATTERN}


def document_text_rule(api) -> None:
    """Install the text rule in the API's freshly initialised OpenAPI spec (the path parameter
    converter is registered once: the Api keeps it for every later spec)."""
    api.ma_plugin.converter.add_attribute_function(text_pattern_attribute)
    if api.flask_plugin.converter_mapping.get(UnicodeConverter) is not text_path_parameter:
        api.register_converter(UnicodeConverter, text_path_parameter)


class PageArgs(Input):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ExportArgs(Input):
    format = fields.String(
        required=True,
        validate=validate.OneOf(("pdf", "docx")),
        metadata={"description": "pdf or docx: the format of the controlled copy"},
    )


class DocumentListArgs(PageArgs):
    type = fields.String()
    unit = fields.String()
    state = fields.String(
        validate=validate.OneOf(["effective", "draft", "in_review", "approved", "scheduled", "superseded", "withdrawn"])
    )
    owner = fields.String()
    goal = fields.String()
    review_due_before = fields.Date()


class DocumentCreate(Input):
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


class DocumentCreateUpload(DocumentCreate):
    """POST /documents as multipart/form-data: the same fields, with a `file` instead of `body`."""

    file = fields.Raw(
        required=True,
        metadata={
            "type": "string",
            "format": "binary",
            "description": "a .docx or .odt whose converted text is the body",
        },
    )


class VersionEdit(Input):
    title = fields.String(validate=validate.Length(min=1, max=300))
    body = fields.String(validate=validate.Length(max=500_000))
    change_summary = fields.String(validate=validate.Length(max=5000))
    revision = fields.Integer(required=True)
    translates = fields.Integer(
        metadata={"description": "a translation's draft: the number of the master version it translates"}
    )


class TranslationCreate(Input):
    language = fields.String(required=True, metadata={"description": "sv or en"})


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
    # Set when the version was disposed of after its retention: its body is then empty.
    disposed_at = fields.DateTime(allow_none=True)
    disposal_reason = fields.String(allow_none=True)


class TranslatedVersion(Schema):
    code = fields.String(metadata={"description": "the master document"})
    number = fields.Integer()
    label = fields.String(allow_none=True)


class VersionOut(VersionSummary):
    translates = fields.Nested(
        TranslatedVersion,
        allow_none=True,
        metadata={"description": "a translation's version: the master version it translates"},
    )
    body = fields.String()
    body_html = fields.String()
    change_type = fields.String(allow_none=True)
    content_hash = fields.String(allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentOut))
    approvals = fields.List(fields.Dict())
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ConvertedVersionOut(VersionOut):
    conversion_warnings = fields.List(
        fields.String(),
        metadata={"description": "what the file had that the text could not keep (comments, text boxes, ...)"},
    )


class TranslationRef(Schema):
    code = fields.String()
    language = fields.String()
    out_of_date = fields.Boolean()


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
    translation_of = fields.String(allow_none=True, metadata={"description": "a translation's master document code"})
    out_of_date = fields.Boolean(
        metadata={"description": "a translation whose master has a newer major version than the one it translates"}
    )
    translations = fields.List(fields.Nested(TranslationRef))
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
