"""`lamppu audit ...`: verify the chain, print its head, export the log."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext

from registry import transaction
from registry.audit import services
from registry.database import read_only
from registry.db import parse_row_number
from registry.errors import ServiceError


def _parse_head(text: str | None) -> tuple[int, str] | None:
    if not text:
        return None
    seq, _, digest = text.partition(":")
    number = parse_row_number(seq)
    if number is None or len(digest.strip()) != 64:
        raise click.BadParameter("give SEQ:HASH as printed by `lamppu audit head`", param_hint="--expect-head")
    return number, digest.strip().lower()


@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
@click.option("--expect-head", help="SEQ:HASH kept elsewhere earlier; the chain must still contain it.")
@with_appcontext
def audit_verify(expect_head: str | None) -> None:
    """Walk the whole chain; exit 1 and name the first bad event if it is broken."""
    read_only()  # a long walk must not hold SQLite's write lock
    report = services.verify_chain(expected_head=_parse_head(expect_head))
    missing = services.missing_triggers()
    transaction.rollback()
    if missing:
        click.echo(f"WARNING: append-only triggers missing: {', '.join(missing)}", err=True)
    if report.ok:
        click.echo(f"OK: {report.events} events, head {report.head.seq}:{report.head.hash}")
        return
    where = f"event id {report.first_bad_event}" if report.first_bad_event else "no event"
    click.echo(
        f"BROKEN: {report.problem} at seq {report.first_bad_seq} ({where}); {report.events} events verified before it",
        err=True,
    )
    sys.exit(1)


@audit_group.command("head")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@with_appcontext
def audit_head(as_json: bool) -> None:
    """Print the chain head (seq, hash, time) to keep elsewhere."""
    read_only()
    head = services.chain_head()
    transaction.rollback()
    if as_json:
        click.echo(json.dumps(head.as_dict()))
    else:
        at = head.occurred_at.isoformat() if head.occurred_at else "-"
        click.echo(f"{head.seq}:{head.hash} {at}")


@audit_group.command("export")
@click.option("--format", "fmt", type=click.Choice(services.EXPORT_FORMATS), required=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write; default stdout.")
@click.option("--actor", help="Only events whose actor contains this text.")
@click.option("--action", help="Only this action (end with . or * for a prefix).")
@click.option("--document", help="Only events about this document code.")
@click.option("--since", help="From this date or time (local time unless an offset is given).")
@click.option("--until", help="Up to and including this date, or before this time.")
@with_appcontext
def audit_export(fmt: str, output: str | None, **filter_args) -> None:
    """Export events as CSV or JSON; the export is itself recorded."""
    try:
        filters = services.parse_filters(filter_args)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                event = services.export_events(None, filters, fmt, out)
        else:
            event = services.export_events(None, filters, fmt, sys.stdout)
    except ServiceError as error:
        transaction.rollback()
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        raise click.ClickException(f"{error.message} {details}".strip()) from None
    transaction.commit()
    if output:
        click.echo(f"Exported to {output}; recorded as audit event seq {event.seq}.", err=True)
