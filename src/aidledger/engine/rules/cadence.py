"""Cadence warnings: the regular exchange meeting the charter promises, kept or not.

The meeting is where needs are expressed and help is offered. A team that records its
meetings (`aidledger meeting record`), or whose charter sets `meeting_every_days`, is
held to that cadence; a team that has never recorded one, under the default cadence, is
not judged, so that a ledger kept without meetings does not fail.
"""

from __future__ import annotations

from collections.abc import Iterator

from aidledger.engine.context import Context
from aidledger.engine.findings import MeetingFacts, NoMeeting, grade
from aidledger.engine.rules.spec import Outcome, Skip, Thresholds, WarningSpec, finding
from aidledger.i18n import N_

CADENCE_KEY = "meeting_every_days"


def check_missed_meeting(context: Context, limits: Thresholds) -> Iterator[Outcome]:
    """Days since the last meeting, over the charter's `meeting_every_days`."""
    rules = context.charter.rules
    last = context.last_meeting
    if last is None and CADENCE_KEY not in rules.model_fields_set:
        if context.active:
            yield Skip((), NoMeeting())
        return
    since = last.date if last is not None else context.first_day
    if since is None:
        return
    days = (context.as_of - since).days
    ratio = days / rules.meeting_every_days
    verdict = grade(ratio, limits.warn, limits.fail, "above")
    if verdict is not None:
        facts = MeetingFacts(
            last.date if last is not None else None, since, days, rules.meeting_every_days
        )
        yield finding("missed-meeting", "team", verdict, (), ratio, facts)


SPECS = (
    WarningSpec(
        id="missed-meeting",
        scope="team",
        comparison="above",
        defaults=Thresholds(enabled=True, warn=1.0, fail=2.0),
        period="every record",
        check=check_missed_meeting,
        needs=N_("one meeting recorded, or a cadence set in the charter"),
    ),
)
