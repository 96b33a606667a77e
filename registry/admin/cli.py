"""Operations commands: users import, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from registry import transaction
from registry.admin.backup import BackupError, create_backup, restore_backup
from registry.auth.bulk import UsersImportError, import_users
from registry.database import read_only
from registry.documents import retention


@click.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def users_import(csv_file: Path) -> None:
    """Create the users listed in CSV_FILE (email,name,roles,units,locale[,password]); all or none."""
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{csv_file}: not UTF-8 text ({error.reason})") from None
    try:
        created = import_users(None, text)
    except UsersImportError as error:
        transaction.rollback()
        for problem in error.problems:
            click.echo(f"{csv_file}: {problem}", err=True)
        raise click.ClickException(f"No users were created ({len(error.problems)} problems).") from None
    transaction.commit()
    for user in created:
        click.echo(f"{user.email}\t{user.password}" if user.password else user.email)
    click.echo(
        f"Created {len(created)} users."
        + (" Generated passwords are shown once, above." if any(u.password for u in created) else ""),
        err=True,
    )


@click.command("backup")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(archive: Path) -> None:
    """Write the database, the attachment files and a checksummed manifest into one tar.gz (while serving)."""
    try:
        manifest = create_backup(current_app, archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    counts = ", ".join(f"{name} {n}" for name, n in manifest["counts"].items())
    click.echo(f"Backup written to {archive}: {counts}, {len(manifest['files'])} files.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(archive: Path) -> None:
    """Restore a backup into an empty instance (refused otherwise) and rebuild the search index."""
    try:
        manifest = restore_backup(current_app, archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    counts = ", ".join(f"{name} {n}" for name, n in manifest["counts"].items())
    click.echo(f"Restored {archive}: {counts}, {len(manifest['files'])} files.")


@click.group("disposition")
def disposition_group() -> None:
    """Retention and disposition of versions no longer in force (never disposes of anything itself)."""


@disposition_group.command("list")
@with_appcontext
def disposition_list_command() -> None:
    """List the versions past their retention (for a report from cron); disposal is done in the UI."""
    read_only()
    due = retention.disposition_list()
    for item in due:
        version = item.version
        proposed = " (disposal proposed)" if item.request else ""
        click.echo(
            f"{version.document.code}\t{version.display_label}\t{version.state}\t"
            f"retention ended {item.retention_ended.date().isoformat()}{proposed}"
        )
    click.echo(f"{len(due)} version(s) past their retention.", err=True)


def register(app, users_group) -> None:
    users_group.add_command(users_import)
    app.cli.add_command(disposition_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
