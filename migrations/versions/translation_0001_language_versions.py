"""language versions: a document's translations and the master version each translation names

Revision ID: translation_0001
Revises: improvement_0001
Create Date: 2026-12-03 17:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "translation_0001"
down_revision = "improvement_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("translation_of_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_document_translation_of_id", ["translation_of_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_document_translation_of_id_document"), "document", ["translation_of_id"], ["id"]
        )
        batch_op.create_unique_constraint("uq_document_translation_language", ["translation_of_id", "language"])
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("translates_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_document_version_translates_version_id_document_version"),
            "document_version",
            ["translates_version_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_document_version_translates_version_id_document_version"), type_="foreignkey"
        )
        batch_op.drop_column("translates_version_id")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint("uq_document_translation_language", type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_document_translation_of_id_document"), type_="foreignkey")
        batch_op.drop_index("ix_document_translation_of_id")
        batch_op.drop_column("translation_of_id")
