"""Pure computation over a ledger: balances, warnings, reports. No I/O, no clock."""
