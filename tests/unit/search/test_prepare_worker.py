"""A server's worker prepares its first search as it starts (LAMPPU_SEARCH_PREPARE)."""

from __future__ import annotations

import gc

from registry import search
from registry.extensions import db
from registry.search import services


def test_a_prepared_worker_has_searched_once_and_holds_no_transaction(make, monkeypatch):
    owner = make.user("quality_owner")
    make.published(owner, title="Työohje", bodies=("Ohjeet luetaan ennen työn aloittamista.",))
    searched = []
    real = services.search

    def recording(query, **options):
        page = real(query, **options)
        searched.append((query, options.get("user"), page.total))
        return page

    monkeypatch.setattr(services, "search", recording)
    services.prepare_workers()

    assert searched == [(services.WARM_UP_QUERY, None, 0)]  # anonymous: the internal document stays hidden
    assert not db.session().in_transaction()


def test_a_prepared_worker_freezes_what_start_up_made(app):
    try:
        search._prepare_worker(app)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the test process is no server worker: leave its collector as it was
