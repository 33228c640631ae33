"""Put each main circuit's proving artefacts into the package data, ``drex/artifacts/privacy/``.

For circuit ``<name>``: ``<name>.wasm`` (the witness generator, from the compile), ``<name>.zkey`` and
``<name>.vkey.json`` (from ``circuits/setup/``, after :func:`~drex.privacy.setup.outputs.check_setup`)
and ``<name>.json``: the circuit hash, the number of constraints, the public signals in the verifier's
order, the ptau power, the verifier contract's name, and the hashes this step is cached by. When the
sources hash and the transcript are those of the last packaging, nothing is compiled or copied (only the
zkey's hash is checked again). Run by :func:`drex.build.build` (``drex build``, the test session, the
wheel build).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drex.privacy.setup.circuit import (
    compile_circuit,
    main_circuits,
    main_template,
    sha256_file,
    sources_hash,
)
from drex.privacy.setup.outputs import check_setup, setup_files

#: The package data subfolder (of ``drex/artifacts``) holding the proving artefacts.
SUBDIR = "privacy"


@dataclass(frozen=True)
class PackagedCircuit:
    """One circuit's artefacts in the package data, and whether this run compiled or copied anything."""

    name: str
    constraints: int
    circuit_hash: str
    compiled: bool
    copied: bool


def package_circuits(root: Path, artifacts: Path, *, force: bool = False) -> tuple[PackagedCircuit, ...]:
    """Compile (if needed, always with ``force``) and package every main circuit of ``root`` into
    ``artifacts/privacy``."""
    out = artifacts / SUBDIR
    names = main_circuits(root)
    if not names:
        return ()
    out.mkdir(parents=True, exist_ok=True)
    return tuple(_package(root, name, out, force) for name in names)


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _copy(src: Path, dst: Path) -> None:
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def _package(root: Path, name: str, out: Path, force: bool) -> PackagedCircuit:
    template = main_template(root, name)
    meta_path = out / f"{name}.json"
    meta, digest = _read(meta_path), sources_hash(root, name)
    wasm_out = out / f"{name}.wasm"
    current = meta.get("sourcesHash") == digest and wasm_out.is_file() and not force
    compiled, wasm = False, wasm_out
    if current:
        info = meta
    else:
        circuit = compile_circuit(root, name, force=force)
        compiled, wasm = circuit.compiled, circuit.wasm
        info = {
            "circuitHash": circuit.circuit_hash,
            "constraints": circuit.constraints,
            "publicSignals": list(circuit.public_signals),
            "power": circuit.power,
        }
    transcript = check_setup(root, name, template, info["circuitHash"])
    files = setup_files(root, name, template)
    packaged = (out / f"{name}.zkey", out / f"{name}.vkey.json")
    if current and meta.get("zkeySha256") == transcript["zkeySha256"] and all(p.is_file() for p in packaged):
        return PackagedCircuit(name, int(info["constraints"]), str(info["circuitHash"]), False, False)
    if wasm != wasm_out:
        _copy(wasm, wasm_out)
    _copy(files.zkey, packaged[0])
    _copy(files.vkey, packaged[1])
    doc = {
        "circuit": name,
        "template": template,
        "verifierContract": f"{template}Verifier",
        "circuitHash": info["circuitHash"],
        "constraints": info["constraints"],
        "publicSignals": info["publicSignals"],
        "power": transcript["power"],
        "snarkjs": transcript["snarkjs"],
        "sourcesHash": digest,
        "zkeySha256": transcript["zkeySha256"],
        "wasmSha256": sha256_file(wasm_out),
    }
    tmp = meta_path.with_name(f".{meta_path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(doc, indent=1) + "\n")
    os.replace(tmp, meta_path)
    return PackagedCircuit(name, int(info["constraints"]), str(info["circuitHash"]), compiled, True)
