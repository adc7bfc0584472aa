"""The verdict of `aidledger check` as text, JSON, or GitHub Actions annotations."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from aidledger.engine.check import CheckResult
from aidledger.errors import Problem
from aidledger.i18n import _, format_day, ngettext, pgettext
from aidledger.render.findings import finding_document, markdown_words, with_field_text, words
from aidledger.render.json_text import json_text
from aidledger.render.markdown import Markdown
from aidledger.render.markdown import table as markdown_table
from aidledger.render.text import (
    WorkflowCommands,
    printable,
    severity_label,
    without_legacy_commands,
)

_GITHUB_LEVEL = {"fail": "error", "warn": "warning", "info": "notice"}


def problem_document(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.location.path,
        "line": problem.location.line,
        "message": problem.message,
    }


def render_json(result: CheckResult, as_of: date) -> str:
    document = {
        "ok": result.ok,
        "as_of": as_of.isoformat(),
        "errors": [problem_document(problem) for problem in result.errors],
        "warnings": [finding_document(finding) for finding in result.warnings],
    }
    return json_text(document)


def _verdict(result: CheckResult) -> str:
    code = int(result.exit_code)
    if result.errors:
        count = len(result.errors)
        # Translators: {code} is the exit status of the command, a number.
        return ngettext(
            "check: {count} problem in the data (exit {code})",
            "check: {count} problems in the data (exit {code})",
            count,
        ).format(count=count, code=code)
    fails = sum(1 for finding in result.warnings if finding.severity == "fail")
    warns = sum(1 for finding in result.warnings if finding.severity == "warn")
    if code:
        # Translators: "fail" and "warn" are the severities of warnings, as the charter
        # and `--fail-on` name them; {code} is the exit status of the command.
        return _("check: failed, {fails} fail and {warns} warn (exit {code})").format(
            fails=fails, warns=warns, code=code
        )
    if fails:
        # Only `check --fail-on never` passes with `fail` warnings.
        # Translators: "fail" and "warn" are the severities of warnings, as the charter
        # and `--fail-on` name them.
        return _(
            "check: passed, {fails} fail and {warns} warn do not stop it (--fail-on never)"
        ).format(fails=fails, warns=warns)
    if warns:
        return ngettext(
            "check: passed with {count} warning", "check: passed with {count} warnings", warns
        ).format(count=warns)
    return _("check: passed, the data is valid and no warning is raised")


def verdict_line(result: CheckResult, as_of: date | None = None) -> str:
    """The verdict in one line, and the day it is given on when `as_of` is given."""
    verdict = _verdict(result)
    if as_of is None:
        return verdict
    # Translators: {verdict} is the verdict of the check, "check: passed with 2 warnings".
    return _("{verdict} as of {day}").format(verdict=verdict, day=format_day(as_of))


Detail = Literal["quiet", "normal", "verbose"]


def not_judged_line(count: int) -> str:
    """The one line that stands for the notes of checks that could not judge yet."""
    return ngettext(
        "{count} check could not judge yet for lack of data; --verbose lists them",
        "{count} checks could not judge yet for lack of data; --verbose lists them",
        count,
    ).format(count=count)


def render_text(result: CheckResult, as_of: date, detail: Detail = "normal") -> str:
    """One line per problem or warning, for a person: paths and field text made printable.

    `quiet` keeps only the problems and the findings that fail the check under its gate
    (`fail` ones, and `warn` ones under `--fail-on warn`); `normal` folds the notes of
    checks that could not judge into one line with their count; `verbose` lists them.
    """
    lines = [printable(str(problem)) for problem in result.errors]
    not_judged = 0
    for finding in result.warnings:
        if detail == "quiet" and not result.fails(finding):
            continue
        if detail == "normal" and not finding.judged:
            not_judged += 1
            continue
        text, step = words(with_field_text(finding, printable))
        severity = severity_label(finding.severity)
        figures = {"severity": severity, "warning": finding.id, "message": text}
        if finding.members:
            # Translators: {severity} is fail, warn or info and {warning} a warning id, as
            # the charter names them; {members} handles, "alice, bob".
            line = _("{severity}: {warning} [{members}]: {message}").format(
                members=", ".join(finding.members), **figures
            )
        else:
            # Translators: {severity} is fail, warn or info and {warning} a warning id, as
            # the charter names them.
            line = _("{severity}: {warning}: {message}").format(**figures)
        lines.append(line)
        lines.append("  " + _("suggestion: {step}").format(step=step))
    if not_judged:
        lines.append(not_judged_line(not_judged))
    lines.append(verdict_line(result, as_of))
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    """Data of a workflow command: escaped as the runner unescapes it, on one printable line,
    holding no legacy `##[` command."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return without_legacy_commands(printable(escaped))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult, as_of: date) -> str:
    """Workflow commands that GitHub Actions shows as annotations on the files and the run.

    A warning that fails the check under its gate is an error, whatever its level.
    """
    lines = []
    for problem in result.errors:
        properties = [f"file={_escape_property(problem.location.path)}"]
        if problem.location.line is not None:
            properties.append(f"line={problem.location.line}")
        properties.append("title=aidledger")
        lines.append(f"::error {','.join(properties)}::{_escape_data(problem.message)}")
    for finding in result.warnings:
        if finding.severity == "info":
            continue  # notes on checks not judged yet call for no action in a pull request
        title = _escape_property(f"aidledger {finding.id}")
        message, step = words(finding)
        # Translators: a warning's sentence, then what to do about it.
        text = _escape_data(_("{message} Suggestion: {step}").format(message=message, step=step))
        level = "error" if result.fails(finding) else _GITHUB_LEVEL[finding.severity]
        lines.append(f"::{level} title={title}::{text}")
    lines.append(verdict_line(result, as_of))
    return WorkflowCommands("\n".join(lines) + "\n")


def render_markdown(result: CheckResult, as_of: date) -> str:
    """A Markdown summary of the verdict, for a pull request or `$GITHUB_STEP_SUMMARY`."""
    # Translators: a heading; `aidledger check` is the command.
    heading = _("aidledger check, as of {day}").format(day=format_day(as_of))
    lines = [f"### {heading}", "", verdict_line(result), ""]
    if result.errors:
        rows = (
            (problem.location.path, problem.location.line or "", problem.message)
            for problem in result.errors
        )
        problem_headers = (
            pgettext("column", "file"),
            pgettext("column", "line"),
            pgettext("column", "problem"),
        )
        lines += markdown_table(problem_headers, rows, right=(1,))
    judged = [finding for finding in result.warnings if finding.judged]
    if judged:
        finding_rows = (
            (
                finding.severity,
                Markdown(f"`{finding.id}`"),
                ", ".join(finding.members),
                *markdown_words(finding),
            )
            for finding in judged
        )
        headers = (
            pgettext("column", "severity"),
            pgettext("column", "warning"),
            pgettext("column", "members"),
            pgettext("column", "message"),
            pgettext("column", "next step"),
        )
        lines += markdown_table(headers, finding_rows)
    return "\n".join(lines) + "\n"
