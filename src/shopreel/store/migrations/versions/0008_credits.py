"""Credits: a balance per user, and what each task cost and may get back.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("credit_balance", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.add_column(sa.Column("cost_credit", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("refundable_credit", sa.BigInteger(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch_op:
        batch_op.drop_column("refundable_credit")
        batch_op.drop_column("cost_credit")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("credit_balance")
