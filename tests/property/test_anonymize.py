"""An anonymized report names nobody: no handle, name, email or team name, in any case."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aidledger.engine.anonymize import anonymize_report
from aidledger.engine.context import make_context
from aidledger.engine.report import team_report
from aidledger.engine.rules import evaluate
from aidledger.model.records import Confirmation, Exchange, Member, Request
from aidledger.model.values import MODES
from aidledger.render.report import render_json, render_markdown, render_text
from aidledger.store.load import check_charter_text

from .strategies import PROPERTY

CHARTER_PATH = Path(__file__).resolve().parents[2] / "charters" / "default.toml"
CHARTER = check_charter_text(CHARTER_PATH.read_text(encoding="utf-8"), "charter.toml")
TODAY = date(2026, 11, 27)

# Consonant runs of six or more letters: random, and never part of aidledger's own words.
words = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=6, max_size=10)


def _cased(draw: st.DrawFn, word: str) -> str:
    return "".join(
        letter.upper() if draw(st.booleans(), label="upper") else letter for letter in word
    )


@st.composite
def named_ledgers(draw: st.DrawFn) -> tuple[str, list[Member], list[Exchange], list[Request]]:
    """A team whose handles, names, emails and name mirror each other in the free text."""
    secrets = draw(st.lists(words, min_size=13, max_size=13, unique=True))
    team = secrets[0].capitalize()
    members = []
    for index in range(4):
        handle, given_name, family = secrets[1 + 3 * index : 4 + 3 * index]
        members.append(
            Member(
                handle=handle,
                name=f"{given_name.capitalize()} {family.capitalize()}",
                emails=(f"{given_name}.{family}@{secrets[0]}.example",),
                joined=date(2025, 1, 6),
            )
        )
    names = [part for member in members for part in (member.handle, *(member.name or "").split())]
    exchanges = []
    for number in range(draw(st.integers(10, 40))):
        helper, *others = draw(st.permutations(members))
        day = TODAY - timedelta(days=draw(st.integers(0, 120)) if number else 0)
        mentioned = _cased(draw, draw(st.sampled_from([*names, team])))
        exchanges.append(
            Exchange(
                id=f"{day}-{helper.handle}-{others[0].handle}-{number:04d}",
                date=day,
                helper=helper.handle,
                helped=(others[0].handle,),
                minutes=draw(st.integers(10, 240)),
                topic=f"Walked {mentioned} through the deploy",
                mode=draw(st.sampled_from(MODES)),
                tags=(draw(st.sampled_from([others[0].handle, "ci", f"{secrets[0]}-ops"])),),
                confirmation=Confirmation(by=others[0].handle, on=day, useful=5)
                if number == 0 or draw(st.booleans())
                else None,
            )
        )
    asker = draw(st.sampled_from(members))
    requests = [
        Request(
            id=f"2026-09-01-{asker.handle}-r1",
            opened=date(2026, 9, 1),
            by=asker.handle,
            title=f"Ask {_cased(draw, draw(st.sampled_from(names)))} about it",
        )
    ]
    return team, members, exchanges, requests


@PROPERTY
@given(named_ledgers())
def test_anonymized_reports_name_nobody(
    ledger: tuple[str, list[Member], list[Exchange], list[Request]],
) -> None:
    """Text, JSON and Markdown of an anonymized report hold none of the people's words."""
    team, members, exchanges, requests = ledger
    context = make_context(members, exchanges, requests, CHARTER, TODAY)
    report = anonymize_report(team_report(team, context, evaluate(context)), members)
    secrets = {team.lower()}
    for member in members:
        secrets |= {member.handle, *(member.name or "").lower().split(), *member.emails}
    pages = (render_text(report, width=120), render_json(report), render_markdown(report))
    for page in pages:
        lowered = page.lower()
        for secret in secrets:
            assert secret.lower() not in lowered, (secret, page)
    assert any(finding.id == "stale-request" for finding in report.findings)
    assert report.thanks, "thanks quote topics, which must be left out"
