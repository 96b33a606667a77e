"""attachment roles (source file, inline image) and document type templates

Revision ID: authoring_0001
Revises: search_0001
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'authoring_0001'
down_revision = 'search_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=10), server_default='file', nullable=False))
        batch_op.create_check_constraint(op.f('ck_attachment_known_role'), "role IN ('file', 'source', 'image')")
    op.create_table('type_template',
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_type_template_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['document_type.id'], name=op.f('fk_type_template_type_id_document_type'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('type_id', name=op.f('pk_type_template'))
    )
    with op.batch_alter_table('type_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_type_template_document_id'), ['document_id'], unique=False)


def downgrade():
    with op.batch_alter_table('type_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_type_template_document_id'))
    op.drop_table('type_template')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attachment_known_role'), type_='check')
        batch_op.drop_column('role')
