"""Readiness band as a listing column, and full-text search over names, notes and keywords.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

from brokerdesk.store.repository import search_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Diacritics folded so that "lodz" finds "Łódź"-like spellings where Unicode allows it.
CREATE_SEARCH = (
    "CREATE VIRTUAL TABLE case_search USING fts5("
    "company, notes, keywords, tokenize = 'unicode61 remove_diacritics 2')"
)


def _backfill() -> None:
    """Fills the index from the documents written before it existed, as saving would."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT num, doc FROM cases")).fetchall()
    for num, doc in rows:
        company, notes, keywords = search_text(json.loads(str(doc)))
        bind.execute(
            sa.text(
                "INSERT INTO case_search (rowid, company, notes, keywords) VALUES (:n, :c, :t, :k)"
            ),
            {"n": num, "c": company, "t": notes, "k": keywords},
        )


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("band", sa.Text))
    op.create_index("ix_cases_company", "cases", ["company"])
    op.create_index("ix_cases_status", "cases", ["status"])
    op.execute(CREATE_SEARCH)
    _backfill()
