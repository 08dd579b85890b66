"""Readiness band as a listing column, and full-text search over names, notes and keywords.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Diacritics folded so that "lodz" finds "Łódź"-like spellings where Unicode allows it.
CREATE_SEARCH = (
    "CREATE VIRTUAL TABLE case_search USING fts5("
    "company, notes, keywords, tokenize = 'unicode61 remove_diacritics 2')"
)

# Fill the index from documents written before it existed (notes and actions are id-keyed maps).
BACKFILL = """
INSERT INTO case_search (rowid, company, notes, keywords)
SELECT c.num, c.company,
       coalesce((SELECT group_concat(json_extract(n.value, '$.text'), ' ')
                 FROM json_each(c.doc, '$.notes') AS n), ''),
       coalesce(json_extract(c.doc, '$.answers.keywords.value'), '')
FROM cases AS c
"""


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("band", sa.Text))
    op.create_index("ix_cases_company", "cases", ["company"])
    op.create_index("ix_cases_status", "cases", ["status"])
    op.execute(CREATE_SEARCH)
    op.execute(BACKFILL)
