"""Studio sign-in links: one-time, expiring tokens (stored as SHA-256 hashes) that a person
trades for an API key in the browser console.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "studio_links",
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("used_at", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["uid"], ["users.uid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_studio_links_expires_at", "studio_links", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_studio_links_expires_at", table_name="studio_links")
    op.drop_table("studio_links")
