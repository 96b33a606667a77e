"""API routes for search (API.md, "Search")."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import EXCLUDE, Schema, fields, validate

from registry import read_cache
from registry.api.auth import authenticate_request
from registry.api.schemas import Input, error_responses
from registry.documents import translations
from registry.search import search, suggest
from registry.search.services import answer_state, provider_names

blp = Blueprint("api_search", __name__, description="Full-text search")
blp.before_request(authenticate_request)


class SearchArgs(Input):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="", validate=validate.Length(max=1000))
    type = fields.String(validate=validate.Length(max=60))
    unit = fields.String(validate=validate.Length(max=60))
    goal = fields.String(validate=validate.Length(max=60))
    state = fields.String(validate=validate.Length(max=20))
    scope = fields.String(load_default="current", validate=validate.OneOf(["current", "all"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class SearchItem(Schema):
    code = fields.String()
    title = fields.String()
    type = fields.String()
    version = fields.Integer()
    label = fields.String(allow_none=True)
    state = fields.String()
    effective_from = fields.DateTime(allow_none=True)
    score = fields.Float()
    snippet = fields.String(metadata={"description": "HTML: text escaped, matches in <mark>"})
    matched = fields.List(
        fields.String(),
        metadata={"description": "document words that matched the query (base forms met), first seen first"},
    )
    out_of_date = fields.Boolean(
        metadata={"description": "a translation in force whose master has a newer major version"}
    )


class SearchResult(Schema):
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    items = fields.List(fields.Nested(SearchItem))
    facets = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()))
    suggestion = fields.String(allow_none=True)
    corrected_from = fields.String(allow_none=True)
    index_rebuilding = fields.Boolean(
        metadata={"description": "true while the server's search index is rebuilt: results may be incomplete"}
    )


class SuggestArgs(Input):
    prefix = fields.String(load_default="", validate=validate.Length(max=200))


class SuggestItem(Schema):
    code = fields.String()
    title = fields.String()


class SuggestResult(Schema):
    prefix = fields.String()
    items = fields.List(fields.Nested(SuggestItem))


@blp.route("/search")
class Search(MethodView):
    @read_cache.cached_read(local_state=answer_state)
    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, SearchResult)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401)
    def get(self, args):
        """Current versions (or, with scope=all, every version) the caller may see that match `q`."""
        filter_keys = ("type", "unit", "state", "scope") + provider_names()
        filters = {k: args[k] for k in filter_keys if args.get(k)}
        page = search(args["q"], filters=filters, user=g.api_user, page=args["page"], per_page=args["per_page"])
        facets = {"type": {}, "unit": {}, "goal": {}} | page.facets
        stale = translations.out_of_date_ids([h.document_id for h in page.hits if h.translation])
        return {
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
            "facets": facets,
            "suggestion": page.suggestion,
            "corrected_from": page.corrected_from,
            "index_rebuilding": page.rebuilding,
            "items": [
                {
                    "code": h.code,
                    "title": h.title,
                    "type": h.type,
                    "version": h.version,
                    "label": h.label,
                    "state": h.state,
                    "effective_from": h.effective_from,
                    "score": h.score,
                    "snippet": str(h.snippet),
                    "matched": list(h.matched),
                    "out_of_date": h.state == "effective" and h.document_id in stale,
                }
                for h in page.hits
            ],
        }


@blp.route("/search/suggest")
class Suggest(MethodView):
    @blp.arguments(SuggestArgs, location="query")
    @blp.response(200, SuggestResult)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401)
    def get(self, args):
        """Up to 10 titles of current documents whose words start as typed."""
        return {"prefix": args["prefix"], "items": suggest(args["prefix"], user=g.api_user)}
