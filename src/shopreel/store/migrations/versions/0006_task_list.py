"""Tasks are listed per owner, newest first (``GET /v1/task/list``).

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tasks_owner_created", "tasks", ["owner_uid", "created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tasks_owner_created", table_name="tasks")
