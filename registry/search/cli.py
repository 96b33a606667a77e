"""`lamppu search sync|rebuild|check|status|prune`."""

from __future__ import annotations

import json
import time

import click
from flask.cli import with_appcontext

from registry import search, transaction
from registry.search.services import prune_outbox


@click.group("search")
def search_group() -> None:
    """The full-text search index."""


@search_group.command("sync")
@with_appcontext
def sync_command() -> None:
    """Apply every pending change to the index (waits for the index lock)."""
    done = search.sync()
    click.echo(f"Applied changes of {done} document(s); high-water mark {search.status()['high_water_mark']}.")


@search_group.command("rebuild")
@with_appcontext
def rebuild_command() -> None:
    """Build a new index from the database and swap it in atomically."""
    started = time.perf_counter()
    count = search.rebuild()
    click.echo(f"Rebuilt the index: {count} version(s) in {time.perf_counter() - started:.1f} s.")


@search_group.command("check")
@click.option("--repair", is_flag=True, help="Rewrite drifted entries.")
@with_appcontext
def check_command(repair: bool) -> None:
    """Compare the index with the database; exit 1 on drift."""
    report = search.check()
    click.echo(
        f"missing: {len(report.missing)}  extra: {len(report.extra)}  stale: {len(report.stale)}  "
        f"high-water mark: {report.high_water_mark}/{report.last_change}"
    )
    for name in ("missing", "extra", "stale"):
        ids = getattr(report, name)
        if ids:
            click.echo(f"  {name} version ids: {', '.join(map(str, ids[:50]))}{' …' if len(ids) > 50 else ''}")
    if report.ok:
        click.echo("No drift.")
        return
    if repair:
        search.repair(report)
        search.sync()
        after = search.check()
        click.echo("Repaired: no drift." if after.ok else "Drift remains; run `lamppu search rebuild`.")
        if after.ok:
            return
    raise SystemExit(1)


@search_group.command("status")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def status_command(as_json: bool) -> None:
    """Engine, Finnish analysis in use, entries and pending changes."""
    info = search.status()
    if as_json:
        click.echo(json.dumps(info, indent=2, default=str))
        return
    for key, value in info.items():
        click.echo(f"{key}: {value}")
    if info["finnish_analysis"] != "voikko":
        click.echo(
            "WARNING: Voikko is not available; Finnish search uses Snowball stemming as a last "
            "resort. Reinstall the package (pip install -e . brings pyvoikko and kfst-rs), "
            "then run: lamppu search rebuild"
        )


@search_group.command("prune")
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3650))
@with_appcontext
def prune_command(days: int) -> None:
    """Delete applied outbox rows older than DAYS."""
    removed = prune_outbox(days)
    transaction.commit()
    click.echo(f"Deleted {removed} applied change row(s); {search.status()['pending']} pending.")
