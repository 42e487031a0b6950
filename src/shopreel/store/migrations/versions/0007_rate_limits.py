"""Per-user request budgets shared by the API processes of a distributed installation.

UNLOGGED on PostgreSQL: a budget needs no crash safety (after a crash everyone starts with a
full one), and skipping the write-ahead log halves the cost of the upsert every API request
makes. SQLite gets the plain table (embedded mode keeps its budgets in memory).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    unlogged = ["UNLOGGED"] if op.get_bind().dialect.name == "postgresql" else []
    op.create_table(
        "rate_limits",
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("bucket", sa.String(length=16), nullable=False),
        sa.Column("tat_us", sa.BigInteger(), nullable=False),
        sa.Column("admitted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["uid"], ["users.uid"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("uid", "bucket"),
        prefixes=unlogged,
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
