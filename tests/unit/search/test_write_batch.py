"""The engine's one write path: a batch commits on success and cancels on error; the in-memory index."""

from __future__ import annotations

import pytest

from registry import search
from registry.search._types import Entry, IndexLocked, QuerySpec, Viewer, WordTerms
from registry.search._whoosh import MemoryEngine, WhooshEngine

AUDITOR = Viewer(user_id=1, oversight=True)


def _entry(n: int, text: str) -> Entry:
    return Entry(
        version_id=n,
        document_id=n,
        code=f"TO-{n:03d}",
        language="fi",
        title=f"Asiakirja {n}",
        text=text,
        type="TO",
        unit="",
        audience=(),
        visibility="internal",
        owner_id=1,
        author_id=1,
        state="effective",
        is_current=True,
        tags=(),
        extra=(),
        fingerprint=str(n),
    )


def _found(engine, word: str) -> list[int]:
    spec = QuerySpec((WordTerms(word, (word,), ()),), AUDITOR, "current", None, (), (), 50)
    return engine.search(spec).version_ids


@pytest.fixture(params=["memory", "directory"])
def engine(request, tmp_path):
    return MemoryEngine() if request.param == "memory" else WhooshEngine(tmp_path / "index")


def test_a_batch_commits_when_its_block_ends(engine):
    with engine.write_batch(5) as batch:
        batch.write((), [_entry(1, "porakone"), _entry(2, "sorvi")], hwm=7)
    assert _found(engine, "porakone") == [1]
    assert engine.high_water_mark() == 7 and engine.count() == 2


def test_a_failing_batch_changes_nothing_and_releases_the_lock(engine):
    with engine.write_batch(5) as batch:
        batch.write((), [_entry(1, "porakone")], hwm=1)
    with pytest.raises(ZeroDivisionError), engine.write_batch(5) as batch:
        batch.remove([1])
        batch.write((), [_entry(2, "porakone")], hwm=2)
        _ = 1 / 0
    assert _found(engine, "porakone") == [1] and engine.high_water_mark() == 1
    with engine.write_batch(0) as batch:  # the lock was released: no wait needed
        batch.remove([1])
    assert _found(engine, "porakone") == []


def test_a_second_writer_is_told_the_index_is_locked(engine):
    with engine.write_batch(5) as batch:
        batch.write((), [_entry(1, "porakone")])
        with pytest.raises(IndexLocked), engine.write_batch(0):
            pass
    assert _found(engine, "porakone") == [1]


def test_rebuild_replaces_the_whole_index(engine):
    with engine.write_batch(5) as batch:
        batch.write((), [_entry(1, "porakone")], hwm=1)
    engine.rebuild([[_entry(2, "sorvi")], [_entry(3, "porakone")]], hwm=9)
    assert _found(engine, "porakone") == [3] and _found(engine, "sorvi") == [2]
    assert engine.high_water_mark() == 9 and engine.info()["bytes"] > 0


@pytest.fixture
def memory_index(app_config):
    """Asked for before `app`: the app keeps its index in memory."""
    app_config["SEARCH_INDEX_DIR"] = ":memory:"


def test_an_app_can_keep_its_index_in_memory(memory_index, make, app, tmp_path):
    assert isinstance(app.extensions["lamppu_search"], MemoryEngine)
    staff = make.user("quality_owner")
    document = make.published(staff, title="Porakoneen ohje", bodies=("Porakoneen turvallinen käyttö.",))
    assert [hit.code for hit in search.search("porakoneella", user=staff).hits] == [document.code]
    assert search.status()["engine"] == "whoosh-memory" and search.check().ok
    assert not any((tmp_path / "instance").glob("search-index*"))
