"""Field text made inert for people and their tools: one line, no control characters, no
workflow commands.

Every field of a record is untrusted: anyone on the team can push a file. Each output
format escapes it at the edge (rich `Text`, the Markdown escaper, CSV neutralizing);
the functions here are the part every format shares.
"""

from __future__ import annotations

import re

from aidledger.i18n import pgettext

# Every line break `str.splitlines` knows (CRLF first, as one break), and the tab, which
# would misalign a table: each becomes one space.
_BREAKS = re.compile(r"\r\n|[\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029]")
# What a terminal may act on: C0 controls (ESC starts `\x1b]52;` clipboard writes and
# `\x1b[2J`), DEL, C1 controls (`\x9b` is a one-byte CSI), and the bidi embeddings,
# overrides and isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# GitHub Actions runs `::command::` at the start of an output line, after any leading
# whitespace, and the legacy `##[command]` anywhere in a line; a line starts after \n or
# a lone \r. A zero-width space is not whitespace to the runner and shows nothing.
_COMMAND_LINE = re.compile(r"(^|[\r\n])(\s*)::")
_LEGACY_COMMAND = "##["
_INERT = "\u200b"


def one_line(text: str) -> str:
    """Text on one line: every line break and tab becomes a space."""
    return _BREAKS.sub(" ", text)


def printable(text: str) -> str:
    """Text safe to show a person: on one line, with control characters removed."""
    return _CONTROLS.sub("", one_line(text))


class WorkflowCommands(str):
    """Output that holds workflow commands on purpose: `check --format github`'s annotations,
    whose data is escaped as the runner unescapes it."""

    __slots__ = ()


def without_legacy_commands(text: str) -> str:
    """Text in which no `##[` is read as a command, anywhere in a line; also the data of
    aidledger's own annotations, which the runner would read for one."""
    return text.replace(_LEGACY_COMMAND, f"##{_INERT}[")


def without_workflow_commands(output: str) -> str:
    """Output no CI runner reads as a command: no line starts with `::`, none holds `##[`.

    aidledger's own annotations (`WorkflowCommands`) are the only commands it prints;
    every other output passes through here, so that field text cannot add one.
    """
    if isinstance(output, WorkflowCommands):
        return output
    output = without_legacy_commands(output)
    return _COMMAND_LINE.sub(lambda match: f"{match[1]}{match[2]}{_INERT}::", output)


def mode_label(mode: str) -> str:
    """A mode of help as a short label for people (`taught`, `pair`...); an unknown mode as
    it is written."""
    labels = {
        # Translators: a mode of help as a short label: the helper taught.
        "taught": pgettext("mode", "taught"),
        # Translators: a mode of help as a short label: helper and helped worked in a pair.
        "pair": pgettext("mode", "pair"),
        # Translators: a mode of help as a short label: the helper did the work for them.
        "did": pgettext("mode", "did"),
        # Translators: a mode of help as a short label: the helper gave advice.
        "advice": pgettext("mode", "advice"),
    }
    return labels.get(mode, mode)


def severity_label(severity: str) -> str:
    """A warning's severity (`fail`, `warn`, `info`) as a label for people; the severities
    keep their own names in JSON and on the command line (`--fail-on`)."""
    labels = {
        # Translators: the severity of a warning that fails the check, as a short label.
        "fail": pgettext("severity", "fail"),
        # Translators: the severity of a warning that warns, as a short label.
        "warn": pgettext("severity", "warn"),
        # Translators: the severity of a note, as a short label.
        "info": pgettext("severity", "info"),
    }
    return labels.get(severity, severity)


def severity_width() -> int:
    """The width of the longest severity label, to align the words after it."""
    return max(len(severity_label(severity)) for severity in ("fail", "warn", "info"))
