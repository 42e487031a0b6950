"""File metadata (what made an output) and users' custom avatars.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meta", sa.JSON(), nullable=True))
    op.create_table(
        "custom_avatars",
        sa.Column("avatar_id", sa.String(length=32), nullable=False),
        sa.Column("owner_uid", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source_kind", sa.String(length=8), nullable=False),
        sa.Column("file_id", sa.String(length=32), nullable=False),
        sa.Column("cover_file_id", sa.String(length=32), nullable=True),
        sa.Column("preview_file_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["owner_uid"], ["users.uid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("avatar_id"),
    )
    with op.batch_alter_table("custom_avatars", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_avatars_owner_uid"), ["owner_uid"], unique=False)


def downgrade() -> None:
    op.drop_table("custom_avatars")
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_column("meta")
