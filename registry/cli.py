"""The `lamppu` command group (also reachable as `flask --app registry ...`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from registry import create_app, transaction
from registry.admin import cli as admin_cli
from registry.admin import setup_cli
from registry.audit.commands import audit_group
from registry.auth.models import Role
from registry.auth.services import create_api_token, create_user, find_user, first_active_user_with_role
from registry.config import ConfigError
from registry.demo import ensure_demo, is_empty, load_demo, print_accounts
from registry.errors import ServiceError
from registry.evaluation.cli import evidence_group
from registry.extensions import db
from registry.goals.cli import goals_group
from registry.search.services import catch_up_on_start
from registry.server import run_gunicorn
from registry.webhooks.cli import webhooks_group
from registry.workflow.legacy_import import import_folder
from registry.workflow.publishing import apply_due_versions, notify_reviews_due


def _fail(message) -> None:
    raise click.ClickException(str(message))


def _create_app() -> Flask:
    """The application for a command; a setting that cannot be read is an error message, not a traceback."""
    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def main() -> None:
    """Entry point of the `lamppu` console script."""
    FlaskGroup(
        create_app=_create_app,
        add_default_commands=False,
        add_version_option=False,
        help="Lamppu quality-document registry.",
    )(prog_name="lamppu")


def upgrade_database() -> None:
    """Apply pending migrations (and create the schema on first start)."""
    from flask_migrate import upgrade

    upgrade()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--demo", is_flag=True, help="Load the demo organisation into an empty database and print its accounts.")
@with_appcontext
def serve_command(host: str, port: int, workers: int, demo: bool) -> None:
    """Apply migrations and serve Lamppu with gunicorn."""
    app: Flask = current_app._get_current_object()
    upgrade_database()
    if demo:
        ensure_demo(app)
        print_accounts()
    applied = catch_up_on_start()  # another server may have written while this one was down
    if applied:
        click.echo(f"Search index: applied the changes of {applied} document(s) made while this server was down.")
    db.session.remove()
    db.engine.dispose()
    click.echo(f"Lamppu: http://{host}:{port}/  (instance: {app.instance_path})")
    run_gunicorn(app, host, port, workers)


@click.group("users")
def users_group() -> None:
    """Manage user accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name.")
@click.option(
    "--role", "roles", multiple=True, required=True, help="reader, author, approver, quality_owner, auditor, admin"
)
@click.option("--unit", "units", multiple=True, help="Unit code (repeatable).")
@click.option("--locale", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@click.option("--password", help="For scripts; otherwise read from stdin or prompted.")
@with_appcontext
def users_create(email, name, roles, units, locale, password) -> None:
    """Create a user."""
    if password is None:
        if sys.stdin is not None and not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(None, email, name, password, list(roles), list(units), locale)
    except ServiceError as error:
        transaction.rollback()
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        _fail(f"{error.message} {details}".strip())
    transaction.commit()
    click.echo(f"Created {user.email} ({', '.join(sorted(user.roles))}).")


@users_group.command("token")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="A name to recognise the token by.")
@with_appcontext
def users_token(email, name) -> None:
    """Create an API token for EMAIL and print it once."""
    user = find_user(email)
    if user is None:
        _fail(f"No user with email {email!r}.")
    try:
        token = create_api_token(None, user, name)
    except ServiceError as error:
        transaction.rollback()
        _fail(error.message)
    transaction.commit()
    click.echo(token)


@click.group("demo")
def demo_group() -> None:
    """The demo organisation."""


@demo_group.command("load")
@with_appcontext
def demo_load() -> None:
    """Load the demo organisation into an empty database."""
    upgrade_database()
    if not is_empty():
        _fail("The database is not empty; the demo loads only into an empty database.")
    load_demo()
    transaction.commit()
    print_accounts()


def _importing_user(email: str | None):
    """The --as user, or the first active administrator."""
    if email:
        user = find_user(email)
        if user is None or not user.active:
            _fail(f"No active user with email {email!r}.")
        return user
    admin = first_active_user_with_role(Role.ADMIN)
    if admin is None:
        _fail("No active administrator; name the importing user with --as EMAIL.")
    return admin


def _echo_import_report(report, dry_run: bool) -> None:
    verb = "would create" if dry_run else "created"
    for item in report.items:
        if item.skip_reason:
            click.echo(f"skip    {item.relative}: {item.skip_reason}")
        elif item.created_code:
            click.echo(
                f"{verb} {item.created_code} “{item.fields.title}” ({item.fields.doc_type.prefix}, "
                f"{len(item.text)} characters) from {item.relative}"
            )
        if item.warning:
            click.echo(f"note    {item.relative}: {item.warning}")
    for name in report.ignored:
        click.echo(f"ignored {name}: not DOCX, PDF, ODT or Markdown")
    for error in report.errors:
        click.echo(f"error   {error}", err=True)


@click.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: file,code,title,type,unit,owner,effective_date,version_label",
)
@click.option("--dry-run", is_flag=True, help="Check everything and print what would happen; change nothing.")
@click.option("--as", "as_email", help="The importing user (admin or quality owner); default: the first admin.")
@click.option(
    "--type",
    "default_type",
    default="TO",
    show_default=True,
    help="Document type for files whose folder names no type.",
)
@with_appcontext
def import_command(
    directory: Path, manifest: Path | None, dry_run: bool, as_email: str | None, default_type: str
) -> None:
    """Import a folder of DOCX, PDF, ODT and Markdown files as effective documents (all or nothing)."""
    actor = _importing_user(as_email)
    try:
        report = import_folder(actor, directory, manifest=manifest, default_type=default_type, dry_run=dry_run)
    except ServiceError as error:
        transaction.rollback()
        _fail(error.message)
    _echo_import_report(report, dry_run)
    if report.errors:
        transaction.rollback()
        _fail(f"Nothing was imported: {len(report.errors)} error(s).")
    if dry_run:
        transaction.rollback()
        click.echo(f"Dry run: {len(report.to_create)} to create, {len(report.skipped)} to skip; nothing was changed.")
        return
    transaction.commit()
    click.echo(f"Imported {len(report.to_create)} document(s); skipped {len(report.skipped)}.")


@click.group("workflow")
def workflow_group() -> None:
    """The version workflow."""


@workflow_group.command("tick")
@with_appcontext
def workflow_tick() -> None:
    """Let due scheduled versions take effect and tell owners of reviews falling due (run from cron)."""
    applied = apply_due_versions()
    told = notify_reviews_due()
    transaction.commit()
    for version in applied:
        click.echo(f"{version.document.code} {version.label} took effect ({version.effective_from.isoformat()}).")
    click.echo(f"{len(applied)} scheduled version(s) took effect; {told} review reminder(s) sent.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(import_command)
    for command in (
        serve_command,
        users_group,
        demo_group,
        goals_group,
        audit_group,
        workflow_group,
        evidence_group,
        webhooks_group,
    ):
        app.cli.add_command(command)
    admin_cli.register(app, users_group)
    setup_cli.register(app, users_group)
