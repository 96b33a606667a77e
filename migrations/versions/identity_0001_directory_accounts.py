"""Directory (LDAP) accounts: where a user's password is checked, their DN and last directory check.

Revision ID: identity_0001
Revises: authoring_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "identity_0001"
down_revision = "authoring_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auth_source", sa.String(length=10), nullable=False, server_default="local"))
        batch_op.add_column(sa.Column("directory_dn", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("directory_checked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("directory_checked_at")
        batch_op.drop_column("directory_dn")
        batch_op.drop_column("auth_source")
