"""Full-text search: the narrow interface every caller uses; the engine stays behind it.

Only `_whoosh` and `_analysis` import whoosh. Results carry ids and plain data; callers
load rows themselves and apply permissions again.
"""

from __future__ import annotations

import gc
import os

from flask import Flask

from registry.search import (
    outbox,
    synonym_views,  # noqa: F401,E402  (adds the search-term pages to bp)
)
from registry.search._entries import register_field_provider, unregister_field_provider
from registry.search._types import DriftReport, SearchHit, SearchPage
from registry.search._whoosh import make_engine
from registry.search.outbox import mark_documents_changed
from registry.search.services import (
    analysis_info,
    check,
    index_versions,
    pending_changes,
    prepare_workers,
    rebuild,
    remove,
    repair,
    search,
    status,
    suggest,
    sync,
)
from registry.search.views import bp
from registry.server import PREPARE_SEARCH_ENV

__all__ = [
    "analysis_info",
    "DriftReport",
    "SearchHit",
    "SearchPage",
    "check",
    "index_versions",
    "init_app",
    "mark_documents_changed",
    "pending_changes",
    "rebuild",
    "register_field_provider",
    "remove",
    "repair",
    "search",
    "status",
    "suggest",
    "sync",
    "unregister_field_provider",
]


def init_app(app: Flask) -> None:
    """Create the engine for the app's index directory, install the outbox listeners, add routes and CLI."""
    from registry.search.cli import search_group  # late: the CLI imports this package (a circle at load time)

    app.extensions["lamppu_search"] = make_engine(app.config["SEARCH_INDEX_DIR"])
    outbox.install_listeners()
    app.register_blueprint(bp)
    app.cli.add_command(search_group)
    if os.environ.get(PREPARE_SEARCH_ENV):
        _prepare_worker(app)


def _prepare_worker(app: Flask) -> None:
    """In a server's worker, as it starts: open the Finnish analyser (importing pyvoikko loads its
    transducer, about a second), read the index's analysis table and run one search, so that the
    worker's first search pays for none of it. Then what start-up made is collected once and
    frozen: otherwise the first full garbage collection, which the first search's allocations
    trigger, walks every object of the application (about 0.2 s), and later ones walk them again."""
    try:
        with app.app_context():
            prepare_workers()
    except Exception:
        outbox.log.exception("preparing search in this worker failed; the first search does it")
    gc.collect()
    gc.freeze()
