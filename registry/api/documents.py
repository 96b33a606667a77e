"""API routes for documents and versions."""

from __future__ import annotations

from flask import g, request, url_for
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import ValidationError as MarshmallowError
from werkzeug.exceptions import BadRequest

from registry import read_cache
from registry.api import schemas
from registry.api.auth import authenticate_request
from registry.api.schemas import error_responses
from registry.auth import permissions
from registry.documents import attachments
from registry.documents import services as documents
from registry.documents import translations as language_versions
from registry.documents.http import accepts_upload, attachment_response, download_response
from registry.documents.rendering import render_markdown
from registry.errors import PermissionDenied, ValidationError
from registry.extensions import ErrorSchema
from registry.goals import links as goal_links
from registry.transaction import transactional
from registry.workflow import controlled_copies, rounds, translations, word_sources
from registry.workflow import machine as workflow

blp = Blueprint("api_documents", __name__, description="Documents and their versions")
blp.before_request(authenticate_request)
# GET endpoints here that write: an export records its own audit event.
WRITING_ENDPOINTS = ("api_documents.VersionExport",)


def user_ref(user) -> dict:
    return {"email": user.email, "name": user.display_name}


def version_summary(version) -> dict:
    return {
        "number": version.number,
        "label": version.label,
        "state": version.state,
        "title": version.title,
        "change_summary": version.change_summary,
        "author": user_ref(version.author),
        "effective_from": version.effective_from,
        "effective_until": version.effective_until,
        "revision": version.revision,
        "imported": version.imported,
        "disposed_at": version.disposed_at,
        "disposal_reason": version.disposal_reason,
    }


def attachment_out(version, attachment) -> dict:
    return {
        "id": attachment.id,
        "filename": attachment.filename,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "extraction_error": attachment.extraction_error,
        "url": url_for(
            "api_documents.Attachment", code=version.document.code, number=version.number, attachment_id=attachment.id
        ),
    }


def translated_out(version) -> dict | None:
    named = language_versions.named_master_version(version)
    if named is None:
        return None
    return {"code": version.document.translation_of.code, "number": named.number, "label": named.label}


def version_full(version) -> dict:
    images = attachments.inline_images(version, lambda a: attachment_out(version, a)["url"])
    return version_summary(version) | {
        "translates": translated_out(version),
        "body": version.body,
        "body_html": render_markdown(version.body, images),
        "change_type": version.change_type,
        "content_hash": version.content_hash,
        "created_at": version.created_at,
        "updated_at": version.updated_at,
        "attachments": [attachment_out(version, a) for a in version.attachments],
        "approvals": [
            {
                "approver": user_ref(d.approver),
                "decision": d.decision,
                "meaning": d.meaning,
                "comment": d.comment,
                "round": d.round,
                "signed_at": d.signed_at,
                # How the approver proved who they were: password, or a fresh sign-in (oidc, saml).
                "signature_method": d.signature_method,
                "authenticated_at": d.authenticated_at,
            }
            for d in rounds.all_decisions(version)
        ],
    }


def document_out(
    document, user, *, with_versions: bool = True, goals: list[str] | None = None, languages: dict | None = None
) -> dict:
    languages = languages if languages is not None else language_versions.summaries([document])[document.id]
    data = {
        "code": document.code,
        "title": document.title,
        "type": document.type.prefix,
        "unit": document.unit.code if document.unit else None,
        "owner": user_ref(document.owner),
        "language": document.language,
        "visibility": document.visibility,
        "review_interval_months": document.review_interval_months,
        "next_review_due": document.next_review_due,
        "withdrawn_at": document.withdrawn_at,
        "tags": document.tags,
        "goals": goals if goals is not None else goal_links.goal_codes_for_documents([document.id])[document.id],
        "translation_of": languages["translation_of"],
        "out_of_date": languages["out_of_date"],
        "translations": languages["translations"],
    }
    if with_versions:
        current, draft = documents.current_and_draft(document)
        data["current"] = version_full(current) if current else None
        data["draft"] = version_full(draft) if draft and permissions.can_view_version(user, draft) else None
    return data


CREATE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": "DocumentCreate"},
        "multipart/form-data": {"schema": "DocumentCreateUpload"},
    },
}
SOURCE_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "revision"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "revision": {"type": "integer", "description": "the revision of the draft you read"},
                },
            }
        }
    },
}


@blp.route("/documents")
@accepts_upload
class Documents(MethodView):
    @read_cache.cached_read
    @blp.arguments(schemas.DocumentListArgs, location="query")
    @blp.response(200, schemas.DocumentPage)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401)
    def get(self, args):
        """List the documents the caller may see."""
        serving = None
        if args.get("goal"):
            serving = {i for goal in goal_links.find_goals(args["goal"]) for i in goal_links.linked_document_ids(goal)}
        rows, total = documents.register_page(
            g.api_user,
            page=args["page"],
            per_page=args["per_page"],
            type_prefix=args.get("type"),
            unit_code=args.get("unit"),
            state=args.get("state"),
            owner_email=args.get("owner"),
            review_due_before=args.get("review_due_before"),
            document_ids=serving,
        )
        codes = goal_links.goal_codes_for_documents([r.document.id for r in rows])
        languages = language_versions.summaries(r.document for r in rows)
        return {
            "items": [
                document_out(
                    r.document,
                    g.api_user,
                    with_versions=False,
                    goals=codes[r.document.id],
                    languages=languages[r.document.id],
                )
                for r in rows
            ],
            "total": total,
            "page": args["page"],
            "per_page": args["per_page"],
        }

    @blp.response(201, schemas.DocumentOut)
    @blp.doc(security=[{"bearerAuth": []}], requestBody=CREATE_BODY)
    @blp.alt_response(413, schema=ErrorSchema, description="The file is larger than MAX_ATTACHMENT_BYTES.")
    @blp.alt_response(415, schema=ErrorSchema, description="The file is not a DOCX or ODT that can be converted.")
    @error_responses(blp, 400, 401, 403, 422)
    @transactional
    def post(self):
        """Create a document with its first draft; the code is allocated from the type's prefix.

        JSON with `body`, or multipart/form-data with the same fields and a `file` (.docx or .odt)
        whose converted text becomes the draft's body (list fields repeat or are comma separated).
        """
        data, upload = _create_arguments()
        if not permissions.can_create_document(g.api_user):
            raise PermissionDenied(_l("You may not create documents."))
        fields = documents.validate_document_fields(
            g.api_user,
            type_prefix=data["type"],
            title=data["title"],
            unit_code=data["unit"],
            owner_email=data["owner"],
            visibility=data["visibility"],
            language=data["language"],
            review_interval_months=data["review_interval_months"],
            audience_codes=data["audience"],
            tags=data["tags"],
        )
        goals = goal_links.resolve_goal_codes(data["goals"])
        warnings = None
        if upload is not None:
            prepared = word_sources.prepare_source(upload.stream, upload.filename)
            version = word_sources.create_from_source(g.api_user, fields, prepared)
            warnings = prepared.warnings
        else:
            version = workflow.create_document_with_draft(g.api_user, fields, data["body"])
        # The creator sets the first links even when naming another user as the owner.
        goal_links.set_document_goals(g.api_user, version.document, goals, check_permission=False)
        body = document_out(version.document, g.api_user)
        if warnings is not None:
            body["draft"]["conversion_warnings"] = warnings
        return body, 201, {"Location": url_for("api_documents.Document", code=version.document.code)}


LIST_FIELDS = ("audience", "tags", "goals")


def _create_arguments():
    """The create fields from a JSON body, or from a multipart form with its `file`."""
    schema = schemas.DocumentCreate()
    upload = None
    if request.mimetype == "multipart/form-data":
        raw = {key: _form_list(key) if key in LIST_FIELDS else request.form.get(key) for key in request.form}
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise ValidationError({"file": _l("Send the file in the multipart field “file”.")})
    elif request.get_data():
        raw = request.get_json(silent=True)
        if raw is None:
            raise BadRequest()  # not JSON at all: answered like any unreadable body
    else:
        raw = {}  # an empty body: the schema names the missing fields
    try:
        return schema.load(raw), upload
    except MarshmallowError as error:
        raise ValidationError(error.messages) from None


def _form_list(key: str) -> list[str]:
    return [part.strip() for value in request.form.getlist(key) for part in value.split(",") if part.strip()]


def _form_revision() -> int:
    try:
        return int(request.form.get("revision", ""))
    except ValueError:
        raise ValidationError({"revision": _l("Send the revision you read as the form field “revision”.")}) from None


@blp.route("/documents/<code>")
class Document(MethodView):
    @read_cache.cached_read
    @blp.response(200, schemas.DocumentOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 404)
    def get(self, code):
        """The document and its current (effective) version."""
        return document_out(documents.require_document(g.api_user, code), g.api_user)


@blp.route("/documents/<code>/versions")
class Versions(MethodView):
    @read_cache.cached_read
    @blp.arguments(schemas.PageArgs, location="query")
    @blp.response(200, schemas.VersionList)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 404)
    def get(self, args, code):
        """Every version the caller may see, newest first, a page at a time."""
        document = documents.require_document(g.api_user, code)
        versions = documents.visible_versions(g.api_user, document)
        start = (args["page"] - 1) * args["per_page"]
        return {
            "items": [version_summary(v) for v in versions[start : start + args["per_page"]]],
            "total": len(versions),
            "page": args["page"],
            "per_page": args["per_page"],
        }

    @blp.response(201, schemas.VersionOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403, 404, 409)
    @transactional
    def post(self, code):
        """Start a new draft from the current version (409 if a draft is open)."""
        document = documents.require_document(g.api_user, code)
        version = workflow.start_new_draft(g.api_user, document)
        return version_full(version), 201


@blp.route("/documents/<code>/versions/<int:number>")
class Version(MethodView):
    @read_cache.cached_read
    @blp.response(200, schemas.VersionOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 404)
    def get(self, code, number):
        """One version."""
        document = documents.require_document(g.api_user, code)
        return version_full(documents.require_version(g.api_user, document, number))

    @blp.arguments(schemas.VersionEdit)
    @blp.response(200, schemas.VersionOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403, 404, 409)
    @transactional
    def patch(self, data, code, number):
        """Edit a draft; 409 stale_revision when someone saved after `revision` was read."""
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        workflow.edit_draft(
            g.api_user,
            version,
            revision=data["revision"],
            title=data.get("title"),
            body=data.get("body"),
            change_summary=data.get("change_summary"),
        )
        if data.get("translates") is not None:
            translations.name_master_version(g.api_user, version, data["translates"], revision=version.revision)
        return version_full(version)


@blp.route("/documents/<code>/translations")
class Translations(MethodView):
    @blp.arguments(schemas.TranslationCreate)
    @blp.response(201, schemas.DocumentOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 400, 401, 403, 404, 409, 422)
    @transactional
    def post(self, data, code):
        """Create a language version (`<code>-sv`, `<code>-en`) with a first draft from the current text.

        422 for a translation of a translation or a language other than sv/en; 409 `translation_exists`
        for a second translation in one language, `nothing_to_translate` when no version is in force.
        """
        master = documents.require_document(g.api_user, code)
        version = translations.create_translation(g.api_user, master, data["language"])
        document = version.document
        location = url_for("api_documents.Document", code=document.code)
        return document_out(document, g.api_user), 201, {"Location": location}


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}


@blp.route("/documents/<code>/versions/<int:number>/attachments")
@accepts_upload
class Attachments(MethodView):
    @blp.doc(security=[{"bearerAuth": []}], requestBody=UPLOAD_BODY)
    @blp.response(201, schemas.AttachmentOut)
    @blp.alt_response(413, schema=ErrorSchema, description="The file is larger than MAX_ATTACHMENT_BYTES.")
    @blp.alt_response(
        415, schema=ErrorSchema, description="The content is not PDF, DOCX, ODT, XLSX, PNG or JPEG, or is disguised."
    )
    @error_responses(blp, 401, 403, 404, 409, 422)
    @transactional
    def post(self, code, number):
        """Attach a file (multipart field `file`) to a draft; its type is judged from the content."""
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise ValidationError({"file": _l("Send the file in the multipart field “file”.")})
        attachment = workflow.add_attachment(g.api_user, version, upload)
        body = attachment_out(version, attachment)
        return body, 201, {"Location": body["url"]}


@blp.route("/documents/<code>/versions/<int:number>/attachments/<int:attachment_id>")
class Attachment(MethodView):
    @blp.doc(
        security=[{"bearerAuth": []}],
        responses={
            "200": {
                "description": "The file, with its stored media type and Content-Disposition: attachment",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    )
    @error_responses(blp, 401, 404)
    def get(self, code, number, attachment_id):
        """Download an attachment of a version the caller may see."""
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        return attachment_response(*attachments.open_attachment(g.api_user, version, attachment_id))


@blp.route("/documents/<code>/versions/<int:number>/source")
@accepts_upload
class Source(MethodView):
    @blp.doc(security=[{"bearerAuth": []}], requestBody=SOURCE_BODY)
    @blp.response(200, schemas.ConvertedVersionOut)
    @blp.alt_response(413, schema=ErrorSchema, description="The file or an image in it is too large.")
    @blp.alt_response(415, schema=ErrorSchema, description="Not a DOCX or ODT that can be converted.")
    @error_responses(blp, 401, 403, 404, 409, 422)
    @transactional
    def post(self, code, number):
        """Replace a draft's body with a Word or ODT file's converted text; the file is kept as its source.

        409 `not_a_draft` for any other state; 409 `stale_revision` when someone saved after `revision`.
        """
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        word_sources.require_draft_for_source(g.api_user, version)
        revision = _form_revision()
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise ValidationError({"file": _l("Send the file in the multipart field “file”.")})
        prepared = word_sources.prepare_source(upload.stream, upload.filename)
        word_sources.apply_source(g.api_user, version, prepared, revision=revision)
        return version_full(version) | {"conversion_warnings": prepared.warnings}


@blp.route("/documents/<code>/versions/<int:number>/export")
class VersionExport(MethodView):
    @blp.arguments(schemas.ExportArgs, location="query")
    @blp.doc(
        security=[{"bearerAuth": []}],
        responses={
            "200": {
                "description": "A controlled copy with Content-Disposition: attachment: header (organisation, code, "
                "title, label, effective date), footer (uncontrolled copy, date, page, QR code of the "
                "version's check page), approval block; watermarked with the state unless in force",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in controlled_copies.MEDIA_TYPES.values()
                },
            }
        },
    )
    @error_responses(blp, 401, 404, 422)
    @transactional
    def get(self, args, code, number):
        """Download a version as PDF or DOCX (a controlled copy); the export is audited."""
        document = documents.require_document(g.api_user, code)
        version = documents.require_version(g.api_user, document, number)
        copy = controlled_copies.export_version(g.api_user, version, args["format"])
        return download_response(copy.content, copy.media_type, copy.filename)
