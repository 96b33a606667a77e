"""`lamppu search sync|rebuild|check|status|prune|synonyms`."""

from __future__ import annotations

import json
import time

import click
from flask.cli import with_appcontext

from registry import search, transaction
from registry.auth import permissions
from registry.auth.models import Role
from registry.auth.services import find_user, first_active_user_with_role
from registry.search import synonyms
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


# --- abbreviations and synonyms -------------------------------------------------------------------


@search_group.group("synonyms")
def synonyms_group() -> None:
    """The abbreviation and synonym list that searches expand query words with."""


@synonyms_group.command("import")
@click.argument("file", type=click.File("rb"), required=False)
@click.option(
    "--user",
    "email",
    help="Email of the user the import is recorded for; default: the first active quality owner or administrator.",
)
@with_appcontext
def synonyms_import_command(file, email: str | None) -> None:
    """Add or update entries from a CSV FILE (default: the shipped Finnish VET starter list);
    nothing is imported if any row is bad. Entries missing from the file are kept.

    \b
    Header row (comma or semicolon separated, UTF-8): term,kind,expansions,note
    kind is abbreviation or synonym; several expansions are separated by "|".
    """
    user = _synonym_user(email)
    if file is None:
        text, source = synonyms.STARTER_CSV.read_text(encoding="utf-8"), synonyms.STARTER_CSV.name
    else:
        try:
            text, source = file.read().decode("utf-8-sig"), getattr(file, "name", "")
        except UnicodeDecodeError as error:
            raise click.ClickException("The file is not UTF-8 text.") from error
    result = synonyms.import_csv(user, text, source=str(source))
    if result.errors:
        transaction.rollback()
        for line, message in result.errors:
            click.echo(f"line {line}: {message}", err=True)
        raise click.ClickException(f"{len(result.errors)} bad row(s); nothing was imported.")
    transaction.commit()
    click.echo(
        f"Search terms: {result.created} added, {result.updated} updated, {result.unchanged} unchanged "
        f"(recorded for {user.email})."
    )


@synonyms_group.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def synonyms_export_command(file) -> None:
    """Write the list as CSV to FILE (default: standard output)."""
    file.write(synonyms.export_csv())


def _synonym_user(email: str | None):
    if email:
        user = find_user(email)
        if user is None or not user.active:
            raise click.ClickException(f"No active user with email {email!r}.")
        if not permissions.can_manage_search_terms(user):
            raise click.ClickException(f"{email} is neither a quality owner nor an administrator.")
        return user
    user = first_active_user_with_role(Role.QUALITY_OWNER) or first_active_user_with_role(Role.ADMIN)
    if user is None:
        raise click.ClickException("No active quality owner or administrator; name the user with --user EMAIL.")
    return user
