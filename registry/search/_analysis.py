"""Finnish and English text analysis: Voikko lemmas and compound members, Snowball as last resort.

Voikko comes from Debian's libvoikko when it loads (faster), else from pyvoikko (PyPI, always
installed); both give the same index terms (tests/unit/search/test_voikko_backends.py).

Whoosh pickles the analyzers into the index schema, so the classes here keep a stable
import path and hold no library handle: the Voikko handle lives in this module, is
created lazily once per process (fork safety) and is never pickled.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.lang.snowball.finnish import FinnishStemmer
from whoosh.lang.stopwords import stoplists

try:
    import libvoikko as _libvoikko  # the ctypes binding; loads no library until used
except ImportError:  # pip-only installs: pyvoikko does the work
    _libvoikko = None

WORD_PATTERN = r"[^\W_]+(?:['’][^\W_]+)*"
WORD_RE = re.compile(WORD_PATTERN)
# Lemma-level stop words: function words that Voikko lemmatises to these.
FI_STOP = frozenset(stoplists["fi"]) | {"olla", "ei", "se", "joka", "tämä", "kuin", "jos", "kun", "voida"}
MAX_ANALYSES = 3
MAX_WORD = 60

_voikko_lock = threading.Lock()
_voikko_status: dict = {"pid": None, "handle": None, "error": None}
_snowball = FinnishStemmer()
BACKEND_ENV = "LAMPPU_SEARCH_VOIKKO"  # auto (default), libvoikko or pyvoikko
ANALYSIS_CACHE = 200_000
QUERY_CACHE = 20_000  # compound splits, spelling and suggestions of query words


class _LibVoikko:
    """Debian's libvoikko through its ctypes binding: about nine times faster per uncached word
    than pyvoikko (benchmarks/README.md) with the same index terms, so preferred when present."""

    name = "libvoikko"

    def __init__(self):
        if _libvoikko is None:
            raise ImportError("the libvoikko Python binding is not installed")
        # Load the shared library first: constructing Voikko without it leaves a half-made object
        # whose __del__ raises AttributeError at interpreter exit.
        _libvoikko.VoikkoLibrary.open()
        self._handle = _libvoikko.Voikko("fi")

    def analyses(self, word: str) -> list[tuple[str, str]]:
        return [(a.get("BASEFORM") or word, a.get("FSTOUTPUT") or "") for a in self._handle.analyze(word)]

    def spell(self, word: str) -> bool:
        return bool(self._handle.spell(word))

    def suggest(self, word: str) -> list[str]:
        return [s.lower() for s in self._handle.suggest(word)[:5]]


class _PyVoikko:
    """pyvoikko: the voikko-fi transducer run by kfst-rs, installed from PyPI with the package."""

    name = "pyvoikko"

    def __init__(self):
        # Imported here, not at the top: importing pyvoikko loads its transducer (about a second),
        # which only processes that analyse Finnish should pay, and only when libvoikko is absent.
        import pyvoikko

        self._analyse = pyvoikko.analyse
        # A query word is analysed for its terms, its compound split, its members and its spelling:
        # four calls of 0.5-3 ms each. The analyses of the latest words are kept instead.
        self.analyses = lru_cache(maxsize=QUERY_CACHE)(self._analyses)

    def _analyses(self, word: str) -> tuple[tuple[str, str], ...]:
        return tuple((a.BASEFORM or word, a.FSTOUTPUT or "") for a in self._analyse(word))

    def spell(self, word: str) -> bool:
        return bool(self.analyses(word))

    def suggest(self, word: str) -> list[str]:
        return []  # pyvoikko has no speller's suggestions: the index vocabulary corrects instead


def _open_backend():
    """(backend, None) or (None, why no Voikko is used)."""
    if os.environ.get("LAMPPU_SEARCH_NO_VOIKKO"):
        return None, "disabled by LAMPPU_SEARCH_NO_VOIKKO"
    wanted = os.environ.get(BACKEND_ENV, "auto").strip().lower() or "auto"
    order = {"auto": (_LibVoikko, _PyVoikko), "libvoikko": (_LibVoikko,), "pyvoikko": (_PyVoikko,)}.get(wanted)
    if order is None:
        return None, f"{BACKEND_ENV}={wanted!r} is not auto, libvoikko or pyvoikko"
    errors = []
    for kind in order:
        try:
            return kind(), None
        except Exception as exc:  # missing binding, library, dictionary or wheel
            errors.append(f"{kind.name}: {type(exc).__name__}: {exc}")
    return None, "; ".join(errors)


def _voikko():
    """The process's Voikko backend, or None when neither libvoikko nor pyvoikko can be used."""
    if _voikko_status["pid"] == os.getpid():
        return _voikko_status["handle"]
    with _voikko_lock:
        if _voikko_status["pid"] != os.getpid():
            handle, error = _open_backend()
            _voikko_status.update(pid=os.getpid(), handle=handle, error=error)
    return _voikko_status["handle"]


def reset() -> None:
    """Forget the Voikko backend and cached analyses (after the environment changed)."""
    with _voikko_lock:
        _voikko_status.update(pid=None, handle=None, error=None)
    for cached in (finnish_terms, _compound_parts, _compound_members, _suggestions, is_known_finnish):
        cached.cache_clear()
    with _table["lock"]:
        _table["terms"] = None  # read again: the table names the analysis it was written with


def finnish_backend() -> tuple[str, str | None]:
    """("voikko", "libvoikko" or "pyvoikko") or ("snowball", why Voikko is not used)."""
    backend = _voikko()
    if backend is not None:
        return "voikko", backend.name
    return "snowball", _voikko_status["error"]


_TAG_RE = re.compile(r"(\[[^\]]+\])")


def _segment(parts: list[str]) -> tuple[str, str]:
    """(surface, base form) of one compound member of a voikko-fi transducer output: text between
    [Xp]/[Xj] and [X] is the base form, [Xr]/[Xs] spans are left out, other text is the surface."""
    base = surface = pending = xp = ""
    in_xp = in_xr = False
    for part in parts:
        if part in ("[Xp]", "[Xj]"):
            in_xp, base, surface, pending, xp = True, base + pending, surface + pending, "", ""
        elif part in ("[Xr]", "[Xs]"):
            in_xr = True
        elif part == "[X]":
            in_xp = in_xr = False
        elif part.startswith("[") or in_xr:
            continue
        elif in_xp:
            xp += part
        else:
            pending += part
    base, surface = base + xp, surface + pending
    surface = surface.replace("=", "").lower()
    return surface, (base.replace("=", "").lower() or surface.rstrip("-"))


def _member_forms(fst_output: str) -> list[tuple[str, str]] | None:
    """(form, base form) of each member of a compound analysis, None for a word of one member. The
    form is what the index joins into member runs: a member's surface, the last member's base form."""
    segments = [p for p in fst_output.split("[Bc]") if "[L" in p]
    if len(segments) < 2:
        return None
    parts = [_segment([p for p in _TAG_RE.split(seg) if p]) for seg in segments]
    return [(surface.rstrip("-"), base) for surface, base in parts[:-1]] + [(parts[-1][1], parts[-1][1])]


def _analysis_terms(baseform: str, fst_output: str) -> tuple[str, list[str], list[str]]:
    """(lemma, compound members, inflected members' base forms) of one analysis, read from the
    transducer output that libvoikko and pyvoikko both give, so both backends index alike."""
    forms = _member_forms(fst_output)
    if forms is None:
        return baseform.replace("=", "").lower(), [], []
    members = [form for form, _base in forms]
    bases = [base for form, base in forms[:-1] if base != form]
    return "".join(members), [m for m in members if m], bases


_VOWELS = frozenset("aeiouyäö")


def _vowel_clash(fst_output: str) -> bool:
    segments = [p for p in fst_output.split("[Bc]") if "[L" in p]
    surfaces = [_segment([p for p in _TAG_RE.split(seg) if p])[0] for seg in segments]
    return any(a and b and a[-1] == b[0] and a[-1] in _VOWELS for a, b in zip(surfaces, surfaces[1:], strict=False))


def _likely_analyses(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (base form, transducer output) analyses with the fewest compound members: the shortest
    split is the likely one."""
    # libvoikko adds a capitalised copy of some words without transducer output: drop it.
    found = [(base, out) for base, out in found if out] or found
    # libvoikko refuses a compound whose members meet at the same vowel without a hyphen
    # (`tasaarvo` for `tasa-arvo`); pyvoikko's bare transducer does not: refuse it for both.
    found = [(base, out) for base, out in found if not _vowel_clash(out)]
    if not found:
        return []
    fewest = min(out.count("[Bc]") for _base, out in found)
    return [(base, out) for base, out in found if out.count("[Bc]") == fewest]


def _best_analyses(found: list[tuple[str, str]]) -> list[tuple[str, list[str], list[str]]]:
    """The likely analyses' terms, duplicates dropped, at most MAX_ANALYSES, in a stable order."""
    terms = set()
    for base, out in _likely_analyses(found):
        lemma, members, bases = _analysis_terms(base, out)
        terms.add((lemma, tuple(members), tuple(bases)))
    return sorted(terms)[:MAX_ANALYSES]


def _compound_terms(members: list[str]) -> set[str]:
    """Every contiguous run of members: tieto, suoja, seloste, tietosuoja, suojaseloste."""
    terms = set()
    for start in range(len(members)):
        for end in range(start + 1, len(members) + 1):
            if end - start < len(members):
                terms.add("".join(members[start:end]))
    return {t for t in terms if len(t) > 2}


@lru_cache(maxsize=ANALYSIS_CACHE)
def finnish_terms(word: str, for_index: bool) -> tuple[str, ...]:
    """Index terms (lemmas + compound members) or query terms (lemmas) of one lowercase word.

    Bounded LRU cache: a document collection repeats a few tens of thousands of word forms.
    Index terms come from the index's stored table when it holds the word (see `use_table`).
    """
    terms = _table_terms(word) if for_index else None
    if terms is None:
        terms = terms_with(_voikko(), word, for_index)
    if for_index and _recorded is not None and len(_recorded) < ANALYSIS_CACHE:
        _recorded[word] = terms
    return terms


def terms_with(voikko, word: str, for_index: bool) -> tuple[str, ...]:
    """finnish_terms with a given backend (None: Snowball), uncached."""
    if len(word) > MAX_WORD:
        return (word[:MAX_WORD],)
    if word in FI_STOP:
        return ()
    if voikko is None or word.isdigit():
        return (word if word.isdigit() else _snowball.stem(word),)
    analyses = _best_analyses(voikko.analyses(word))
    if not analyses:
        # Unknown to the dictionary (a name, an abbreviation, a typo): the Snowball stem.
        return (_snowball.stem(word),)
    terms: set[str] = set()
    for lemma, members, bases in analyses:
        terms.add(lemma)
        if for_index:
            terms |= _compound_terms(members) | {b for b in bases if len(b) > 2}
    terms -= FI_STOP
    return tuple(sorted(terms))


def compound_parts(word: str) -> list[str]:
    """The members of a Finnish compound (`turvallisuusohjeessa` -> turvallisuus, ohje); [] otherwise."""
    return list(_compound_parts(word))


@lru_cache(maxsize=QUERY_CACHE)
def _compound_parts(word: str) -> tuple[str, ...]:
    voikko = _voikko()
    if voikko is None or len(word) > MAX_WORD:
        return ()
    for _lemma, members, _bases in _best_analyses(voikko.analyses(word)):
        members = [m for m in members if len(m) > 2]
        if len(members) > 1:
            return tuple(members)
    return ()


def compound_members(word: str) -> tuple[tuple[str, ...], ...]:
    """Each member of a Finnish compound with the terms that stand for it in the index: first the
    form the index joins into member runs (`työturvallisuus`), then its base forms; () otherwise.
    `poistumisharjoitus` -> (poistumis, poistua), (harjoitus,)."""
    return _compound_members(word)


@lru_cache(maxsize=QUERY_CACHE)
def _compound_members(word: str) -> tuple[tuple[str, ...], ...]:
    voikko = _voikko()
    if voikko is None or len(word) > MAX_WORD:
        return ()
    for _base, out in sorted(_likely_analyses(voikko.analyses(word))):
        forms = _member_forms(out)
        if forms is None:
            continue
        members = tuple(tuple(dict.fromkeys(f for f in pair if f and f not in FI_STOP)) for pair in forms)
        if all(members):
            return members
    return ()


def finnish_suggestions(word: str) -> list[str]:
    """The speller's suggestions for an unknown word (empty without one or for known words)."""
    return list(_suggestions(word))


@lru_cache(maxsize=QUERY_CACHE)
def _suggestions(word: str) -> tuple[str, ...]:
    voikko = _voikko()
    if voikko is None or len(word) > MAX_WORD or voikko.spell(word):
        return ()
    return tuple(voikko.suggest(word))


@lru_cache(maxsize=QUERY_CACHE)
def is_known_finnish(word: str) -> bool:
    voikko = _voikko()
    return voikko is None or voikko.spell(word)


# -- the word -> index terms table stored beside an index -------------------------------------
# A rebuild records the index terms of every Finnish word it analysed and writes them into a file
# in the new index generation; a worker reads the file of the generation it searches the first
# time it needs an analysis, so a fresh worker marks snippets without running Voikko (pyvoikko
# takes 0.5-3 ms per word). Words the table lacks (written since the rebuild) are analysed.

TABLE_HEADER = "lamppu-analysis-table 1"
_recorded: dict | None = None
_table: dict = {"path": None, "terms": None, "lock": threading.Lock()}


@contextmanager
def recording() -> Iterator[dict]:
    """Record the index terms of the Finnish words analysed inside the block (at most ANALYSIS_CACHE)."""
    global _recorded
    finnish_terms.cache_clear()  # words analysed before would not be recorded
    _recorded = {}
    try:
        yield _recorded
    finally:
        _recorded = None


def write_table(path: str | os.PathLike, terms: dict) -> None:
    """Write `terms` (word -> index terms) to `path`, atomically, marked with the analysis used."""
    temp = f"{path}.{os.getpid()}.tmp"
    with open(temp, "w", encoding="utf-8") as out:
        out.write(f"{TABLE_HEADER}\t{finnish_backend()[0]}\n")
        for word, found in terms.items():
            out.write(f"{word}\t{' '.join(found)}\n")
    os.replace(temp, path)


def use_table(path: str | os.PathLike | None) -> None:
    """Take index terms from the table at `path` (read when first needed); None: no table."""
    path = None if path is None else str(path)
    if _table["path"] != path:
        with _table["lock"]:
            _table.update(path=path, terms=None)
        finnish_terms.cache_clear()  # terms cached from another generation's table


def load_table() -> int:
    """Read the table now (a server does this before starting its workers); its word count."""
    return len(_loaded_table())


def _loaded_table() -> dict:
    terms = _table["terms"]
    if terms is None:
        with _table["lock"]:
            terms = _table["terms"]
            if terms is None:
                terms = _table["terms"] = _read_table(_table["path"])
    return terms


def _read_table(path: str | None) -> dict:
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as source:
            header = source.readline().rstrip("\n").split("\t")
            if header != [TABLE_HEADER, finnish_backend()[0]]:
                return {}  # another format, or written with another analysis (Snowball/Voikko)
            found = {}
            for line in source:
                word, _tab, terms = line.rstrip("\n").partition("\t")
                found[word] = tuple(map(sys.intern, terms.split()))  # words share their lemmas
                if len(found) >= ANALYSIS_CACHE:
                    break
            return found
    except OSError:
        return {}


def _table_terms(word: str) -> tuple[str, ...] | None:
    if _table["path"] is None:
        return None
    return _loaded_table().get(word)


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
