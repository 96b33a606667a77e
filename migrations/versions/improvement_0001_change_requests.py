"""change requests on documents and the versions that address them

Revision ID: improvement_0001
Revises: retention_0001
Create Date: 2026-12-03 17:13:00

"""

import sqlalchemy as sa
from alembic import op

revision = "improvement_0001"
down_revision = "retention_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "change_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_version_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('new', 'accepted', 'rejected', 'done')", name=op.f("ck_change_request_known_state")
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], name=op.f("fk_change_request_decided_by_id_user")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_change_request_document_id_document"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["done_version_id"],
            ["document_version.id"],
            name=op.f("fk_change_request_done_version_id_document_version"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["requester_id"], ["user.id"], name=op.f("fk_change_request_requester_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_request")),
    )
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_request_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_request_requester_id"), ["requester_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_request_state"), ["state"], unique=False)

    op.create_table(
        "version_change_request",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("change_request_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_request.id"],
            name=op.f("fk_version_change_request_change_request_id_change_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_version_change_request_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "change_request_id", name=op.f("pk_version_change_request")),
    )


def downgrade():
    op.drop_table("version_change_request")
    with op.batch_alter_table("change_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_request_state"))
        batch_op.drop_index(batch_op.f("ix_change_request_requester_id"))
        batch_op.drop_index(batch_op.f("ix_change_request_document_id"))

    op.drop_table("change_request")
