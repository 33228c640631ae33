"""The prover's worker, on the tiny circuit's ceremony (its proofs take a fraction of a second): a bad
input is an error answer and the worker goes on, a dead worker is started again, a proof that overruns
the timeout stops the worker, and concurrent callers are served one at a time."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drex.privacy.prover import Proof, Prover, ProverError

pytestmark = pytest.mark.xdist_group("ceremony")

INPUT = {"a": 3, "b": 4, "c": 5}
SIGNALS = (17, 0, 5)  # out = a * b + c, flag = (a == b), c


@pytest.fixture()
def prover(tiny_artefacts: Path) -> Iterator[Prover]:
    with Prover(wasm=tiny_artefacts / "tiny.wasm", zkey=tiny_artefacts / "tiny.zkey") as p:
        yield p


def test_a_bad_input_is_an_error_answer_and_the_worker_goes_on(prover: Prover) -> None:
    assert prover.prove(INPUT).public_signals == SIGNALS
    pid = prover.worker_pid
    with pytest.raises(ProverError, match="no proof for these inputs of tiny: Not all inputs have been set"):
        prover.prove({"a": 3})
    with pytest.raises(ProverError, match="no proof for these inputs of tiny: .*input signal d"):
        prover.prove({**INPUT, "d": 1})
    assert prover.prove(INPUT).public_signals == SIGNALS
    assert prover.worker_pid == pid and prover.starts == 1


def test_a_dead_worker_is_started_again(prover: Prover) -> None:
    prover.prove(INPUT)
    pid = prover.worker_pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while prover.worker_pid is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert prover.worker_pid is None
    assert prover.prove(INPUT).public_signals == SIGNALS
    assert prover.starts == 2 and prover.worker_pid not in (None, pid)


def test_an_overrun_stops_the_worker_and_the_next_proof_starts_a_new_one(prover: Prover) -> None:
    prover.timeout = 0.001
    with pytest.raises(ProverError, match="no answer from the prover worker within 0.001 s"):
        prover.prove(INPUT)
    assert prover.worker_pid is None
    prover.timeout = 300
    assert prover.prove(INPUT).public_signals == SIGNALS
    assert prover.starts == 2


def test_concurrent_callers_are_served_one_at_a_time(prover: Prover) -> None:
    results: dict[int, Proof] = {}

    def prove(c: int) -> None:
        results[c] = prover.prove({**INPUT, "c": c})

    threads = [threading.Thread(target=prove, args=(c,)) for c in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert {c: r.public_signals for c, r in results.items()} == {c: (12 + c, 0, c) for c in range(8)}
    assert prover.starts == 1


def test_the_wasm_and_the_zkey_go_together(tmp_path: Path) -> None:
    with pytest.raises(ProverError, match="give both"):
        Prover(wasm=tmp_path / "x.wasm")
