"""An index over the cases still in the list (not deleted), by last change.

Counting the cases of a 10,000-case file read every row of the table (the documents are stored
beside the listing columns, so that is the whole file); with this index the count, and the first
page of the list in its default order, read only the index.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_live", "cases", ["deleted", "updated"])
