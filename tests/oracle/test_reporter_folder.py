"""Reporters sharing their votes through a folder drop (no server): each writes its vote as
``DIR/<series>/<date>/<reporter>.json`` atomically; whoever finds a quorum of identical valid votes
publishes; a publication by another reporter counts as done; disagreeing votes are relayed to the chain;
a vote file that is not a valid vote of a current reporter is ignored and reported."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from eth_keys.constants import SECPK1_N

from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.deploy import Manifest
from drex.oracle.reporter import StepReport
from drex.oracle.share import Event, FolderShare
from drex.sdk.reference import SignedVote
from oracle.reporting import FRI, ORACLES, THU, Reporters, deploy_oracles, selic_rows, value


@pytest.fixture(scope="module")
def manifest(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return deploy_oracles(chain, tmp_path_factory.mktemp("deploy") / "deployment.json")


@pytest.fixture()
def rs(chain: Chain, manifest: Manifest, tmp_path: Path) -> Iterator[Reporters]:
    r = Reporters(chain, manifest, tmp_path)
    yield r
    r.close()


@pytest.fixture()
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


def kinds(step: StepReport) -> list[str]:
    return [e.kind for e in step.events]


def vote_file(drop: Path, role: str, day: str = "2025-01-03") -> Path:
    return drop / "SELIC" / day / f"{dev_account(role).address}.json"


def test_four_reporters_publish_a_round_through_a_folder(rs: Reporters, drop: Path) -> None:
    source = rs.csv("selic", selic_rows())
    reporters = [rs.make(role, source, share=drop, max_back=1) for role in ORACLES]
    started = time.perf_counter()
    first, second, third, fourth = (r.step() for r in reporters)
    print(f"4 reporters, one round through a folder drop: {time.perf_counter() - started:.2f} s")
    assert kinds(first) == kinds(second) == ["signed", "shared", "waiting"]
    assert kinds(third) == ["signed", "shared", "published"] and fourth.events == []
    fri = rs.platform().reference_data.round_at("SELIC", FRI)
    assert fri is not None and (fri.value, fri.signers) == (value("0.045513"), 3)
    folder = drop / "SELIC" / "2025-01-03"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{dev_account(role).address}.json" for role in ORACLES[:3]
    )  # no temporary file left behind
    doc = json.loads(vote_file(drop, "ORACLE_1").read_text())
    assert doc["value"] == "0.045513" and doc["unit"] == "% a.d." and doc["config_version"] == 1
    assert (
        doc["reporter"] == dev_account("ORACLE_1").address and len(bytes.fromhex(doc["signature"][2:])) == 65
    )
    assert reporters[0].step().events == []  # the round is out: nothing left to do


def test_a_publication_by_another_reporter_counts_as_done(rs: Reporters, drop: Path) -> None:
    source = rs.csv("selic", selic_rows())
    reporters = [rs.make(role, source, share=drop, max_back=1) for role in ORACLES]
    for r in reporters[:2]:
        r.step()
    # the third and fourth reporters find a quorum at the same time: one publishes, the other sees it done
    outcomes: list[list[Event]] = []
    threads = [threading.Thread(target=lambda r=r: outcomes.append(r.step().events)) for r in reporters[2:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = sorted(e.kind for events in outcomes for e in events if e.kind.startswith("published"))
    assert done in (["published"], ["published", "published-elsewhere"]), outcomes
    fri = rs.platform().reference_data.round_at("SELIC", FRI)
    assert fri is not None and fri.signers in (3, 4)


def test_a_later_round_out_first_makes_an_earlier_quorum_superseded(rs: Reporters, drop: Path) -> None:
    # three reporters vote Thursday into their own folders; Friday is published through the chain
    for role in ORACLES[:3]:
        own = rs.tmp / f"own-{role}"
        own.mkdir()
        assert kinds(rs.make(role, rs.csv("selic", selic_rows()), share=own).step())[-1] == "waiting"
        shutil.copytree(own / "SELIC", drop / "SELIC", dirs_exist_ok=True)
    for j in rs.journals:
        j.close()
    for role in ORACLES[1:]:
        rs.make(role, rs.csv("selic", selic_rows()), max_back=1).step()  # through the chain, Friday only
    data = rs.platform(ORACLES[3]).reference_data
    assert data.latest("SELIC") is not None and data.latest("SELIC").reference_date == FRI  # type: ignore[union-attr]
    share = FolderShare(drop, data)
    rset = data.reporter_set()
    assert [e.kind for e in share.complete("SELIC", THU, rset, "% a.d.")] == ["superseded"]
    assert [e.kind for e in share.complete("SELIC", FRI, rset, "% a.d.")] == []


def test_disagreeing_votes_in_the_folder_are_recorded_on_chain(rs: Reporters, drop: Path) -> None:
    dissenter = rs.make("ORACLE_4", rs.csv("odd", selic_rows(fri="0.045600")), share=drop, max_back=1)
    majority = [rs.make(role, rs.csv("honest", selic_rows()), share=drop, max_back=1) for role in ORACLES[:3]]
    assert kinds(dissenter.step()) == ["signed", "shared", "waiting"]
    first = majority[0].step()
    assert kinds(first) == ["signed", "shared", "disagreement", "disagreement", "waiting"]
    second = kinds(majority[1].step())  # the relays follow the files' order (by address)
    assert second[:2] == ["signed", "shared"] and second[-1] == "waiting"
    assert sorted(second[2:-1]) == ["already-shared", "already-shared", "disagreement"]
    third = majority[2].step()
    assert kinds(third)[:3] == ["signed", "shared", "published"]
    data = rs.platform().reference_data
    fri = data.round_at("SELIC", FRI)
    assert fri is not None and fri.value == value("0.045513")
    logs = data.contract.events.Disagreement().get_logs(from_block=0)
    assert len(logs) == 2 and all(
        {e["args"]["value"], e["args"]["otherValue"]} == {45513, 45600} for e in logs
    )
    assert data.vote_of("SELIC", FRI, dev_account("ORACLE_4").address).value == value("0.045600")  # type: ignore[union-attr]


def test_a_vote_file_that_is_not_a_valid_vote_is_ignored(rs: Reporters, drop: Path) -> None:
    source = rs.csv("selic", selic_rows())
    reporters = [rs.make(role, source, share=drop, max_back=1) for role in ORACLES[:3]]
    reporters[0].step()
    doc = json.loads(vote_file(drop, "ORACLE_1").read_text())
    forged = {**doc, "reporter": dev_account("ORACLE_4").address}  # ORACLE_1's signature, ORACLE_4's name
    vote_file(drop, "ORACLE_4").write_text(json.dumps(forged))
    (drop / "SELIC" / "2025-01-03" / "0xgarbage.json").write_text("{not json")
    other_chain = {**doc, "chain_id": 1}
    (drop / "SELIC" / "2025-01-03" / f"{dev_account('BCB').address}.json").write_text(json.dumps(other_chain))
    second = reporters[1].step()
    ignored = [e.message for e in second.events if e.kind == "ignored"]
    assert len(ignored) == 3, second.events
    assert any("its signature is by " + dev_account("ORACLE_1").address in m for m in ignored)
    assert any("unreadable" in m for m in ignored) and any("it is for chain 1" in m for m in ignored)
    assert kinds(reporters[2].step())[-1] == "published"
    fri = rs.platform().reference_data.round_at("SELIC", FRI)
    assert fri is not None and fri.signers == 3


SOURCE = hashlib.sha256(b"SELIC 2025-01-03").digest()


def signed(rs: Reporters, role: str, observed_at: int, fri: str = "0.045513") -> SignedVote:
    data = rs.platform(role).reference_data
    return data.sign_vote(dev_account(role), "SELIC", FRI, Decimal(fri), SOURCE, observed_at)


def poisoned(vote: SignedVote, poison: str) -> SignedVote:
    """``vote``'s signature in a form eth-account recovers but the contract refuses."""
    sig = bytearray(vote.signature)
    if poison == "high_s":  # the other signature of the same message: (r, n - s), v flipped
        s = int.from_bytes(sig[32:64], "big")
        sig[32:64] = (SECPK1_N - s).to_bytes(32, "big")
        sig[64] = 55 - sig[64]
    elif poison == "v01":
        sig[64] -= 27
    return replace(vote, signature=bytes(sig))


@pytest.mark.parametrize("poison", ["future", "high_s", "v01"])
def test_a_vote_the_contract_would_refuse_does_not_block_the_honest_round(
    rs: Reporters, drop: Path, poison: str
) -> None:
    data = rs.platform("BCB").reference_data  # any signer relays
    share = FolderShare(drop, data)
    now = rs.chain.timestamp()
    for role in ORACLES[:3]:
        share.share(signed(rs, role, now), "% a.d.")
    bad = signed(rs, "ORACLE_4", now + 10**6 if poison == "future" else now)
    bad = poisoned(bad, poison)
    assert data.signer_of(bad) == bad.reporter  # eth-account recovers the reporter it names
    share.share(bad, "% a.d.")
    rset = data.reporter_set()
    votes, ignored = share.votes("SELIC", FRI, rset)
    assert len(votes) == 3 and len(ignored) == 1 and bad.reporter in ignored[0].message
    events = share.complete("SELIC", FRI, rset, "% a.d.")
    assert [e.kind for e in events] == ["ignored", "published"], events
    fri = data.round_at("SELIC", FRI)
    assert fri is not None and fri.signers == 3


def test_publish_sends_a_quorum_and_drops_a_vote_the_contract_refuses(rs: Reporters, drop: Path) -> None:
    data = rs.platform("BCB").reference_data  # any signer relays
    share = FolderShare(drop, data)
    now = rs.chain.timestamp()
    honest = [signed(rs, role, now) for role in ORACLES[:3]]
    bad = poisoned(signed(rs, "ORACLE_4", now), "high_s")  # past the folder's checks (the backstop)
    rset = data.reporter_set()
    events = share._publish("SELIC", FRI, [bad, *honest], rset, "% a.d.")
    assert [e.kind for e in events] == ["ignored", "published"], events
    assert "InvalidSignature" in events[0].message or "signature" in events[0].message
    fri = data.round_at("SELIC", FRI)
    assert fri is not None and fri.signers == rset.quorum == 3


def test_four_valid_votes_publish_with_exactly_the_quorum(rs: Reporters, drop: Path) -> None:
    data = rs.platform("BCB").reference_data  # any signer relays
    share = FolderShare(drop, data)
    now = rs.chain.timestamp()
    for role in ORACLES:
        share.share(signed(rs, role, now), "% a.d.")
    events = share.complete("SELIC", FRI, data.reporter_set(), "% a.d.")
    assert [e.kind for e in events] == ["published"]
    fri = data.round_at("SELIC", FRI)
    assert fri is not None and fri.signers == 3
