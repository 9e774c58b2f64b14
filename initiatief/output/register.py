"""The public subsidy register (subsidieregister) in Amsterdam's open-data column layout.

One row per awarded or partly awarded plan, best ranked first. A prize gets a
row of its own, right after the award of the plan that won it, with
DOSSIERNUMMER '<year>-<id>-prijs': the award row then shows exactly what the
grant decision says, the prize money stays visible as what it is, and the
column BEDRAG_VERLEEND still adds up to everything paid out (awards and prizes).

The column names and the constant values ('Eenmalig', the '-prijs' suffix, a
private applicant as '(Particulier)') are Dutch in every round because the layout
is Amsterdam's: a machine format does not change with the round's language.
Contact details never appear.

BELEIDSTERREIN and ORGANISATIEONDERDEEL come from round.yaml's `register:
{policy_area: …, department: …}` and stay empty without it: a guessed policy
area would be wrong in a public register. BEDRAG_VASTGESTELD stays empty until the grant is settled
(vaststelling), which happens after the round.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from initiatief.amounts import cents
from initiatief.models import FUNDED, Language, Outcome
from initiatief.output.csvout import neutralise
from initiatief.texts.labels import applicant_name

REGISTER_COLUMNS = (
    "DOSSIERNUMMER", "AANVRAGER", "REGELINGNAAM", "BELEIDSTERREIN", "ORGANISATIEONDERDEEL", "PROJECT_NAAM",
    "TYPE_PERIODICITEIT", "BEDRAG_AANGEVRAAGD", "BEDRAG_VERLEEND", "BEDRAG_VASTGESTELD", "SUBSIDIEJAAR",
)
ONE_OFF = "Eenmalig"
PRIZE_SUFFIX = "prijs"


def register_amount(amount: Decimal | None) -> str:
    """Return an amount as the register writes it: a decimal comma, no thousands separator ('15000,00')."""
    return "" if amount is None else cents(amount).replace(".", ",")


def register_rows(outcome: Outcome) -> list[dict[str, str]]:
    """Return the register rows (column name → text): each funded plan, then its prize if it won one."""
    round_ = outcome.round
    rows: list[dict[str, str]] = []
    for result in outcome.results:
        if result.status not in FUNDED:
            continue
        s = result.submission
        base = {
            "DOSSIERNUMMER": f"{round_.year}-{s.id}",
            "AANVRAGER": applicant_name(s, Language.NL, False),  # '(Particulier)' in every round
            "REGELINGNAAM": round_.name,
            "BELEIDSTERREIN": round_.policy_area,
            "ORGANISATIEONDERDEEL": round_.department,
            "PROJECT_NAAM": s.title,
            "TYPE_PERIODICITEIT": ONE_OFF,
            "BEDRAG_AANGEVRAAGD": register_amount(s.requested),
            "BEDRAG_VERLEEND": register_amount(result.awarded),
            "BEDRAG_VASTGESTELD": "",
            "SUBSIDIEJAAR": str(round_.year),
        }
        rows.append(base)
        if result.prize is not None:
            rows.append(base | {
                "DOSSIERNUMMER": f"{round_.year}-{s.id}-{PRIZE_SUFFIX}",
                "PROJECT_NAAM": f"{s.title} ({result.prize.label})",
                "BEDRAG_AANGEVRAAGD": "",  # nobody applies for a prize
                "BEDRAG_VERLEEND": register_amount(result.prize.amount),
            })
    return rows


def render_register(outcome: Outcome) -> str:
    """Return the register as CSV text for Excel: UTF-8 with BOM, semicolons, CRLF, formula cells neutralised.

    Why this dialect: Dutch Excel uses the semicolon as its list separator (the comma
    is the decimal mark), reads a UTF-8 file as Windows-1252 unless it starts with a
    byte-order mark (ideeën would turn into ideeÃ«n), and RFC 4180 and Excel expect
    CRLF line endings. Write the result with encoding='utf-8' and newline='' so the
    BOM is encoded once and the CRLFs stay as they are.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(REGISTER_COLUMNS)
    for row in register_rows(outcome):
        writer.writerow([neutralise(row[column]) for column in REGISTER_COLUMNS])
    return "\ufeff" + out.getvalue()
