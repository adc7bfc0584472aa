"""Run aidledger as `python -m aidledger`."""

from aidledger.cli.app import main

main()
