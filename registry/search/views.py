"""The search results page and the suggestion endpoint for the header box."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from registry.auth import permissions
from registry.documents import services as documents
from registry.documents import translations
from registry.search import services

bp = Blueprint("search", __name__)
FILTER_KEYS = ("type", "unit", "state", "scope")


def _int_arg(name: str, default: int, upper: int) -> int:
    try:
        return min(max(1, int(request.args.get(name, default))), upper)
    except (TypeError, ValueError):
        return default


def read_filters(args) -> dict:
    keys = FILTER_KEYS + services.provider_names()
    return {k: args.get(k, "")[:60] for k in keys if args.get(k)}


@bp.route("/search")
def results():
    query = (request.args.get("q") or "").strip()[: services.MAX_QUERY]
    code = services.code_in_query(query)
    if code:
        document = documents.get_document(code)
        if document is not None and permissions.can_view_document(current_user, document):
            return redirect(url_for("documents.permalink", code=document.code))
    filters = read_filters(request.args)
    page = None
    if query:
        page = services.search(
            query,
            filters=filters,
            user=current_user,
            page=_int_arg("page", 1, 1000),
            per_page=_int_arg("per_page", 20, 100),
        )
    # Translations whose master has moved on by a major version carry a mark in the results.
    stale = translations.out_of_date_ids([hit.document_id for hit in page.hits if hit.translation]) if page else set()
    fallback = permissions.can_administer(current_user) and services.analysis_backend() != "voikko"
    return render_template(
        "search/results.html",
        query=query,
        page=page,
        filters=filters,
        provider_facets=services.provider_names(),
        analysis_fallback=fallback,
        stale_translations=stale,
    )


@bp.route("/search/suggest")
def suggest():
    prefix = (request.args.get("prefix") or request.args.get("q") or "")[: services.MAX_QUERY]
    return jsonify({"prefix": prefix, "items": services.suggest(prefix, user=current_user)})
