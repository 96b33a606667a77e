"""search synonyms and abbreviations

Revision ID: search_0002
Revises: translation_0001
Create Date: 2026-12-03 17:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'search_0002'
down_revision = 'translation_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=80), nullable=False),
    sa.Column('expansions', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('abbreviation', 'synonym')", name=op.f('ck_search_synonym_known_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_synonym')),
    sa.UniqueConstraint('term', name=op.f('uq_search_synonym_term'))
    )


def downgrade():
    op.drop_table('search_synonym')
