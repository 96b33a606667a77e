"""The quality owners' page of search abbreviations and synonyms: list, add, edit, delete, CSV in and out."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry import transaction
from registry.auth import permissions
from registry.errors import NotFoundError, ValidationError
from registry.search import synonyms
from registry.search.forms import DeleteForm, SynonymForm, SynonymImportForm
from registry.search.views import bp
from registry.web import permission_required

MAX_UPLOAD = synonyms.MAX_CSV_BYTES


manager_required = permission_required(permissions.can_manage_search_terms)


@bp.app_context_processor
def _synonym_helpers() -> dict:
    return {"can_manage_search_terms": permissions.can_manage_search_terms}


def _fields(form: SynonymForm) -> synonyms.SynonymFields:
    return synonyms.SynonymFields(
        term=form.term.data or "",
        expansions=form.expansions.data or "",
        kind=form.kind.data or "",
        note=form.note.data or "",
    )


def _show_errors(form, error: ValidationError) -> None:
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [str(message)]
        else:
            flash(str(message), "error")


def _page(form: SynonymForm, import_form: SynonymImportForm, import_errors=(), status: int = 200):
    return render_template(
        "search/synonyms.html",
        entries=synonyms.list_synonyms(),
        form=form,
        import_form=import_form,
        import_errors=import_errors,
    ), status


@bp.route("/admin/search/synonyms", methods=["GET", "POST"])
@manager_required
def synonyms_page():
    form = SynonymForm()
    if form.validate_on_submit():
        try:
            row = transaction.run(synonyms.create_synonym, current_user, _fields(form))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("%(term)s added to the search terms.", term=row.term), "success")
            return redirect(url_for("search.synonyms_page"), 303)
    return _page(form, SynonymImportForm(formdata=None), status=422 if form.errors else 200)


def _entry(synonym_id: int):
    try:
        return synonyms.get_synonym(synonym_id)
    except NotFoundError:
        abort(404)


@bp.route("/admin/search/synonyms/<int:synonym_id>", methods=["GET", "POST"])
@manager_required
def synonym(synonym_id: int):
    row = _entry(synonym_id)
    form = SynonymForm()
    if not form.is_submitted():
        form.term.data, form.kind.data, form.note.data = row.term, row.kind, row.note
        form.expansions.data = "\n".join(row.expansion_list)
    if form.validate_on_submit():
        try:
            transaction.run(synonyms.update_synonym, current_user, row, _fields(form))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("search.synonyms_page"), 303)
    return render_template(
        "search/synonym.html", entry=row, form=form, delete_form=DeleteForm(formdata=None)
    ), 422 if form.errors else 200


@bp.post("/admin/search/synonyms/<int:synonym_id>/delete")
@manager_required
def delete_synonym(synonym_id: int):
    row = _entry(synonym_id)
    form = DeleteForm()
    if not form.validate_on_submit():
        abort(400)
    term = row.term
    transaction.run(synonyms.delete_synonym, current_user, row)
    flash(_("%(term)s removed from the search terms.", term=term), "success")
    return redirect(url_for("search.synonyms_page"), 303)


@bp.post("/admin/search/synonyms/import")
@manager_required
def import_synonyms():
    import_form = SynonymImportForm()
    errors: list[tuple[int, str]] = []
    upload = import_form.file.data if import_form.validate_on_submit() else None
    if upload is None or not getattr(upload, "filename", ""):
        errors.append((0, _("Choose a CSV file to import.")))
    else:
        data = upload.read(MAX_UPLOAD + 1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors.append((0, _("The file is not UTF-8 text.")))
        else:
            # A file with any bad row changes nothing: the service checks every row before writing.
            result = transaction.run(synonyms.import_csv, current_user, text, source=upload.filename)
            if not result.errors:
                flash(
                    _(
                        "Search terms imported: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.",
                        created=result.created,
                        updated=result.updated,
                        unchanged=result.unchanged,
                    ),
                    "success",
                )
                return redirect(url_for("search.synonyms_page"), 303)
            errors = result.errors
    return _page(SynonymForm(formdata=None), import_form, import_errors=errors, status=422)


@bp.get("/admin/search/synonyms.csv")
@manager_required
def export_synonyms():
    return Response(
        synonyms.export_csv().encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="search-synonyms.csv"'},
    )
