"""Analysis of the document languages besides Finnish and English: Swedish with Swedish rules.

A Swedish language version (`TO-014-sv`) is indexed in its own field with Whoosh's Swedish
stemmer and stop words, and every query word is also analysed the same way for that field, so
`arbetsinstruktionerna` finds `arbetsinstruktion`.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import LanguageAnalyzer

from registry.search._analysis import WORD_PATTERN

# Document language -> its index field, for the languages this module analyses.
LANGUAGE_FIELDS = {"sv": "text_sv"}


def swedish_analyzer():
    return LanguageAnalyzer("sv", expression=WORD_PATTERN, cachesize=100_000)


_swedish = swedish_analyzer()


@lru_cache(maxsize=100_000)
def swedish_terms(word: str) -> tuple[str, ...]:
    """The Swedish stems of one lowercase word (none for a stop word)."""
    return tuple(t.text for t in _swedish(word))


def query_pairs(word: str) -> list[tuple[str, str]]:
    """(field, term) pairs a query word asks of the Swedish field."""
    return [("text_sv", t) for t in swedish_terms(word)]
