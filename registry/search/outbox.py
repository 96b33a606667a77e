"""The outbox: rows written with every change, applied to the index after commit by one writer.

The index stores the id of the last row it applied (its high-water mark) in the same
commit as the entries. Applying is idempotent (the current rows are re-read), so a crash
between the index commit and anything else only means some rows are applied twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import event, func, insert

from registry import transaction
from registry.db import utcnow
from registry.documents.models import Attachment, Document, DocumentTag, DocumentVersion
from registry.extensions import db
from registry.search import _entries
from registry.search._types import IndexLocked
from registry.search.models import SearchChange

log = logging.getLogger(__name__)
BATCH = 500
# On PostgreSQL a transaction may commit a lower id after a higher one: the mark does not
# pass a gap in the ids until the gap is this old (a rolled-back insert leaves one forever).
GAP_GRACE = timedelta(minutes=5)
_listeners_installed = False


def _engine():
    return current_app.extensions["lamppu_search"]


def _is_enabled() -> bool:
    return has_app_context() and "lamppu_search" in current_app.extensions


def _changed_documents(session) -> tuple[set[int], set[int]]:
    """(document ids, version ids of attachments) touched by the flush."""
    document_ids: set[int] = set()
    version_ids: set[int] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Document):
            document_ids.add(obj.id)
        elif isinstance(obj, (DocumentVersion, DocumentTag)):
            document_ids.add(obj.document_id)
        elif isinstance(obj, Attachment):
            version_ids.add(obj.version_id)
    return {i for i in document_ids if i is not None}, {i for i in version_ids if i is not None}


def _after_flush(session, _context) -> None:
    if not _is_enabled():
        return
    document_ids, version_ids = _changed_documents(session)
    connection = session.connection()
    if version_ids:
        rows = connection.execute(
            db.select(DocumentVersion.document_id).where(DocumentVersion.id.in_(version_ids))
        ).scalars()
        document_ids |= set(rows)
    if document_ids:
        now = utcnow()
        connection.execute(
            insert(SearchChange.__table__), [{"document_id": i, "created_at": now} for i in sorted(document_ids)]
        )
        session.info["search_flushed"] = True
        transaction.after_commit(catch_up, key="search")


def _after_commit(session) -> None:
    session.info.pop("search_flushed", None)


def _after_rollback(session) -> None:
    session.info.pop("search_flushed", None)


def install_listeners() -> None:
    """Session events for the outbox (once per process; inactive for apps without search)."""
    global _listeners_installed
    if _listeners_installed:
        return
    event.listen(db.session, "after_flush", _after_flush)
    event.listen(db.session, "after_commit", _after_commit)
    event.listen(db.session, "after_soft_rollback", lambda session, _tx: _after_rollback(session))
    _listeners_installed = True


def mark_documents_changed(document_ids) -> None:
    """Append outbox rows for these documents in the current transaction."""
    now = utcnow()
    db.session.add_all(SearchChange(document_id=int(i), created_at=now) for i in sorted(set(document_ids)))
    db.session.flush()
    db.session.info["search_flushed"] = True
    transaction.after_commit(catch_up, key="search")


def last_change_id() -> int:
    return db.session.execute(db.select(func.max(SearchChange.id))).scalar() or 0


def _pending(after: int) -> tuple[list[int], int]:
    """Document ids of the rows above `after` and the new mark (not past a young gap)."""
    rows = db.session.execute(
        db.select(SearchChange.id, SearchChange.document_id, SearchChange.created_at)
        .where(SearchChange.id > after)
        .order_by(SearchChange.id)
        .limit(BATCH)
    ).all()
    mark, gap_seen = after, False
    for row_id, _doc, created_at in rows:
        if row_id != mark + 1 and not gap_seen:
            gap_seen = created_at > utcnow() - GAP_GRACE
        if not gap_seen:
            mark = row_id
    return sorted({r.document_id for r in rows}), mark


def session_has_writes() -> bool:
    """True when this session flushed in its open transaction (its reads would see uncommitted rows)."""
    return bool(db.session.info.get("search_flushed")) and db.session().in_transaction()


def apply_pending(*, blocking: bool = False, timeout: float = 30.0) -> int:
    """Apply outbox rows above the index's mark; returns the number of documents rewritten.

    Non-blocking callers (requests, searches) leave the rows to the next applier when the
    index lock is taken. Runs only on a session without uncommitted writes of its own.
    """
    if session_has_writes():
        return 0
    engine = _engine()
    if engine.high_water_mark() >= last_change_id():
        return 0
    done = 0
    try:
        with engine.write_batch(timeout if blocking else 0.0) as batch:
            mark = batch.high_water_mark()
            while True:
                document_ids, new_mark = _pending(mark)
                if not document_ids:
                    break
                batch.write(document_ids, _entries.entries_for_documents(document_ids), new_mark)
                done += len(document_ids)
                if new_mark == mark:
                    break  # only rows behind a young gap: applied, mark kept
                mark = new_mark
                if done >= BATCH * 4:
                    break
    except IndexLocked:
        return 0
    return done


def prune(older_than: timedelta) -> int:
    """Delete applied rows older than `older_than` (other servers may still need recent ones)."""
    mark = _engine().high_water_mark()
    result = db.session.execute(
        db.delete(SearchChange).where(SearchChange.id <= mark, SearchChange.created_at < utcnow() - older_than)
    )
    return result.rowcount or 0


def catch_up() -> None:
    """After a transaction that changed documents commits: apply its rows now (never waiting on the lock)."""
    try:
        apply_pending(blocking=False)
    except Exception:  # the rows stay in the outbox; the next applier takes them
        log.exception("search index update failed; left for the next sync")
