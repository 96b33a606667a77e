"""The per-worker answer cache stays within its entry and byte bounds."""

from registry.read_cache import Answer, Cache


def _answer(size: int) -> Answer:
    return Answer(200, b"x" * size, "text/html")


def test_the_oldest_answers_go_when_the_bytes_are_over_the_bound():
    store = Cache(max_entries=100, max_bytes=1000)
    for n in range(5):
        store.keep_answer(("k", n), _answer(300))
    assert store.bytes <= 1000
    assert store.answer(("k", 0)) is None and store.answer(("k", 1)) is None
    assert store.answer(("k", 4)) is not None and store.answer(("k", 2)) is not None


def test_replacing_an_answer_counts_its_bytes_once():
    store = Cache(max_entries=10, max_bytes=10_000)
    store.keep_answer(("k",), _answer(400))
    store.keep_answer(("k",), _answer(100))
    assert store.bytes == 100
    store.clear()
    assert store.bytes == 0 and store.answer(("k",)) is None


def test_the_entry_bound_still_holds():
    store = Cache(max_entries=3, max_bytes=10_000)
    for n in range(5):
        store.keep_answer(("k", n), _answer(10))
    assert [store.answer(("k", n)) is not None for n in range(5)] == [False, False, True, True, True]
    assert store.bytes == 30
