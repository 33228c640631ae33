"""Amending a published ReferenceData round, on anvil: only through ``publish``, with the amendment quorum
(all four dev reporters) of signatures observed after the round's last publication or amendment.

A signed observation does not say which state of the round it replaces, so without that rule the
signatures that published a value could be replayed (by anyone, or completed by one malicious reporter)
to undo a correction. These tests are the adversarial review's attacks, now refused, and the honest
corrections that must still work. The genesis is Wednesday 5 March 2025, noon in Brasília; each test runs in
a snapshot of one deployment reverted after it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from drex.chain.reverts import ContractRevert
from drex.sdk.reference import ReferenceDataRevert
from oracle.contract_helpers import (
    ASH_WEDNESDAY,
    OUTSIDER,
    REPORTERS,
    SELIC,
    SOURCE_A,
    SOURCE_B,
    Rig,
    day_of,
    start_node,
)

START_NODE = start_node  # the contract tests' dated node (see conftest)

R1, R2, R3, R4 = REPORTERS
MALICIOUS = R4
TUESDAY = day_of(ASH_WEDNESDAY) - 1
VALUE = 50788  # 0.050788 % a.d.
FIXED = VALUE + 7  # the correction
VALUE_FIGURE = Decimal("0.050788")


def published_at(rig: Rig) -> int:
    return int(rig.latest(SELIC)[3])


def stale(index: int, observed_at: int, published: int) -> pytest.RaisesExc[ContractRevert]:
    return pytest.raises(
        ContractRevert,
        check=lambda e: e.error_name == "StaleAmendmentVote" and e.args == (index, observed_at, published),
    )


def correct(rig: Rig, value: int = FIXED, source: bytes = SOURCE_B) -> None:
    """The four reporters sign ``value`` a minute after they saw the round, and it is published."""
    rig.chain.increase_time(60)
    rig.publish(SELIC, TUESDAY, value, rig.votes(REPORTERS, SELIC, TUESDAY, value, source), source)
    assert rig.latest(SELIC)[0] == value


def test_an_honest_amendment_with_four_fresh_signatures(rig: Rig) -> None:
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    first = published_at(rig)
    rig.chain.increase_time(60)
    votes = rig.votes(REPORTERS, SELIC, TUESDAY, FIXED, SOURCE_B)
    receipt = rig.publish(SELIC, TUESDAY, FIXED, votes, SOURCE_B)
    [amended] = rig.events(receipt, "RoundAmended")
    assert (amended["previousValue"], amended["value"], amended["signers"]) == (VALUE, FIXED, 4)
    value, _, observed, when, source, _, signers, amendments = rig.latest(SELIC)
    assert (value, observed, source, signers, amendments) == (FIXED, votes[0][0], SOURCE_B, 4, 1)
    assert when > first


def test_a_correction_signed_at_the_publication_time_is_stale(rig: Rig) -> None:
    """Strictly after: a signature observed in the very second of the publication may predate it."""
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    when = published_at(rig)
    rig.chain.increase_time(60)
    votes = [
        rig.vote(R1, SELIC, TUESDAY, FIXED, SOURCE_B),
        rig.vote(R2, SELIC, TUESDAY, FIXED, SOURCE_B),
        rig.vote(R3, SELIC, TUESDAY, FIXED, SOURCE_B, observed_at=when),
        rig.vote(R4, SELIC, TUESDAY, FIXED, SOURCE_B),
    ]
    with stale(2, when, when):
        rig.publish(SELIC, TUESDAY, FIXED, votes, SOURCE_B)
    assert rig.latest(SELIC)[0] == VALUE


def test_replaying_the_original_publication_cannot_undo_a_correction(rig: Rig) -> None:
    """All four signed VALUE; later all four signed the correction. Anyone relaying the original calldata
    again is refused: those signatures predate the correction."""
    original = rig.votes(REPORTERS, SELIC, TUESDAY, VALUE)
    rig.publish(SELIC, TUESDAY, VALUE, original)
    correct(rig)
    with stale(0, original[0][0], published_at(rig)):
        rig.publish(SELIC, TUESDAY, VALUE, original, sender=OUTSIDER)
    assert rig.latest(SELIC)[0] == FIXED


def test_one_malicious_reporter_and_old_signatures_cannot_undo_a_correction(rig: Rig) -> None:
    """Three honest reporters published VALUE; all four corrected it; the malicious one signs VALUE afresh
    and adds the three old signatures: the first old one is refused."""
    original = rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE)
    rig.publish(SELIC, TUESDAY, VALUE, original)
    correct(rig)
    rig.chain.increase_time(60)
    fresh = rig.vote(MALICIOUS, SELIC, TUESDAY, VALUE)
    with stale(0, original[0][0], published_at(rig)):
        rig.publish(SELIC, TUESDAY, VALUE, [*original, fresh], sender=OUTSIDER)
    with stale(1, original[0][0], published_at(rig)):  # wherever the fresh one is placed
        rig.publish(SELIC, TUESDAY, VALUE, [fresh, *original], sender=OUTSIDER)
    assert rig.latest(SELIC)[0] == FIXED


def test_one_malicious_report_cannot_complete_a_stale_tally(rig: Rig) -> None:
    """Sharing through the chain: three honest reports publish VALUE (a tally of 3 on it); the four correct
    it through publish; the malicious reporter's report of VALUE is only a disagreement."""
    for reporter in (R1, R2, R3):
        rig.report(reporter, SELIC, TUESDAY, VALUE)
    assert rig.latest(SELIC)[0] == VALUE
    correct(rig)
    receipt = rig.report(MALICIOUS, SELIC, TUESDAY, VALUE)
    assert rig.events(receipt, "RoundAmended") == []
    [flag] = rig.events(receipt, "Disagreement")
    assert (flag["reporter"], flag["value"], flag["otherValue"]) == (MALICIOUS.address, VALUE, FIXED)
    assert rig.latest(SELIC)[0] == FIXED
    assert rig.latest(SELIC)[7] == 1


def test_a_second_correction_needs_signatures_newer_than_the_first(rig: Rig) -> None:
    rig.publish(SELIC, TUESDAY, VALUE, rig.votes([R1, R2, R3], SELIC, TUESDAY, VALUE))
    rig.chain.increase_time(60)
    # the reporters sign two candidate corrections before the first one is published
    early = rig.votes(REPORTERS, SELIC, TUESDAY, FIXED + 1, SOURCE_A)
    rig.chain.increase_time(60)
    rig.publish(SELIC, TUESDAY, FIXED, rig.votes(REPORTERS, SELIC, TUESDAY, FIXED, SOURCE_B), SOURCE_B)
    amended_at = published_at(rig)
    with stale(0, early[0][0], amended_at):
        rig.publish(SELIC, TUESDAY, FIXED + 1, early)
    # nor can the first correction's own signatures come back after a second one
    first_correction = rig.votes(REPORTERS, SELIC, TUESDAY, FIXED, SOURCE_B)  # observed at amended_at
    with stale(0, amended_at, amended_at):
        rig.publish(
            SELIC,
            TUESDAY,
            FIXED + 1,
            [rig.vote(r, SELIC, TUESDAY, FIXED + 1, observed_at=amended_at) for r in REPORTERS],
        )
    correct(rig, FIXED + 1, SOURCE_A)
    assert rig.latest(SELIC)[7] == 2
    with stale(0, amended_at, published_at(rig)):
        rig.publish(SELIC, TUESDAY, FIXED, first_correction, SOURCE_B)
    assert rig.latest(SELIC)[0] == FIXED + 1


def test_the_sdk_explains_a_stale_amendment_vote(rig: Rig) -> None:
    day = ASH_WEDNESDAY.replace(day=4)
    original = [
        rig.rd.sign_vote(r, "SELIC", day, VALUE_FIGURE, SOURCE_A, rig.chain.timestamp()) for r in REPORTERS
    ]
    rig.rd.publish(original)
    correct(rig)
    with pytest.raises(ReferenceDataRevert) as raised:
        rig.rd.publish(original)
    when = published_at(rig)
    assert raised.value.error_name == "StaleAmendmentVote"
    assert str(raised.value).startswith(
        f"SELIC round of 2025-03-04: vote 0 was observed at unix {original[0].observed_at}, not after the "
        f"round's last publication (unix {when})"
    )
