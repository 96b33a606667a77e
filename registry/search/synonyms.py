"""Abbreviations and synonyms that quality owners keep: a query word that is an entry also finds
its expansions (`HOKS` finds "henkilökohtainen osaamisen kehittämissuunnitelma").

The list lives in the database (`search_synonym`) so that a change takes effect at once on every
server without a rebuild: searches read it through a per-process cache that asks the database at
most once a second whether anything changed (row count and latest `updated_at`); this process's
own changes clear the cache when they commit. A starter list for Finnish vocational education
ships in `synonyms_fi.csv` (`lamppu search synonyms import`, first-day setup and the demo load it).
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry import audit, transaction
from registry.auth import permissions
from registry.errors import NotFoundError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.search import _analysis
from registry.search.models import SYNONYM_KINDS, SearchSynonym

STARTER_CSV = Path(__file__).with_name("synonyms_fi.csv")
COLUMNS = ("term", "kind", "expansions", "note")
EXPANSION_SEPARATOR = "|"
MAX_TERM = 80
MAX_EXPANSION = 200
MAX_EXPANSIONS = 10
MAX_NOTE = 500
MAX_ROWS = 5_000
MAX_CSV_BYTES = 1_000_000
CHECK_INTERVAL = 1.0  # seconds between asking the database whether the list changed
_CACHE = "lamppu_search_synonyms"


# --- reading, with the cache searches use ---------------------------------------------------------


def list_synonyms() -> list[SearchSynonym]:
    return list(db.session.execute(db.select(SearchSynonym).order_by(db.func.lower(SearchSynonym.term))).scalars())


def get_synonym(synonym_id: int) -> SearchSynonym:
    row = db.session.get(SearchSynonym, synonym_id)
    if row is None:
        raise NotFoundError(_l("No such search term."))
    return row


def expansions_for(word: str, lemmas: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The expansions of a query word (its lowercase form or one of its lemmas), else ()."""
    table = _table()
    if not table:
        return ()
    found: list[str] = []
    for key in (word, *lemmas):
        for expansion in table.get(key, ()):
            if expansion not in found:
                found.append(expansion)
    return tuple(found[:MAX_EXPANSIONS])


def forget_cache() -> None:
    """Read the list again on the next search in this process."""
    state = current_app.extensions.get(_CACHE)
    if state is not None:
        state["checked"] = float("-inf")


def _table() -> dict[str, tuple[str, ...]]:
    state = current_app.extensions.setdefault(_CACHE, {"checked": float("-inf"), "stamp": None, "table": {}})
    now = time.monotonic()
    if now - state["checked"] >= CHECK_INTERVAL:
        count, latest = db.session.execute(
            db.select(db.func.count(SearchSynonym.id), db.func.max(SearchSynonym.updated_at))
        ).one()
        stamp = (count, latest)
        if stamp != state["stamp"]:
            state["table"] = _build_table(
                db.session.execute(db.select(SearchSynonym.term, SearchSynonym.kind, SearchSynonym.expansions)).all()
            )
            state["stamp"] = stamp
        state["checked"] = now
    return state["table"]


def _build_table(rows) -> dict[str, tuple[str, ...]]:
    """Lookup keys (the lowercase term and its lemmas) -> expansions. A synonym also works the
    other way round: a one-word expansion finds the term and the entry's other expansions."""
    table: dict[str, list[str]] = {}

    def add(key: str, values) -> None:
        bucket = table.setdefault(key, [])
        bucket.extend(v for v in values if v.lower() != key and v not in bucket)

    for term, kind, expansions in rows:
        values = [line.strip() for line in (expansions or "").splitlines() if line.strip()]
        key = term.lower()
        for lookup in {key, *_analysis.finnish_terms(key, False)}:
            add(lookup, values)
        if kind == "synonym":
            for value in values:
                if len(_analysis.words(value)) == 1:
                    lower = value.lower()
                    others = [term] + [v for v in values if v != value]
                    for lookup in {lower, *_analysis.finnish_terms(lower, False)}:
                        add(lookup, others)
    return {k: tuple(v) for k, v in table.items() if v}


# --- checking input -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynonymFields:
    term: str
    expansions: str  # one per line, or separated by "|"
    kind: str = "abbreviation"
    note: str = ""


def _split_expansions(text: str) -> list[str]:
    parts = [p for line in (text or "").splitlines() for p in line.split(EXPANSION_SEPARATOR)]
    found: list[str] = []
    for part in parts:
        part = " ".join(part.split())
        if part and part.lower() not in (f.lower() for f in found):
            found.append(part)
    return found


def _clean(fields: SynonymFields, own_id: int | None = None) -> dict:
    """The row values of `fields`, or ValidationError naming each bad field."""
    errors: dict = {}
    term = " ".join((fields.term or "").split())
    if not term:
        errors["term"] = _l("Enter the term.")
    elif len(term) > MAX_TERM:
        errors["term"] = _l("The term is too long (at most %(n)d characters).", n=MAX_TERM)
    elif _analysis.words(term) != [term.lower()]:
        errors["term"] = _l("The term must be one word (letters and digits, no spaces).")
    else:
        taken = db.session.execute(
            db.select(SearchSynonym.id).where(db.func.lower(SearchSynonym.term) == term.lower())
        ).scalar_one_or_none()
        if taken is not None and taken != own_id:
            errors["term"] = _l("%(term)s is already in the list.", term=term)
    expansions = _split_expansions(fields.expansions)
    if not expansions:
        errors["expansions"] = _l("Enter at least one expansion or synonym.")
    elif len(expansions) > MAX_EXPANSIONS:
        errors["expansions"] = _l("At most %(n)d expansions per term.", n=MAX_EXPANSIONS)
    elif any(len(e) > MAX_EXPANSION for e in expansions):
        errors["expansions"] = _l("An expansion is too long (at most %(n)d characters).", n=MAX_EXPANSION)
    elif any(not _analysis.words(e) for e in expansions):
        errors["expansions"] = _l("Every expansion must contain a word.")
    elif term and any(e.lower() == term.lower() for e in expansions):
        errors["expansions"] = _l("An expansion cannot be the term itself.")
    kind = (fields.kind or "").strip().lower()
    if kind not in SYNONYM_KINDS:
        errors["kind"] = _l("The kind must be abbreviation or synonym.")
    note = (fields.note or "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = _l("The note is too long (at most %(n)d characters).", n=MAX_NOTE)
    if errors:
        raise ValidationError(errors)
    return {"term": term, "expansions": "\n".join(expansions), "kind": kind, "note": note}


def describe(row: SearchSynonym) -> dict:
    return {"term": row.term, "kind": row.kind, "expansions": row.expansion_list, "note": row.note}


def _require_manager(actor) -> None:
    """A quality owner or an administrator; None is the system itself (first-day setup, the demo)."""
    if actor is not None and not permissions.can_manage_search_terms(actor):
        raise PermissionDenied(_l("Only quality owners and administrators may change the search terms."))


def _changed() -> None:
    transaction.after_commit(forget_cache, key="search-synonyms")


# --- changing the list ----------------------------------------------------------------------------


def create_synonym(actor, fields: SynonymFields) -> SearchSynonym:
    _require_manager(actor)
    row = SearchSynonym(**_clean(fields))
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "search_synonym.create", "search_synonym", row.id, after=describe(row))
    _changed()
    return row


def update_synonym(actor, row: SearchSynonym, fields: SynonymFields) -> SearchSynonym:
    _require_manager(actor)
    values = _clean(fields, own_id=row.id)
    before = describe(row)
    if all(getattr(row, k) == v for k, v in values.items()):
        return row
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    audit.record(actor, "search_synonym.update", "search_synonym", row.id, before=before, after=describe(row))
    _changed()
    return row


def delete_synonym(actor, row: SearchSynonym) -> None:
    _require_manager(actor)
    before = describe(row)
    row_id = row.id
    db.session.delete(row)
    db.session.flush()
    audit.record(actor, "search_synonym.delete", "search_synonym", row_id, before=before)
    _changed()


# --- CSV ------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _reader(text: str) -> csv.DictReader:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def _message(error: ValidationError) -> str:
    return "; ".join(f"{name}: {text}" for name, text in error.fields.items()) or str(error.message)


def import_csv(actor, text: str, *, source: str = "") -> ImportResult:
    """Add or update every row of a CSV (columns term, kind, expansions, note; expansions separated
    by "|"). Rows are checked first: on any error nothing is changed and the errors are returned
    with their line numbers. Entries absent from the file are kept."""
    _require_manager(actor)
    result = ImportResult()
    text = (text or "").lstrip("\ufeff")
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        result.errors.append((1, _("The file is too large (at most %(n)d kB).", n=MAX_CSV_BYTES // 1000)))
        return result
    try:
        reader = _reader(text)
        names = [(n or "").strip().lower() for n in (reader.fieldnames or [])]
        missing = [c for c in ("term", "expansions") if c not in names]
        if missing:
            result.errors.append((1, _("missing columns: %(names)s", names=", ".join(missing))))
            return result
        reader.fieldnames = names
        rows: list[tuple[int, SynonymFields]] = []
        for row in reader:
            line = reader.line_num
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
            if not any(values.values()):
                continue
            if len(rows) >= MAX_ROWS:
                result.errors.append((line, _("too many rows (at most %(n)d)", n=MAX_ROWS)))
                break
            rows.append(
                (
                    line,
                    SynonymFields(
                        values["term"], values["expansions"], values["kind"] or "abbreviation", values["note"]
                    ),
                )
            )
    except csv.Error as error:
        result.errors.append((1, _("The file is not valid CSV: %(error)s", error=str(error))))
        return result
    existing = {r.term.lower(): r for r in list_synonyms()}
    seen: dict[str, int] = {}
    planned: list[tuple[SearchSynonym | None, dict]] = []
    for line, fields in rows:
        key = " ".join(fields.term.split()).lower()
        if key in seen:
            result.errors.append(
                (line, _("%(term)s appears again (first on line %(line)d)", term=fields.term, line=seen[key]))
            )
            continue
        seen[key] = line
        row = existing.get(key)
        try:
            values = _clean(fields, own_id=row.id if row is not None else None)
        except ValidationError as error:
            result.errors.append((line, _message(error)))
            continue
        planned.append((row, values))
    if result.errors:
        return result
    for row, values in planned:
        if row is None:
            row = SearchSynonym(**values)
            db.session.add(row)
            result.created += 1
        elif all(getattr(row, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            for name, value in values.items():
                setattr(row, name, value)
            result.updated += 1
    db.session.flush()
    if result.created or result.updated:
        audit.record(
            actor,
            "search_synonym.import",
            "search_synonym",
            None,
            after={
                "source": source,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
        _changed()
    return result


def export_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in list_synonyms():
        writer.writerow([row.term, row.kind, EXPANSION_SEPARATOR.join(row.expansion_list), row.note])
    return out.getvalue()


def import_starter_list(actor) -> ImportResult:
    """Load the shipped Finnish VET list (adds missing entries, updates changed ones)."""
    return import_csv(actor, STARTER_CSV.read_text(encoding="utf-8"), source=STARTER_CSV.name)


def ensure_starter_list(actor) -> int:
    """On a new installation (an empty list), load the shipped list; returns the entries added.
    A list someone has already kept is left alone, so running setup again restores nothing deleted."""
    if db.session.execute(db.select(SearchSynonym.id).limit(1)).first() is not None:
        return 0
    result = import_starter_list(actor)
    if result.errors:  # the shipped file is checked by the tests; never half-load it
        raise RuntimeError("synonyms_fi.csv: " + "; ".join(f"line {n}: {m}" for n, m in result.errors))
    return result.created
