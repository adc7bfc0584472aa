"""What `verify` found, for people (a line per finding) and for tools (JSON).

Emails come from commits and files anyone can write: they are field text, escaped here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aidledger.engine.verify import FieldChange, Finding, Reason, Verdict, VerifyResult
from aidledger.model.values import plural
from aidledger.render.json_text import json_text
from aidledger.render.text import printable

# The keyboard email a record keeps when git had none (see `logged_email` and `by_email`).
_UNKNOWN_EMAIL = "unknown"


def short(commit: str | None) -> str:
    """A commit as `git log --oneline` shows it; `the working tree` when not committed."""
    return commit[:7] if commit else "the working tree"


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if value is None:
        return "nothing"
    return str(value)


def _change(change: FieldChange) -> str:
    return f"{change.name} {_value(change.confirmed)} -> {_value(change.now)}"


def reason_text(finding: Finding) -> str:
    """One finding in a sentence, from its facts."""
    member, email = finding.member, finding.email or "an unknown email"
    match finding.reason:
        case Reason.committed_by_member:
            return f"confirmed in commit {short(finding.commit)} by {email}"
        case Reason.committed_by_someone_else:
            return (
                f"confirmed in commit {short(finding.commit)} by {email},"
                f" which is not one of {member}'s emails"
            )
        case Reason.changed_after_confirmation:
            changes = "; ".join(_change(change) for change in finding.changes)
            where = (
                f"in commit {short(finding.commit)} by {email}"
                if finding.commit
                else "in the working tree, not committed"
            )
            return (
                f"changed after {member} confirmed it in {short(finding.confirmed_in)}:"
                f" {changes} ({where})"
            )
        case Reason.acted_as:
            who = "someone with no git email" if finding.email == _UNKNOWN_EMAIL else email
            return f"confirmed by {who} acting as {member} (--as)"
        case Reason.uncommitted:
            return "the confirmation is not committed yet"
        case Reason.untracked:
            return "its file is not in git"
        case Reason.no_email:
            return f"{member} has no email in members.toml to compare commits with"
        case Reason.not_in_history:
            return "no commit of this history wrote the confirmation (a shallow clone?)"
    return finding.reason.value


_SECTIONS = (
    (Verdict.contradicted, "Contradicted by the history"),
    (Verdict.unvouched, "Cannot vouch for"),
)


def summary(result: VerifyResult) -> str:
    return (
        f"Checked {plural(len(result.findings), 'confirmation')} against"
        f" {plural(result.commits, 'commit')}: {len(result.vouched)} vouched for,"
        f" {len(result.contradicted)} contradicted, {len(result.unvouched)} not vouched for."
    )


def render_verify_text(result: VerifyResult) -> str:
    """The summary, then the contradicted confirmations and those that cannot be vouched
    for, one a line (`ID (member): why`); the vouched ones are only counted."""
    lines = [summary(result)]
    for verdict, title in _SECTIONS:
        findings = result.having(verdict)
        if findings:
            lines += ["", f"{title} ({len(findings)}):"]
            lines += [
                f"  {finding.exchange} ({finding.member}): {reason_text(finding)}"
                for finding in findings
            ]
    return "".join(printable(line) + "\n" for line in lines)


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "exchange": finding.exchange,
        "member": finding.member,
        "verdict": finding.verdict.value,
        "reason": finding.reason.value,
        "commit": finding.commit,
        "email": finding.email,
        "confirmed_in": finding.confirmed_in,
        "changes": [
            {
                "field": change.name,
                "confirmed": _json_value(change.confirmed),
                "now": _json_value(change.now),
            }
            for change in finding.changes
        ],
    }


def render_verify_json(result: VerifyResult) -> str:
    """Counts, then every confirmation's finding, vouched ones included."""
    return json_text(
        {
            "commits": result.commits,
            "confirmations": len(result.findings),
            "vouched": len(result.vouched),
            "contradicted": len(result.contradicted),
            "unvouched": len(result.unvouched),
            "findings": [finding_document(finding) for finding in result.findings],
        }
    )
