"""Bond prices from on-chain reference-data rounds (drex.sdk.reference_pricing) on anvil.

A fresh ReferenceData (BCB admin, reporters ORACLE_1..4 = dev accounts 10..13, f = 1: quorum 3) gets its
rounds the way reporters publish them: each signs an EIP-712 vote with its dev key through the SDK
(``sign_vote``) and the votes are relayed with ``publish``. The Tesouro methodology's worked examples
(settlement 21/05/2008, see tests/pricing/test_pricing_published.py) are reproduced exactly from rounds;
those dates are in the past, which the contract accepts. Ages are counted up to the pricing date, so the
chain's clock plays no part.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from decimal import Decimal

import pytest
from eth_typing import ChecksumAddress
from eth_utils import to_checksum_address

from drex.chain import Chain
from drex.chain.accounts import DEV_REPORTERS
from drex.chain.anvil import AnvilNode, start_anvil
from drex.chain.connect import connect_anvil
from drex.pricing import (
    PricingError,
    business_days_list,
    selic_daily_percent,
    vna_lft,
    vna_lft_projected,
)
from drex.reference import tpft_price_spec
from drex.sdk import InvalidInput, Platform
from drex.sdk.reference import ReferenceData, RoundInfo
from drex.sdk.reference_pricing import (
    MissingReferenceRound,
    PriceOffReference,
    StaleReferenceRound,
    check_unit_price,
    lft_pu_from_rounds,
    lft_vna_from_rounds,
    ntnb_pu_from_rounds,
    ntnb_vna_from_rounds,
)

SETTLEMENT = dt.date(2008, 5, 21)
LFT_MATURITY, NTNB_MATURITY = dt.date(2014, 3, 7), dt.date(2010, 8, 15)
SERIES = ("VNA_LFT", "SELIC", "SELIC_TARGET", "VNA_NTNB", "IPCA_PROJECTION", "IPCA")
TPFT_ID = 1


class _OnlyReferenceData:
    """A contract directory that knows one contract: this test's ReferenceData."""

    def __init__(self, address: str):
        self.address = to_checksum_address(address)

    def lookup(self, name: str) -> ChecksumAddress:
        assert name == "ReferenceData", name
        return self.address


@pytest.fixture(scope="module")
def chain(built: None) -> Iterator[Chain]:
    node: AnvilNode = start_anvil()
    c = connect_anvil(node)
    yield c
    c.close()
    node.kill()


@pytest.fixture(scope="module")
def rd(chain: Chain) -> ReferenceData:
    """A fresh ReferenceData with the series pricing reads, TPFT_PU:1 and the dev reporters."""
    bcb = chain.account("BCB")
    contract = chain.deploy("ReferenceData", bcb.address, sender=bcb)
    ref = Platform(chain, _OnlyReferenceData(contract.address), bcb).reference_data
    for name in SERIES:
        ref.configure_series(name)
    ref.configure_series(tpft_price_spec(TPFT_ID))
    ref.configure_reporters([chain.account(r).address for r in DEV_REPORTERS], 1, 4)
    return ref


def publish(rd: ReferenceData, series: str, day: dt.date, value: str) -> RoundInfo:
    """Three of the four reporters sign ``series`` = ``value`` on ``day``; an outsider relays the votes."""
    chain = rd.platform.chain
    payload = hashlib.sha256(f"{series},{day.isoformat()},{value}\n".encode()).digest()
    votes = [
        rd.sign_vote(chain.account(r), series, day, Decimal(value), payload, chain.timestamp())
        for r in DEV_REPORTERS[:3]
    ]
    rd.publish(votes)
    found = rd.round_at(series, day)
    assert found is not None and found.signers == 3
    return found


def used(rounds: Sequence[RoundInfo]) -> list[tuple[str, dt.date, Decimal]]:
    return [(r.series, r.reference_date, r.value) for r in rounds]


# --- the methodology's worked examples ------------------------------------------------------------


def test_lft_worked_example_from_rounds(rd: ReferenceData) -> None:
    """[STN] p. 5: VNA em 20/05/2008 R$ 3.449,694215 and Meta Selic 11,75% (rounds of 20/05/2008, no
    SELIC round of that day yet): VNA projected R$ 3.451,215345, cotação 100,1158%, PU R$ 3.455,211852."""
    publish(rd, "VNA_LFT", dt.date(2008, 5, 20), "3449.694215")
    publish(rd, "SELIC_TARGET", dt.date(2008, 5, 20), "11.75")
    price = lft_pu_from_rounds(rd, SETTLEMENT, LFT_MATURITY, Decimal("-0.0002"))
    assert price.vna.vna == Decimal("3451.215345")
    assert price.quote == Decimal("100.1158")
    assert price.pu == Decimal("3455.211852")
    assert used(price.rounds) == [
        ("VNA_LFT", dt.date(2008, 5, 20), Decimal("3449.694215")),
        ("SELIC_TARGET", dt.date(2008, 5, 20), Decimal("11.75")),
    ]
    assert "projected one business day with SELIC_TARGET" in price.vna.method
    assert "  SELIC_TARGET 2008-05-20: 11.75 % a.a." in price.lines()


def test_ntnb_worked_example_from_rounds(rd: ReferenceData) -> None:
    """[STN] pp. 6-8: VNA em 15/05/2008 R$ 1.726,926459, IPCA projection 0,46%: VNA em 21/05/2008
    R$ 1.728,461136, cotação 97,0813%, PU R$ 1.678,012540 (maturity 15/08/2010, taxa 8,29%)."""
    publish(rd, "VNA_NTNB", dt.date(2008, 5, 15), "1726.926459")
    publish(rd, "IPCA_PROJECTION", dt.date(2008, 5, 1), "0.46")  # the projection for May 2008
    price = ntnb_pu_from_rounds(rd, SETTLEMENT, NTNB_MATURITY, Decimal("0.0829"))
    assert price.vna.vna == Decimal("1728.461136")
    assert price.quote == Decimal("97.0813")
    assert price.pu == Decimal("1678.012540")
    assert used(price.rounds) == [
        ("VNA_NTNB", dt.date(2008, 5, 15), Decimal("1726.926459")),
        ("IPCA_PROJECTION", dt.date(2008, 5, 1), Decimal("0.46")),
    ]


# --- LFT: accrual over daily SELIC rounds ---------------------------------------------------------

#: Annual Selic in force on each business day from 02/01/2024 (they change on 01/02/2024).
ANCHOR = dt.date(2024, 1, 2)
ANCHOR_VNA = "14290.186843"
DAYS = business_days_list(ANCHOR, dt.date(2024, 2, 6))  # 02/01 .. 05/02/2024


def _annual(day: dt.date) -> Decimal:
    return Decimal("0.1165") if day < dt.date(2024, 2, 1) else Decimal("0.1115")


def test_lft_vna_accrues_daily_selic_rounds_like_vna_lft(rd: ReferenceData) -> None:
    """VNA_LFT of 02/01/2024 and the SELIC round (SGS 11 figure) of every business day up to 05/02/2024:
    the VNA on 06/02/2024 equals ``vna_lft`` from the same anchor with the annual rates; one day later,
    without the SELIC round of 06/02, the last day is projected with the SELIC_TARGET round."""
    publish(rd, "VNA_LFT", ANCHOR, ANCHOR_VNA)
    annual = {d: _annual(d) for d in DAYS}
    for d in DAYS:
        publish(rd, "SELIC", d, str(selic_daily_percent(annual[d])))
    settlement = dt.date(2024, 2, 6)
    got = lft_vna_from_rounds(rd, settlement, max_age=30)
    expected = vna_lft(settlement, annual, base_date=ANCHOR, base_value=Decimal(ANCHOR_VNA))
    assert got.vna == expected
    assert len(got.rounds) == 1 + len(DAYS) == 26
    assert got.method == "VNA_LFT accrued with 25 SELIC rounds"

    publish(rd, "SELIC_TARGET", settlement, "11.25")
    tomorrow = dt.date(2024, 2, 7)
    projected = lft_vna_from_rounds(rd, tomorrow, max_age=30)
    assert projected.vna == vna_lft_projected(expected, Decimal("0.1125"))
    assert used(projected.rounds)[-1] == ("SELIC_TARGET", settlement, Decimal("11.25"))


def test_lft_vna_of_the_day_is_taken_as_published(rd: ReferenceData) -> None:
    publish(rd, "VNA_LFT", ANCHOR, ANCHOR_VNA)
    got = lft_vna_from_rounds(rd, ANCHOR)
    assert got.vna == Decimal(ANCHOR_VNA) and got.method == "published VNA of the day"


def test_lft_refuses_a_missing_selic_round(rd: ReferenceData) -> None:
    publish(rd, "VNA_LFT", ANCHOR, ANCHOR_VNA)
    publish(rd, "SELIC", DAYS[0], "0.043739")
    publish(rd, "SELIC", DAYS[2], "0.043739")  # DAYS[1], 03/01/2024, is missing
    with pytest.raises(
        MissingReferenceRound, match=r"SELIC has no round for 2024-01-03: the LFT VNA on 2024-01-05 "
    ):
        lft_vna_from_rounds(rd, DAYS[3])


def test_lft_refuses_a_missing_or_stale_target_when_it_must_project(rd: ReferenceData) -> None:
    publish(rd, "VNA_LFT", ANCHOR, ANCHOR_VNA)
    with pytest.raises(MissingReferenceRound, match=r"SELIC_TARGET has no round on chain; projecting"):
        lft_vna_from_rounds(rd, DAYS[1])  # no SELIC round of 02/01: the day must be projected
    publish(rd, "SELIC_TARGET", dt.date(2023, 12, 28), "11.75")
    with pytest.raises(
        StaleReferenceRound,
        match=r"SELIC_TARGET: the latest round on or before 2024-01-02 is of 2023-12-28, 2 business days old "
        r"\(at most 1\)",
    ):
        lft_vna_from_rounds(rd, DAYS[1])
    assert lft_vna_from_rounds(rd, DAYS[1], target_max_age=2).vna == vna_lft_projected(
        Decimal(ANCHOR_VNA), Decimal("0.1175")
    )


def test_lft_refuses_a_stale_or_missing_vna(rd: ReferenceData) -> None:
    with pytest.raises(MissingReferenceRound, match="VNA_LFT has no round on chain"):
        lft_vna_from_rounds(rd, DAYS[3])
    publish(rd, "VNA_LFT", ANCHOR, ANCHOR_VNA)
    late = DAYS[7]  # 11/01/2024, 7 business days after the VNA_LFT round
    with pytest.raises(
        StaleReferenceRound,
        match=r"VNA_LFT: the latest round on or before 2024-01-11 is of 2024-01-02, 7 business days old "
        r"\(at most 5\); the LFT VNA on 2024-01-11 needs a fresher one",
    ):
        lft_vna_from_rounds(rd, late)
    publish(rd, "VNA_LFT", late + dt.timedelta(days=1), "14340.000000")
    with pytest.raises(MissingReferenceRound, match=r"VNA_LFT has no round from 2024-01-0\d to 2024-01-05"):
        lft_vna_from_rounds(rd, DAYS[3], max_age=1)  # only later rounds, and none near 05/01


def test_lft_settlement_must_be_a_business_day(rd: ReferenceData) -> None:
    with pytest.raises(PricingError, match="2024-01-06 is not an ANBIMA business day"):
        lft_vna_from_rounds(rd, dt.date(2024, 1, 6))


# --- NTN-B: the round of the 15th and the projection -----------------------------------------------


def test_ntnb_refuses_a_missing_vna_of_the_15th(rd: ReferenceData) -> None:
    publish(rd, "VNA_NTNB", dt.date(2008, 4, 15), "1718.000000")
    with pytest.raises(
        MissingReferenceRound,
        match=r"VNA_NTNB has no round for 2008-05-15, the 15th on or before settlement 2008-05-21",
    ):
        ntnb_vna_from_rounds(rd, SETTLEMENT)


def test_ntnb_projection_of_another_month_is_not_used_and_the_published_ipca_stands_in(
    rd: ReferenceData,
) -> None:
    """Settling on 21 May accrues May's IPCA: April's projection is not used; once IBGE's IPCA of May is
    on chain it stands in for the missing projection."""
    publish(rd, "VNA_NTNB", dt.date(2008, 5, 15), "1726.926459")
    publish(rd, "IPCA_PROJECTION", dt.date(2008, 4, 1), "0.30")
    with pytest.raises(
        MissingReferenceRound,
        match=r"the NTN-B VNA on 2008-05-21 accrues the IPCA of 2008-05: there is no IPCA_PROJECTION round "
        r"for 2008-05-01, nor IBGE's IPCA of the month \(no IPCA round for 2008-05-01\)",
    ):
        ntnb_vna_from_rounds(rd, SETTLEMENT)
    publish(rd, "IPCA", dt.date(2008, 5, 1), "0.46")
    got = ntnb_vna_from_rounds(rd, SETTLEMENT)
    assert got.vna == Decimal("1728.461136")
    assert used(got.rounds)[-1] == ("IPCA", dt.date(2008, 5, 1), Decimal("0.46"))
    assert "published IPCA" in got.method


def test_ntnb_projection_follows_the_month_of_the_15th(rd: ReferenceData) -> None:
    """From 15 May to 14 June the VNA accrues May's IPCA, from 15 June June's: each settlement takes the
    projection of its own month, whenever it was published."""
    publish(rd, "VNA_NTNB", dt.date(2008, 5, 15), "1726.926459")
    publish(rd, "IPCA_PROJECTION", dt.date(2008, 5, 1), "0.46")
    publish(rd, "IPCA_PROJECTION", dt.date(2008, 6, 1), "0.50")
    june_13 = ntnb_vna_from_rounds(rd, dt.date(2008, 6, 13))
    assert used(june_13.rounds)[-1] == ("IPCA_PROJECTION", dt.date(2008, 5, 1), Decimal("0.46"))
    with pytest.raises(MissingReferenceRound, match=r"VNA_NTNB has no round for 2008-06-15"):
        ntnb_vna_from_rounds(rd, dt.date(2008, 6, 16))
    publish(rd, "VNA_NTNB", dt.date(2008, 6, 15), "1734.870000")
    june_16 = ntnb_vna_from_rounds(rd, dt.date(2008, 6, 16))
    assert used(june_16.rounds) == [
        ("VNA_NTNB", dt.date(2008, 6, 15), Decimal("1734.870000")),
        ("IPCA_PROJECTION", dt.date(2008, 6, 1), Decimal("0.50")),
    ]


# --- the reference unit price ---------------------------------------------------------------------


def test_check_unit_price_within_and_outside_the_tolerance(rd: ReferenceData) -> None:
    day = dt.date(2025, 3, 7)  # a Friday
    publish(rd, f"TPFT_PU:{TPFT_ID}", day, "950.00000000")
    ok = check_unit_price(rd, TPFT_ID, Decimal("951.00"), Decimal("0.5"), day)
    assert ok.reference.reference_date == day and ok.reference_price == Decimal("950.00000000")
    assert ok.describe() == (
        "R$ 951,00000000 is 0,11% above the reference R$ 950,00000000 (TPFT_PU:1 of 2025-03-07)"
    )
    saturday = check_unit_price(rd, TPFT_ID, Decimal("945.25"), Decimal("0.5"), day + dt.timedelta(days=1))
    assert saturday.deviation_percent == Decimal("-0.5")  # exactly at the tolerance: accepted
    with pytest.raises(
        PriceOffReference,
        match=r"TPFt 1: the unit price R\$ 1\.100,00000000 is 15,79% above the reference R\$ 950,00000000 "
        r"\(TPFT_PU:1 of 2025-03-07\), beyond the tolerance of 5,00%",
    ):
        check_unit_price(rd, TPFT_ID, Decimal("1100"), Decimal("5"), day)
    with pytest.raises(PriceOffReference, match=r"is 0,53% below the reference"):
        check_unit_price(rd, TPFT_ID, Decimal("945"), Decimal("0.5"), day)
    stale = r"TPFT_PU:1: .* is of 2025-03-07, 1 business day old \(at most 0\)"
    with pytest.raises(StaleReferenceRound, match=stale):
        check_unit_price(rd, TPFT_ID, Decimal("950"), Decimal("1"), dt.date(2025, 3, 10))


def test_check_unit_price_without_a_round(rd: ReferenceData) -> None:
    with pytest.raises(MissingReferenceRound, match="TPFT_PU:1 has no round on chain; checking a unit price"):
        check_unit_price(rd, TPFT_ID, Decimal("950"), Decimal("1"), dt.date(2025, 3, 7))
    with pytest.raises(InvalidInput, match="maximum age of a TPFT_PU:1 round"):
        check_unit_price(rd, TPFT_ID, Decimal("950"), Decimal("1"), dt.date(2025, 3, 7), max_age=-1)
    with pytest.raises(InvalidInput, match="tolerance must be a Decimal percentage >= 0"):
        check_unit_price(rd, TPFT_ID, Decimal("950"), Decimal("-1"), dt.date(2025, 3, 7))
