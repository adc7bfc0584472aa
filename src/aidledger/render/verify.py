"""What `verify` found, for people (a line per finding) and for tools (JSON).

Emails come from commits and files anyone can write: they are field text, escaped here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aidledger.engine.verify import FieldChange, Finding, Reason, Verdict, VerifyResult
from aidledger.i18n import N_, _, ngettext, pgettext
from aidledger.render.json_text import json_text
from aidledger.render.text import printable

# The keyboard email a record keeps when git had none (see `logged_email` and `by_email`).
_UNKNOWN_EMAIL = "unknown"


def short(commit: str | None) -> str:
    """A commit as `git log --oneline` shows it; `the working tree` when not committed."""
    return commit[:7] if commit else _("the working tree")


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if value is None:
        # Translators: a field's value when it has none, as in "skills nothing -> sql".
        return _("nothing")
    return str(value)


def _change(change: FieldChange) -> str:
    return f"{change.name} {_value(change.confirmed)} -> {_value(change.now)}"


def reason_text(finding: Finding) -> str:
    """One finding in a sentence, from its facts."""
    member, email = finding.member, finding.email or _("an unknown email")
    match finding.reason:
        case Reason.committed_by_member:
            # Translators: {commit} is a commit's short hash, {email} its author's email.
            return _("confirmed in commit {commit} by {email}").format(
                commit=short(finding.commit), email=email
            )
        case Reason.committed_by_someone_else:
            # Translators: {commit} is a commit's short hash, {email} its author's email,
            # {member} the member who should have confirmed.
            return _(
                "confirmed in commit {commit} by {email}, which is not one of {member}'s emails"
            ).format(commit=short(finding.commit), email=email, member=member)
        case Reason.changed_after_confirmation:
            # Translators: the separator between changes of fields, "a; b" (a space before
            # it in French).
            changes = pgettext("separator", "; ").join(
                _change(change) for change in finding.changes
            )
            if finding.commit:
                # Translators: {changes} lists fields as "minutes 60 -> 90"; {commit} is a
                # commit's short hash, {email} its author's email.
                return _(
                    "changed after {member} confirmed it in {confirmed}: {changes}"
                    " (in commit {commit} by {email})"
                ).format(
                    member=member,
                    confirmed=short(finding.confirmed_in),
                    changes=changes,
                    commit=short(finding.commit),
                    email=email,
                )
            # Translators: {changes} lists fields as "minutes 60 -> 90"; {confirmed} is a
            # commit's short hash.
            return _(
                "changed after {member} confirmed it in {confirmed}: {changes}"
                " (in the working tree, not committed)"
            ).format(member=member, confirmed=short(finding.confirmed_in), changes=changes)
        case Reason.acted_as:
            if finding.email == _UNKNOWN_EMAIL:
                return _("confirmed by someone with no git email acting as {member} (--as)").format(
                    member=member
                )
            # Translators: {email} confirmed in the name of {member}, with the option --as.
            return _("confirmed by {email} acting as {member} (--as)").format(
                email=email, member=member
            )
        case Reason.uncommitted:
            return _("the confirmation is not committed yet")
        case Reason.untracked:
            return _("its file is not in git")
        case Reason.no_email:
            return _("{member} has no email in members.toml to compare commits with").format(
                member=member
            )
        case Reason.not_in_history:
            return _("no commit of this history wrote the confirmation (a shallow clone?)")
    return finding.reason.value


_SECTIONS = (
    (Verdict.contradicted, N_("Contradicted by the history")),
    (Verdict.unvouched, N_("Cannot vouch for")),
)


def summary(result: VerifyResult) -> str:
    confirmations = ngettext(
        "{count} confirmation", "{count} confirmations", len(result.findings)
    ).format(count=len(result.findings))
    commits = ngettext("{count} commit", "{count} commits", result.commits).format(
        count=result.commits
    )
    # Translators: {confirmations} is "12 confirmations", {commits} "40 commits"; then
    # how many of them the history vouches for, contradicts or cannot vouch for.
    return _(
        "Checked {confirmations} against {commits}: {vouched} vouched for,"
        " {contradicted} contradicted, {unvouched} not vouched for."
    ).format(
        confirmations=confirmations,
        commits=commits,
        vouched=len(result.vouched),
        contradicted=len(result.contradicted),
        unvouched=len(result.unvouched),
    )


def render_verify_text(result: VerifyResult) -> str:
    """The summary, then the contradicted confirmations and those that cannot be vouched
    for, one a line (`ID (member): why`); the vouched ones are only counted."""
    lines = [summary(result)]
    for verdict, title in _SECTIONS:
        findings = result.having(verdict)
        if findings:
            # Translators: a section's heading, {title} with a count of findings.
            heading = _("{title} ({count}):").format(title=_(title), count=len(findings))
            lines += ["", heading]
            lines += [
                # Translators: an exchange's id, the member who confirmed it, and why.
                "  "
                + _("{exchange} ({member}): {reason}").format(
                    exchange=finding.exchange, member=finding.member, reason=reason_text(finding)
                )
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
