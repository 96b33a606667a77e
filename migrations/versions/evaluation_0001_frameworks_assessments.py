"""Evaluation frameworks (levels, criteria, level descriptors, links to documents and goals) and self-assessments

Revision ID: evaluation_0001
Revises: cache_0001
Create Date: 2026-12-03 17:18:50.862689

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "evaluation_0001"
down_revision = "cache_0001"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "framework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("title_fi", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("description_fi", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework")),
        sa.UniqueConstraint("code", name=op.f("uq_framework_code")),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('draft', 'completed')", name=op.f("ck_assessment_known_state")),
        sa.CheckConstraint("period_start <= period_end", name=op.f("ck_assessment_period_order")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_assessment_created_by_id_user")),
        sa.ForeignKeyConstraint(["framework_id"], ["framework.id"], name=op.f("fk_assessment_framework_id_framework")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_framework_id"), ["framework_id"], unique=False)

    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("title_fi", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("description_fi", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["framework.id"], name=op.f("fk_criterion_framework_id_framework"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["criterion.id"], name=op.f("fk_criterion_parent_id_criterion")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
        sa.UniqueConstraint("framework_id", "code", name=op.f("uq_criterion_framework_id")),
    )
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_framework_id"), ["framework_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_criterion_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "framework_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title_fi", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("description_fi", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["framework.id"],
            name=op.f("fk_framework_level_framework_id_framework"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_level")),
        sa.UniqueConstraint("framework_id", "code", name=op.f("uq_framework_level_framework_id")),
    )
    with op.batch_alter_table("framework_level", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_level_framework_id"), ["framework_id"], unique=False)

    op.create_table(
        "assessment_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("level_code", sa.String(length=40), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("strengths", sa.Text(), nullable=False),
        sa.Column("improvements", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_assessment_row_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_assessment_row_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"], name=op.f("fk_assessment_row_updated_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_row")),
        sa.UniqueConstraint("assessment_id", "criterion_id", name=op.f("uq_assessment_row_assessment_id")),
    )
    with op.batch_alter_table("assessment_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_row_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_row_criterion_id"), ["criterion_id"], unique=False)

    op.create_table(
        "criterion_document",
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_criterion_document_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_criterion_document_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("criterion_id", "document_id", name=op.f("pk_criterion_document")),
    )
    with op.batch_alter_table("criterion_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_document_document_id"), ["document_id"], unique=False)

    op.create_table(
        "criterion_goal",
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_criterion_goal_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_criterion_goal_goal_id_goal")),
        sa.PrimaryKeyConstraint("criterion_id", "goal_id", name=op.f("pk_criterion_goal")),
    )
    with op.batch_alter_table("criterion_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_goal_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "level_descriptor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("description_fi", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["criterion.id"],
            name=op.f("fk_level_descriptor_criterion_id_criterion"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["framework_level.id"],
            name=op.f("fk_level_descriptor_level_id_framework_level"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_descriptor")),
        sa.UniqueConstraint("criterion_id", "level_id", name=op.f("uq_level_descriptor_criterion_id")),
    )
    with op.batch_alter_table("level_descriptor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_level_descriptor_criterion_id"), ["criterion_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_level_descriptor_level_id"), ["level_id"], unique=False)


def downgrade():

    with op.batch_alter_table("level_descriptor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_level_descriptor_level_id"))
        batch_op.drop_index(batch_op.f("ix_level_descriptor_criterion_id"))

    op.drop_table("level_descriptor")
    with op.batch_alter_table("criterion_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_goal_goal_id"))

    op.drop_table("criterion_goal")
    with op.batch_alter_table("criterion_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_document_document_id"))

    op.drop_table("criterion_document")
    with op.batch_alter_table("assessment_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_row_criterion_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_row_assessment_id"))

    op.drop_table("assessment_row")
    with op.batch_alter_table("framework_level", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_level_framework_id"))

    op.drop_table("framework_level")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_parent_id"))
        batch_op.drop_index(batch_op.f("ix_criterion_framework_id"))

    op.drop_table("criterion")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_framework_id"))

    op.drop_table("assessment")
    op.drop_table("framework")
