"""Groth16 proofs of the platform's circuits, made by a persistent Node worker running snarkjs.

Starting Node, importing snarkjs and building its BN254 curve take about a second, more than some proofs,
so one worker (``worker.mjs``) per :class:`Prover` does it once and then answers requests, one JSON line
each way. The worker starts on the first proof; a worker that died (or overran the timeout and was
stopped) is started again on the next one. Calls from several threads are serialised.

The proving artefacts are package data (``drex/artifacts/privacy/``, see
:mod:`drex.privacy.setup.package`); in a checkout they are refused, like the contract artifacts, when the
circuit's sources changed since ``drex build``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from drex.build.artifacts import MissingArtifacts, artifacts_dir
from drex.errors import DrexError
from drex.paths import checkout_root
from drex.privacy.prover.proof import Proof
from drex.privacy.prover.toolchain import node_binary, snarkjs_dir

WORKER = Path(__file__).with_name("worker.mjs")
#: The circuit of the shielded pools.
JOINSPLIT = "joinsplit"


class ProverError(DrexError):
    """No proof: the input satisfies no constraint system of the circuit, or the worker failed."""


@dataclass(frozen=True)
class CircuitArtifacts:
    """A circuit's proving artefacts in the package data, and its description (``<name>.json``)."""

    name: str
    wasm: Path
    zkey: Path
    vkey: Path
    info: Mapping[str, Any]

    @property
    def public_signals(self) -> tuple[str, ...]:
        """The names of the public signals, in the verifier's order."""
        return tuple(self.info["publicSignals"])


def circuit_artifacts(name: str = JOINSPLIT) -> CircuitArtifacts:
    """The packaged artefacts of circuit ``name`` (``DREX_ROOT``'s checkout first, like the contracts)."""
    folder = Path(str(artifacts_dir())) / "privacy"
    paths = [folder / f"{name}.{ext}" for ext in ("json", "wasm", "zkey", "vkey.json")]
    if not all(p.is_file() for p in paths):
        hint = (
            "run `drex build`" if checkout_root() is not None else "this drex package was built without them"
        )
        raise MissingArtifacts(f"no proving artefacts for the circuit {name} in {folder}: {hint}")
    info: dict[str, Any] = json.loads(paths[0].read_text())
    root = checkout_root()
    if root is not None and folder.resolve().is_relative_to(root) and (root / "circuits").is_dir():
        _check_fresh(root, name, folder, info)
    return CircuitArtifacts(name, paths[1], paths[2], paths[3], info)


def _check_fresh(root: Path, name: str, folder: Path, info: Mapping[str, Any]) -> None:
    """In a checkout, refuse artefacts packaged before the circuit or its trusted setup changed."""
    from drex.privacy.setup.circuit import sources_hash

    transcript = root / "circuits" / "setup" / f"{name}.transcript.json"
    setup = json.loads(transcript.read_text()) if transcript.is_file() else {}
    changed = None
    if sources_hash(root, name) != info.get("sourcesHash"):
        changed = "circuits/ changed"
    elif setup and setup.get("zkeySha256") != info.get("zkeySha256"):
        changed = "circuits/setup/ holds another trusted setup"
    if changed:
        raise MissingArtifacts(
            f"the proving artefacts of {name} in {folder} are stale ({changed} since they were packaged): "
            "run `drex build`"
        )


def _strings(value: Any) -> Any:
    """Circuit input with every integer as a decimal string (JSON numbers lose precision above 2^53)."""
    if isinstance(value, bool):
        raise ProverError("a circuit input is a number, not a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strings(v) for v in value]
    return value


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


class Prover:
    """Makes :class:`Proof` s of one circuit; ``with Prover() as p: p.prove(inputs)``.

    ``wasm`` and ``zkey`` default to the packaged artefacts of ``circuit`` (``joinsplit``); ``timeout``
    bounds one proof (seconds, the worker's start included).
    """

    def __init__(
        self,
        circuit: str | None = None,
        *,
        wasm: Path | None = None,
        zkey: Path | None = None,
        timeout: float = 300.0,
    ) -> None:
        if (wasm is None) != (zkey is None):
            raise ProverError("give both the witness generator (wasm) and the proving key (zkey), or neither")
        #: The circuit's name: ``circuit``, else the witness generator's file name, else ``joinsplit``.
        self.circuit = circuit or (wasm.stem if wasm is not None else JOINSPLIT)
        self._files = (wasm, zkey) if wasm is not None and zkey is not None else None
        self.timeout = timeout
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._buffer = b""
        self._next_id = 0
        self.starts = 0  #: how many workers were started (a restart after a crash counts)

    def __enter__(self) -> Prover:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker (it is also stopped when the Prover is garbage-collected)."""
        with self._lock:
            self._shutdown()

    @property
    def worker_pid(self) -> int | None:
        """The running worker's process id, or ``None``."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def prove(self, inputs: Mapping[str, Any]) -> Proof:
        """Compute the witness of ``inputs`` (the circuit's input signals by name) and prove it."""
        request = {"input": _strings(inputs)}
        with self._lock:
            deadline = time.monotonic() + self.timeout
            if self._proc is None or self._proc.poll() is not None:
                self._start(deadline)
            self._next_id += 1
            request["id"] = self._next_id
            answer = self._exchange(json.dumps(request).encode() + b"\n", deadline)
        if answer.get("id") != request["id"]:
            raise ProverError(f"the prover worker answered request {answer.get('id')} to {request['id']}")
        if "error" in answer:
            raise ProverError(f"no proof for these inputs of {self.circuit}: {answer['error']}")
        return Proof.from_snarkjs(answer["proof"], answer["publicSignals"])

    # ------------------------------------------------------------------ worker
    def _start(self, deadline: float) -> None:
        self._shutdown()
        if self._files is None:
            found = circuit_artifacts(self.circuit)
            self._files = (found.wasm, found.zkey)
        wasm, zkey = self._files
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - the worker's log, closed with the worker
        self._proc = subprocess.Popen(
            [node_binary(), str(WORKER), str(snarkjs_dir()), str(wasm), str(zkey)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        self.starts += 1
        self._buffer = b""
        weakref.finalize(self, _stop, self._proc)
        if not self._read(deadline).get("ready"):
            raise self._failure("the prover worker did not start")

    def _exchange(self, line: bytes, deadline: float) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(line)
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise self._failure(f"the prover worker stopped ({exc})") from exc
        return self._read(deadline)

    def _read(self, deadline: float) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._failure(f"no answer from the prover worker within {self.timeout:g} s")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise self._failure("the prover worker stopped")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _failure(self, what: str) -> ProverError:
        """A ProverError with the worker's last log lines; the worker is stopped (restarted next time)."""
        log = b""
        if self._log is not None and self._proc is not None:
            _stop(self._proc)
            self._log.seek(0)
            log = self._log.read()[-1500:]
        self._shutdown()
        tail = " | ".join(log.decode(errors="replace").strip().splitlines()[-5:])
        return ProverError(f"{what}" + (f": {tail}" if tail else ""))

    def _shutdown(self) -> None:
        if self._proc is not None:
            if self._proc.stdin is not None:
                with contextlib.suppress(OSError):
                    self._proc.stdin.close()
            _stop(self._proc)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
