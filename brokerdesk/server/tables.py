"""The server's tables, as its migrations leave them.

Times are ISO 8601 UTC texts (``2026-11-02T10:00:00.000Z``), which sort in time order on every
database. Case documents are JSON texts.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    # Country codes separated by commas; "*" is the whole network.
    Column("countries", Text, nullable=False, server_default=""),
    Column("created", String(32), nullable=False),
)

# Only a hash of each code is kept: a code is a password, shown once.
enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created", String(32), nullable=False),
    Column("expires", String(32), nullable=False),
    Column("used", String(32)),
    Column("device_id", String(64)),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False, server_default=""),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created", String(32), nullable=False),
    Column("last_seen", String(32)),
    Column("revoked", String(32)),
)

# One row per case: its latest revision. ``seq`` is its place in the change feed, given at the
# end of the writing transaction under the feed's row lock (see ``brokerdesk.server.cases``).
cases = Table(
    "cases",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("country", String(8), nullable=False, server_default=""),
    Column("revision", Integer, nullable=False),
    Column("seq", BigInteger, unique=True),
    Column("deleted", Boolean, nullable=False, server_default=false()),
    Column("device_id", String(64)),  # the device that wrote the latest revision
    Column("doc", Text, nullable=False),
    Column("changed", String(32), nullable=False),
)
Index("ix_cases_owner_seq", cases.c.owner_id, cases.c.seq)
Index("ix_cases_country_seq", cases.c.country, cases.c.seq)

# The feed's high-water mark: one row, locked by each writer while it numbers its changes.
feed = Table(
    "feed",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("position", BigInteger, nullable=False),
)
FEED_ROW = "cases"

# Answers to pushed batches, by idempotency key, so that a retried batch is answered, not redone.
batches = Table(
    "batches",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("batch_id", String(64), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response", Text),
    Column("created", String(32), nullable=False, index=True),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False, index=True),
    Column("user_name", String(100)),
    Column("device_id", String(64)),
    Column("action", String(20), nullable=False),
    Column("detail", Text, nullable=False),
)
