"""Language versions of documents: which translations a document has and whether each is in step.

A translation (`TO-014-sv`) is a document of its own whose versions each name the master version they
translate. It is out of date while the master has a published major change newer than the master
version its current version names; computed on every read, so no stored flag can drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func

from registry.documents.models import Document, DocumentVersion, VersionState
from registry.extensions import db

TRANSLATION_LANGUAGES = ("sv", "en")
LANGUAGE_NAMES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}
# The switch shows each language in its own name, whatever the reader's language.
LANGUAGE_SELF_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}
_IN_FORCE = (VersionState.EFFECTIVE.value, VersionState.SUPERSEDED.value)


def translation_code(master: Document, language: str) -> str:
    return f"{master.code}-{language}"


def translations_of(master: Document) -> list[Document]:
    """The master's translations, by language."""
    return list(
        db.session.execute(
            db.select(Document).where(Document.translation_of_id == master.id).order_by(Document.language)
        ).scalars()
    )


def translation_in(master: Document, language: str) -> Document | None:
    return db.session.execute(
        db.select(Document).where(Document.translation_of_id == master.id, Document.language == language)
    ).scalar_one_or_none()


def out_of_date_ids(document_ids) -> set[int]:
    """Of `document_ids`, the translations out of date (one query, whatever the number)."""
    ids = sorted({int(i) for i in document_ids or ()})
    if not ids:
        return set()
    current, named, newer = _aliases()
    stmt = (
        db.select(Document.id)
        .join(current, and_(current.document_id == Document.id, current.state == VersionState.EFFECTIVE.value))
        .outerjoin(named, named.id == current.translates_version_id)
        .where(
            Document.id.in_(ids),
            Document.translation_of_id.is_not(None),
            db.exists().where(
                newer.document_id == Document.translation_of_id,
                newer.change_type == "major",
                newer.state.in_(_IN_FORCE),
                newer.number > func.coalesce(named.number, 0),
            ),
        )
    )
    return set(db.session.execute(stmt).scalars())


@cache
def _aliases():
    """The three version aliases of the out-of-date query, made once (making them costs more than
    running the query)."""
    return db.aliased(DocumentVersion), db.aliased(DocumentVersion), db.aliased(DocumentVersion)


def is_out_of_date(document: Document) -> bool:
    return document.translation_of_id is not None and document.id in out_of_date_ids([document.id])


def master_versions(master: Document) -> list[DocumentVersion]:
    """The master's versions a translation may name (those ever in force), newest first."""
    return list(
        db.session.execute(
            db.select(DocumentVersion)
            .where(DocumentVersion.document_id == master.id, DocumentVersion.state.in_(_IN_FORCE))
            .order_by(DocumentVersion.number.desc())
        ).scalars()
    )


def master_current(master: Document) -> DocumentVersion | None:
    return db.session.execute(
        db.select(DocumentVersion).where(
            DocumentVersion.document_id == master.id, DocumentVersion.state == VersionState.EFFECTIVE.value
        )
    ).scalar_one_or_none()


@dataclass
class LanguageVersion:
    """One entry of a document family's language switch or its "language versions" list."""

    document: Document
    current: DocumentVersion | None
    out_of_date: bool

    @property
    def language(self) -> str:
        return self.document.language

    @property
    def self_name(self) -> str:
        return LANGUAGE_SELF_NAMES.get(self.document.language, self.document.language)


def family(document: Document) -> list[LanguageVersion]:
    """The master and all its translations with their current versions, master first (two queries)."""
    master_id = document.translation_of_id or document.id
    rows = db.session.execute(
        db.select(Document, DocumentVersion)
        .outerjoin(
            DocumentVersion,
            and_(DocumentVersion.document_id == Document.id, DocumentVersion.state == VersionState.EFFECTIVE.value),
        )
        .where((Document.id == master_id) | (Document.translation_of_id == master_id))
        .order_by(Document.translation_of_id.is_not(None), Document.language)
    ).all()
    stale = out_of_date_ids([d.id for d, _v in rows if d.translation_of_id is not None])
    return [LanguageVersion(d, v, d.id in stale) for d, v in rows]


def named_master_version(version: DocumentVersion) -> DocumentVersion | None:
    if version.translates_version_id is None:
        return None
    return db.session.get(DocumentVersion, version.translates_version_id)


def summaries(docs) -> dict[int, dict]:
    """For each document: its master's code, whether it is out of date and its translations (three queries)."""
    docs = list(docs)
    ids = [d.id for d in docs]
    if not ids:
        return {}
    children = list(
        db.session.execute(
            db.select(Document.translation_of_id, Document.id, Document.code, Document.language)
            .where(Document.translation_of_id.in_(ids))
            .order_by(Document.language)
        )
    )
    master_ids = sorted({d.translation_of_id for d in docs if d.translation_of_id is not None})
    masters = (
        dict(db.session.execute(db.select(Document.id, Document.code).where(Document.id.in_(master_ids))).all())
        if master_ids
        else {}
    )
    stale = out_of_date_ids([row.id for row in children] + [d.id for d in docs if d.translation_of_id is not None])
    out = {}
    for document in docs:
        out[document.id] = {
            "translation_of": masters.get(document.translation_of_id),
            "out_of_date": document.id in stale,
            "translations": [
                {"code": row.code, "language": row.language, "out_of_date": row.id in stale}
                for row in children
                if row.translation_of_id == document.id
            ],
        }
    return out


def reader_language(request, chosen: str | None) -> str:
    """The language a reader asks for: `?lang=`, else the interface language they chose, else the browser's."""
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in LANGUAGE_NAMES:
        return asked
    if chosen in LANGUAGE_NAMES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGE_NAMES), default="fi") or "fi"


def translation_to_show(master: Document, language: str) -> Document | None:
    """The master's translation in `language` if it has a version in force and is not withdrawn (one query)."""
    if language == master.language or language not in TRANSLATION_LANGUAGES or master.translation_of_id is not None:
        return None
    return db.session.execute(
        db.select(Document).where(
            Document.translation_of_id == master.id,
            Document.language == language,
            Document.withdrawn_at.is_(None),
            db.exists().where(
                DocumentVersion.document_id == Document.id, DocumentVersion.state == VersionState.EFFECTIVE.value
            ),
        )
    ).scalar_one_or_none()


def out_of_date_owned_by(user) -> list[Document]:
    """The translations `user` owns that are out of date: the owner's task to bring them in step (two queries)."""
    owned = list(
        db.session.execute(
            db.select(Document)
            .where(
                Document.owner_id == user.id,
                Document.translation_of_id.is_not(None),
                Document.withdrawn_at.is_(None),
            )
            .order_by(Document.code)
        ).scalars()
    )
    stale = out_of_date_ids([d.id for d in owned])
    return [d for d in owned if d.id in stale]
