"""Plain data passed between the search service and an engine; no engine types leak out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from registry.states import PUBLISHED_STATES  # noqa: F401  (part of the search types)

SCOPES = ("current", "all")
UNPUBLISHED_STATES = ("draft", "in_review", "approved", "scheduled")
BUILTIN_FACETS = ("type", "unit", "state")


@dataclass(frozen=True)
class Entry:
    """What the index holds for one document version."""

    version_id: int
    document_id: int
    code: str
    language: str
    title: str
    text: str
    type: str
    unit: str
    audience: tuple[str, ...]
    visibility: str
    owner_id: int
    author_id: int
    state: str
    is_current: bool
    tags: tuple[str, ...]
    extra: tuple[tuple[str, tuple[str, ...]], ...]
    fingerprint: str


@dataclass(frozen=True)
class Viewer:
    """The permission-relevant facts about whoever searches (mirrors registry.auth.permissions)."""

    user_id: int | None = None
    unit_ids: tuple[str, ...] = ()
    oversight: bool = False
    approver: bool = False

    @property
    def logged_in(self) -> bool:
        return self.user_id is not None


@dataclass(frozen=True)
class WordTerms:
    """One query word with its Finnish and English analyses."""

    word: str
    finnish: tuple[str, ...]
    english: tuple[str, ...]
    # A Finnish compound's members, each with the terms standing for it in the index (the form
    # joined into member runs, then base forms); `members` is every such term (snippets mark them).
    members: tuple[str, ...] = ()
    parts: tuple[tuple[str, ...], ...] = ()
    # Abbreviation/synonym expansions from the editable list: each one the words of a phrase.
    expansions: tuple[tuple[WordTerms, ...], ...] = ()


@dataclass(frozen=True)
class QuerySpec:
    words: tuple[WordTerms, ...]
    viewer: Viewer
    scope: str = "current"
    code: str | None = None
    filters: tuple[tuple[str, str], ...] = ()
    facet_fields: tuple[str, ...] = BUILTIN_FACETS
    limit: int = 20


@dataclass
class EngineResult:
    version_ids: list[int]
    scores: list[float]
    total: int
    facets: dict[str, dict[str, int]]
    matched_all_words: bool = True


@dataclass
class SearchHit:
    version_id: int
    document_id: int
    code: str
    title: str
    type: str
    version: int
    label: str | None
    state: str
    effective_from: datetime | None
    score: float
    snippet: str
    matched: tuple[str, ...] = ()  # the document's word forms that matched, first seen first
    translation: bool = False  # a language version of another document (may be out of date)


@dataclass
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    corrected_from: str | None = None
    rebuilding: bool = False  # answered from a stand-in while the lost index is rebuilt

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class DriftReport:
    missing: list[int]
    extra: list[int]
    stale: list[int]
    high_water_mark: int
    last_change: int

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale) and self.high_water_mark >= self.last_change


class IndexLocked(RuntimeError):
    """Another writer holds the search index lock."""
