"""The case file: one SQLite file per broker, through SQLAlchemy, migrated with Alembic."""
