"""Creating documents, starting drafts and editing them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from registry import transaction
from registry.auth import permissions
from registry.db import parse_row_number
from registry.documents import catalog
from registry.documents import services as documents
from registry.documents import translations as language_versions
from registry.documents.forms import AttachmentForm, RemoveAttachmentForm
from registry.documents.http import accepts_upload, attachment_url, inline_image_urls
from registry.documents.rendering import image_reference
from registry.errors import ServiceError, StaleRevisionError, ValidationError
from registry.web import editor_page, select_locale
from registry.workflow import legacy_import, machine, translations, word_sources
from registry.workflow.blueprint import bp
from registry.workflow.forms import (
    DocumentForm,
    EditDraftForm,
    ImportArchiveForm,
    NewDraftForm,
    SourceForm,
    TranslationForm,
    apply_field_errors,
)
from registry.workflow.transitions import Action


def _document_form() -> DocumentForm:
    form = DocumentForm()
    form.type.choices = [SelectChoice(t.prefix, f"{t.prefix} – {t.name(_locale())}") for t in documents.list_types()]
    units = [SelectChoice(u.code, u.name) for u in documents.list_units()]
    form.unit.choices = [SelectChoice("", _("(none)"))] + units
    form.audience.choices = units
    return form


def _locale() -> str:
    return select_locale()


@bp.route("/documents/new", methods=["GET", "POST"])
@login_required
@accepts_upload
@editor_page
def create_document():
    if not permissions.can_create_document(current_user):
        abort(403)
    form = _document_form()
    warnings, status = [], 200
    if form.validate_on_submit():
        try:
            version, warnings = transaction.run(_create_from_form, form)
        except ServiceError as error:
            _apply_error(form, error)
            status = error.status
        else:
            if version is not None:
                flash(_("Document %(code)s created as a draft.", code=version.document.code), "success")
                return redirect(url_for("documents.version", code=version.document.code, number=version.number))
    elif form.errors:
        status = 422
    else:
        _start_from_template(form)
    return render_template(
        "workflow/create.html", form=form, warnings=warnings, template_types=catalog.types_with_template()
    ), status


def _start_from_template(form: DocumentForm) -> None:
    """`/documents/new?type=TO`: the type chosen and its template's current text as the body."""
    doc_type = documents.get_type(request.args.get("type", ""))
    if doc_type is not None:
        form.type.data = doc_type.prefix
        form.body.data = catalog.template_body(doc_type) or ""


def _create_from_form(form: DocumentForm):
    """(the new draft, []) or, when a converted file has warnings to show first, (None, warnings)."""
    fields = documents.validate_document_fields(
        current_user,
        type_prefix=form.type.data,
        title=form.title.data,
        unit_code=form.unit.data or None,
        visibility=form.visibility.data,
        language=form.language.data,
        review_interval_months=form.review_interval_months.data,
        audience_codes=form.audience.data,
        tags=(form.tags.data or "").split(","),
    )
    upload = form.file.data if getattr(form.file.data, "filename", None) else None
    if upload is not None:
        prepared = word_sources.prepare_source(upload.stream, upload.filename)
        if prepared.warnings:
            form.body.data = prepared.conversion.markdown
            form.source.data = word_sources.source_token(current_user, prepared)
            return None, prepared.warnings
        return word_sources.create_from_source(current_user, fields, prepared), []
    if form.source.data:
        prepared = word_sources.reopen_source(current_user, form.source.data)
        return word_sources.create_from_source(current_user, fields, prepared, body=form.body.data or ""), []
    return machine.create_document_with_draft(current_user, fields, form.body.data or ""), []


def _apply_error(form, error: ServiceError) -> None:
    """Field messages on their fields; a refused file (type, size, damage) on the file field."""
    if isinstance(error, ValidationError):
        apply_field_errors(form, error)
    else:
        form.file.errors = list(form.file.errors) + [str(error.message)]


@bp.post("/d/<code>/drafts")
@login_required
def new_draft(code: str):
    document = documents.require_document(current_user, code)
    if not NewDraftForm().validate_on_submit():
        abort(400)
    version = transaction.run(machine.start_new_draft, current_user, document)
    flash(_("A new draft was started from the current version."), "success")
    return redirect(url_for("workflow.edit_draft", code=document.code, number=version.number))


@bp.post("/d/<code>/translations")
@login_required
def create_translation(code: str):
    """Start a language version (`TO-014-sv`) of the document, its first draft from the current text."""
    document = documents.require_document(current_user, code)
    form = TranslationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = transaction.run(translations.create_translation, current_user, document, form.language.data)
    except ValidationError as error:
        flash(" ".join(str(m) for m in error.fields.values()), "error")
        return redirect(url_for("documents.permalink", code=document.code), 303)
    except ServiceError as error:
        if error.status == 403:
            raise
        flash(str(error.message), "error")
        return redirect(url_for("documents.permalink", code=document.code), 303)
    flash(_("Translation %(code)s created as a draft.", code=version.document.code), "success")
    return redirect(url_for("workflow.edit_draft", code=version.document.code, number=version.number), 303)


def _translates_choices(form: EditDraftForm, document, version) -> None:
    """A translation's draft offers the master's versions that have been in force; others hide the field."""
    if document.translation_of_id is None:
        del form.translates
        return
    form.translates.choices = [
        SelectChoice(str(v.number), f"{v.display_label} ({v.title})")
        for v in language_versions.master_versions(document.translation_of)
    ]
    if not form.is_submitted():
        named = language_versions.named_master_version(version)
        form.translates.data = str(named.number) if named else None


def _editable(code: str, number: int):
    document = documents.require_document(current_user, code)
    version = documents.require_version(current_user, document, number)
    machine.check_move(current_user, version, Action.EDIT, guards=False)
    return document, version


@bp.route("/d/<code>/v/<int:number>/edit", methods=["GET", "POST"])
@login_required
@editor_page
def edit_draft(code: str, number: int):
    document, version = _editable(code, number)
    form = EditDraftForm(obj=version)
    _translates_choices(form, document, version)
    status = 200
    if form.validate_on_submit():
        try:
            transaction.run(_save_draft, form, version)
        except StaleRevisionError as error:
            flash(str(error.message), "error")
            status = 409
        except ValidationError as error:
            apply_field_errors(form, error)
            status = 422
        else:
            flash(_("Draft saved."), "success")
            return redirect(url_for("documents.version", code=code, number=number))
    elif form.errors:
        status = 422
    return _edit_page(form, document, version, status=status)


def _save_draft(form: EditDraftForm, version) -> None:
    """Save the edit; with a converted file waiting, save it as the draft's source in the same step."""
    changes = {
        "revision": _int(form.revision.data),
        "title": form.title.data,
        "body": form.body.data or "",
        "change_summary": form.change_summary.data,
    }
    if form.source.data:
        prepared = word_sources.reopen_source(current_user, form.source.data, version)
        word_sources.apply_source(current_user, version, prepared, **changes)
    else:
        machine.edit_draft(current_user, version, **changes)
    if "translates" in form and form.translates.data:
        translations.name_master_version(current_user, version, form.translates.data, revision=version.revision)


def _edit_page(form, document, version, *, source_form=None, converted=None, status=200):
    source_form = source_form or SourceForm(formdata=None, revision=form.revision.data or version.revision)
    return render_template(
        "workflow/edit.html",
        form=form,
        source_form=source_form,
        document=document,
        version=version,
        converted=converted,
        images=inline_image_urls(version),
    ), status


@bp.post("/d/<code>/v/<int:number>/source")
@login_required
@accepts_upload
@editor_page
def convert_source(code: str, number: int):
    """Convert an uploaded Word or ODT file and show the draft's edit page with the result to check."""
    document, version = _editable(code, number)
    source_form, form = SourceForm(), EditDraftForm(formdata=None, obj=version)
    _translates_choices(form, document, version)
    form.revision.data = source_form.revision.data or version.revision
    if not source_form.validate_on_submit():
        return _edit_page(form, document, version, source_form=source_form, status=422)
    try:
        word_sources.require_draft_for_source(current_user, version)
        prepared = word_sources.prepare_source(source_form.file.data.stream, source_form.file.data.filename)
    except ServiceError as error:
        messages = [str(m) for m in error.fields.values()] if isinstance(error, ValidationError) else []
        source_form.file.errors = messages or [str(error.message)]
        return _edit_page(form, document, version, source_form=source_form, status=error.status)
    form.body.data = prepared.conversion.markdown
    form.source.data = word_sources.source_token(current_user, prepared, version)
    return _edit_page(form, document, version, source_form=source_form, converted=prepared)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _import_form() -> ImportArchiveForm:
    form = ImportArchiveForm()
    form.default_type.choices = [(t.prefix, f"{t.prefix} – {t.name(_locale())}") for t in documents.list_types()]
    if not form.is_submitted() and any(prefix == "TO" for prefix, _label in form.default_type.choices):
        form.default_type.data = "TO"
    return form


def _run_archive_import(form: ImportArchiveForm) -> tuple[legacy_import.ImportReport, list[str]]:
    """Unpack the uploaded zip into a private folder and import it; commit only a clean, real run."""
    with tempfile.TemporaryDirectory(prefix="lamppu-import-") as tmp:
        archive, folder = Path(tmp) / "archive.zip", Path(tmp) / "files"
        folder.mkdir()
        form.archive.data.save(archive)
        refused = legacy_import.unpack_archive(archive, folder)
        manifest = next((p for p in sorted(folder.rglob("*")) if p.name.lower() == "manifest.csv"), None)
        report = legacy_import.import_folder(
            current_user, folder, manifest=manifest, default_type=form.default_type.data, dry_run=form.dry_run.data
        )
    if report.errors or form.dry_run.data:
        transaction.rollback()
    else:
        transaction.commit()
    return report, refused


@bp.route("/admin/import", methods=["GET", "POST"])
@login_required
@accepts_upload(limit_setting="MAX_IMPORT_ARCHIVE_BYTES")
def import_archive():
    if not permissions.can_import(current_user):
        abort(403)
    form = _import_form()
    report, refused, status = None, [], 200
    if form.validate_on_submit():
        try:
            report, refused = _run_archive_import(form)
        except ServiceError as error:
            transaction.rollback()
            form.archive.errors = [str(error.message)]
            status = error.status
        else:
            status = 422 if report.errors else 200
    elif form.errors:
        status = 422
    return render_template(
        "workflow/import.html", form=form, report=report, refused=refused, dry_run=form.dry_run.data
    ), status


# A draft's attachments: part of its content, changed under the edit rule (a new revision each time).


def _editable_version(code: str, number: int):
    document = documents.require_document(current_user, code)
    version = documents.require_version(current_user, document, number)
    machine.check_move(current_user, version, Action.EDIT, guards=False)
    return version


@bp.post("/d/<code>/v/<int:number>/attachments")
@login_required
@accepts_upload
def upload_attachment(code: str, number: int):
    version = _editable_version(code, number)
    back = url_for("workflow.edit_draft", code=version.document.code, number=number)
    try:
        form = AttachmentForm()
        if not form.validate_on_submit():
            flash(" ".join(str(e) for e in form.file.errors) or _("The upload could not be read."), "error")
            return redirect(back, 303)
        attachment = transaction.run(machine.add_attachment, current_user, version, form.file.data)
    except ServiceError as error:
        flash(str(error.message), "error")
        return redirect(back, 303)
    flash(_("Attached %(name)s.", name=attachment.filename), "success")
    if attachment.extraction_error:
        flash(_("The file was attached, but its text could not be read for search."), "warning")
    return redirect(back, 303)


@bp.post("/d/<code>/v/<int:number>/images")
@login_required
@accepts_upload
def upload_image(code: str, number: int):
    """An image picked in the draft editor; answers JSON (errors too: the editor asks for JSON)."""
    document = documents.require_document(current_user, code)
    version = documents.require_version(current_user, document, number)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ValidationError({"file": _l("Choose a PNG or JPEG image.")})
    revision = parse_row_number(request.form.get("revision", "")) if request.form.get("revision") else None
    attachment = transaction.run(machine.add_image, current_user, version, upload, revision=revision)
    return jsonify(
        revision=version.revision,
        filename=attachment.filename,
        reference=image_reference(attachment.filename),
        url=attachment_url(version, attachment),
    )


@bp.post("/d/<code>/v/<int:number>/attachments/<int:attachment_id>/remove")
@login_required
def remove_attachment(code: str, number: int, attachment_id: int):
    version = _editable_version(code, number)
    if not RemoveAttachmentForm().validate_on_submit():
        abort(400)
    transaction.run(machine.remove_attachment, current_user, version, attachment_id)
    flash(_("The attachment was removed."), "success")
    return redirect(url_for("workflow.edit_draft", code=version.document.code, number=number), 303)
