"""Accounts, devices, enrolment codes, the case store with its change feed, batches, audit log.

Revision ID: s0001
"""

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("countries", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.String(32), nullable=False),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("expires", sa.String(32), nullable=False),
        sa.Column("used", sa.String(32)),
        sa.Column("device_id", sa.String(64)),
    )
    op.create_index("ix_enrolment_codes_user_id", "enrolment_codes", ["user_id"])
    op.create_table(
        "devices",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created", sa.String(32), nullable=False),
        sa.Column("last_seen", sa.String(32)),
        sa.Column("revoked", sa.String(32)),
    )
    op.create_index("ix_devices_user_id", "devices", ["user_id"])
    op.create_table(
        "cases",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("country", sa.String(8), nullable=False, server_default=""),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, unique=True),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("device_id", sa.String(64)),
        sa.Column("doc", sa.Text, nullable=False),
        sa.Column("changed", sa.String(32), nullable=False),
    )
    op.create_index("ix_cases_owner_seq", "cases", ["owner_id", "seq"])
    op.create_index("ix_cases_country_seq", "cases", ["country", "seq"])
    feed = op.create_table(
        "feed",
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(feed, [{"name": "cases", "position": 0}])
    op.create_table(
        "batches",
        sa.Column("device_id", sa.String(64), primary_key=True),
        sa.Column("batch_id", sa.String(64), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("response", sa.Text),
        sa.Column("created", sa.String(32), nullable=False),
    )
    op.create_index("ix_batches_created", "batches", ["created"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(100)),
        sa.Column("device_id", sa.String(64)),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
