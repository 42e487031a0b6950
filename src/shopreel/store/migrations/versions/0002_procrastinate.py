"""Procrastinate's schema, on PostgreSQL only (the distributed queue lives there).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    exists = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
    if exists is None:
        from procrastinate.schema import SchemaManager

        # Through the driver itself: with no parameters psycopg leaves the % signs in
        # Procrastinate's SQL alone.
        with bind.connection.driver_connection.cursor() as cursor:
            cursor.execute(SchemaManager.get_schema())


def downgrade() -> None:
    pass
