"""The command line: Typer commands, the only place that prints or exits."""
