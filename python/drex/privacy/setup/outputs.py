"""The ceremony's outputs for a circuit, committed to git, and the check that they fit the compiled circuit.

``circuits/setup/<name>.zkey`` (the final proving key), ``<name>.vkey.json`` (its verification key),
``<name>.transcript.json`` (the ceremony's record: the r1cs hash it was made for, every contribution
with its hash, the power, snarkjs' version, the hashes of the files) and the Solidity verifier
``contracts/privacy/generated/<Template>Verifier.sol``. :func:`check_setup` is what ``drex build`` runs
before packaging a zkey: it never lets a zkey made for another circuit, or files that differ from the
transcript, through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drex.privacy.setup.circuit import sha256_file
from drex.privacy.setup.errors import SetupMismatch

#: What to run when the setup does not match the circuit.
REBUILD_HINT = "run `drex private ceremony rebuild` (the trusted-setup ceremony) and commit circuits/setup/"


@dataclass(frozen=True)
class SetupFiles:
    """Where the ceremony's outputs for one circuit live in the checkout."""

    zkey: Path
    vkey: Path
    transcript: Path
    verifier: Path


def setup_files(root: Path, name: str, template: str) -> SetupFiles:
    """The output paths of circuit ``name`` whose main component is ``template``."""
    setup = root / "circuits" / "setup"
    return SetupFiles(
        setup / f"{name}.zkey",
        setup / f"{name}.vkey.json",
        setup / f"{name}.transcript.json",
        root / "contracts" / "privacy" / "generated" / f"{template}Verifier.sol",
    )


def check_setup(root: Path, name: str, template: str, circuit_hash: str) -> dict[str, Any]:
    """The transcript of ``circuits/setup/`` for circuit ``name``, after checking that it was made for the
    r1cs whose sha256 is ``circuit_hash`` and that the zkey, the verification key and the verifier are
    the ones it records; else :class:`SetupMismatch` saying to run the ceremony."""
    files = setup_files(root, name, template)
    missing = [p for p in (files.zkey, files.vkey, files.transcript, files.verifier) if not p.is_file()]
    if missing:
        shown = ", ".join(str(p.relative_to(root)) for p in missing)
        raise SetupMismatch(f"no trusted setup for the circuit {name} ({shown} missing): {REBUILD_HINT}")
    transcript: dict[str, Any] = json.loads(files.transcript.read_text())
    if transcript.get("r1csSha256") != circuit_hash:
        raise SetupMismatch(
            f"circuits/setup/ was made for another version of the circuit {name} (r1cs sha256 "
            f"{str(transcript.get('r1csSha256'))[:12]}…, the compiled circuit is {circuit_hash[:12]}…): "
            f"{REBUILD_HINT}"
        )
    recorded = {
        files.zkey: transcript.get("zkeySha256"),
        files.vkey: transcript.get("verificationKeySha256"),
        files.verifier: transcript.get("verifier", {}).get("sha256"),
    }
    for path, digest in recorded.items():
        if sha256_file(path) != digest:
            raise SetupMismatch(
                f"{path.relative_to(root)} is not the file the ceremony's transcript records: {REBUILD_HINT}"
            )
    return transcript
