"""the data generation counter that cached API answers are keyed by

Revision ID: cache_0001
Revises: sso_0001
Create Date: 2026-12-03 17:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "cache_0001"
down_revision = "sso_0001"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade():
    op.drop_table("data_generation")
