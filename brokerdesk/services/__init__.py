"""Use cases: what the UI, the command line and the sync do with a case file.

Every service takes a unit of work and the content library, runs inside one transaction and
commits explicitly; it returns domain objects or plain data, never database rows.
"""
