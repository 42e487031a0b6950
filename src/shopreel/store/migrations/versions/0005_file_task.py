"""Files record the task that made them; what a Replace Product Image result hands to
image2Video moves from the picture's file meta into that task's result.

Revision ID: 0005
Revises: 0004
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: The keys of a presenter picture's meta that image2Video reads (now ``presenter`` of the item).
_POSE_KEYS = ("avatarId", "productImageFileId", "scale", "tiltDeg", "hand", "skin")


def _json(value):  # type: ignore[no-untyped-def]
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    with op.batch_alter_table("files") as batch_op:
        batch_op.add_column(sa.Column("task_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_files_task_id"), ["task_id"], unique=False)
    connection = op.get_bind()
    tasks = sa.table("tasks", sa.column("task_id", sa.String), sa.column("kind", sa.String),
                     sa.column("result", sa.JSON))
    files = sa.table("files", sa.column("file_id", sa.String), sa.column("task_id", sa.String),
                     sa.column("meta", sa.JSON))
    rows = connection.execute(
        sa.select(tasks.c.task_id, tasks.c.result).where(tasks.c.kind == "product_avatar_replace")
    ).all()
    for task_id, stored in rows:
        result = _json(stored)
        if not result:
            continue
        for item in result.get("productReplaceResult", []):
            meta = _json(connection.execute(sa.select(files.c.meta).where(files.c.file_id == item["key"])).scalar())
            connection.execute(sa.update(files).where(files.c.file_id == item["key"]).values(task_id=task_id))
            if meta and meta.get("template") == "presenter":
                item["presenter"] = {key: meta.get(key) for key in _POSE_KEYS}
        connection.execute(sa.update(tasks).where(tasks.c.task_id == task_id).values(result=result))
    with op.batch_alter_table("files") as batch_op:
        batch_op.drop_column("meta")


def downgrade() -> None:
    with op.batch_alter_table("files") as batch_op:
        batch_op.add_column(sa.Column("meta", sa.JSON(), nullable=True))
        batch_op.drop_index(batch_op.f("ix_files_task_id"))
        batch_op.drop_column("task_id")
