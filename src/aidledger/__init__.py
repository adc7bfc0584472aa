"""aidledger: mutual aid at work, logged in actions."""

__version__ = "0.2.0"
