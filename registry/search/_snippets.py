"""Snippets and matched words of search hits: the densest window of a hit's text around the query's
terms, and the document's own word forms that matched (lemmas, members and expansions included)."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from markupsafe import Markup, escape

from registry.search import _analysis

SNIPPET_WORDS = 32
SNIPPET_SCAN = 4_000
SPLIT_CACHE = 2_000  # scanned texts kept split, per process: about 13 KB each (benchmarks/README.md)
MATCHED_FORMS = 8

_SPLIT_RE = re.compile(f"({_analysis.WORD_PATTERN})")
Split = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # (separator, word, ...), words, lowercase


def _matching_words(distinct: set[str], query_terms: set[str], language: str, memo: dict) -> set[str]:
    """The words of `distinct` whose terms meet the query's; `memo` remembers words already judged
    (the hits of one search share most of their vocabulary)."""
    seen = memo.setdefault((language, "seen"), set())
    matching = memo.setdefault((language, "matching"), set())
    could_match = _candidate_test(query_terms, language, memo)
    for word in filter(could_match, distinct - seen):
        if not query_terms.isdisjoint(_analysis.terms_of(word, language)):
            matching.add(word)
    seen |= distinct
    return distinct & matching


_GRADATING = frozenset("kpt")
_SPLIT_DIPHTHONGS = ("uo", "yö", "ie")  # työ -> töitä, tie -> teitä: the second letter changes


def _term_anchor(term: str) -> str:
    """The beginning of a Finnish lemma that every inflected form of it, alone or inside a compound,
    still contains: two letters, one when the second can change (apu -> avun, ikä -> iän) or opens a
    diphthong that plural forms shorten. Consonant gradation further in (tapa -> tavan) keeps them."""
    if len(term) < 3 or term[1] in _GRADATING or term[1:3] in _SPLIT_DIPHTHONGS:
        return term[:1]
    return term[:2]


def _candidate_test(query_terms: set[str], language: str, memo: dict):
    """A cheap test that a word may share a term with the query, so that only those words are
    analysed: a Finnish word must contain the anchor of a query term (the analysis of a word is
    slow with pyvoikko, and a page of hits holds thousands of distinct words). English stems are
    cheap: every word is analysed (None, as for filter())."""
    if language == "en":
        return None
    test = memo.get((language, "anchors"))
    if test is None:
        anchors = sorted({_term_anchor(t) for t in query_terms if t})
        # One pattern of every anchor: "contains one of them" in a single C call per word.
        pattern = re.compile("|".join(map(re.escape, anchors))) if anchors else None
        test = memo[(language, "anchors")] = pattern.search if pattern else (lambda _word: False)
    return test


def matched_forms(
    text: str, query_terms: set[str], language: str, memo: dict | None = None, lower: list[str] | None = None
) -> tuple[str, ...]:
    """The words of `text` (its beginning) that matched the query, lowercase, in order of first
    appearance: `ohjeet` and `työohjeen` for the query `ohje` (lemmas meet, forms differ).
    `lower`: the text's lowercase words when the caller has split it already."""
    found = list(dict.fromkeys(_analysis.words(text[:SNIPPET_SCAN]) if lower is None else lower))
    matching = _matching_words(set(found), query_terms, language, {} if memo is None else memo)
    return tuple(w for w in found if w in matching)[:MATCHED_FORMS]


def split_scanned(text: str) -> Split:
    """The scanned beginning of `text` as (separator, word, ..., separator), its words, and those lowercase."""
    return _split_scan(text[:SNIPPET_SCAN])


@lru_cache(maxsize=SPLIT_CACHE)
def _split_scan(scan: str) -> Split:
    """`_split` of a scanned beginning, kept by its text: the hits of many searches are the same few
    thousand versions, and the result depends on nothing but the text, so it never goes stale. The
    pieces are interned: documents share their words and separators, so an entry holds pointers."""
    parts = tuple(map(sys.intern, _SPLIT_RE.split(scan)))
    words = parts[1::2]
    lower = "\x00".join(words).lower().split("\x00") if words else []  # one call; words never hold NUL
    return parts, words, tuple(map(sys.intern, lower))


def make_snippet(
    text: str,
    query_terms: set[str],
    language: str,
    width: int = SNIPPET_WORDS,
    memo: dict | None = None,
    split: Split | None = None,
) -> Markup:
    """The densest window of `width` words around query matches, escaped, matches in <mark>."""
    parts, words, lower = split or split_scanned(text)
    if not words:
        return Markup("")
    matching = _matching_words(set(lower), query_terms, language, {} if memo is None else memo)
    hits = [i for i, w in enumerate(lower) if w in matching]
    best, best_count, left = 0, 0, 0
    for right, index in enumerate(hits):  # two pointers over the matches only
        while index - hits[left] >= width:
            left += 1
        if right - left + 1 > best_count:
            best, best_count = max(0, hits[left] - 3), right - left + 1
    end = min(len(words), best + width)
    out = ["…"] if best > 0 else []
    run = [] if best > 0 else [parts[0]]  # text between marks, escaped in one piece
    for index in range(best, end):
        if lower[index] in matching:
            out += (escape("".join(run)), f"<mark>{escape(words[index])}</mark>")
            run = []
        else:
            run.append(words[index])
        if index + 1 < end:
            run.append(parts[2 * index + 2])
    out.append(escape("".join(run)))
    if end < len(words):
        out.append(" …")
    return Markup(" ".join("".join(out).split()))  # noqa: S704 - every piece above is escaped
