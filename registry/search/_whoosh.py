"""The Whoosh engine: schema, one index directory per generation, searching and writing.

Only this module and `_analysis` import whoosh. Everything crossing its border is plain data
(`registry.search._types`). Layout: `<base>/current` is a symlink to `<base>/gen-<stamp>`; a
rebuild fills a new generation and swaps the link atomically, so searches never stop.

An index lost under a running server (its directory deleted) is replaced at once by an empty
stand-in marked `rebuild-needed`, so searches keep answering; the search service then rebuilds
it from the database once per server (`rebuild.lock`, an advisory lock all its processes see).
The file `<base>.created` beside the index tells a lost index from one never built.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import LockError
from whoosh.matching import FilterMatcher
from whoosh.writing import IndexingError

from registry.search import _widening
from registry.search._analysis import english_analyzer, finnish_analyzer
from registry.search._languages import LANGUAGE_FIELDS, swedish_analyzer
from registry.search._types import (
    PUBLISHED_STATES,
    UNPUBLISHED_STATES,
    EngineResult,
    Entry,
    IndexLocked,
    QuerySpec,
    Viewer,
)
from registry.search._widening import word_terms

META_ID = "meta"
EXTRA_PREFIX = "x_"
FILTER_CACHE_SIZE = 256
TERM_CACHE_SIZE = 4096
ARRAY_CACHE_BYTES = 96 * 1024 * 1024
SCORED_FIELDS = ("text_fi", "text_en", "text_sv")
BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's BM25F defaults
REBUILD_LIMIT_MB = 256
TITLE_REPEAT = 3
REBUILD_NEEDED = "rebuild-needed"
REBUILD_LOCK = "rebuild.lock"
ANALYSIS_TABLE = "analysis-table.tsv"  # word -> index terms, written at rebuild (registry.search._analysis)
MEMORY = ":memory:"  # SEARCH_INDEX_DIR of an index held in memory (unit tests)


@contextmanager
def _committed(writer, merge: bool = True) -> Iterator[None]:
    """Commit `writer` when the block ends normally; cancel it (releasing the lock) when it raises."""
    try:
        yield
        writer.commit(merge=merge)
    except BaseException:
        with suppress(IndexingError):  # a commit that failed half-way may have closed the writer
            writer.cancel()
        raise


class WriteBatch:
    """Changes to the index that become visible together, at the end of `WhooshEngine.write_batch`."""

    def __init__(self, writer):
        self._writer = writer

    def high_water_mark(self) -> int:
        """The outbox mark as committed in the index (what this batch starts from)."""
        return WhooshEngine.writer_hwm(self._writer)

    def write(self, document_ids, entries, hwm: int | None = None) -> None:
        """Replace the entries of `document_ids` by `entries`; record `hwm` when given."""
        WhooshEngine.write(self._writer, document_ids, entries, hwm)

    def remove(self, version_ids) -> None:
        WhooshEngine.remove(self._writer, version_ids)


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
        text_sv=TEXT(analyzer=swedish_analyzer(), phrase=False),
        tw=KEYWORD(lowercase=True),
        tags=KEYWORD(commas=True, lowercase=True),
        type=ID,
        unit=ID,
        state=ID,
        vis=ID,
        owner=ID,
        author=ID,
        current=ID,
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
    text_field = LANGUAGE_FIELDS.get(entry.language) or ("text_en" if entry.language == "en" else "text_fi")
    fields = {
        "vid": str(entry.version_id),
        "doc": str(entry.document_id),
        "kind": "version",
        "code": entry.code,
        "title": entry.title,
        text_field: "\n".join((entry.title,) * TITLE_REPEAT + (entry.text,)),
        "tw": " ".join(entry.title.lower().split()),
        "type": entry.type,
        "unit": entry.unit or "-",
        "state": entry.state,
        "vis": entry.visibility,
        "owner": str(entry.owner_id),
        "author": str(entry.author_id),
        "current": "1" if entry.is_current else "0",
        "audience": " ".join(entry.audience),
        "fp": entry.fingerprint,
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


def _segment_key(leaf) -> tuple | None:
    """Identity of a segment's contents: its id and deletion count (deletions only grow)."""
    segment = leaf.segment()
    return None if segment is None else (segment.segment_id(), segment.deleted_count())


def _read_postings(leaf, field: str, term: str):
    """Document numbers (in the leaf) and term frequencies of one term; deleted documents left out."""
    if (field, term) not in leaf:
        return _EMPTY_IDS, _EMPTY_WEIGHTS
    matcher = leaf.postings(field, term)
    deleted = None
    if isinstance(matcher, FilterMatcher):  # the segment has deletions: read all, drop them below
        deleted, matcher = leaf.deleted_docs_set, matcher.child
        matcher.reset()
    if all(hasattr(matcher, name) for name in _BLOCK_API):
        # Whole posting blocks at a time (Whoosh 2.7's on-disk matcher): the ids and weights of a
        # block are already arrays, so a term with 50 000 postings loads in milliseconds.
        id_blocks, weight_blocks = [], []
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            id_blocks.append(np.asarray(matcher._ids, dtype=np.int32))
            weight_blocks.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
        ids = np.concatenate(id_blocks) if id_blocks else _EMPTY_IDS
        weights = np.concatenate(weight_blocks) if weight_blocks else _EMPTY_WEIGHTS
    else:  # any other matcher: one posting at a time
        id_list, weight_list = [], []
        while matcher.is_active():
            id_list.append(matcher.id())
            weight_list.append(matcher.weight())
            matcher.next()
        ids, weights = np.array(id_list, dtype=np.int32), np.array(weight_list, dtype=np.float32)
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int32, count=len(deleted)))
        ids, weights = ids[keep], weights[keep]
    return ids, weights


def _read_lengths(leaf, field: str):
    length = leaf.doc_field_length  # None, not the default, for a document without the field
    return np.array([length(d, field, 0) or 0 for d in range(leaf.doc_count_all())], dtype=np.float32)


_EMPTY_IDS = np.zeros(0, dtype=np.int32)
_BLOCK_API = ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights")
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


class _SegmentArrays:
    """Postings and field lengths read from segments, kept across searchers (a segment is immutable
    until its next deletion, which changes its key); least recently used dropped past a byte limit."""

    def __init__(self, limit_bytes: int):
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()

    def get(self, key, load):
        if key[0] is None:
            return load()
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        found = load()
        with self._lock:
            if key not in self._items:
                self._items[key] = found
                self._bytes += sum(a.nbytes for a in found)
                while self._bytes > self._limit and len(self._items) > 1:
                    _, old = self._items.popitem(last=False)
                    self._bytes -= sum(a.nbytes for a in old)
        return found

    def keep_segments(self, keys) -> None:
        """Forget the arrays of segments no current searcher reads."""
        with self._lock:
            for key in [k for k in self._items if k[0] not in keys]:
                self._bytes -= sum(a.nbytes for a in self._items.pop(key))


class _SearcherState:
    """A searcher on one generation of one index directory, with array caches valid for it.

    Queries are evaluated on arrays rather than by Whoosh's matchers: each term's postings become
    a (document numbers, frequencies) pair read once, word matches and permissions are boolean
    masks over all documents, and BM25F scores (Whoosh's formula and statistics) are summed with
    numpy. Only the best `limit` documents are ever turned back into Python objects.
    """

    def __init__(self, ix, path: str, arrays: _SegmentArrays):
        self.path = path
        self.generation = ix.latest_generation()
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.size = self.reader.doc_count_all()
        self.leaves = [(leaf, offset, _segment_key(leaf)) for leaf, offset in self.reader.leaf_readers()]
        self.arrays = arrays
        self.masks: dict = {}
        self.sets: dict = {}
        self.columns: dict = {}
        self.lengths: dict = {}
        self.terms: dict = {}
        self.term_bytes = 0
        self.related: dict = {}
        self.hwm: int | None = None  # the change-log mark this generation holds (read once)

    def postings(self, field: str, term: str):
        """(global document numbers, term frequencies) of one term."""
        key = (field, term)
        found = self.terms.get(key)
        if found is None:
            parts = [
                (ids + offset if offset else ids, weights)
                for (ids, weights), offset in (
                    (
                        self.arrays.get(
                            (segment, "p", field, term), lambda leaf=leaf: _read_postings(leaf, field, term)
                        ),
                        offset,
                    )
                    for leaf, offset, segment in self.leaves
                )
            ]
            if len(parts) == 1:
                found = parts[0]
            else:
                found = (
                    np.concatenate([p[0] for p in parts]) if parts else _EMPTY_IDS,
                    np.concatenate([p[1] for p in parts]) if parts else _EMPTY_WEIGHTS,
                )
            if len(parts) > 1:  # a copy joined from several segments: count it against the budget
                self.term_bytes += found[0].nbytes + found[1].nbytes
            if len(self.terms) >= TERM_CACHE_SIZE or self.term_bytes > ARRAY_CACHE_BYTES // 2:
                self.terms.clear()
                self.term_bytes = 0
            self.terms[key] = found
        return found

    def related_terms(self, lemma: str) -> tuple[tuple[str, str], ...]:
        """The ("text_fi", term) pairs sharing `lemma` but its last letters (`_widening.RELATED_CUT`), cached."""
        if len(lemma) < _widening.RELATED_MIN_LENGTH:
            return ()
        found = self.related.get(lemma)
        if found is None:
            stem, terms = lemma[: len(lemma) - _widening.RELATED_CUT], []
            for term in self.reader.expand_prefix("text_fi", stem):
                term = term.decode("utf-8") if isinstance(term, bytes) else term
                if term != lemma:
                    terms.append(("text_fi", term))
                if len(terms) >= _widening.RELATED_MAX_TERMS:
                    break
            found = tuple(terms)
            if len(self.related) >= TERM_CACHE_SIZE:
                self.related.clear()
            self.related[lemma] = found
        return found

    def field_lengths(self, field: str):
        found = self.lengths.get(field)
        if found is None:
            parts = [
                self.arrays.get((segment, "l", field), lambda leaf=leaf: (_read_lengths(leaf, field),))[0]
                for leaf, _offset, segment in self.leaves
            ]
            found = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
            self.lengths[field] = found
        return found

    def mask(self, key, make_query) -> np.ndarray:
        """Boolean mask of the documents matching a filter query (terms, And, Or), cached."""
        found = self.masks.get(key)
        if found is None:
            if len(self.masks) >= FILTER_CACHE_SIZE:
                self.masks.clear()
                self.sets.clear()
            found = self._evaluate(make_query())
            self.masks[key] = found
        return found

    def docset(self, key, make_query) -> frozenset[int]:
        found = self.sets.get(key)
        if found is None:
            found = frozenset(np.flatnonzero(self.mask(key, make_query)).tolist())
            self.sets[key] = found
        return found

    def _evaluate(self, query) -> np.ndarray:
        if isinstance(query, Q.Term):
            result = np.zeros(self.size, dtype=bool)
            result[self.postings(query.fieldname, query.text)[0]] = True
            return result
        if isinstance(query, (Q.And, Q.Or)):
            parts = [self._evaluate(q) for q in query.subqueries]
            if not parts:
                return np.zeros(self.size, dtype=bool)
            combine = np.logical_and if isinstance(query, Q.And) else np.logical_or
            return combine.reduce(parts)
        raise TypeError(f"filter query of unsupported kind: {type(query).__name__}")

    def word_scores(self, terms):
        """(BM25F score summed over the word's terms, mask of documents having any of them)."""
        score = np.zeros(self.size, dtype=np.float32)
        has = np.zeros(self.size, dtype=bool)
        searcher = self.searcher
        for field, term in terms:
            ids, tf = self.postings(field, term)
            if not len(ids):
                continue
            idf = searcher.idf(field, term)
            if field in SCORED_FIELDS:
                average = searcher.avg_field_length(field) or 1
                norm = (1 - BM25_B) + BM25_B * self.field_lengths(field)[ids] / average
            else:  # a keyword field without lengths: Whoosh scores it with length 1 of 1
                norm = 1.0
            score[ids] += idf * (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm)
            has[ids] = True
        return score, has

    def column(self, field: str):
        """(document numbers, value codes, value names) of a keyword field: a document has a
        pair per value, so several values (goals) count like one."""
        found = self.columns.get(field)
        if found is None:
            names, docs, codes = [], [], []
            if field in self.reader.indexed_field_names():
                for code, term in enumerate(self.reader.field_terms(field)):
                    ids = self.postings(field, term)[0]
                    names.append(term)
                    docs.append(ids)
                    codes.append(np.full(len(ids), code, dtype=np.int32))
            found = (
                np.concatenate(docs) if docs else _EMPTY_IDS,
                np.concatenate(codes) if codes else _EMPTY_IDS,
                names,
            )
            self.columns[field] = found
        return found


class WhooshEngine:
    """One index (a base directory) per application."""

    name = "whoosh"

    def __init__(self, base_dir: str | os.PathLike):
        self.base = Path(base_dir)
        self._lock = threading.Lock()
        self._state: _SearcherState | None = None
        self._arrays = _SegmentArrays(ARRAY_CACHE_BYTES)
        self._indexes: dict[str, object] = {}
        self.last_catch_up = float("-inf")
        self._marked = False

    # -- directories -------------------------------------------------------------------------

    def current_dir(self) -> Path:
        link = self.base / "current"
        if not link.exists():
            self._replace_missing()
        elif not self._marked:  # an index built before the marker existed is marked on first use
            self._created_marker.touch()
            self._marked = True
        return Path(os.path.realpath(link))

    @property
    def _created_marker(self) -> Path:
        return self.base.with_name(self.base.name + ".created")

    def _replace_missing(self) -> None:
        """An empty generation where none is; marked for a rebuild when an index existed before."""
        lost = self._created_marker.exists()
        self.base.mkdir(parents=True, exist_ok=True)
        if lost:
            (self.base / REBUILD_NEEDED).touch()
        self._create_generation(make_current=True)
        self._created_marker.touch()

    def needs_rebuild(self) -> bool:
        return (self.base / REBUILD_NEEDED).exists()

    def claim_rebuild(self) -> int | None:
        """The rebuild lock (a file descriptor) if no process of this server holds it, else None."""
        self.base.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.base / REBUILD_LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    @staticmethod
    def release_rebuild(fd: int) -> None:
        os.close(fd)  # closing the descriptor releases the lock

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
                state = _SearcherState(ix, str(path), self._arrays)
                self._arrays.keep_segments({segment for _leaf, _offset, segment in state.leaves})
                self._state = state
            return state

    # -- reading -----------------------------------------------------------------------------

    def high_water_mark(self) -> int:
        state = self._fresh_state()
        if state.hwm is None:  # a generation never changes: its mark is read once per searcher
            state.hwm = self._read_hwm(state.searcher)
        return state.hwm

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

    def _allowed(self, state: _SearcherState, spec: QuerySpec) -> np.ndarray:
        viewer = spec.viewer
        allowed = state.mask(("perm", spec.scope, viewer), lambda: permission_query(viewer, spec.scope))
        for facet, value in spec.filters:
            field = field_for(facet)
            allowed = allowed & state.mask(("term", field, value), lambda f=field, v=value: Q.Term(f, v))
        return allowed

    def _search(self, state: _SearcherState, spec: QuerySpec) -> EngineResult:
        allowed = self._allowed(state, spec)
        empty = EngineResult([], [], 0, {f: {} for f in spec.facet_fields})
        asked = []
        if spec.code:
            words = [[("code", spec.code)]]
        else:
            reader = state.reader
            asked = [w for w in spec.words if w.finnish or w.english]
            words = [word_terms(w, reader) for w in asked]
        if not words or not allowed.any():
            return empty
        scored = [state.word_scores(terms) for terms in words]
        if not spec.code:
            for widen in (_widening.with_members, _widening.with_expansions, _widening.with_related):
                scored = [widen(state, w, pair) for w, pair in zip(asked, scored, strict=True)]
        total_score = np.add.reduce([score for score, _has in scored])
        matched = allowed & np.logical_and.reduce([has for _score, has in scored])
        ids, scores = self._top(state, total_score, matched, spec.limit)
        all_words = bool(ids)
        if len(ids) < spec.limit and len(words) > 1:
            # AND first; documents matching only some of the words follow, ranked below.
            partial = allowed & np.logical_or.reduce([has for _score, has in scored]) & ~matched
            more_ids, more_scores = self._top(state, total_score, partial, spec.limit - len(ids))
            ids, scores, matched = ids + more_ids, scores + more_scores, matched | partial
        count = int(np.count_nonzero(matched))
        if not count:
            return EngineResult([], [], 0, {f: {} for f in spec.facet_fields}, all_words)
        facets = {f: self._count(state, field_for(f), matched) for f in spec.facet_fields}
        return EngineResult(ids, scores, count, facets, all_words)

    @staticmethod
    def _top(state: _SearcherState, scores: np.ndarray, mask: np.ndarray, limit: int):
        """The `limit` best documents of `mask`: higher score first, then lower document number."""
        candidates = np.flatnonzero(mask)
        if not len(candidates) or limit <= 0:
            return [], []
        values = scores[candidates]
        if len(candidates) > limit:
            cut = np.partition(values, len(values) - limit)[len(values) - limit]
            above = values > cut
            ties = np.flatnonzero(values == cut)[: limit - int(np.count_nonzero(above))]
            keep = np.sort(np.concatenate([np.flatnonzero(above), ties]))
            candidates, values = candidates[keep], values[keep]
        order = np.lexsort((candidates, -values))
        stored = state.searcher.stored_fields
        return ([int(stored(int(d))["vid"]) for d in candidates[order]], [float(v) for v in values[order]])

    @staticmethod
    def _count(state: _SearcherState, field: str, matched: np.ndarray) -> dict[str, int]:
        docs, codes, names = state.column(field)
        if not names:
            return {}
        counts = np.bincount(codes[matched[docs]], minlength=len(names))
        found = {names[i]: int(counts[i]) for i in np.flatnonzero(counts) if names[i] != "-"}
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    def suggest(self, prefix: str, viewer: Viewer, limit: int) -> list[tuple[str, str]]:
        state = self._fresh_state()
        allowed = state.docset(("perm", "current", viewer), lambda: permission_query(viewer, "current"))
        words = prefix.lower().split()
        if not words or not allowed:
            return []
        clauses = [Q.Term("tw", w) for w in words[:-1]] + [Q.Prefix("tw", words[-1])]
        query = Q.And(clauses) if len(clauses) > 1 else clauses[0]
        results = state.searcher.search(query, filter=set(allowed), limit=limit)
        return [(hit["code"], hit["title"]) for hit in results]

    def has_term(self, word: str, fields=("text_fi",)) -> bool:
        reader = self._fresh_state().reader
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

    @contextmanager
    def write_batch(self, timeout: float, merge: bool = True) -> Iterator[WriteBatch]:
        """One batch of changes: committed when the block ends, cancelled when it raises.

        Raises IndexLocked when another writer keeps the lock for `timeout` seconds (0: no wait).
        """
        writer = self.writer(timeout)
        if writer is None:
            raise IndexLocked("the search index is locked by another writer")
        with _committed(writer, merge):
            yield WriteBatch(writer)

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
        known = set(writer.schema.names())
        for entry in entries:
            fields = entry_fields(entry)
            if "text_sv" in fields and "text_sv" not in known:  # an index built before the field: until rebuilt
                fields["text_fi"] = fields.pop("text_sv")
            writer.add_document(**fields)
        if hwm is not None:
            writer.update_document(vid=META_ID, kind="meta", hwm=hwm)

    @staticmethod
    def remove(writer, version_ids) -> None:
        for version_id in version_ids:
            writer.delete_by_term("vid", str(version_id))

    def rebuild(self, batches, hwm: int, before_swap=None) -> Path:
        """Fill a new generation from `batches` (lists of entries) and swap it in.

        One writer for the whole build: its pool spills sorted runs to disk past `limitmb`, so
        memory stays bounded, and the result is a single segment (fast to search).
        `before_swap(path)` may add files to the new generation before searches see it.
        """
        path = self._create_generation(make_current=False)
        ix = whoosh_index.open_dir(str(path))
        writer = ix.writer(limitmb=REBUILD_LIMIT_MB)
        try:
            with _committed(writer):
                for batch in batches:
                    self.write(writer, (), batch)
                writer.update_document(vid=META_ID, kind="meta", hwm=hwm)
        except BaseException:
            ix.close()
            shutil.rmtree(path, ignore_errors=True)
            raise
        ix.close()
        if before_swap is not None:
            before_swap(path)
        previous = self.current_dir() if (self.base / "current").exists() else None
        self._swap(path)
        (self.base / REBUILD_NEEDED).unlink(missing_ok=True)
        self._created_marker.touch()
        self._prune(keep={path, previous})
        return path

    def _prune(self, keep) -> None:
        """Drop generations older than the previous one (a searcher may still read that)."""
        for child in self.base.glob("gen-*"):
            if child not in keep:
                shutil.rmtree(child, ignore_errors=True)

    def state_key(self) -> tuple:
        """Where this index stands: its generation directory and commit count, which only move
        forward (a rebuild makes a new directory); part of the key of cached search answers."""
        state = self._fresh_state()
        return (state.path, state.generation)

    def analysis_table(self, path: Path | None = None) -> Path | None:
        """Where the word -> index terms table of a generation (default: the current one) lives."""
        return (path or self.current_dir()) / ANALYSIS_TABLE

    def info(self) -> dict:
        path = self.current_dir()
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        return {
            "engine": self.name,
            "directory": str(path),
            "generation": self._index(path).latest_generation(),
            "bytes": size,
        }


class _TryLock:
    """A thread lock whose acquire() does not wait, as Whoosh's writer lock expects (it polls until
    its timeout); RamStorage's plain Lock would block a second writer for ever."""

    def __init__(self):
        self._lock = threading.Lock()

    def acquire(self, blocking: bool = False) -> bool:
        return self._lock.acquire(blocking)

    def release(self) -> None:
        self._lock.release()


class _RamStorage(RamStorage):
    def lock(self, name):
        return self.locks.setdefault(name, _TryLock())


class MemoryEngine(WhooshEngine):
    """The same engine over an index held in memory (Whoosh's RamStorage): for unit tests, which
    then need no directory; `SEARCH_INDEX_DIR = ":memory:"` selects it. One process only."""

    name = "whoosh-memory"

    def __init__(self):
        super().__init__(MEMORY)
        self._ix = _RamStorage().create_index(build_schema())
        self._rebuilds = 0

    def current_dir(self) -> Path:
        return Path(MEMORY)

    def _index(self, path: Path | None = None):
        return self._ix

    def analysis_table(self, path: Path | None = None) -> Path | None:
        return None  # an index in memory keeps no files

    def state_key(self) -> tuple:
        return (self._rebuilds, self._ix.latest_generation())  # a rebuilt index counts from 1 again

    def rebuild(self, batches, hwm: int, before_swap=None) -> Path:
        ix = _RamStorage().create_index(build_schema())
        writer = ix.writer()
        with _committed(writer):
            for batch in batches:
                self.write(writer, (), batch)
            writer.update_document(vid=META_ID, kind="meta", hwm=hwm)
        with self._lock:
            self._ix, self._state = ix, None
            self._rebuilds += 1
        return Path(MEMORY)

    def info(self) -> dict:
        storage = self._ix.storage
        return {
            "engine": self.name,
            "directory": MEMORY,
            "generation": self._ix.latest_generation(),
            "bytes": sum(storage.file_length(name) for name in storage.list()),
        }


def make_engine(index_dir: str | os.PathLike) -> WhooshEngine:
    """The engine of an app's SEARCH_INDEX_DIR: a directory, or ":memory:"."""
    return MemoryEngine() if str(index_dir) == MEMORY else WhooshEngine(index_dir)
