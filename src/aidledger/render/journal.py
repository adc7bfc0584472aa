"""The counted exchanges as a plain-text accounting journal, for hledger or beancount.

Each exchange is one transaction that moves person-minutes (the commodity `PMIN`) out of
the helper's `given` account and into one `received` account per person helped: 45
minutes taught to bob and carol post -90 to `given:alice`, 45 to `received:bob` and 45 to
`received:carol`. So `given:HANDLE` holds minus what the person gave, `received:HANDLE`
what they received, exactly the person-minutes of `aidledger balance`, and every
transaction balances. `given` is declared a revenue and `received` an expense account, so
`hledger incomestatement` (and fava's income statement) shows both as positive figures.

Field text is data, never syntax: a topic is one printable line; in hledger, whose
comments start at `;`, a `;` becomes `,`, and the exchange id stands as the transaction
code, so a topic starting with `(` cannot pose as one; in beancount, topics are quoted
strings with `"` and `\\` escaped. Handles and ids are safe by their pattern.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from aidledger.model.records import Exchange
from aidledger.render.text import printable

COMMODITY = "PMIN"
GIVEN = "given"
RECEIVED = "received"
# beancount's account roots: giving earns credit (income), being helped uses it (expenses).
BEANCOUNT_GIVEN = "Income:Given"
BEANCOUNT_RECEIVED = "Expenses:Received"
# beancount account names hold letters, digits and `-` only, and start with a capital or a
# digit. Handles are lowercase, so capitals written here can only come from this mapping.
BEANCOUNT_SPELLING = {".": "-DOT-", "_": "-USC-"}


def _flag(exchange: Exchange) -> str:
    """`*` (cleared) when every person counted has confirmed, else `!` (pending)."""
    return "*" if exchange.confirmed else "!"


def _postings(exchange: Exchange) -> list[tuple[str, str, int]]:
    """(side, handle, person-minutes) of one counted exchange: the helper's given, then
    each helped person's received, in the order of the record."""
    return [
        (GIVEN, exchange.helper, -exchange.person_minutes),
        *((RECEIVED, handle, exchange.minutes) for handle in exchange.helped),
    ]


def _accounts(exchanges: Sequence[Exchange]) -> dict[tuple[str, str], date]:
    """Every (side, handle) posted to, with the day of its first posting, sorted."""
    first: dict[tuple[str, str], date] = {}
    for exchange in exchanges:
        for side, handle, _ in _postings(exchange):
            first.setdefault((side, handle), exchange.date)
    return dict(sorted(first.items()))


def _extras(exchange: Exchange) -> list[tuple[str, str]]:
    """The facts a transaction carries besides its postings, as (key, value)."""
    extras = [("id", exchange.id), ("mode", exchange.mode)]
    if exchange.tags:
        extras.append(("tags", " ".join(exchange.tags)))
    if exchange.request is not None:
        extras.append(("request", exchange.request))
    return extras


# --- hledger ---------------------------------------------------------------------------------


def hledger_text(text: str) -> str:
    """Free text as it may stand in an hledger description or comment: one printable line,
    with no `;` (hledger reads the rest of a line after one as a comment)."""
    return printable(text).replace(";", ",").strip()


def _hledger_posting(account: str, minutes: int, width: int) -> str:
    # Two spaces at least between an account and its amount: one would join them.
    return f"    {account:<{width}}  {minutes:>6} {COMMODITY}"


def render_hledger(exchanges: Iterable[Exchange], *, team: str, period: str) -> str:
    """An hledger journal of the counted exchanges: declarations, then one transaction each."""
    listed = list(exchanges)
    accounts = _accounts(listed)
    width = max((len(f"{side}:{handle}") for side, handle in accounts), default=0)
    lines = [
        f"; aidledger export of {hledger_text(team)}, {hledger_text(period)}",
        f"; amounts are person-minutes ({COMMODITY}): given:HANDLE holds minus what HANDLE",
        "; gave, received:HANDLE what HANDLE received; `*` confirmed, `!` not yet",
        "",
        f"commodity {COMMODITY}",
        f"account {GIVEN}  ; type: R",
        f"account {RECEIVED}  ; type: X",
        *(f"account {side}:{handle}" for side, handle in accounts),
    ]
    for exchange in listed:
        tags = ", ".join(f"{key}:{value}" for key, value in _extras(exchange))
        lines += [
            "",
            f"{exchange.date.isoformat()} {_flag(exchange)} ({exchange.id})"
            f" {exchange.helper} | {hledger_text(exchange.topic)}  ; {tags}",
            *(
                _hledger_posting(f"{side}:{handle}", minutes, width)
                for side, handle, minutes in _postings(exchange)
            ),
        ]
    return "\n".join(lines) + "\n"


# --- beancount -------------------------------------------------------------------------------


def beancount_component(handle: str) -> str:
    """A handle as a beancount account component: first letter capitalised, `.` and `_`
    spelled `-DOT-` and `-USC-`; distinct handles stay distinct."""
    spelled = "".join(BEANCOUNT_SPELLING.get(character, character) for character in handle)
    return spelled[:1].upper() + spelled[1:]


def beancount_account(side: str, handle: str) -> str:
    root = BEANCOUNT_GIVEN if side == GIVEN else BEANCOUNT_RECEIVED
    return f"{root}:{beancount_component(handle)}"


def beancount_string(text: str) -> str:
    """Free text as a beancount string: one printable line in quotes, `\\` and `"` escaped."""
    escaped = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render_beancount(exchanges: Iterable[Exchange], *, team: str, period: str) -> str:
    """A beancount ledger of the counted exchanges: options, one `open` per account (on its
    first day, with the handle as metadata), then one transaction per exchange."""
    listed = list(exchanges)
    accounts = _accounts(listed)
    width = max((len(beancount_account(side, handle)) for side, handle in accounts), default=0)
    lines = [
        f"; aidledger export of {printable(team)}, {printable(period)}",
        f"; amounts are person-minutes ({COMMODITY}): {BEANCOUNT_GIVEN}:X holds minus what X",
        f"; gave, {BEANCOUNT_RECEIVED}:X what X received; `*` confirmed, `!` not yet",
        "",
        f"option {beancount_string('title')} {beancount_string(team)}",
        f'option "operating_currency" "{COMMODITY}"',
    ]
    for (side, handle), day in accounts.items():
        lines += [
            "",
            f"{day.isoformat()} open {beancount_account(side, handle)} {COMMODITY}",
            f'  handle: "{handle}"',
        ]
    for exchange in listed:
        lines += [
            "",
            f"{exchange.date.isoformat()} {_flag(exchange)} {beancount_string(exchange.helper)}"
            f" {beancount_string(exchange.topic)}",
            *(f'  {key}: "{value}"' for key, value in _extras(exchange)),
            *(
                f"  {beancount_account(side, handle):<{width}}  {minutes:>6} {COMMODITY}"
                for side, handle, minutes in _postings(exchange)
            ),
        ]
    return "\n".join(lines) + "\n"
