"""Scenario phase "oracles": the day's reference data, published on chain before the bond phase.

The four dev reporters (``ORACLE_1`` .. ``ORACLE_4``; f = 1, so 3 of 4 publish a round) each run one step
of the reporter behind ``drex oracle run`` (:class:`drex.oracle.reporter.Reporter`), each with its own
signing journal, sharing their votes through the chain (``ReferenceData.report``). There is no internet
here, so they read the operator's CSV source (:class:`drex.oracle.sources.CsvSource`) holding the day's
figures of :data:`FIGURES` (illustrative, not official data) for the dates each series would have on
the chain's day: the previous business day for the daily rates, PTAX and the LFT VNA, the chain's day for
the Selic target, the last month IBGE has published for the IPCA, the 15th on or before the settlement
day for the NTN-B VNA (5 days ahead at most, its lead), and the month that VNA accrues for the IPCA
projection. ``ORACLE_4`` reads a file whose IPCA projection
differs and votes first: the next vote records the disagreement (``Disagreement``) and the three others
publish. The phase
prints the rounds and, from them alone, the LFT and NTN-B VNA of the next business day, which the bond
phase then uses for the NTN-B price.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from drex.chain.accounts import DEV_REPORTERS, dev_account
from drex.oracle.journal import Journal
from drex.oracle.reporter import Reporter
from drex.oracle.share import ChainShare
from drex.oracle.sources import CsvSource
from drex.pricing import following_business_day
from drex.pricing.calendar import preceding_business_day
from drex.pricing.vna import ipca_projection_month, ipca_reference_dates
from drex.reference import SERIES, Cadence
from drex.sdk import Platform
from drex.sdk.display import day, decimal_number, unit_price
from drex.sdk.reference_pricing import lft_vna_from_rounds, ntnb_vna_from_rounds
from drex.sdk.tpft_values import brasilia_date

if TYPE_CHECKING:
    from drex.scenario import Session
    from drex.sdk.reference import RoundInfo

TITLE = "Reference data (oracles)"

#: The day's figures the reporters read (illustrative, not official data), in each series' unit.
FIGURES: dict[str, Decimal] = {
    "SELIC": Decimal("0.055131"),  # % a.d.: the daily factor of 14.90% a.a.
    "CDI": Decimal("0.055131"),  # % a.d.
    "SELIC_TARGET": Decimal("15.00"),  # % a.a.
    "IPCA": Decimal("0.09"),  # % a.m.
    "IPCA_PROJECTION": Decimal("0.39"),  # % a.m.
    "PTAX_BUY": Decimal("5.3404"),  # BRL/USD
    "PTAX_SELL": Decimal("5.3410"),  # BRL/USD
    "VNA_LFT": Decimal("17614.908231"),  # BRL
    "VNA_NTNB": Decimal("4571.349712"),  # BRL
}
#: What the disagreeing reporter reads for the IPCA projection instead.
DISSENT = ("IPCA_PROJECTION", Decimal("0.40"))


def reference_dates(today: dt.date) -> dict[str, dt.date]:
    """The reference date of each series' latest figure on ``today`` (Brasília)."""
    previous = preceding_business_day(today)
    this_month = today.replace(day=1)
    # IBGE publishes a month's IPCA around the 10th of the next month.
    last_ipca = _months_before(this_month, 1 if today.day >= 12 else 2)
    return {
        "SELIC": previous,
        "CDI": previous,
        "SELIC_TARGET": today,
        "IPCA": last_ipca,
        # The month whose IPCA the NTN-B VNA accrues on the bond phase's settlement day.
        "IPCA_PROJECTION": ipca_projection_month(following_business_day(today)),
        "PTAX_BUY": previous,
        "PTAX_SELL": previous,
        "VNA_LFT": previous,
        # The 15th on or before the bond phase's settlement day, whose VNA prices the NTN-B.
        "VNA_NTNB": ipca_reference_dates(following_business_day(today))[0],
    }


def _months_before(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def write_figures(path: Path, dates: dict[str, dt.date], figures: dict[str, Decimal]) -> Path:
    """The operator's CSV file of ``figures`` on ``dates`` (the :class:`CsvSource` format)."""
    lines = ["series,reference_date,value"]
    lines += [f"{name},{dates[name].isoformat()},{value}" for name, value in figures.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def run(session: Session) -> None:
    chain = session.chain
    platform = Platform.from_manifest(chain, session.manifest, signer=chain.account("BCB"))
    data = platform.reference_data
    today = brasilia_date(chain.timestamp())
    dates = reference_dates(today)
    names = list(FIGURES)
    with tempfile.TemporaryDirectory(prefix="drex-oracles-") as tmp:
        folder = Path(tmp)
        agreed = write_figures(folder / "figures.csv", dates, FIGURES)
        dissenting = write_figures(folder / "figures-oracle4.csv", dates, {**FIGURES, DISSENT[0]: DISSENT[1]})
        session.step(
            f"{len(DEV_REPORTERS)} reporters, 3 of them needed per round, read the day's figures "
            f"(illustrative, not official data) from an operator CSV file for {day(today)} (Brasília)"
        )
        # The dissenting reporter votes first: the next vote, which differs, records the disagreement; the
        # three that agree then publish (a reporter only votes on dates after the series' latest round).
        for role in (DEV_REPORTERS[-1], *DEV_REPORTERS[:-1]):
            account = dev_account(role)
            relay = platform.as_signer(chain.account(role))
            reporter = Reporter(
                relay,
                account,
                CsvSource(dissenting if role == DEV_REPORTERS[-1] else agreed),
                names,
                Journal(folder / f"{role}.journal", reporter=account.address),
                ChainShare(relay.reference_data),
            )
            report = reporter.step()
            if report.failed:
                failures = "; ".join(f"{k}: {v}" for k, v in report.failed.items())
                raise_phase_error(f"{role}'s reporter failed: {failures}")
            for event in report.published:
                session.op("oracle", "settled", f"{role}'s vote completed the {event.series} round")
    rounds: list[RoundInfo] = []
    for name in names:
        found = data.latest(name)
        if found is None:
            raise_phase_error(f"no {name} round was published")
        else:
            rounds.append(found)
    published = {r.series: r.value for r in rounds}
    expected = {DISSENT[1], FIGURES[DISSENT[0]]}
    dissent = [d for d in data.disagreements(DISSENT[0]) if {d.value, d.other_value} == expected]
    session.check(
        "the dissenting reporter's vote is on record",
        bool(dissent) and published[DISSENT[0]] == FIGURES[DISSENT[0]],
        f"{DEV_REPORTERS[-1]} voted {DISSENT[0]} = {figure(*DISSENT)} against the published "
        f"{figure(DISSENT[0], FIGURES[DISSENT[0]])}: "
        f"{len(dissent)} Disagreement event(s), the round published with the majority's figure",
    )
    session.table(
        "Rounds published today",
        ["Series", "Reference date", "Value", "Signers", "Source (SHA-256)"],
        [
            [
                r.series,
                _reference(r),
                figure(r.series, r.value),
                str(r.signers),
                r.source_hash.hex()[:16] + "…",
            ]
            for r in rounds
        ],
        notes=[
            f"{DEV_REPORTERS[-1]} read {DISSENT[0]} = {figure(*DISSENT)}: the chain recorded its "
            f"disagreement (block {', '.join(str(d.block) for d in dissent)}); the round stands with the "
            "other three."
        ],
    )
    settlement = following_business_day(today)  # the bond phase's settlement day
    lft = lft_vna_from_rounds(data, settlement)
    ntnb = ntnb_vna_from_rounds(data, settlement)
    for vna in (lft, ntnb):
        price = unit_price(vna.vna)
        session.step(f"{vna.bond} VNA for {day(settlement)} from the rounds: {price} ({vna.method})")
    session.check(
        "every series has today's round",
        len(rounds) == len(names),
        f"{len(rounds)} of {len(names)} series published by a quorum of {len(DEV_REPORTERS)} reporters",
    )


def figure(series: str, value: Decimal) -> str:
    """A round's value in people units: ``15,00% a.a.``, ``5,3410 R$/US$``, ``R$ 4.571,34971200``."""
    spec = SERIES[series]
    if spec.unit == "BRL":
        return unit_price(value)
    if spec.unit == "BRL/USD":
        return f"{decimal_number(value, spec.decimals)} R$/US$"
    return f"{decimal_number(value, spec.decimals)}{spec.unit}"  # "% a.d.", "% a.a.", "% a.m."


def _reference(r: RoundInfo) -> str:
    if SERIES[r.series].cadence is Cadence.MONTHLY:
        return r.reference_date.strftime("%m/%Y")
    return day(r.reference_date)


def raise_phase_error(message: str) -> None:
    from drex.errors import DrexError

    raise DrexError(f"oracles phase: {message}")
