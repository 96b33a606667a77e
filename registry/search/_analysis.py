"""Finnish and English text analysis: Voikko lemmas and compound members, Snowball as fallback.

Whoosh pickles the analyzers into the index schema, so the classes here keep a stable
import path and hold no library handle: the Voikko handle lives in this module, is
created lazily once per process (fork safety) and is never pickled.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.lang.snowball.finnish import FinnishStemmer
from whoosh.lang.stopwords import stoplists

WORD_PATTERN = r"[^\W_]+(?:['’][^\W_]+)*"
WORD_RE = re.compile(WORD_PATTERN)
# Lemma-level stop words: function words that Voikko lemmatises to these.
FI_STOP = frozenset(stoplists["fi"]) | {"olla", "ei", "se", "joka", "tämä", "kuin", "jos", "kun", "voida"}
MAX_ANALYSES = 3
MAX_WORD = 60

_state = threading.local()
_voikko_lock = threading.Lock()
_voikko_status: dict = {"pid": None, "handle": None, "error": None}
_snowball = FinnishStemmer()


def _voikko():
    """The process's Voikko handle, or None when libvoikko or its Finnish dictionary is missing."""
    if _voikko_status["pid"] == os.getpid():
        return _voikko_status["handle"]
    with _voikko_lock:
        if _voikko_status["pid"] != os.getpid():
            handle, error = None, None
            if os.environ.get("LAMPPU_SEARCH_NO_VOIKKO"):
                error = "disabled by LAMPPU_SEARCH_NO_VOIKKO"
            else:
                try:
                    import libvoikko

                    handle = libvoikko.Voikko("fi")
                except Exception as exc:  # missing binding, library or dictionary
                    error = f"{type(exc).__name__}: {exc}"
            _voikko_status.update(pid=os.getpid(), handle=handle, error=error)
    return _voikko_status["handle"]


def reset() -> None:
    """Forget the Voikko handle and cached analyses (after the environment changed)."""
    with _voikko_lock:
        _voikko_status.update(pid=None, handle=None, error=None)
    finnish_terms.cache_clear()


def finnish_backend() -> tuple[str, str | None]:
    """("voikko", None) or ("snowball", why Voikko is not used)."""
    if _voikko() is not None:
        return "voikko", None
    return "snowball", _voikko_status["error"]


_MORPHEME_RE = re.compile(r"\+([^+(]+)(?:\((\+?[^)]*)\))?")


def _members(wordbases: str) -> tuple[list[str], list[str]]:
    """Members and inflected members' base forms from Voikko's WORDBASES (`+tieto(tieto)+suoja(suoja)`)."""
    groups: list[list[str]] = []
    for surface, base in _MORPHEME_RE.findall(wordbases):
        if (base and not base.startswith("+")) or not groups:
            groups.append([surface, base])
        else:
            groups[-1][0] += surface
            groups[-1][1] = ""
    members = [g[0].lower() for g in groups if g[0]]
    # A member in another case than its base form (`kunnan` in `kunnanhallitus`) also gives its base.
    bases = [g[1].lower() for g in groups if g[1] and "=" not in g[1] and g[1].lower() != g[0].lower()]
    return members, bases


def _compound_terms(members: list[str]) -> set[str]:
    """Every contiguous run of members: tieto, suoja, seloste, tietosuoja, suojaseloste."""
    terms = set()
    for start in range(len(members)):
        for end in range(start + 1, len(members) + 1):
            if end - start < len(members):
                terms.add("".join(members[start:end]))
    return {t for t in terms if len(t) > 2}


@lru_cache(maxsize=200_000)
def finnish_terms(word: str, for_index: bool) -> tuple[str, ...]:
    """Index terms (lemmas + compound members) or query terms (lemmas) of one lowercase word."""
    if len(word) > MAX_WORD:
        return (word[:MAX_WORD],)
    if word in FI_STOP:
        return ()
    voikko = _voikko()
    if voikko is None or word.isdigit():
        return (word if word.isdigit() else _snowball.stem(word),)
    analyses = voikko.analyze(word)[:MAX_ANALYSES]
    if not analyses:
        # Unknown to the dictionary (a name, an abbreviation, a typo): the Snowball stem.
        return (_snowball.stem(word),)
    terms: set[str] = set()
    for analysis in analyses:
        lemma = (analysis.get("BASEFORM") or word).lower()
        terms.add(lemma)
        if for_index and analysis.get("WORDBASES"):
            members, bases = _members(analysis["WORDBASES"])
            terms |= _compound_terms(members) | {b for b in bases if len(b) > 2}
    terms -= FI_STOP
    return tuple(sorted(terms))


def compound_parts(word: str) -> list[str]:
    """The members of a Finnish compound (`turvallisuusohjeessa` -> turvallisuus, ohje); [] otherwise."""
    voikko = _voikko()
    if voikko is None or len(word) > MAX_WORD:
        return []
    for analysis in voikko.analyze(word)[:MAX_ANALYSES]:
        if analysis.get("WORDBASES"):
            members = [m for m in _members(analysis["WORDBASES"])[0] if len(m) > 2]
            if len(members) > 1:
                return members
    return []


def finnish_suggestions(word: str) -> list[str]:
    """Voikko's spelling suggestions for an unknown word (empty without Voikko or for known words)."""
    voikko = _voikko()
    if voikko is None or len(word) > MAX_WORD or voikko.spell(word):
        return []
    return [s.lower() for s in voikko.suggest(word)[:5]]


def is_known_finnish(word: str) -> bool:
    voikko = _voikko()
    return voikko is None or bool(voikko.spell(word))


class FinnishTermFilter(Filter):
    """Replaces each token by its Finnish terms; compound members only when indexing."""

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for token in tokens:
            for_index = getattr(token, "mode", "index") != "query"
            for term in finnish_terms(token.text, for_index):
                token.text = term
                yield token


def finnish_analyzer():
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | FinnishTermFilter()


def english_analyzer():
    return StemmingAnalyzer(expression=WORD_PATTERN, cachesize=100_000)


_english = english_analyzer()


@lru_cache(maxsize=100_000)
def english_terms(word: str) -> tuple[str, ...]:
    return tuple(t.text for t in _english(word))


def words(text: str) -> list[str]:
    """Lowercase words of a text, the same way the analyzers tokenize it."""
    return [w.lower() for w in WORD_RE.findall(text or "")]


def terms_of(word: str, language: str, for_index: bool = True) -> tuple[str, ...]:
    """The analysed terms of one lowercase word in a document language."""
    return english_terms(word) if language == "en" else finnish_terms(word, for_index)
