"""`lamppu webhooks send`: send due webhook deliveries and retries (run from cron)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry.webhooks import delivery


@click.group("webhooks")
def webhooks_group() -> None:
    """Outgoing webhooks."""


@webhooks_group.command("send")
@click.option("--limit", default=200, show_default=True, type=click.IntRange(1, 10000), help="At most this many.")
@with_appcontext
def webhooks_send(limit: int) -> None:
    """Announce newly overdue reviews and send the deliveries that are due (exit 0 also when some fail)."""
    report = delivery.send_due(limit)
    click.echo(
        f"{report.attempted} delivery attempt(s): {report.delivered} delivered, {report.retrying} to retry, "
        f"{report.failed} failed; {report.overdue_reviews} overdue review(s) announced."
    )
