"""external identities (OpenID Connect, SAML) and how an approval was signed

Revision ID: sso_0001
Revises: identity_0003
Create Date: 2026-12-03 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "sso_0001"
down_revision = "identity_0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "external_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.String(length=10), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("protocol IN ('oidc', 'saml')", name=op.f("ck_external_identity_known_protocol")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_external_identity_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_identity")),
        sa.UniqueConstraint(
            "protocol", "issuer", "subject", name=op.f("uq_external_identity_protocol")
        ),
    )
    with op.batch_alter_table("external_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_external_identity_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("approval", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature_method", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("authenticated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("approval", schema=None) as batch_op:
        batch_op.drop_column("authenticated_at")
        batch_op.drop_column("signature_method")
    with op.batch_alter_table("external_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_identity_user_id"))
    op.drop_table("external_identity")
