"""A reporter process (``drex oracle run``) killed with SIGKILL in the middle of a round, its source's
answer then changed, then restarted: it signs nothing conflicting (the conflict is reported, the journaled
vote is shared instead) and the round completes with the other reporters.

The process talks to anvil through a proxy (:mod:`oracle.rpc_gate`) that holds one kind of call, so the
test knows where the process stands when it kills it: holding ``eth_sendRawTransaction``, the vote is
signed and journaled but its transaction never reached the node; holding ``eth_getTransactionReceipt``,
the transaction was sent and mined but the process never learnt it.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode
from drex.deploy import Manifest
from oracle.reporting import (
    DREX,
    ORACLES,
    THU,
    Reporters,
    clean_env,
    deploy_oracles,
    drex,
    selic_rows,
    value,
    wait_until,
    write_csv,
)
from oracle.rpc_gate import RpcGate


@pytest.fixture(scope="module")
def deployment(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> tuple[Manifest, Path]:
    path = tmp_path_factory.mktemp("deploy") / "deployment.json"
    return deploy_oracles(chain, path), path


@pytest.fixture()
def rs(chain: Chain, deployment: tuple[Manifest, Path], tmp_path: Path) -> Iterator[Reporters]:
    r = Reporters(chain, deployment[0], tmp_path)
    yield r
    r.close()


def run_args(network: str, manifest: Path, csv: Path, journal: Path) -> list[str]:
    return [
        "oracle", "run", "--network", network, "--manifest", str(manifest), "--as", "ORACLE_1",
        "--series", "SELIC", "--source", f"csv:{csv}", "--journal", str(journal), "--share", "chain",
        "--once", "--max-back", "2", "--settle", "0",
    ]  # fmt: skip


def journal_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.mark.parametrize("held", ["eth_sendRawTransaction", "eth_getTransactionReceipt"])
def test_a_reporter_killed_mid_round_signs_nothing_conflicting_after_a_restart(
    held: str, node: AnvilNode, deployment: tuple[Manifest, Path], rs: Reporters, tmp_path: Path
) -> None:
    _, manifest = deployment
    csv = write_csv(tmp_path / "oracle1.csv", selic_rows())
    journal = tmp_path / "oracle1.jsonl"
    data = rs.platform().reference_data
    me = dev_account("ORACLE_1").address
    gate = RpcGate(node.url, {held})
    try:
        proc = subprocess.Popen(
            [DREX, *run_args(gate.url, manifest, csv, journal)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(),
        )  # fmt: skip
        try:
            wait_until(lambda: gate.held or proc.poll() is not None, 120, f"the reporter's {held}")
            assert proc.poll() is None, proc.communicate()
            journaled = journal_lines(journal)
            assert [(e["referenceDate"], e["value"]) for e in journaled] == [("2025-01-02", "0.045513")]
        finally:
            proc.kill()  # SIGKILL: no cleanup, no flush, no exit handler
            proc.communicate(timeout=30)
        assert proc.returncode == -9
    finally:
        gate.close()
    on_chain = data.vote_of("SELIC", THU, me)
    if held == "eth_sendRawTransaction":
        assert on_chain is None  # signed and journaled, never sent
    else:
        assert on_chain is not None and on_chain.value == value("0.045513")  # sent and mined, never confirmed
    before = journal.read_bytes()

    write_csv(csv, selic_rows(thu="0.045600"))  # the source now says something else for Thursday
    again = drex(*run_args(node.url, manifest, csv, journal))
    assert again.returncode == 0, again.stderr
    conflict = [line for line in again.stderr.splitlines() if "conflict" in line]
    assert len(conflict) == 1 and "SELIC 2025-01-02" in conflict[0]
    assert "0.045600 % a.d." in conflict[0] and "0.045513 % a.d." in conflict[0]
    shared = "shared: vote 0.045513 % a.d. reported" if on_chain is None else "already-shared"
    assert shared in again.stdout, again.stdout
    assert journal.read_bytes() == before  # nothing new signed
    vote = data.vote_of("SELIC", THU, me)
    assert vote is not None and vote.value == value("0.045513")
    assert vote.observed_at == journal_lines(journal)[0]["observedAt"]  # the very vote journaled

    for role in ORACLES[1:3]:
        rs.make(role, rs.csv("others", selic_rows())).step()
    thu = data.round_at("SELIC", THU)
    assert thu is not None and (thu.value, thu.signers) == (value("0.045513"), 3)
