"""Phase 2 of the ceremony (circuit specific) and its outputs: ``circuits/setup/`` and the verifier.

The steps, each a command of ``drex private ceremony``:

- ``setup``: ``groth16 setup`` of the compiled circuit with the cached phase 1 into ``<name>_0000.zkey``,
  in the circuit's working folder ``.drex-cache/ceremony/work/<name>/`` (its progress in ``state.json``);
- ``contribute NAME``: one institution's contribution (its own ``os.urandom`` entropy) on the latest zkey;
- ``finalize``: a beacon (the same local stand-in as phase 1's), ``zkey verify`` against the r1cs and the
  ptau, then the outputs: ``circuits/setup/<name>.zkey``, ``<name>.vkey.json``, ``<name>.transcript.json``
  (every contribution with its hash, the circuit hash, snarkjs' version, the power) and the Solidity
  verifier ``contracts/privacy/generated/<Template>Verifier.sol`` (snarkjs' template, renamed);
- ``rebuild``: all of it, phase 1 included (unless cached), with one contribution per participant.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drex.privacy.prover.toolchain import snarkjs_dir, snarkjs_version
from drex.privacy.setup.circuit import CompiledCircuit, compile_circuit, sha256_file
from drex.privacy.setup.errors import CeremonyError
from drex.privacy.setup.outputs import SetupFiles, check_setup, setup_files
from drex.privacy.setup.phase1 import (
    BEACON_ITERATIONS_EXP,
    BEACON_NOTE,
    Timer,
    beacon_hash,
    cache_dir,
    cached_phase1,
    entropy,
    phase1,
    ptau_path,
)

#: The circuit the platform proves with.
DEFAULT_CIRCUIT = "joinsplit"
#: The institutions of the pilot that contribute to ``rebuild`` by default.
DEFAULT_PARTICIPANTS = ("BCB", "STN", "BANK_A", "BANK_B")
_TEMPLATE_CONTRACT = "contract Groth16Verifier {"


def workdir(root: Path, name: str) -> Path:
    return cache_dir(root) / "work" / name


def _state_path(root: Path, name: str) -> Path:
    return workdir(root, name) / "state.json"


def _read_state(root: Path, name: str, step: str) -> dict[str, Any]:
    path = _state_path(root, name)
    if not path.is_file():
        raise CeremonyError(f"{step}: no ceremony in progress for {name}: run `drex private ceremony setup`")
    state: dict[str, Any] = json.loads(path.read_text())
    return state


def _write_state(root: Path, name: str, state: dict[str, Any]) -> None:
    _state_path(root, name).write_text(json.dumps(state, indent=1) + "\n")


def _current(root: Path, name: str, step: str, circuit: CompiledCircuit) -> dict[str, Any]:
    """The ceremony in progress, refused when the circuit changed since its ``setup``."""
    state = _read_state(root, name, step)
    if state["r1csSha256"] != circuit.circuit_hash:
        raise CeremonyError(
            f"{step}: the circuit {name} changed since `drex private ceremony setup` (r1cs hash "
            f"{circuit.circuit_hash[:12]}…, the ceremony is for {state['r1csSha256'][:12]}…): run setup again"
        )
    return state


def setup(
    root: Path, timer: Timer, *, name: str = DEFAULT_CIRCUIT, power: int | None = None
) -> dict[str, Any]:
    """``groth16 setup``: start a phase 2 for the compiled circuit from the cached phase 1."""
    circuit = compile_circuit(root, name)
    power = power if power is not None else circuit.power
    if power < circuit.power:
        raise CeremonyError(
            f"setup: {name} has {circuit.constraints} constraints and needs a phase 1 of 2^{circuit.power} "
            f"or more, not 2^{power}"
        )
    record = cached_phase1(root, power)
    if record is None:
        raise CeremonyError(
            f"setup: no phase 1 of 2^{power} in {cache_dir(root)}: run `drex private ceremony phase1 "
            f"--power {power}`"
        )
    work = workdir(root, name)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    zkey = work / f"{name}_0000.zkey"
    cs_hash = timer.run(f"phase 2: groth16 setup of {name}", "zkeyNew", r1cs=circuit.r1cs,
                        ptau=ptau_path(root, power), out=zkey)  # fmt: skip
    state = {
        "circuit": name,
        "r1csSha256": circuit.circuit_hash,
        "power": power,
        "circuitCsHash": cs_hash,
        "zkey": zkey.name,
        "contributions": [],
    }
    _write_state(root, name, state)
    return state


def contribute(root: Path, institution: str, timer: Timer, *, name: str = DEFAULT_CIRCUIT) -> str:
    """One institution's phase-2 contribution on the latest zkey; returns its contribution hash."""
    if not institution.strip():
        raise CeremonyError("contribute: the institution's name is empty")
    circuit = compile_circuit(root, name)
    state = _current(root, name, "contribute", circuit)
    if any(c["name"] == institution for c in state["contributions"]):
        raise CeremonyError(f"contribute: {institution} has already contributed to this ceremony")
    work = workdir(root, name)
    before = work / state["zkey"]
    after = work / f"{name}_{len(state['contributions']) + 1:04d}.zkey"
    digest: str = timer.run(
        f"phase 2: contribution of {institution}", "zkeyContribute",
        **{"in": before}, out=after, name=institution, entropy=entropy(),
    )  # fmt: skip
    state["contributions"].append({"name": institution, "hash": digest})
    state["zkey"] = after.name
    _write_state(root, name, state)
    return digest


def exported_verifier(zkey: Path, contract: str, timer: Timer) -> str:
    """The Solidity verifier of ``zkey``: snarkjs' Groth16 template with the contract named ``contract``."""
    code: str = timer.run("export the Solidity verifier", "exportSolidityVerifier", zkey=zkey)
    if code.count(_TEMPLATE_CONTRACT) != 1:
        raise CeremonyError(f"export the Solidity verifier: snarkjs' template has no `{_TEMPLATE_CONTRACT}`")
    return code.replace(_TEMPLATE_CONTRACT, f"contract {contract} {{")


def finalize(root: Path, timer: Timer, *, name: str = DEFAULT_CIRCUIT) -> SetupFiles:
    """Beacon, verify, export; write ``circuits/setup/`` and the Solidity verifier."""
    circuit = compile_circuit(root, name)
    state = _current(root, name, "finalize", circuit)
    if not state["contributions"]:
        raise CeremonyError(
            "finalize: no institution has contributed yet: run `drex private ceremony contribute`"
        )
    phase1_record = cached_phase1(root, state["power"])
    if phase1_record is None:
        raise CeremonyError(
            f"finalize: the phase 1 of 2^{state['power']} is no longer cached: run phase1 and setup"
        )
    work, ptau = workdir(root, name), ptau_path(root, state["power"])
    final = work / f"{name}_final.zkey"
    beacon = beacon_hash()
    beacon_digest = timer.run(
        "phase 2: beacon", "zkeyBeacon", **{"in": work / state["zkey"]}, out=final,
        name="beacon", beaconHash=beacon, iterationsExp=BEACON_ITERATIONS_EXP,
    )  # fmt: skip
    timer.run("phase 2: zkey verify", "zkeyVerify", r1cs=circuit.r1cs, ptau=ptau, zkey=final)
    vkey = timer.run("export the verification key", "exportVerificationKey", zkey=final)
    verifier = exported_verifier(final, circuit.verifier_contract, timer)

    files = setup_files(root, name, circuit.template)
    files.zkey.parent.mkdir(parents=True, exist_ok=True)
    files.verifier.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(final, files.zkey)
    files.vkey.write_text(json.dumps(vkey, indent=1) + "\n")
    files.verifier.write_text(verifier)
    transcript = {
        "circuit": name,
        "template": circuit.template,
        "r1csSha256": circuit.circuit_hash,
        "constraints": circuit.constraints,
        "publicSignals": list(circuit.public_signals),
        "power": state["power"],
        "snarkjs": snarkjs_version(snarkjs_dir()),
        "phase1": phase1_record,
        "phase2": {
            "circuitCsHash": state["circuitCsHash"],
            "contributions": state["contributions"],
            "beacon": {
                "hash": beacon,
                "iterationsExp": BEACON_ITERATIONS_EXP,
                "contributionHash": beacon_digest,
                "note": BEACON_NOTE,
            },
        },
        "zkeySha256": sha256_file(files.zkey),
        "verificationKeySha256": sha256_file(files.vkey),
        "verifier": {"contract": circuit.verifier_contract, "sha256": sha256_file(files.verifier)},
    }
    files.transcript.write_text(json.dumps(transcript, indent=1) + "\n")
    return files


def rebuild(
    root: Path,
    participants: Sequence[str],
    timer: Timer,
    *,
    name: str = DEFAULT_CIRCUIT,
    power: int | None = None,
    fresh_phase1: bool = False,
) -> SetupFiles:
    """The whole ceremony in one command: phase 1 (reused when cached), setup, one contribution per
    participant, finalize."""
    if not participants:
        raise CeremonyError("rebuild: no participant")
    circuit = compile_circuit(root, name)
    power = power if power is not None else circuit.power
    phase1(root, power, participants, timer, force=fresh_phase1)
    setup(root, timer, name=name, power=power)
    for institution in participants:
        contribute(root, institution, timer, name=name)
    return finalize(root, timer, name=name)


@dataclass(frozen=True)
class Verification:
    """What ``drex private ceremony verify`` established."""

    transcript: dict[str, Any]
    #: Why ``snarkjs zkey verify`` was not run (the phase 1 is not cached here), or ``None``: it passed.
    skipped: str | None


def verify(root: Path, timer: Timer, *, name: str = DEFAULT_CIRCUIT) -> Verification:
    """Check that ``circuits/setup/`` fits the compiled circuit, that the verification key and the
    Solidity verifier are the ones its zkey exports, and, when this machine has the phase 1 cached, run
    ``snarkjs zkey verify`` (the zkey derives from the r1cs and that phase 1 through the recorded
    contributions)."""
    circuit = compile_circuit(root, name)
    transcript = check_setup(root, name, circuit.template, circuit.circuit_hash)
    files = setup_files(root, name, circuit.template)
    vkey = timer.run("export the verification key", "exportVerificationKey", zkey=files.zkey)
    if vkey != json.loads(files.vkey.read_text()):
        raise CeremonyError(f"verify: {files.vkey.name} is not the verification key of {files.zkey.name}")
    if exported_verifier(files.zkey, circuit.verifier_contract, timer) != files.verifier.read_text():
        raise CeremonyError(
            f"verify: {files.verifier.name} is not the verifier snarkjs exports from the zkey"
        )
    power = int(transcript["power"])
    record = cached_phase1(root, power)
    if record is None:
        return Verification(transcript, f"no phase 1 of 2^{power} cached in {cache_dir(root)}")
    if record["preparedPtauSha256"] != transcript["phase1"]["preparedPtauSha256"]:
        return Verification(
            transcript, f"the phase 1 of 2^{power} cached here is another one than the setup's"
        )
    timer.run("zkey verify", "zkeyVerify", r1cs=circuit.r1cs, ptau=ptau_path(root, power), zkey=files.zkey)
    return Verification(transcript, None)
