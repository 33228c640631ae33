"""ReferenceData on anvil: publishing with a quorum of reporters' EIP-712 signatures, sharing votes through
the chain, amendments, and every rejection (too few signatures, a duplicated reporter, a signature for
another chain, contract or configuration version, a malformed one, an out-of-order or future round, a value
out of bounds or moving too much, a monthly round not on the 1st, an unknown series, configuration by a bank).

The chain's genesis is Wednesday 5 March 2025, noon in Brasília (after the Carnival holidays); each test runs
in a snapshot of one deployment reverted after it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from eth_utils import keccak, to_checksum_address

from drex.chain import Chain
from drex.chain.reverts import ContractRevert
from drex.reference import SERIES, from_day_number, observation_digest, recover_observation, series_id
from drex.sdk.reference import ReferenceDataRevert, StaleReferenceData
from oracle.contract_helpers import (
    ASH_WEDNESDAY,
    IPCA,
    OUTSIDER,
    PTAX,
    REPORTERS,
    SELIC,
    SOURCE_A,
    SOURCE_B,
    VNA_NTNB,
    Rig,
    day_of,
    start_node,
)

START_NODE = start_node  # the contract tests' dated node (see conftest)

R1, R2, R3, R4 = REPORTERS
TUESDAY = day_of(ASH_WEDNESDAY) - 1  # a holiday, still a valid reference date
WEDNESDAY = day_of(ASH_WEDNESDAY)
VALUE = 50788  # 0.050788 % a.d.


def _plain(values: tuple[object, ...]) -> tuple[object, ...]:
    """Arguments with addresses in lower case (the decoder gives them so)."""
    return tuple(v.lower() if isinstance(v, str) else v for v in values)


def reverts(error: str, *args: object) -> pytest.RaisesExc[ContractRevert]:
    """``pytest.raises`` for a ContractRevert named ``error`` (with ``args`` when given)."""
    return pytest.raises(
        ContractRevert,
        check=lambda e: e.error_name == error and (not args or _plain(e.args) == _plain(args)),
    )


# ----------------------------------------------------------------------------- publishing


def test_three_of_four_reporters_publish_a_round(rig: Rig) -> None:
    now = rig.chain.timestamp()
    votes = [
        rig.vote(r, SELIC, TUESDAY, VALUE, observed_at=now - ago) for r, ago in ((R1, 60), (R2, 5), (R3, 30))
    ]
    receipt = rig.publish(SELIC, TUESDAY, VALUE, votes)
    print(f"publish with 3 votes: {receipt['gasUsed']} gas")
    [event] = rig.events(receipt, "RoundPublished")
    stamp = int(rig.chain.w3.eth.get_block(receipt["blockNumber"])["timestamp"])
    assert event == {
        "series": SELIC,
        "referenceDate": TUESDAY,
        "value": VALUE,
        "sourceHash": SOURCE_A,
        "observedAt": votes[1][0],
        "configVersion": 1,
        "signers": 3,
    }
    assert rig.latest(SELIC) == (VALUE, TUESDAY, votes[1][0], stamp, SOURCE_A, 1, 3, 0)
    info = rig.rd.latest("SELIC")
    assert (
        info is not None and info.value == Decimal("0.050788") and info.reference_date == dt.date(2025, 3, 4)
    )
    assert rig.rd.round_at("SELIC", dt.date(2025, 3, 3)) is None
    assert [r.value for r in rig.rd.rounds("SELIC", dt.date(2025, 3, 1), ASH_WEDNESDAY)] == [
        Decimal("0.050788")
    ]


def test_too_few_signatures_are_refused(rig: Rig) -> None:
    with reverts("InsufficientSignatures", 2, 3):
        rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2], SELIC, TUESDAY, VALUE))
    with pytest.raises(
        ReferenceDataRevert, match=r"SELIC round of 2025-03-04: 2 reporter signatures, 3 needed"
    ):
        rig.rd.publish(
            [
                rig.rd.sign_vote(r, "SELIC", dt.date(2025, 3, 4), Decimal("0.050788"), SOURCE_A, 0)
                for r in (R1, R2)
            ]
        )


def test_a_duplicated_reporter_is_refused(rig: Rig) -> None:
    one = rig.vote(R1, SELIC, TUESDAY, VALUE)
    with reverts("DuplicateReporter", R1.address):
        rig.publish(SELIC, TUESDAY, VALUE, [one, rig.vote(R2, SELIC, TUESDAY, VALUE), one])
    # the same reporter again with another observation time is the same reporter
    again = rig.vote(R1, SELIC, TUESDAY, VALUE, observed_at=one[0] - 5)
    with reverts("DuplicateReporter", R1.address):
        rig.publish(SELIC, TUESDAY, VALUE, [one, again, rig.vote(R2, SELIC, TUESDAY, VALUE)])


def _signer(rig: Rig, vote: tuple[int, bytes], **domain: object) -> str:
    fields: dict[str, object] = dict(
        chain_id=rig.chain.chain_id,
        contract=rig.contract.address,
        series_id=SELIC,
        reference_date=TUESDAY,
        value=VALUE,
        source_hash=SOURCE_A,
        observed_at=vote[0],
        config_version=1,
    )
    fields.update(domain)
    return recover_observation(vote[1], **fields)


def test_a_signature_for_another_chain_is_refused(rig: Rig) -> None:
    other = rig.vote(R3, SELIC, TUESDAY, VALUE, chain_id=rig.chain.chain_id + 1)
    assert _signer(rig, other, chain_id=rig.chain.chain_id + 1) == R3.address  # genuine, for that chain
    recovered = _signer(rig, other)  # what this chain's digest recovers to: nobody we know
    assert recovered != R3.address
    with reverts("NotAReporter", recovered):
        rig.publish(SELIC, TUESDAY, VALUE, [*rig.votes([R1, R2], SELIC, TUESDAY, VALUE), other])


def test_a_signature_for_another_contract_is_refused(rig: Rig) -> None:
    twin = Rig(rig.chain)  # the same configuration at another address
    votes = [rig.vote(r, SELIC, TUESDAY, VALUE, contract=twin.contract.address) for r in (R1, R2, R3)]
    with reverts("NotAReporter"):
        rig.publish(SELIC, TUESDAY, VALUE, votes)
    twin.publish(SELIC, TUESDAY, VALUE, votes)  # where they were made for, they publish
    assert twin.latest(SELIC)[0] == VALUE


def test_malformed_and_bad_signatures_are_refused(rig: Rig) -> None:
    good = rig.votes([R1, R2], SELIC, TUESDAY, VALUE)
    observed, signature = rig.vote(R3, SELIC, TUESDAY, VALUE)
    n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    s = int.from_bytes(signature[32:64], "big")
    high_s = signature[:32] + (n - s).to_bytes(32, "big") + signature[64:]  # the malleable twin
    for malformed in (signature[:64], signature + b"\x00", bytes(65), signature[:64] + b"\x05", high_s):
        with reverts("InvalidSignature", 2):
            rig.publish(SELIC, TUESDAY, VALUE, [*good, (observed, malformed)])
    # a well-formed signature over other content recovers to someone else
    wrong = rig.vote(R3, SELIC, TUESDAY, VALUE + 1)
    with reverts("NotAReporter"):
        rig.publish(SELIC, TUESDAY, VALUE, [*good, wrong])
    # a signature by someone who is not a reporter
    with reverts("NotAReporter", OUTSIDER.address):
        rig.publish(SELIC, TUESDAY, VALUE, [*good, rig.vote(OUTSIDER, SELIC, TUESDAY, VALUE)])


def test_an_out_of_order_round_is_refused(rig: Rig) -> None:
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    earlier = TUESDAY - 1
    with reverts("OutOfOrderRound", SELIC, earlier, TUESDAY):
        rig.publish(SELIC, earlier, VALUE, rig.votes([R1, R2, R3], SELIC, earlier, VALUE))
    with reverts("OutOfOrderRound", SELIC, earlier, TUESDAY):
        rig.report(R1, SELIC, earlier, VALUE)


def test_a_future_reference_date_is_refused(rig: Rig) -> None:
    today = rig.today()
    assert today == WEDNESDAY
    with reverts("FutureReferenceDate", SELIC, today + 1, today):
        rig.publish(SELIC, today + 1, VALUE, rig.votes([R1, R2, R3], SELIC, today + 1, VALUE))
    rig.publish(SELIC, today, VALUE, rig.votes([R1, R2, R3], SELIC, today, VALUE))  # today itself is fine


def test_a_series_with_lead_days_may_be_dated_up_to_them_ahead(rig: Rig) -> None:
    """The NTN-B VNA of the 15th is known days before it: its rounds may be dated 5 days ahead, no more;
    such a round is 0 days old and fresh until its date has passed."""
    today = rig.today()
    lead = SERIES["VNA_NTNB"].lead_days
    assert lead == 5
    vna = 4_571_349712  # R$ 4.571,349712
    too_far = today + lead + 1
    with reverts("FutureReferenceDate", VNA_NTNB, too_far, today):
        rig.publish(VNA_NTNB, too_far, vna, rig.votes([R1, R2, R3], VNA_NTNB, too_far, vna))
    with reverts("FutureReferenceDate", VNA_NTNB, too_far, today):
        rig.report(R1, VNA_NTNB, too_far, vna)
    ahead = today + lead
    rig.publish(VNA_NTNB, ahead, vna, rig.votes([R1, R2, R3], VNA_NTNB, ahead, vna))
    assert rig.rd.age("VNA_NTNB") == 0
    fresh = rig.rd.latest_fresh("VNA_NTNB", 0)
    assert (fresh.reference_date, fresh.value) == (from_day_number(ahead), Decimal("4571.349712"))
    assert rig.rd.round_at("VNA_NTNB", from_day_number(today)) is None  # pricing asks by date
    with reverts("FutureReferenceDate", SELIC, today + 1, today):  # a series without lead days: none
        rig.report(R1, SELIC, today + 1, VALUE)


def test_a_future_observation_is_refused(rig: Rig) -> None:
    late = rig.vote(R3, SELIC, TUESDAY, VALUE, observed_at=rig.chain.timestamp() + 3600)
    with reverts("FutureObservation", 2, late[0]):
        rig.publish(SELIC, TUESDAY, VALUE, [*rig.votes([R1, R2], SELIC, TUESDAY, VALUE), late])


def test_values_out_of_bounds_are_refused(rig: Rig) -> None:
    for value in (1_000_001, -1):  # SELIC: 0 .. 1 % a.d. with 6 places
        with reverts("ValueOutOfBounds", SELIC, value, 0, 1_000_000):
            rig.publish(SELIC, TUESDAY, value, rig.votes([R1, R2, R3], SELIC, TUESDAY, value))
    rig.publish(SELIC, TUESDAY, 1_000_000, rig.votes([R1, R2, R3], SELIC, TUESDAY, 1_000_000))
    with reverts("ValueOutOfBounds", PTAX, 4_999, 5_000, 500_000):  # PTAX: 0.5 .. 50 BRL/USD
        rig.report(R1, PTAX, TUESDAY, 4_999)


def test_a_move_too_large_is_refused(rig: Rig) -> None:
    rig.publish(SELIC, TUESDAY - 1, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY - 1, VALUE))
    jump = VALUE + 20_001  # SELIC moves at most 0.02 % a.d. from one round to the next
    with reverts("MoveTooLarge", SELIC, jump, VALUE, 20_000):
        rig.publish(SELIC, TUESDAY, jump, rig.votes([R1, R2, R3], SELIC, TUESDAY, jump))
    with pytest.raises(ReferenceDataRevert, match=r"moves 0.020001 % a.d. from the previous round's"):
        rig.rd.publish(
            [
                rig.rd.sign_vote(r, "SELIC", dt.date(2025, 3, 4), Decimal("0.070789"), SOURCE_A, 0)
                for r in (R1, R2, R3)
            ]
        )
    rig.publish(SELIC, TUESDAY, VALUE - 20_000, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE - 20_000))


def test_a_monthly_round_must_be_on_the_first_of_the_month(rig: Rig) -> None:
    second = day_of(dt.date(2025, 2, 2))
    with reverts("NotFirstOfMonth", IPCA, second):
        rig.publish(IPCA, second, 131, rig.votes([R1, R2, R3], IPCA, second, 131))
    first = day_of(dt.date(2025, 2, 1))
    rig.publish(IPCA, first, 131, rig.votes([R1, R2, R3], IPCA, first, 131))
    assert rig.rd.latest("IPCA") is not None and rig.rd.age("IPCA") == 1  # February -> March


def test_unknown_and_inactive_series_are_refused(rig: Rig) -> None:
    nope = series_id("NOPE")
    with reverts("UnknownSeries", nope):
        rig.publish(nope, TUESDAY, 1, rig.votes([R1, R2, R3], nope, TUESDAY, 1))
    rig.rd.configure_series("PTAX_SELL", active=False)
    with reverts("UnknownSeries", PTAX):
        rig.report(R1, PTAX, TUESDAY, 54321)


def test_configuration_is_for_the_admin_only(rig: Rig) -> None:
    bank = rig.chain.account("BANK_A")
    admin_role = bytes(32)
    calls = [
        rig.fn.configureSeries(PTAX, (4, 0, 0, 10, 0, True, 365)),  # e.g. a year of lead days
        rig.fn.configureReporters([bank.address, R1.address, R2.address, R3.address], 1, 4),
        rig.fn.setHolidays([WEDNESDAY], True),
    ]
    for call in calls:
        with reverts("AccessControlUnauthorizedAccount", bank.address, admin_role):
            rig.chain.transact(call, sender=bank)
    with pytest.raises(ReferenceDataRevert, match="is not ReferenceData's administrator"):
        rig.rd.platform.as_signer(bank).reference_data.configure_series("SELIC")


def test_an_old_configuration_signature_is_refused_after_reconfiguration(rig: Rig) -> None:
    old = rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE)
    rig.report(R1, SELIC, TUESDAY, VALUE)
    rig.report(R2, SELIC, TUESDAY, VALUE)
    rig.rd.configure_reporters([a.address for a in REPORTERS], 1, 4)  # same reporters, version 2
    assert rig.version() == 2
    with reverts("NotAReporter"):
        rig.publish(SELIC, TUESDAY, VALUE, old)
    # the stored votes of version 1 no longer count: one new vote is one vote
    receipt = rig.report(R3, SELIC, TUESDAY, VALUE)
    assert rig.events(receipt, "RoundPublished") == []
    assert rig.chain.call(rig.fn.voteOf(SELIC, TUESDAY, R1.address))[0] is False
    rig.report(R1, SELIC, TUESDAY, VALUE)
    published = rig.report(R2, SELIC, TUESDAY, VALUE)
    assert rig.events(published, "RoundPublished")[0]["configVersion"] == 2


def test_reporters_must_be_configured_before_any_round(chain: Chain) -> None:
    bare = Rig(chain, reporters=False)
    with reverts("ReportersNotConfigured"):
        bare.publish(SELIC, TUESDAY, VALUE, [])


def test_reporter_configurations_are_validated(rig: Rig) -> None:
    addresses = [a.address for a in REPORTERS]
    for args, error in (
        ((addresses[:3], 1, 3), ("InvalidFaultTolerance", 3, 1)),  # n = 3 is not > 3f
        ((addresses, 1, 3), ("InvalidAmendmentQuorum", 3, 3, 4)),  # must be above the quorum
        ((addresses, 1, 5), ("InvalidAmendmentQuorum", 5, 3, 4)),  # at most n
        (([*addresses[:3], "0x" + "00" * 20], 1, 4), ("InvalidReporter", "0x" + "00" * 20)),
        (([*addresses[:3], addresses[0]], 1, 4), ("DuplicateReporter", addresses[0])),
        (
            ([to_checksum_address(f"0x{i + 1:040x}") for i in range(256)], 0, 200),
            ("TooManyReporters", 256, 255),
        ),
    ):
        with reverts(*error):
            rig.chain.transact(rig.fn.configureReporters(*args), sender=rig.bcb)
    assert rig.version() == 1


def test_series_configuration_is_validated_and_locked_by_rounds(rig: Rig) -> None:
    with reverts("InvalidSeriesConfig", PTAX):
        rig.chain.transact(rig.fn.configureSeries(PTAX, (4, 0, 10, 9, 0, True, 0)), sender=rig.bcb)
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    with reverts("SeriesConfigLocked", SELIC):
        rig.chain.transact(rig.fn.configureSeries(SELIC, (8, 0, 0, 10**8, 0, True, 0)), sender=rig.bcb)
    with reverts("SeriesConfigLocked", SELIC):
        rig.chain.transact(rig.fn.configureSeries(SELIC, (6, 1, 0, 10**6, 0, True, 0)), sender=rig.bcb)
    rig.chain.transact(
        rig.fn.configureSeries(SELIC, (6, 0, 0, 2 * 10**6, 0, True, 1)), sender=rig.bcb
    )  # bounds and lead days may
    ids = rig.chain.call(rig.fn.seriesIds())
    assert [bytes(i) for i in ids] == [SELIC, IPCA, PTAX, VNA_NTNB]


# ----------------------------------------------------------------------------- sharing through the chain


def test_report_publishes_on_the_third_identical_vote(rig: Rig) -> None:
    gas = []
    for reporter in (R1, R2):
        receipt = rig.report(reporter, SELIC, TUESDAY, VALUE, sender=OUTSIDER)  # anyone may relay
        gas.append(receipt["gasUsed"])
        [recorded] = rig.events(receipt, "VoteRecorded")
        assert recorded["reporter"] == reporter.address and recorded["value"] == VALUE
        assert rig.events(receipt, "RoundPublished") == [] and rig.events(receipt, "Disagreement") == []
    with reverts("NoRound", SELIC):
        rig.latest(SELIC)
    voted = rig.rd.vote_of("SELIC", dt.date(2025, 3, 4), R2.address)
    assert voted is not None and voted.value == Decimal("0.050788") and voted.source_hash == SOURCE_A
    third = rig.report(R3, SELIC, TUESDAY, VALUE)
    gas.append(third["gasUsed"])
    print(f"report, per vote: {gas} gas (the third publishes)")
    [event] = rig.events(third, "RoundPublished")
    assert (event["value"], event["signers"], event["configVersion"]) == (VALUE, 3, 1)
    with reverts("RoundAlreadyPublished", SELIC, TUESDAY):
        rig.report(R4, SELIC, TUESDAY, VALUE)
    with reverts("AlreadyVoted", R1.address):  # a second vote of a reporter, whatever its content
        rig.report(R1, SELIC, TUESDAY, VALUE + 1)


def test_a_disagreement_is_recorded_and_the_majority_still_publishes(rig: Rig) -> None:
    rig.report(R1, SELIC, TUESDAY, VALUE)
    rig.report(R2, SELIC, TUESDAY, VALUE)
    dissent = rig.report(R3, SELIC, TUESDAY, VALUE + 1, SOURCE_B)
    assert rig.events(dissent, "Disagreement") == [
        {
            "series": SELIC,
            "referenceDate": TUESDAY,
            "reporter": R3.address,
            "value": VALUE + 1,
            "sourceHash": SOURCE_B,
            "otherValue": VALUE,
            "otherSourceHash": SOURCE_A,
        }
    ]  # once, though two reporters hold the other content
    assert rig.events(dissent, "RoundPublished") == []
    majority = rig.report(R4, SELIC, TUESDAY, VALUE)
    [flag] = rig.events(majority, "Disagreement")
    assert (flag["reporter"], flag["value"], flag["otherValue"]) == (R4.address, VALUE, VALUE + 1)
    [published] = rig.events(majority, "RoundPublished")
    assert (published["value"], published["sourceHash"], published["signers"]) == (VALUE, SOURCE_A, 3)
    # the same value from another source payload is a disagreement too
    rig.report(R1, SELIC, WEDNESDAY, VALUE)
    other_payload = rig.report(R2, SELIC, WEDNESDAY, VALUE, SOURCE_B)
    assert [e["otherSourceHash"] for e in rig.events(other_payload, "Disagreement")] == [SOURCE_A]


# ----------------------------------------------------------------------------- amendments


def test_an_amendment_needs_all_four_reporters(rig: Rig) -> None:
    rig.publish(SELIC, TUESDAY - 1, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY - 1, VALUE))
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    rig.chain.increase_time(60)  # the reporters sign the correction after they saw the round
    fixed = VALUE + 7
    with reverts("InsufficientSignatures", 3, 4):
        rig.publish(SELIC, TUESDAY, fixed, rig.votes([R1, R2, R3], SELIC, TUESDAY, fixed), SOURCE_B)
    receipt = rig.publish(
        SELIC, TUESDAY, fixed, rig.votes(REPORTERS, SELIC, TUESDAY, fixed, SOURCE_B), SOURCE_B
    )
    [amended] = rig.events(receipt, "RoundAmended")
    assert (amended["previousValue"], amended["value"], amended["signers"]) == (VALUE, fixed, 4)
    value, date, _, _, source, version, signers, amendments = rig.latest(SELIC)
    assert (value, date, source, version, signers, amendments) == (fixed, TUESDAY, SOURCE_B, 1, 4, 1)
    with reverts("RoundAlreadyPublished", SELIC, TUESDAY):
        rig.publish(SELIC, TUESDAY, fixed, rig.votes(REPORTERS, SELIC, TUESDAY, fixed, SOURCE_B), SOURCE_B)
    # bounds and the move from the round before the amended one still hold
    jump = VALUE + 20_001
    with reverts("MoveTooLarge", SELIC, jump, VALUE, 20_000):
        rig.publish(SELIC, TUESDAY, jump, rig.votes(REPORTERS, SELIC, TUESDAY, jump))
    # the first round has no round before it: only its bounds hold
    rig.publish(SELIC, TUESDAY - 1, jump, rig.votes(REPORTERS, SELIC, TUESDAY - 1, jump))
    with reverts("ValueOutOfBounds"):
        rig.publish(SELIC, TUESDAY - 1, -5, rig.votes(REPORTERS, SELIC, TUESDAY - 1, -5))


def test_report_never_amends_it_records_the_disagreement(rig: Rig) -> None:
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    rig.chain.increase_time(60)
    fixed = VALUE - 3
    for reporter in REPORTERS:
        receipt = rig.report(reporter, SELIC, TUESDAY, fixed, SOURCE_B)
        [flag] = rig.events(receipt, "Disagreement")  # against the published round
        assert (flag["otherValue"], flag["value"]) == (VALUE, fixed)
        assert rig.events(receipt, "RoundAmended") == []
        assert rig.chain.call(rig.fn.voteOf(SELIC, TUESDAY, reporter.address))[:3] == [True, fixed, SOURCE_B]
    assert rig.latest(SELIC)[0] == VALUE  # all four dissent, yet only publish corrects a round
    with reverts("AlreadyVoted", R1.address):  # the signed vote cannot be replayed to repeat the alarm
        rig.report(R1, SELIC, TUESDAY, fixed, SOURCE_B)
    with reverts("RoundAlreadyPublished", SELIC, TUESDAY):
        rig.report(R4, SELIC, TUESDAY, VALUE)
    # the correction itself: the four signatures through publish
    receipt = rig.publish(
        SELIC, TUESDAY, fixed, rig.votes(REPORTERS, SELIC, TUESDAY, fixed, SOURCE_B), SOURCE_B
    )
    [amended] = rig.events(receipt, "RoundAmended")
    assert (amended["previousValue"], amended["value"], amended["signers"]) == (VALUE, fixed, 4)


# ----------------------------------------------------------------------------- what clients check


def test_the_digest_and_domain_are_what_clients_compute(rig: Rig) -> None:
    observed = rig.chain.timestamp()
    ours = observation_digest(
        chain_id=rig.chain.chain_id,
        contract=rig.contract.address,
        series_id=SELIC,
        reference_date=TUESDAY,
        value=-VALUE,
        source_hash=SOURCE_A,
        observed_at=observed,
        config_version=1,
    )
    assert bytes(rig.chain.call(rig.fn.observationDigest(SELIC, TUESDAY, -VALUE, SOURCE_A, observed))) == ours
    _, name, version, chain_id, verifying, _, _ = rig.chain.call(rig.fn.eip712Domain())
    assert (name, version, chain_id, verifying) == (
        "DrexReferenceData",
        "1",
        rig.chain.chain_id,
        rig.contract.address,
    )
    vote = rig.rd.sign_vote(R1, "SELIC", dt.date(2025, 3, 4), Decimal("0.050788"), SOURCE_A, observed)
    assert rig.rd.digest(vote) == observation_digest(
        chain_id=rig.chain.chain_id,
        contract=rig.contract.address,
        series_id=SELIC,
        reference_date=TUESDAY,
        value=VALUE,
        source_hash=SOURCE_A,
        observed_at=observed,
        config_version=1,
    )
    assert rig.rd.signer_of(vote) == R1.address
    type_hash = rig.chain.call(rig.fn.OBSERVATION_TYPEHASH())
    assert bytes(type_hash) == keccak(
        text="Observation(bytes32 series,uint32 referenceDate,int256 value,bytes32 sourceHash,"
        "uint64 observedAt,uint64 configVersion)"
    )


def test_stale_rounds_are_explained_in_business_days(rig: Rig) -> None:
    friday = day_of(dt.date(2025, 2, 28))
    rig.publish(SELIC, friday, VALUE, rig.votes([R1, R2, R3], SELIC, friday, VALUE))
    # Saturday, Sunday, Carnival Monday and Tuesday do not count: Wednesday is one business day later
    assert rig.rd.age("SELIC") == 1
    with reverts("StaleRound", SELIC, friday, 1, 0):
        rig.chain.call(rig.fn.latestFresh(SELIC, 0))
    with pytest.raises(StaleReferenceData) as raised:
        rig.rd.latest_fresh("SELIC", 0)
    assert str(raised.value) == (
        "SELIC is stale: its last round is of 2025-02-28 (reference date 2025-02-28), 1 business day old; "
        "at most 0 business days allowed"
    )
    assert raised.value.reference_date == dt.date(2025, 2, 28) and raised.value.age == 1
    assert rig.rd.latest_fresh("SELIC", 1).value == Decimal("0.050788")
