"""The first case file: cases with their documents and sync bookkeeping, and settings.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("num", sa.Integer, primary_key=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("doc", sa.Text, nullable=False),
        sa.Column("schema", sa.Integer, nullable=False, server_default="1"),
        sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
        sa.Column("base", sa.Text),
        sa.Column("dirty", sa.Boolean, nullable=False, server_default="1"),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("company", sa.Text, nullable=False, server_default=""),
        sa.Column("country", sa.Text, nullable=False, server_default=""),
        sa.Column("nace", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.Text, nullable=False, server_default="draft"),
        sa.Column("readiness", sa.Float),
        sa.Column("completeness", sa.Float, nullable=False, server_default="0"),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("updated", sa.Text, nullable=False),
    )
    op.create_index("ix_cases_updated", "cases", ["updated"])
    op.create_index("ix_cases_dirty", "cases", ["dirty"])
    op.create_table(
        "settings",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
