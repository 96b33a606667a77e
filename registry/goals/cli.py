"""`lamppu goals import FILE`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry import transaction
from registry.auth.models import Role
from registry.auth.services import find_user, first_active_user_with_role
from registry.goals.importer import COLUMNS, import_goals_csv


@click.group("goals")
def goals_group() -> None:
    """Plans, goals, indicators and measurements."""


@goals_group.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--user",
    "email",
    help="Email of the quality owner the import is recorded for; default: the first active quality owner.",
)
@with_appcontext
def import_command(file, email: str | None) -> None:
    """Import goals, indicators, measurements and results from a CSV file; nothing is imported if any row is bad.

    \b
    Header row (comma or semicolon separated, UTF-8):
    record,plan,goal,parent,title,description,owner,indicator,unit,target,direction,frequency,period,value,note
    record is goal, indicator, measurement or progress (a goal's results: period, the text in note);
    plan is an existing plan's code.
    """
    user = _acting_user(email)
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException("The file is not UTF-8 text.") from error
    result = import_goals_csv(user, text)
    if result.errors:
        transaction.rollback()
        for line, message in result.errors:
            click.echo(f"line {line}: {message}", err=True)
        raise click.ClickException(
            f"{len(result.errors)} bad row(s); nothing was imported. Columns: {','.join(COLUMNS)}"
        )
    transaction.commit()
    counts = result.counts
    click.echo(
        f"Imported {counts['goal']} goal(s), {counts['indicator']} indicator(s), "
        f"{counts['measurement']} measurement(s), {counts['progress']} progress entry(ies), "
        f"recorded for {user.email}."
    )


def _acting_user(email: str | None):
    """The --user user, or (as `lamppu import` takes the first admin) the first active quality owner:
    plans, goals and indicators are the quality owners' to change."""
    if email:
        user = find_user(email)
        if user is None or not user.active:
            raise click.ClickException(f"No active user with email {email!r}.")
        return user
    user = first_active_user_with_role(Role.QUALITY_OWNER)
    if user is None:
        raise click.ClickException("No active quality owner; name the importing user with --user EMAIL.")
    return user
