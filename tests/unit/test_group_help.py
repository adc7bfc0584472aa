"""Group help: each person helped confirms and rates the same exchange, on their own day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from aidledger.engine.as_of import exchange_on
from aidledger.engine.context import make_context
from aidledger.engine.metrics import ratings
from aidledger.engine.report import team_report
from aidledger.engine.rules import evaluate
from aidledger.engine.window import Window, counted
from tests.unit.make import DAY, charter, exchange, members


def given(by: str, days: int = 0, useful: int | None = None) -> dict[str, object]:
    fields: dict[str, object] = {"by": by, "on": DAY + timedelta(days=days)}
    if useful is not None:
        fields["useful"] = useful
    return fields


def test_each_person_confirms_in_the_list() -> None:
    record = exchange(helped=["bob", "carol"], confirmations=[given("carol", 2, 5)])
    assert [confirmation.by for confirmation in record.given_confirmations] == ["carol"]
    assert record.waiting_for == ("bob",)
    assert not record.confirmed
    assert record.confirmation_of("carol") is not None
    assert record.confirmation_of("bob") is None


def test_a_single_confirmation_still_reads() -> None:
    """Files written before group help keep their one `confirmation` table."""
    record = exchange(confirmation=given("bob"))
    assert record.confirmed and record.waiting_for == ()
    assert record.given_confirmations == (record.confirmation,)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"confirmations": [given("dave")]}, "who is not among the helped"),
        ({"confirmations": [given("bob"), given("bob", 1)]}, "confirmed twice"),
        ({"confirmations": [given("bob", -1)]}, "before the help took place"),
        (
            {"confirmation": given("bob"), "confirmations": [given("carol")]},
            "not both",
        ),
    ],
)
def test_confirmations_are_checked(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        exchange(helped=["bob", "carol"], **fields)


def test_as_of_keeps_only_the_confirmations_given_by_then() -> None:
    record = exchange(
        helped=["bob", "carol"], confirmations=[given("carol", 1, 5), given("bob", 5, 3)]
    )
    before = exchange_on(record, DAY + timedelta(days=3))
    assert before is not None
    assert [confirmation.by for confirmation in before.given_confirmations] == ["carol"]
    assert before.waiting_for == ("bob",)
    nothing = exchange_on(record, DAY)
    assert nothing is not None and nothing.given_confirmations == ()
    assert exchange_on(record, DAY + timedelta(days=5)) == record


def test_only_confirmed_help_counts_each_persons_part() -> None:
    """With count_unconfirmed = false, the helper is credited for carol, who confirmed,
    and not yet for bob."""
    record = exchange(helped=["bob", "carol"], minutes=30, confirmations=[given("carol")])
    window = Window(None, None)
    [part] = counted([record], window, count_unconfirmed=False)
    assert part.helped == ("carol",) and part.person_minutes == 30
    assert counted([record], window, count_unconfirmed=True) == (record,)
    nobody = exchange(helped=["bob", "carol"])
    assert counted([nobody], window, count_unconfirmed=False) == ()


def test_every_rating_counts_once() -> None:
    record = exchange(
        helped=["bob", "carol"], confirmations=[given("carol", 0, 5), given("bob", 0, 2)]
    )
    assert sorted(ratings([record])) == [2, 5]


def test_unconfirmed_names_only_the_person_who_has_not_confirmed() -> None:
    """Help three weeks old: bob confirmed, carol did not; only carol is asked."""
    old = date(2026, 10, 1)
    record = exchange(
        id="2026-10-01-alice-bob-aaaaaa",
        date=old,
        helped=["bob", "carol"],
        confirmations=[{"by": "bob", "on": old}],
    )
    context = make_context(members("alice", "bob", "carol"), [record], [], charter(), DAY)
    unconfirmed = [finding for finding in evaluate(context) if finding.id == "unconfirmed"]
    assert [finding.members for finding in unconfirmed] == [("carol",)]


def test_thanks_rows_are_each_persons_own_rating() -> None:
    record = exchange(
        helped=["bob", "carol"],
        confirmations=[given("carol", 0, 5), {**given("bob", 0, 4), "note": "Saved my week"}],
    )
    context = make_context(members("alice", "bob", "carol"), [record], [], charter(), DAY)
    report = team_report("Testers", context, evaluate(context))
    assert [(row.helped, row.useful, row.note) for row in report.thanks] == [
        (("carol",), 5, None),
        (("bob",), 4, "Saved my week"),
    ]
