"""Sync with the central server: the wire format, the three-way merge and the HTTP client."""
