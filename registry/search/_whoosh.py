"""The Whoosh engine: schema, one index directory per generation, searching and writing.

Only this module and `_analysis` import whoosh. Everything crossing its border is plain data
(`registry.search._types`). Layout: `<base>/current` is a symlink to `<base>/gen-<stamp>`; a
rebuild fills a new generation and swaps the link atomically, so searches never stop.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

from registry.search._analysis import english_analyzer, finnish_analyzer
from registry.search._types import PUBLISHED_STATES, UNPUBLISHED_STATES, EngineResult, Entry, QuerySpec, Viewer

META_ID = "meta"
EXTRA_PREFIX = "x_"
FILTER_CACHE_SIZE = 256
REBUILD_LIMIT_MB = 256
TITLE_REPEAT = 3


def build_schema() -> Schema:
    schema = Schema(
        vid=ID(stored=True, unique=True),
        doc=ID(stored=True),
        kind=ID,
        code=ID(stored=True),
        title=STORED,
        # Title and text in one field per language: one posting list per query term, no union
        # matcher per word (the title is repeated to weigh more).
        text_fi=TEXT(analyzer=finnish_analyzer(), phrase=False),
        text_en=TEXT(analyzer=english_analyzer(), phrase=False),
        tw=KEYWORD(lowercase=True),
        tags=KEYWORD(commas=True, lowercase=True),
        type=ID, unit=ID, state=ID, vis=ID, owner=ID, author=ID, current=ID,
        audience=KEYWORD,
        fp=STORED,
        hwm=STORED,
    )
    schema.add(EXTRA_PREFIX + "*", KEYWORD(commas=True), glob=True)
    return schema


def field_for(facet: str) -> str:
    """Index field of a facet/filter name: built-ins as they are, provider fields prefixed."""
    return facet if facet in ("type", "unit", "state") else EXTRA_PREFIX + facet


def entry_fields(entry: Entry) -> dict:
    lang = "en" if entry.language == "en" else "fi"
    fields = {
        "vid": str(entry.version_id), "doc": str(entry.document_id), "kind": "version",
        "code": entry.code, "title": entry.title,
        f"text_{lang}": "\n".join((entry.title,) * TITLE_REPEAT + (entry.text,)),
        "tw": " ".join(entry.title.lower().split()), "type": entry.type, "unit": entry.unit or "-",
        "state": entry.state, "vis": entry.visibility, "owner": str(entry.owner_id),
        "author": str(entry.author_id), "current": "1" if entry.is_current else "0",
        "audience": " ".join(entry.audience), "fp": entry.fingerprint,
    }
    if entry.tags:
        fields["tags"] = ",".join(entry.tags)
    for name, values in entry.extra:
        if values:
            fields[EXTRA_PREFIX + name] = ",".join(values)
    return fields


def permission_query(viewer: Viewer, scope: str) -> Q.Query:
    """The query form of registry.auth.permissions.can_view_version (and scope)."""
    visible = [Q.Term("vis", "public")]
    if viewer.logged_in:
        visible.append(Q.Term("vis", "internal"))
        if viewer.oversight:
            visible.append(Q.Term("vis", "restricted"))
        else:
            mine = [Q.Term("owner", str(viewer.user_id))] + [Q.Term("audience", u) for u in viewer.unit_ids]
            visible.append(Q.And([Q.Term("vis", "restricted"), Q.Or(mine)]))
    document_visible = Q.Or(visible)
    if scope == "current":
        return Q.And([Q.Term("current", "1"), document_visible])
    states: list[Q.Query] = [Q.Term("state", s) for s in PUBLISHED_STATES]
    if viewer.logged_in:
        if viewer.oversight:
            states += [Q.Term("state", s) for s in UNPUBLISHED_STATES]
        else:
            uid = str(viewer.user_id)
            states.append(Q.Or([Q.Term("author", uid), Q.Term("owner", uid)]))
            if viewer.approver:
                states += [Q.Term("state", s) for s in UNPUBLISHED_STATES if s != "draft"]
    return Q.And([document_visible, Q.Or(states)])


def word_query(word, reader) -> Q.Query | None:
    """Any analysis of the word in any field; terms absent from the index are left out (cheaper)."""
    pairs = [("text_fi", t) for t in word.finnish] + [("text_en", t) for t in word.english]
    pairs.append(("tags", word.word))
    terms = [Q.Term(f, t) for f, t in pairs if (f, t) in reader]
    if not terms:
        return Q.NullQuery
    return Q.Or(terms) if len(terms) > 1 else terms[0]


class _SearcherState:
    """A searcher on one generation of one index directory, with caches valid for it."""

    def __init__(self, ix, path: str):
        self.path = path
        self.generation = ix.latest_generation()
        self.searcher = ix.searcher()
        self.filters: dict = {}
        self.columns: dict[str, dict[int, list[str]]] = {}

    def docs(self, key, make_query) -> frozenset[int]:
        found = self.filters.get(key)
        if found is None:
            if len(self.filters) >= FILTER_CACHE_SIZE:
                self.filters.clear()
            found = frozenset(self.searcher.docs_for_query(make_query()))
            self.filters[key] = found
        return found

    def column(self, field: str) -> list:
        """Values of a keyword field by docnum (a string, a tuple for several, None), read once."""
        found = self.columns.get(field)
        if found is None:
            reader = self.searcher.reader()
            found = [None] * reader.doc_count_all()
            if field in reader.indexed_field_names():
                for term in reader.field_terms(field):
                    for docnum in reader.postings(field, term).all_ids():
                        held = found[docnum]
                        if held is None:
                            found[docnum] = term
                        else:
                            found[docnum] = (held if isinstance(held, tuple) else (held,)) + (term,)
            self.columns[field] = found
        return found


class WhooshEngine:
    """One index (a base directory) per application."""

    name = "whoosh"

    def __init__(self, base_dir: str | os.PathLike):
        self.base = Path(base_dir)
        self._lock = threading.Lock()
        self._state: _SearcherState | None = None
        self._indexes: dict[str, object] = {}
        self.last_catch_up = float("-inf")

    # -- directories -------------------------------------------------------------------------

    def current_dir(self) -> Path:
        link = self.base / "current"
        if not link.exists():
            self._create_generation(make_current=True)
        return Path(os.path.realpath(link))

    def _create_generation(self, make_current: bool) -> Path:
        self.base.mkdir(parents=True, exist_ok=True)
        path = self.base / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        path.mkdir()
        whoosh_index.create_in(str(path), build_schema())
        if make_current:
            self._swap(path)
        return path

    def _swap(self, path: Path) -> None:
        temp = self.base / f".current-{uuid.uuid4().hex}"
        os.symlink(path.name, temp)
        os.replace(temp, self.base / "current")

    def _index(self, path: Path | None = None):
        path = path or self.current_dir()
        key = str(path)
        ix = self._indexes.get(key)
        if ix is None:
            ix = whoosh_index.open_dir(key)
            self._indexes = {key: ix}
        return ix

    def _fresh_state(self) -> _SearcherState:
        path = self.current_dir()
        ix = self._index(path)
        with self._lock:
            state = self._state
            if state is None or state.path != str(path) or state.generation != ix.latest_generation():
                # A new searcher rather than Searcher.refresh(), which fails after an empty index.
                state = _SearcherState(ix, str(path))
                self._state = state
            return state

    # -- reading -----------------------------------------------------------------------------

    def high_water_mark(self) -> int:
        return self._read_hwm(self._fresh_state().searcher)

    @staticmethod
    def _read_hwm(searcher) -> int:
        fields = searcher.document(vid=META_ID)
        return int(fields["hwm"]) if fields else 0

    def count(self) -> int:
        searcher = self._fresh_state().searcher
        return searcher.doc_count() - (1 if searcher.document(vid=META_ID) else 0)

    def fingerprints(self) -> dict[int, str]:
        reader = self._fresh_state().searcher.reader()
        return {int(f["vid"]): f.get("fp", "") for f in reader.all_stored_fields() if f.get("vid") != META_ID}

    def search(self, spec: QuerySpec) -> EngineResult:
        for attempt in range(3):
            try:
                return self._search(self._fresh_state(), spec)
            except Exception as exc:  # a reader closed under us by a concurrent commit: reopen
                if attempt == 2 or "closed" not in str(exc).lower() and type(exc).__name__ != "ReaderClosed":
                    raise
                self._state = None
        raise AssertionError("unreachable")

    def _allowed(self, state: _SearcherState, spec: QuerySpec) -> frozenset[int]:
        viewer = spec.viewer
        allowed = state.docs(("perm", spec.scope, viewer), lambda: permission_query(viewer, spec.scope))
        for facet, value in spec.filters:
            field = field_for(facet)
            allowed = allowed & state.docs(("term", field, value), lambda f=field, v=value: Q.Term(f, v))
        return allowed

    def _search(self, state: _SearcherState, spec: QuerySpec) -> EngineResult:
        allowed = self._allowed(state, spec)
        searcher = state.searcher
        if spec.code:
            clauses = [Q.Term("code", spec.code)]
        else:
            reader = searcher.reader()
            clauses = [word_query(w, reader) for w in spec.words if w.finnish or w.english]
        if not clauses or not allowed:
            return EngineResult([], [], 0, {f: {} for f in spec.facet_fields})
        query = Q.And(clauses) if len(clauses) > 1 else clauses[0]
        matched = allowed.intersection(searcher.docs_for_query(query))
        ids, scores = self._top(searcher, query, matched, spec.limit)
        all_words = bool(matched)
        if len(matched) < spec.limit and len(clauses) > 1:
            # AND first; documents matching only some of the words follow, ranked below.
            any_word = Q.Or(clauses)
            partial = allowed.intersection(searcher.docs_for_query(any_word)) - matched
            more_ids, more_scores = self._top(searcher, any_word, partial, spec.limit - len(ids))
            ids, scores, matched = ids + more_ids, scores + more_scores, matched | partial
        if not matched:
            return EngineResult([], [], 0, {f: {} for f in spec.facet_fields}, all_words)
        facets = {f: self._count(state, field_for(f), matched) for f in spec.facet_fields}
        return EngineResult(ids, scores, len(matched), facets, all_words)

    @staticmethod
    def _top(searcher, query, docnums, limit: int) -> tuple[list[int], list[float]]:
        if not docnums or limit <= 0:
            return [], []
        results = searcher.search(query, filter=set(docnums), limit=limit)
        return ([int(searcher.stored_fields(hit.docnum)["vid"]) for hit in results],
                [float(hit.score or 0.0) for hit in results])

    @staticmethod
    def _count(state: _SearcherState, field: str, docnums) -> dict[str, int]:
        column = state.column(field)
        counts = Counter(map(column.__getitem__, docnums))  # counted in C for single values
        for value in [v for v in counts if isinstance(v, tuple)]:
            times = counts.pop(value)
            for item in value:
                counts[item] += times
        counts.pop("-", None)
        counts.pop(None, None)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def suggest(self, prefix: str, viewer: Viewer, limit: int) -> list[tuple[str, str]]:
        state = self._fresh_state()
        allowed = state.docs(("perm", "current", viewer), lambda: permission_query(viewer, "current"))
        words = prefix.lower().split()
        if not words or not allowed:
            return []
        clauses = [Q.Term("tw", w) for w in words[:-1]] + [Q.Prefix("tw", words[-1])]
        query = Q.And(clauses) if len(clauses) > 1 else clauses[0]
        results = state.searcher.search(query, filter=set(allowed), limit=limit)
        return [(hit["code"], hit["title"]) for hit in results]

    def has_term(self, word: str, fields=("text_fi",)) -> bool:
        reader = self._fresh_state().searcher.reader()
        return any(reader.doc_frequency(f, word) for f in fields)

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        searcher = self._fresh_state().searcher
        found: list[str] = []
        if len(word) < 4:
            return found
        for field in ("text_fi", "text_en"):
            for candidate in searcher.corrector(field).suggest(word, limit=limit, maxdist=2, prefix=2):
                if candidate not in found:
                    found.append(candidate)
        return found[:limit]

    # -- writing -----------------------------------------------------------------------------

    def writer(self, timeout: float):
        """A writer on the current generation, or None when another process holds the lock."""
        try:
            return self._index().writer(timeout=timeout, limitmb=64)
        except LockError:
            return None

    @staticmethod
    def writer_hwm(writer) -> int:
        reader = writer.reader()
        try:
            if ("vid", META_ID) not in reader:
                return 0
            return int(reader.stored_fields(reader.first_id("vid", META_ID))["hwm"])
        finally:
            reader.close()

    @staticmethod
    def write(writer, document_ids, entries, hwm: int | None = None) -> None:
        for document_id in document_ids:
            writer.delete_by_term("doc", str(document_id))
        for entry in entries:
            writer.add_document(**entry_fields(entry))
        if hwm is not None:
            writer.update_document(vid=META_ID, kind="meta", hwm=hwm)

    @staticmethod
    def remove(writer, version_ids) -> None:
        for version_id in version_ids:
            writer.delete_by_term("vid", str(version_id))

    def rebuild(self, batches, hwm: int) -> Path:
        """Fill a new generation from `batches` (lists of entries) and swap it in.

        One writer for the whole build: its pool spills sorted runs to disk past `limitmb`, so
        memory stays bounded, and the result is a single segment (fast to search).
        """
        path = self._create_generation(make_current=False)
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer(limitmb=REBUILD_LIMIT_MB)
        try:
            for batch in batches:
                self.write(writer, (), batch)
            writer.update_document(vid=META_ID, kind="meta", hwm=hwm)
            writer.commit()
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(path, ignore_errors=True)
            raise
        ix.close()
        previous = self.current_dir() if (self.base / "current").exists() else None
        self._swap(path)
        self._prune(keep={path, previous})
        return path

    def _prune(self, keep) -> None:
        """Drop generations older than the previous one (a searcher may still read that)."""
        for child in self.base.glob("gen-*"):
            if child not in keep:
                shutil.rmtree(child, ignore_errors=True)

    def info(self) -> dict:
        path = self.current_dir()
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        return {"engine": self.name, "directory": str(path), "generation": self._index(path).latest_generation(),
                "bytes": size}
