"""retention rules of document types, legal holds, disposal proposals and tombstones; edit texts beside the chain

Revision ID: retention_0001
Revises: webhooks_0001
Create Date: 2026-12-03 17:15:24.702850

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "retention_0001"
down_revision = "webhooks_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=60), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_text")),
    )
    with op.batch_alter_table("audit_text", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_text_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_text_sha256"), ["sha256"], unique=False)

    op.create_table(
        "disposal_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_comment", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name=op.f("ck_disposal_request_known_status")
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], name=op.f("fk_disposal_request_decided_by_id_user")),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["user.id"], name=op.f("fk_disposal_request_requested_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_disposal_request_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal_request")),
    )
    with op.batch_alter_table("disposal_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disposal_request_version_id"), ["version_id"], unique=False)
        batch_op.create_index(
            "uq_disposal_request_one_pending",
            ["version_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_hold_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("legal_hold_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("legal_hold_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_document_legal_hold_by_id_user"), "user", ["legal_hold_by_id"], ["id"]
        )

    with op.batch_alter_table("document_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_years", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("retention_basis", sa.String(length=12), server_default="superseded", nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_document_type_known_retention_basis"), "retention_basis IN ('superseded', 'withdrawn')"
        )
        batch_op.create_check_constraint(
            op.f("ck_document_type_positive_retention"), "retention_years IS NULL OR retention_years > 0"
        )

    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("disposed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("disposal_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_document_version_disposed_by_id_user"), "user", ["disposed_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_document_version_disposed_by_id_user"), type_="foreignkey")
        batch_op.drop_column("disposal_reason")
        batch_op.drop_column("disposed_by_id")
        batch_op.drop_column("disposed_at")

    with op.batch_alter_table("document_type", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_document_type_positive_retention"), type_="check")
        batch_op.drop_constraint(op.f("ck_document_type_known_retention_basis"), type_="check")
        batch_op.drop_column("retention_basis")
        batch_op.drop_column("retention_years")

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_document_legal_hold_by_id_user"), type_="foreignkey")
        batch_op.drop_column("legal_hold_reason")
        batch_op.drop_column("legal_hold_by_id")
        batch_op.drop_column("legal_hold_at")

    with op.batch_alter_table("disposal_request", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_disposal_request_one_pending",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index(batch_op.f("ix_disposal_request_version_id"))

    op.drop_table("disposal_request")
    with op.batch_alter_table("audit_text", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_text_sha256"))
        batch_op.drop_index(batch_op.f("ix_audit_text_object_id"))

    op.drop_table("audit_text")
