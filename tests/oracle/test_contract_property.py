"""Property of ReferenceData's quorum, on anvil: for any sequence of votes (reporters or not, repeated or not,
on a few competing contents), a round is published if and only if a quorum (3 of 4) of distinct reporters
signed the identical content, and the published round is always that content; once published, ``report``
never changes it (a differing vote is stored as a disagreement, corrections go through ``publish``).

Both paths are drawn: votes shared one by one through the chain (``report``), and a bundle of signatures
relayed at once (``publish``) in which a signature may be a non-reporter's, a repeated reporter's, or made
over other content. Every example runs in a snapshot of one deployment, reverted after it.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import strategies as st

from drex.chain import Chain
from drex.chain.reverts import ContractRevert
from hypothesis_profiles import examples
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

#: Competing contents (value, source hash): two values, and the first value from another payload.
CONTENTS = ((50788, SOURCE_A), (50789, SOURCE_A), (50788, SOURCE_B))
#: Signers by index: the four reporters, then someone who is not one.
SIGNERS = (*REPORTERS, OUTSIDER)
TUESDAY = day_of(ASH_WEDNESDAY) - 1
QUORUM = 3

votes_strategy = st.lists(
    st.tuples(st.integers(0, len(SIGNERS) - 1), st.integers(0, len(CONTENTS) - 1)), max_size=9
)


def _reverted(chain: Chain, call: object) -> str | None:
    """The error name the call reverted with, or None when it was mined."""
    try:
        chain.transact(call, sender=OUTSIDER)  # type: ignore[arg-type]
    except ContractRevert as exc:
        return exc.error_name
    return None


def _expected_report(votes: list[tuple[int, int]]) -> tuple[list[str | None], int | None]:
    """The model of ``report``: each vote's outcome (None = stored) and the published content, if any."""
    outcomes: list[str | None] = []
    published: int | None = None
    voted: set[int] = set()
    counts: Counter[int] = Counter()
    for who, content in votes:
        value = CONTENTS[content][0]
        if published is not None and CONTENTS[published][0] == value:
            outcomes.append("RoundAlreadyPublished")  # the published value again, from any payload
        elif who == len(REPORTERS):
            outcomes.append("NotAReporter")
        elif who in voted:
            outcomes.append("AlreadyVoted")
        else:
            voted.add(who)
            outcomes.append(None)  # stored; against a published round only a disagreement: never counted
            if published is None:
                counts[content] += 1
                if counts[content] >= QUORUM:
                    published = content
    return outcomes, published


@examples(25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(votes=votes_strategy)
@example(votes=[(0, 0), (1, 0), (2, 1), (4, 0), (1, 2), (3, 0), (2, 0), (3, 2)])  # published on the 6th
@example(votes=[(0, 2), (1, 2), (2, 0), (3, 2), (0, 0)])  # the other payload wins; its value again refused
@example(votes=[(0, 0), (1, 0), (2, 0), (3, 1), (3, 0)])  # a dissent after publication: stored, not counted
def test_report_publishes_exactly_the_content_a_quorum_signed(rig: Rig, votes: list[tuple[int, int]]) -> None:
    snapshot = rig.chain.snapshot()
    try:
        outcomes, published = _expected_report(votes)
        for (who, content), expected in zip(votes, outcomes, strict=True):
            value, source = CONTENTS[content]
            vote = rig.vote(SIGNERS[who], SELIC, TUESDAY, value, source)
            got = _reverted(rig.chain, rig.fn.report(SELIC, TUESDAY, value, source, vote))
            assert got == expected, (votes, who, content)
        if published is None:
            with pytest.raises(ContractRevert, match="NoRound"):
                rig.latest(SELIC)
        else:
            value, date, _, _, source, version, signers, _ = rig.latest(SELIC)
            assert (value, source, date, version, signers) == (*CONTENTS[published], TUESDAY, 1, QUORUM)
    finally:
        rig.chain.revert(snapshot)


@examples(25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(bundle=votes_strategy, submitted=st.integers(0, len(CONTENTS) - 1))
@example(bundle=[(3, 1), (0, 1), (2, 1)], submitted=1)  # published
@example(bundle=[(1, 0), (2, 0)], submitted=0)  # two are not a quorum
@example(bundle=[(3, 1), (0, 1), (2, 1), (3, 1)], submitted=1)  # a reporter twice
@example(bundle=[(3, 1), (0, 1), (2, 2)], submitted=1)  # one signed other content
def test_publish_needs_a_quorum_of_distinct_reporters_on_the_submitted_content(
    rig: Rig, bundle: list[tuple[int, int]], submitted: int
) -> None:
    """``bundle``: (signer, content it signed); the transaction submits content ``submitted``."""
    snapshot = rig.chain.snapshot()
    try:
        value, source = CONTENTS[submitted]
        votes = [rig.vote(SIGNERS[who], SELIC, TUESDAY, *CONTENTS[content]) for who, content in bundle]
        expected: str | None = None
        if len(bundle) < QUORUM:
            expected = "InsufficientSignatures"
        else:
            seen: set[int] = set()
            for who, content in bundle:
                if who == len(REPORTERS) or content != submitted:
                    expected = "NotAReporter"  # a signature over other content recovers to someone else
                    break
                if who in seen:
                    expected = "DuplicateReporter"
                    break
                seen.add(who)
        got = _reverted(rig.chain, rig.fn.publish(SELIC, TUESDAY, value, source, votes))
        assert got == expected, (bundle, submitted)
        if expected is None:
            got_value, _, _, _, got_source, _, signers, _ = rig.latest(SELIC)
            assert (got_value, got_source, signers) == (value, source, len(bundle))
    finally:
        rig.chain.revert(snapshot)
