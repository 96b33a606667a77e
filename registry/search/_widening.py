"""Widening a query word beyond its own terms, scored on the engine's arrays: a compound to its
members, a word on the synonym list to its expansions, a rare word to related index terms.

Each function takes the searcher state (`state.reader`, `state.size`, `state.word_scores`,
`state.related_terms`) and a word's (score, has) arrays and returns them widened. Nothing here
imports whoosh; `_whoosh` calls these in `_search`.
"""

from __future__ import annotations

import numpy as np

from registry.search._languages import query_pairs

# A query compound also matches documents holding its members (`työturvallisuus` finds `työn
# turvallisuus`), or, for three members or more, a run of all members but one
# (`työturvallisuusohje` -> `työturvallisuus`). They are scored by their best cover (see
# _compound_cover), adjacent members above the same members found apart, at
# COMPOUND_MEMBER_WEIGHT; a document holding the compound itself keeps its own score when higher.
COMPOUND_MEMBER_WEIGHT = 0.5
# A query word on the abbreviation/synonym list also matches documents holding every word of one
# of its expansions; their score is the mean of those words' scores times SYNONYM_WEIGHT, so a
# document with the word itself ranks above one with only the expansion, other things equal.
SYNONYM_WEIGHT = 0.6
# A Finnish query lemma of RELATED_MIN_LENGTH letters or more that some but fewer than
# RELATED_RARE_DOCS documents hold also matches the documents holding an index term that shares
# all its letters but the last RELATED_CUT (`uhkaava` -> `uhka`, `uhkatilanne`; `harjoitus` ->
# `harjoittelu`): derivations and near spellings, at most RELATED_MAX_TERMS of them, scored at
# RELATED_WEIGHT so that they follow the documents holding the word itself.
RELATED_WEIGHT = 0.1
RELATED_CUT = 3
RELATED_MIN_LENGTH = 6
RELATED_MAX_TERMS = 10
RELATED_RARE_DOCS = 10


def word_terms(word, reader) -> list[tuple[str, str]]:
    """Every analysis of the word in every field, leaving out terms absent from the index."""
    pairs = [("text_fi", t) for t in word.finnish] + [("text_en", t) for t in word.english]
    pairs += query_pairs(word.word)
    pairs.append(("tags", word.word))
    return [pair for pair in pairs if pair in reader]


def _compound_spans(state, parts) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray]]:
    """(score, has) of every span of a compound's members short of the whole that the index holds:
    a single member by any of its terms, two or more adjacent members as their joined run."""
    reader, size, spans = state.reader, len(parts), {}
    for start in range(size):
        for end in range(start + 1, size + 1):
            if end - start == size:
                continue
            if end - start == 1:
                pairs = [("text_fi", t) for t in parts[start] if ("text_fi", t) in reader]
            else:
                run = ("text_fi", "".join(member[0] for member in parts[start:end]))
                pairs = [run] if run in reader else []
            if pairs:
                spans[start, end] = state.word_scores(pairs)
    return spans


def _compound_cover(state, parts):
    """(cover score, matched) of a compound's members, or None for a word that is no compound.

    A document's cover score is the best sum, over member spans it holds that do not overlap, of
    each span's score times the number of members it spans: `työturvallisuus` + `ohje` scores
    above `työ` + `turvallisuus` + `ohje` found apart, as adjacent members say more than scattered
    ones. A document matches when its spans cover every member, or when it holds a run of all
    members but one; a member it lacks adds nothing to its score."""
    size = len(parts)
    if size < 2:
        return None
    spans = _compound_spans(state, parts)
    known = [i for i in range(size) if (i, i + 1) in spans]  # members the index holds at all
    if len(known) < 2:
        return None
    best = [np.zeros(state.size, dtype=np.float32)]
    for end in range(1, size + 1):
        value = best[end - 1]
        for start in range(end):
            if (start, end) in spans:
                score, has = spans[start, end]
                value = np.maximum(value, np.where(has, best[start] + (end - start) * score, 0))
        best.append(value)
    covered = np.logical_and.reduce(
        [np.logical_or.reduce([h for (a, b), (_s, h) in spans.items() if a <= i < b]) for i in known]
    )
    longest = [h for (a, b), (_s, h) in spans.items() if b - a == size - 1 and size >= 3]
    matched = covered | np.logical_or.reduce(longest) if longest else covered
    return np.where(matched, best[size], 0).astype(np.float32), matched


def with_related(state, word, scored):
    """(score, has) of a rare query word widened to the index terms sharing its lemma's stem (see
    RELATED_WEIGHT); documents holding the word itself keep their score."""
    # A word no document holds is left to the did-you-mean (a typo is corrected, not widened).
    if RELATED_WEIGHT <= 0 or not 0 < int(np.count_nonzero(scored[1])) < RELATED_RARE_DOCS:
        return scored
    terms = sorted({pair for lemma in word.finnish for pair in state.related_terms(lemma)})
    if not terms:
        return scored
    score, has = scored
    extra, extra_has = state.word_scores(terms)
    return np.where(has, score, RELATED_WEIGHT * extra).astype(np.float32), has | extra_has


def with_members(state, word, scored):
    """(score, has) of a query word widened to its compound members."""
    score, has = scored
    found = _compound_cover(state, getattr(word, "parts", ()))
    if found is None:
        return scored
    cover, matched = found
    extra = cover * COMPOUND_MEMBER_WEIGHT
    return np.where(has, np.maximum(score, extra), extra).astype(np.float32), has | matched


def with_expansions(state, word, scored):
    """(score, has) of a query word widened to its expansions from the synonym list: a document
    holding every word of an expansion matches (the index keeps no word positions, so the
    words need not be adjacent), scored below the word itself."""
    expansions = getattr(word, "expansions", ())
    if not expansions or SYNONYM_WEIGHT <= 0:
        return scored
    score, has = scored
    for phrase in expansions:
        terms = [word_terms(w, state.reader) for w in phrase]
        if not terms or not all(terms):  # a word of the phrase occurs nowhere: no match
            continue
        parts = [state.word_scores(t) for t in terms]
        every = np.logical_and.reduce([h for _s, h in parts])
        if not every.any():
            continue
        extra = np.add.reduce([s for s, _h in parts]) * (SYNONYM_WEIGHT / len(parts))
        score = np.where(every, np.maximum(score, extra), score).astype(np.float32)
        has = has | every
    return score, has
