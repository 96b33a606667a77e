"""The document register, permalinks, versions and the print view."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry import read_cache, transaction
from registry.auth import permissions
from registry.documents import attachments, catalog, http, services, translations
from registry.documents.filetypes import KINDS
from registry.documents.forms import TypeTemplateForm
from registry.documents.rendering import render_markdown
from registry.errors import NotFoundError, ValidationError

bp = Blueprint("documents", __name__)

SORT_KEYS = tuple(services.REGISTER_SORTS)
REGISTER_PAGE_SIZE = 100  # rows on one page of the register
MAX_REGISTER_PAGE = 100_000  # a larger page number shows that (empty) page, as the API's limit
_UNKNOWN = object()  # _render_version: the current version not looked up yet


@bp.route("/")
@read_cache.cached_page
@login_required
def register():
    sort = request.args.get("sort", "code")
    filters = {
        "type_prefix": request.args.get("type") or None,
        "unit_code": request.args.get("unit") or None,
        "state": request.args.get("state") or None,
        "sort": sort if sort in SORT_KEYS else "code",
        "descending": request.args.get("dir") == "desc",
        "query": (request.args.get("q") or "").strip()[:200] or None,
    }
    page = min(max(1, request.args.get("page", 1, type=int) or 1), MAX_REGISTER_PAGE)
    rows, total = services.register_page(
        current_user, page=page, per_page=REGISTER_PAGE_SIZE, with_tags=False, **filters
    )
    return render_template(
        "documents/register.html",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // REGISTER_PAGE_SIZE)),
        filters=filters,
        types=services.list_types(),
        units=services.list_units(),
    )


@bp.route("/d/<code>")
@read_cache.cached_page
def permalink(code: str):
    document = services.require_document(current_user, code)
    if document.translation_of_id is None:
        # The reader's language version when one is in force; never a redirect, so never a loop.
        chosen = session.get("lang") or (current_user.locale if current_user.is_authenticated else None)
        language = translations.reader_language(request, chosen)
        shown = translations.translation_to_show(document, language) if language != document.language else None
        if shown is not None and permissions.can_view_document(current_user, shown):
            document = shown
    current = services.current_version(document)
    version = current or services.latest_published(document)
    if version is None:
        drafts = services.visible_versions(current_user, document)
        if not drafts:
            raise NotFoundError()
        version = drafts[0]
    return _render_version(document, version, current)


@bp.route("/d/<code>/v/<int:number>")
def version(code: str, number: int):
    document = services.require_document(current_user, code)
    return _render_version(document, services.require_version(current_user, document, number))


@bp.route("/d/<code>/versions")
def versions(code: str):
    document = services.require_document(current_user, code)
    return render_template(
        "documents/versions.html",
        document=document,
        versions=services.visible_versions(current_user, document),
        current=services.current_version(document),
    )


@bp.route("/d/<code>/v/<int:number>/print")
def print_view(code: str, number: int):
    document = services.require_document(current_user, code)
    version = services.require_version(current_user, document, number)
    return render_template("documents/print.html", document=document, version=version, body_html=version_html(version))


def version_html(version) -> str:
    """The version's body as safe HTML, its inline images served from this version's attachments."""
    if version.disposed_at is not None:
        return ""  # the page shows the tombstone instead
    return render_markdown(version.body, http.inline_image_urls(version))


def _render_version(document, version, current=_UNKNOWN):
    family = [m for m in translations.family(document) if permissions.can_view_document(current_user, m.document)]
    taken = {m.language for m in family}
    can_translate = (
        document.translation_of_id is None
        and not document.is_withdrawn
        and permissions.can_create_document(current_user)
        and any(lang not in taken for lang in translations.TRANSLATION_LANGUAGES)
    )
    return render_template(
        "documents/document.html",
        document=document,
        version=version,
        current=services.current_version(document) if current is _UNKNOWN else current,
        body_html=version_html(version),
        family=family,
        out_of_date=any(member.out_of_date for member in family if member.document.id == document.id),
        translated=translations.named_master_version(version) if document.translation_of_id else None,
        language_names=translations.LANGUAGE_NAMES,
        can_translate=can_translate,
        free_languages=[lang for lang in translations.TRANSLATION_LANGUAGES if lang not in taken],
    )


def _attachment_kind(media_type: str) -> str:
    kind = KINDS.get(media_type)
    return kind.label if kind else media_type


def init_app(app) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, http.limit_upload_size)
    app.jinja_env.globals["attachment_kind"] = _attachment_kind
    app.jinja_env.globals["source_file"] = attachments.source_file
    app.jinja_env.globals["can_manage_templates"] = permissions.can_manage_templates
    app.jinja_env.globals["kilobytes"] = _kilobytes


def _kilobytes(size: int) -> str:
    """`48 kt` / `48 kB`: a file size as the version page names it."""
    return _("%(n)s kB", n=f"{max(size / 1024, 1):.0f}")


@bp.get("/d/<code>/v/<int:number>/attachments/<int:attachment_id>")
def download_attachment(code: str, number: int, attachment_id: int):
    document = services.require_document(current_user, code)
    version = services.require_version(current_user, document, number)
    return http.attachment_response(*attachments.open_attachment(current_user, version, attachment_id))


def _template_form(doc_type, choices, current) -> TypeTemplateForm:
    form = TypeTemplateForm(prefix=f"type-{doc_type.prefix}", formdata=None)
    form.template.choices = choices
    form.template.data = current.code if current is not None else ""
    return form


@bp.route("/templates", methods=["GET", "POST"])
@login_required
def templates():
    """Each document type's template: the controlled document a new document of the type starts from."""
    if not permissions.can_manage_templates(current_user):
        abort(403)
    doc_types, current = services.list_types(), catalog.type_templates()
    choices = [("", _("(no template)"))] + [
        (row.document.code, f"{row.document.code} {row.document.title}")
        for row in services.register_rows(current_user, state="effective")
    ]
    status = 200
    if request.method == "POST":
        doc_type = services.get_type(request.form.get("type", ""))
        if doc_type is None:
            abort(404)
        form = TypeTemplateForm(prefix=f"type-{doc_type.prefix}")
        form.template.choices = choices
        if form.validate_on_submit():
            try:
                transaction.run(
                    catalog.set_type_template, current_user, doc_type, services.get_document(form.template.data or "")
                )
            except ValidationError as error:
                flash(" ".join(str(m) for m in error.fields.values()), "error")
                status = 422
            else:
                flash(_("Template of %(prefix)s saved.", prefix=doc_type.prefix), "success")
                return redirect(url_for("documents.templates"), 303)
        else:
            flash(_("Choose one of the listed documents."), "error")
            status = 422
    forms = [(t, _template_form(t, choices, current.get(t.id))) for t in doc_types]
    return render_template("documents/templates.html", forms=forms, current=current), status
