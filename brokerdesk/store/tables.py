"""The tables of the case file, as the migrations leave them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, MetaData, Table, Text

from brokerdesk.store.reading import SEARCH_TABLE as SEARCH_TABLE

metadata = MetaData()

# One row per case: the document, its sync bookkeeping, and plain columns for listing.
cases = Table(
    "cases",
    metadata,
    Column("num", Integer, primary_key=True),  # stable rowid, shared with the search index
    Column("id", Text, nullable=False, unique=True),
    Column("doc", Text, nullable=False),
    Column("schema", Integer, nullable=False, server_default="1"),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("base", Text),
    Column("dirty", Boolean, nullable=False, server_default="1"),
    Column("deleted", Boolean, nullable=False, server_default="0"),
    Column("company", Text, nullable=False, server_default=""),
    Column("country", Text, nullable=False, server_default=""),
    Column("nace", Text, nullable=False, server_default=""),
    Column("status", Text, nullable=False, server_default="draft"),
    Column("readiness", Float),
    Column("band", Text),
    Column("completeness", Float, nullable=False, server_default="0"),
    Column("created", Text, nullable=False),
    Column("updated", Text, nullable=False),
)

# Broker identity, preferences and sync credentials: one JSON value per key.
settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
