"""The core of BrokerDesk: cases, the instrument and scoring, in pure Python.

Nothing here imports Qt, a database, a PDF library, an HTTP client or another BrokerDesk layer;
an import-linter contract in the test suite keeps it so.
"""
