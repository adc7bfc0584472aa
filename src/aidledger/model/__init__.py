"""Frozen records of the ledger and the pure parsers of their values."""
