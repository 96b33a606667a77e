"""Searching: query analysis, permissions, loading hits, snippets, suggestions, maintenance."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from datetime import timedelta
from functools import lru_cache

from flask import current_app, g, has_request_context
from sqlalchemy.orm import configure_mappers

from registry.auth import permissions
from registry.auth.models import Role
from registry.documents.models import Attachment, Document, DocumentType, DocumentVersion
from registry.documents.services import normalise_code
from registry.extensions import db
from registry.search import _analysis, _entries, outbox, synonyms
from registry.search._snippets import make_snippet, matched_forms, split_scanned
from registry.search._types import (
    BUILTIN_FACETS,
    SCOPES,
    DriftReport,
    QuerySpec,
    SearchHit,
    SearchPage,
    Viewer,
    WordTerms,
)

MAX_QUERY = 200
MAX_WORDS = 12
MAX_RESULTS = 1000
CATCH_UP_INTERVAL = 2.0
QUERY_CODE_RE = re.compile(r"^\s*[A-Za-zÅÄÖåäö]{1,10}[\s\-_]*\d{1,6}\s*$")


def engine():
    return current_app.extensions["lamppu_search"]


def viewer_for(user) -> Viewer:
    """The permission facts of `user` that the index query mirrors."""
    if not permissions.is_logged_in(user):
        return Viewer()
    return Viewer(
        user_id=user.id,
        unit_ids=tuple(sorted(str(u.id) for u in user.units)),
        oversight=permissions.has_role(user, *permissions.OVERSIGHT_ROLES),
        approver=permissions.has_role(user, Role.APPROVER),
    )


def analyse_query(text: str) -> tuple[WordTerms, ...]:
    """Words of a query, each with its Finnish lemmas and English stems; syntax is ignored.
    A word on the abbreviation and synonym list also carries its expansions, analysed alike."""
    found = []
    for word in _analysis.words((text or "")[:MAX_QUERY])[:MAX_WORDS]:
        terms = _word_terms(word)
        if terms is not None:
            expansions = synonyms.expansions_for(word, terms.finnish)
            if expansions:
                backend = _analysis.finnish_backend()
                phrases = (_phrase_terms(e, backend) for e in expansions)
                terms = replace(terms, expansions=tuple(p for p in phrases if p))
            found.append(terms)
    return tuple(found)


def _word_terms(word: str) -> WordTerms | None:
    finnish = _analysis.finnish_terms(word, False)
    english = _analysis.english_terms(word)
    if not (finnish or english):
        return None
    parts = _analysis.compound_members(word)
    return WordTerms(word, finnish, english, tuple(dict.fromkeys(t for member in parts for t in member)), parts)


@lru_cache(maxsize=1024)
def _phrase_terms(phrase: str, backend) -> tuple[WordTerms, ...]:
    """The analysed words of one expansion (stop words left out); not expanded again.
    `backend` keys the cache: the same phrase analyses differently without Voikko."""
    return tuple(t for t in map(_word_terms, _analysis.words(phrase)[:MAX_WORDS]) if t is not None)


def expansion_terms(words) -> set[str]:
    """Every term of the words' expansions (to mark them in snippets)."""
    return {t for w in words for phrase in w.expansions for x in phrase for t in x.finnish + x.english}


def code_in_query(text: str) -> str | None:
    """`TO-014`, `to14`, `to 14` -> `TO-014`; None for anything else."""
    return normalise_code(text) if QUERY_CODE_RE.match(text or "") else None


def _clean_filters(filters: dict | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    filters = dict(filters or {})
    scope = filters.pop("scope", None) or "current"
    scope = scope if scope in SCOPES else "current"
    known = set(BUILTIN_FACETS) | set(_entries.provider_names())
    clean = tuple(sorted((k, str(v).strip()) for k, v in filters.items() if k in known and v not in (None, "")))
    if any(k == "state" and v != "effective" for k, v in clean):
        scope = "all"
    return scope, clean


def search(query: str, *, filters: dict | None = None, user=None, page: int = 1, per_page: int = 20) -> SearchPage:
    """The versions matching `query` that `user` may see, best first, with facets and a suggestion."""
    # Searching only reads: pending changes of the caller's session are not flushed (on SQLite
    # a flush inside a read transaction would take the write lock and can fail at once).
    with db.session.no_autoflush:
        return _search(query, filters, user, page, per_page)


def _search(query: str, filters: dict | None, user, page: int, per_page: int) -> SearchPage:
    degraded = rebuilding()
    if not degraded:  # a stand-in index waits for its rebuild, not for the whole change log
        catch_up()
    page, per_page = max(1, int(page)), min(max(1, int(per_page)), 100)
    scope, clean = _clean_filters(filters)
    words, code = analyse_query(query), code_in_query(query)
    viewer = viewer_for(user)
    facets = BUILTIN_FACETS + _entries.provider_names()
    spec = QuerySpec(
        words, viewer, scope, code.upper() if code else None, clean, facets, min(page * per_page, MAX_RESULTS)
    )
    result = engine().search(spec)
    suggestion = corrected_from = None
    if not code and (result.total == 0 or not result.matched_all_words):
        suggestion = _did_you_mean(words, spec)
        if suggestion and result.total == 0:
            corrected_from, query, words = query, suggestion, analyse_query(suggestion)
            result = engine().search(_respec(spec, words))
            suggestion = None
    if not code and result.total == 0 and corrected_from is None:
        # A compound nobody wrote (`turvallisuusohjeessa`): search for its members instead.
        split = _split_compounds(query)
        if split:
            split_words = analyse_query(split)
            split_result = engine().search(_respec(spec, split_words))
            if split_result.total:
                corrected_from, query, words, result, suggestion = query, split, split_words, split_result, None
    if result.version_ids:
        use_analysis_table()
    hits = _load_hits(result, user, scope, (page - 1) * per_page, per_page, words)
    dropped = len(result.version_ids[(page - 1) * per_page : page * per_page]) - len(hits)
    return SearchPage(
        query=query,
        total=max(0, result.total - dropped),
        page=page,
        per_page=per_page,
        hits=hits,
        facets=result.facets,
        suggestion=suggestion,
        corrected_from=corrected_from,
        rebuilding=degraded,
    )


def _respec(spec: QuerySpec, words) -> QuerySpec:
    return QuerySpec(words, spec.viewer, spec.scope, None, spec.filters, spec.facet_fields, spec.limit)


def _split_compounds(query: str) -> str | None:
    """The query with every compound word replaced by its members; None when there is none."""
    out, changed = [], False
    for word in _analysis.words((query or "")[:MAX_QUERY])[:MAX_WORDS]:
        parts = _analysis.compound_parts(word)
        out.extend(parts or [word])
        changed |= bool(parts)
    return " ".join(out) if changed else None


def _did_you_mean(words, spec: QuerySpec) -> str | None:
    """A corrected query when some word is unknown both to the dictionary and to the index."""
    changed, out = False, []
    for word in words:
        replacement = None
        if not _is_known(word):
            replacement = _correction(word.word)
        out.append(replacement or word.word)
        changed |= replacement is not None
    if not changed:
        return None
    text = " ".join(out)
    # Offer only a correction that finds something this user may see (terms must not leak).
    return text if engine().search(_respec(spec, analyse_query(text))).total else None


def _is_known(word: WordTerms) -> bool:
    if word.expansions:  # on the abbreviation list: not a typo
        return True
    if any(engine().has_term(t) for t in word.finnish):
        return True
    if any(engine().has_term(t, ("text_en",)) for t in word.english):
        return True
    return _analysis.is_known_finnish(word.word) and _analysis.finnish_backend()[0] == "voikko"


def _correction(word: str) -> str | None:
    for candidate in _analysis.finnish_suggestions(word):
        if any(engine().has_term(t) for t in _analysis.finnish_terms(candidate, False)):
            return candidate
    corrections = engine().corrections(word, limit=1)
    return corrections[0] if corrections else None


def _load_hits(result, user, scope: str, start: int, count: int, words) -> list[SearchHit]:
    """Load the page's rows and check each one again with the permissions (their SQL form)."""
    ids = result.version_ids[start : start + count]
    if not ids:
        return []
    scores = dict(zip(result.version_ids, result.scores, strict=True))
    rows = {row.id: row for row in db.session.execute(_hit_rows(user, ids))}
    attachments = _attachment_texts(list(rows))
    # Members too: a compound also matches documents holding its members (the engine's widening).
    query_terms = {t for w in words for t in w.finnish + w.english + w.members} | expansion_terms(words)
    memo: dict = {}
    hits = []
    for version_id in ids:
        row = rows.get(version_id)
        if row is None or (scope == "current" and row.state != "effective"):
            continue
        text = _entries.text_of(row.body, attachments.get(version_id, ()))
        split = split_scanned(text)
        hits.append(
            SearchHit(
                version_id=row.id,
                document_id=row.document_id,
                code=row.code,
                title=row.title,
                type=row.prefix,
                version=row.number,
                label=row.label,
                state=row.state,
                effective_from=row.effective_from,
                score=round(scores.get(version_id, 0.0), 4),
                snippet=make_snippet(text, query_terms, row.language, memo=memo, split=split),
                # The title's words, then the words the snippet scanned: the text is split once.
                matched=matched_forms(
                    "", query_terms, row.language, memo=memo, lower=[*_analysis.words(row.title), *split[2]]
                ),
                translation=row.translation_of_id is not None,
            )
        )
    return hits


def _hit_rows(user, ids: list[int]):
    """The columns a hit shows, of those versions among `ids` that `user` may see: the SQL twins of
    can_view_document and can_view_version, so no row objects, audiences or users are loaded."""
    return (
        db.select(
            DocumentVersion.id,
            DocumentVersion.number,
            DocumentVersion.label,
            DocumentVersion.state,
            DocumentVersion.title,
            DocumentVersion.effective_from,
            DocumentVersion.body,
            Document.id.label("document_id"),
            Document.code,
            Document.language,
            Document.translation_of_id,
            DocumentType.prefix,
        )
        .join(Document, Document.id == DocumentVersion.document_id)
        .join(DocumentType, DocumentType.id == Document.type_id)
        .where(
            DocumentVersion.id.in_(ids),
            permissions.visible_document_clause(user, Document),
            permissions.visible_version_clause(user, DocumentVersion, Document),
        )
    )


def _attachment_texts(version_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    """Each version's attachments as (file name, extracted text), in attachment order."""
    found: dict[int, list[tuple[str, str | None]]] = {}
    if not version_ids:
        return found
    stmt = (
        db.select(Attachment.version_id, Attachment.filename, Attachment.extracted_text)
        .where(Attachment.version_id.in_(version_ids))
        .order_by(Attachment.id)
    )
    for version_id, filename, extracted in db.session.execute(stmt):
        found.setdefault(version_id, []).append((filename, extracted))
    return found


def suggest(prefix: str, *, user=None, limit: int = 10) -> list[dict]:
    """Titles of current documents the user may see whose title words start as typed."""
    with db.session.no_autoflush:
        catch_up()
    prefix = " ".join(_analysis.words((prefix or "")[:MAX_QUERY])[:MAX_WORDS])
    if not prefix:
        return []
    found = engine().suggest(prefix, viewer_for(user), limit)
    return [{"code": code, "title": title} for code, title in found]


# -- freshness and maintenance ----------------------------------------------------------------


def catch_up() -> None:
    """Apply rows left by a crash or a busy lock, if the lock is free; never waits.

    In a request this runs at most every CATCH_UP_INTERVAL seconds per process: a request's own
    changes are applied after it commits (outbox.catch_up_after_request), this only sweeps leftovers.
    """
    if has_request_context():
        now = time.monotonic()
        if now - engine().last_catch_up < CATCH_UP_INTERVAL:
            return
        engine().last_catch_up = now
    try:
        outbox.apply_pending(blocking=False)
    except Exception:
        outbox.log.exception("search catch-up failed; left for the next sync")


def rebuilding() -> bool:
    """True while this server's index stands in for a lost one; starts its rebuild if none runs.

    The rebuild runs in a thread of the process that noticed, holding the engine's rebuild lock
    so that the server's other processes leave it alone; searches meanwhile answer from the
    stand-in (with a notice) until the rebuilt generation is swapped in.
    """
    search_engine = engine()
    search_engine.current_dir()
    if not search_engine.needs_rebuild():
        return False
    claim = search_engine.claim_rebuild()
    if claim is not None:
        app = current_app._get_current_object()
        thread = threading.Thread(
            target=_rebuild_in_background, args=(app, claim), name="lamppu-search-rebuild", daemon=True
        )
        thread.start()
    return True


def catch_up_on_start() -> int:
    """Before serving: apply what this server's index missed while it was down (several servers).

    A lost index is left to the background rebuild that the first search starts.
    """
    engine().current_dir()
    if engine().needs_rebuild():
        return 0
    return sync()


def _rebuild_in_background(app, claim: int) -> None:
    try:
        with app.app_context():
            g.lamppu_read_only = True  # the rebuild only reads: no SQLite write lock at BEGIN
            try:
                count = rebuild()
                outbox.log.warning("search index was missing; rebuilt from the database (%s versions)", count)
            except Exception:
                outbox.log.exception("rebuilding the lost search index failed; the next search tries again")
            finally:
                db.session.remove()
    finally:
        app.extensions["lamppu_search"].release_rebuild(claim)


def sync(timeout: float = 60.0) -> int:
    """Apply every outbox row above the index's mark, waiting for the index lock."""
    total = 0
    while True:
        done = outbox.apply_pending(blocking=True, timeout=timeout)
        total += done
        if not done:
            return total


def index_versions(version_ids) -> int:
    """Rewrite the entries of these versions' documents now (waits for the index lock)."""
    document_ids = set(
        db.session.execute(
            db.select(DocumentVersion.document_id).where(DocumentVersion.id.in_(list(version_ids)))
        ).scalars()
    )
    return _write_documents(document_ids)


def _write_documents(document_ids) -> int:
    with engine().write_batch(60.0) as batch:
        batch.write(sorted(document_ids), _entries.entries_for_documents(document_ids))
    return len(document_ids)


def remove(version_ids) -> None:
    """Remove the entries of these versions from the index."""
    with engine().write_batch(60.0) as batch:
        batch.remove(list(version_ids))


def rebuild(batch_documents: int = 200) -> int:
    """Build a new index generation from the database and swap it in; returns the entry count.

    A maintenance operation: run it outside a transaction (it ends its read transactions per batch).
    """
    mark = outbox.last_change_id()
    counted = [0]

    def batches():
        for ids in list(_entries.document_id_batches(5000)):
            for start in range(0, len(ids), batch_documents):
                entries = _entries.entries_for_documents(ids[start : start + batch_documents])
                counted[0] += len(entries)
                db.session.rollback()  # short read transactions: no SQLite lock held, rows freed
                yield entries

    search_engine = engine()
    with _analysis.recording() as analysed:
        search_engine.rebuild(batches(), mark, lambda path: _write_analysis_table(search_engine, path, analysed))
    sync()
    return counted[0]


def _write_analysis_table(search_engine, path, analysed: dict) -> None:
    table = search_engine.analysis_table(path)
    if table is not None:
        _analysis.write_table(table, analysed)


def answer_state() -> tuple | None:
    """What a cached search answer depends on besides the database: this server's index (where it
    stands). None while the index is a stand-in or a catch-up sweep is due: compute the answer."""
    search_engine = engine()
    if has_request_context() and time.monotonic() - search_engine.last_catch_up >= CATCH_UP_INTERVAL:
        return None
    if search_engine.needs_rebuild():
        return None
    return ("search-index",) + search_engine.state_key()


def use_analysis_table() -> None:
    """Snippets take the analyses of words from the current index generation's stored table."""
    _analysis.use_table(engine().analysis_table())


WARM_UP_QUERY = "ohje"


def prepare_workers() -> int:
    """As a server's worker starts: open the Finnish analyser (importing pyvoikko loads its
    transducer, about a second), read the index's analysis table, configure the ORM's mappers and
    run one anonymous search, so that the worker's first search pays for none of it (the mappers
    alone took about 0.2 s of it). Returns the table's word count."""
    _analysis.finnish_backend()
    engine().state_key()  # opens the searcher
    use_analysis_table()
    words = _analysis.load_table()
    configure_mappers()
    # Compiles the search's statements, opens a database connection and reads the first postings.
    search(WARM_UP_QUERY)
    db.session.rollback()
    return words


def check() -> DriftReport:
    """Compare the index with the database: missing, extra and stale entries, and the mark."""
    indexed = engine().fingerprints()
    expected: dict[int, str] = {}
    for ids in _entries.document_id_batches(200):
        expected.update({e.version_id: e.fingerprint for e in _entries.entries_for_documents(ids)})
    return DriftReport(
        missing=sorted(set(expected) - set(indexed)),
        extra=sorted(set(indexed) - set(expected)),
        stale=sorted(v for v in set(expected) & set(indexed) if expected[v] != indexed[v]),
        high_water_mark=engine().high_water_mark(),
        last_change=outbox.last_change_id(),
    )


def repair(report: DriftReport) -> int:
    """Rewrite the documents of every drifted entry and drop entries of vanished versions."""
    if report.extra:
        remove(report.extra)
    return index_versions(report.missing + report.stale) if report.missing or report.stale else 0


def status() -> dict:
    """What `lamppu search status` prints."""
    analysis = analysis_info()
    info = engine().info()
    mark, last = engine().high_water_mark(), outbox.last_change_id()
    return info | {
        "finnish_analysis": analysis["backend"],
        "finnish_analysis_engine": analysis["engine"],
        "finnish_analysis_note": analysis["note"],
        "entries": engine().count(),
        "high_water_mark": mark,
        "last_change": last,
        "pending": max(0, last - mark),
        "field_providers": list(_entries.provider_names()),
    }


def pending_changes() -> int:
    """Change-log rows the local index has not applied yet (for /healthz)."""
    return max(0, outbox.last_change_id() - engine().high_water_mark())


def prune_outbox(days: int = 30) -> int:
    return outbox.prune(timedelta(days=days))


def analysis_info() -> dict:
    """Finnish analysis in use: backend "voikko" (engine "libvoikko" or "pyvoikko") or "snowball",
    the last resort, with the reason Voikko could not be used."""
    backend, detail = _analysis.finnish_backend()
    if backend == "voikko":
        return {"backend": backend, "engine": detail, "note": None}
    return {"backend": backend, "engine": None, "note": f"Snowball stemming is the last resort: {detail}"}


def analysis_backend() -> str:
    """ "voikko", or "snowball" when Voikko is missing (Finnish search is then weaker)."""
    return _analysis.finnish_backend()[0]


def provider_names() -> tuple[str, ...]:
    """Names of the extra keyword fields (e.g. "goal") usable as filters and facets."""
    return _entries.provider_names()
