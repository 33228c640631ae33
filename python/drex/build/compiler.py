"""Compile the project's Solidity with the pinned solc-js, cached by source hash.

The whole ``contracts/`` tree is compiled in one standard-JSON call through ``solc_driver.js`` (solc-js
from npm, so nothing is downloaded). The optimizer is on and ``evmVersion`` is Shanghai, what the pilot's
Besu 23.10 executes. One artifact per contract is written to ``python/drex/artifacts/<Name>.json`` (package
data, read by :mod:`drex.build.artifacts`) with its ABI, bytecode, deployed bytecode, metadata, storage
layout and NatSpec, and a per-contract ``sourceHash`` (keccak256 over the source file hashes solc records
in the metadata). A build whose inputs (sources, compiler version, settings) hash the same as the last one
compiles nothing. Only ``drex build``, the test session and the wheel build (``setup.py``) call this: nothing
compiles at run time.

The same build then packages the circuits' proving artefacts into ``artifacts/privacy/``
(:mod:`drex.privacy.setup.package`): circom2 compiles ``circuits/*.circom`` (cached by sources hash) and
the trusted setup of ``circuits/setup/`` is copied after checking that it was made for that circuit.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drex.build.artifacts import BUILD_INFO, checkout_artifacts_dir
from drex.errors import DrexError
from drex.paths import checkout_root

if TYPE_CHECKING:
    from drex.privacy.setup.package import PackagedCircuit

SOLC_SETTINGS: dict[str, Any] = {
    "optimizer": {"enabled": True, "runs": 200},
    "evmVersion": "shanghai",
    "outputSelection": {
        "*": {
            "*": [
                "abi",
                "evm.bytecode.object",
                "evm.bytecode.linkReferences",
                "evm.deployedBytecode.object",
                "evm.deployedBytecode.linkReferences",
                "evm.deployedBytecode.immutableReferences",
                "evm.methodIdentifiers",
                "metadata",
                "storageLayout",
                "devdoc",
                "userdoc",
            ],
            # the AST names the immutables that ``immutableReferences`` lists by AST node id
            "": ["ast"],
        }
    },
}

#: Bumped when the artifact format changes, so stale caches are rebuilt (2: link references, libraries;
#: 3: immutable references and names, for ``drex audit verify``).
ARTIFACT_FORMAT = 3


class CompilationError(DrexError):
    """solc reported errors; the message lists them with file and line."""


@dataclass(frozen=True)
class BuildResult:
    """What a build did: the artifacts folder, the contract names, whether solc ran, and the circuits."""

    out_dir: Path
    contracts: tuple[str, ...]
    compiled: bool
    circuits: tuple[PackagedCircuit, ...] = ()


def _sources(contracts_dir: Path) -> dict[str, str]:
    files = sorted(contracts_dir.rglob("*.sol"))
    if not files:
        raise CompilationError(f"no Solidity sources under {contracts_dir}")
    root = contracts_dir.parent
    return {str(f.relative_to(root)): f.read_text() for f in files}


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise CompilationError("node is not on PATH: install Node.js (solc-js runs on it)")
    return node


def _root(root: Path | None) -> Path:
    if root is not None:
        return root
    found = checkout_root()
    if found is None:
        raise CompilationError(
            "drex build compiles a checkout's contracts/, and this drex is an installed package (its "
            "artifacts were compiled when the wheel was built): run it in a checkout, or set DREX_ROOT"
        )
    return found


def solc_version(root: Path | None = None) -> str:
    """The version string of the pinned solc-js, read from its package.json (no compiler start-up)."""
    root = _root(root)
    pkg = root / "node_modules" / "solc" / "package.json"
    if not pkg.exists():
        raise CompilationError("solc-js is not installed: run scripts/bootstrap.sh (npm ci)")
    return str(json.loads(pkg.read_text())["version"])


#: The npm packages of Solidity code the contracts import (their versions are part of a build's inputs).
SOLIDITY_PACKAGES = ("@openzeppelin/contracts", "poseidon-solidity", "@zk-kit/lean-imt.sol")


def _package_versions(root: Path) -> str:
    versions = []
    for name in SOLIDITY_PACKAGES:
        pkg = root / "node_modules" / name / "package.json"
        versions.append(str(json.loads(pkg.read_text())["version"]) if pkg.exists() else "absent")
    return "|".join(versions)


def input_hash(root: Path) -> str:
    """The hash of everything a build of ``root`` depends on (sources, compiler and library versions)."""
    return _input_hash(_sources(root / "contracts"), root)


def _input_hash(sources: dict[str, str], root: Path) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(SOLC_SETTINGS, sort_keys=True).encode())
    h.update(f"{ARTIFACT_FORMAT}|{solc_version(root)}|{_package_versions(root)}".encode())
    for name in sorted(sources):
        h.update(name.encode() + b"\0" + sources[name].encode() + b"\0")
    return h.hexdigest()


def _run_solc(std_input: dict[str, Any], root: Path) -> dict[str, Any]:
    driver = Path(__file__).with_name("solc_driver.js")
    proc = subprocess.run(
        [_node(), str(driver), str(root)],
        input=json.dumps(std_input).encode(),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise CompilationError(f"solc-js failed: {proc.stderr.decode(errors='replace').strip()[:2000]}")
    out: dict[str, Any] = json.loads(proc.stdout)
    errors = [e for e in out.get("errors", []) if e.get("severity") == "error"]
    if errors:
        raise CompilationError("\n".join(e.get("formattedMessage", e.get("message", "")) for e in errors))
    return out


def _immutable_declarations(output: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Every ``immutable`` state variable of the build by AST node id (the keys of solc's
    ``immutableReferences``): its contract, name and Solidity type, e.g. ``{"contract": "STR", "name":
    "CBDC", "type": "contract IRealDigital"}``."""
    found: dict[str, dict[str, str]] = {}
    for source in output.get("sources", {}).values():
        for node in source.get("ast", {}).get("nodes", []):
            if node.get("nodeType") != "ContractDefinition":
                continue
            for member in node.get("nodes", []):
                if (
                    member.get("nodeType") == "VariableDeclaration"
                    and member.get("mutability") == "immutable"
                ):
                    found[str(member["id"])] = {
                        "contract": str(node["name"]),
                        "name": str(member["name"]),
                        "type": str(member.get("typeDescriptions", {}).get("typeString", "")),
                    }
    return found


def _artifact(
    source_name: str, name: str, c: dict[str, Any], immutables: dict[str, dict[str, str]]
) -> dict[str, Any]:
    metadata = json.loads(c["metadata"])
    refs: dict[str, list[dict[str, int]]] = c["evm"]["deployedBytecode"].get("immutableReferences", {})
    return {
        "contractName": name,
        "sourceName": source_name,
        "compiler": {"name": "solc-js", "version": metadata["compiler"]["version"]},
        "settings": {"optimizer": SOLC_SETTINGS["optimizer"], "evmVersion": "shanghai"},
        "sourceHash": _source_hash(metadata),
        "abi": c["abi"],
        "bytecode": "0x" + c["evm"]["bytecode"]["object"],
        "deployedBytecode": "0x" + c["evm"]["deployedBytecode"]["object"],
        "linkReferences": c["evm"]["bytecode"].get("linkReferences", {}),
        "deployedLinkReferences": c["evm"]["deployedBytecode"].get("linkReferences", {}),
        # where the constructor writes each immutable into the runtime code (byte offsets), and what it is
        "immutableReferences": refs,
        "immutables": {ast_id: immutables[ast_id] for ast_id in refs if ast_id in immutables},
        "methodIdentifiers": c["evm"].get("methodIdentifiers", {}),
        "storageLayout": c.get("storageLayout", {}),
        "devdoc": c.get("devdoc", {}),
        "userdoc": c.get("userdoc", {}),
        "metadata": metadata,
    }


def _artifacts(output: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One artifact per contract of ``contracts/``, plus one per library they link against (a library with
    public functions, e.g. poseidon-solidity's ``PoseidonT3``, is deployed on its own and linked in, so it
    needs an artifact wherever its source lives). Other library code (OpenZeppelin) gets none."""
    compiled = output.get("contracts", {})
    wanted = [
        (src, name)
        for src, contracts in compiled.items()
        if src.startswith("contracts/")
        for name in contracts
    ]
    for src, name in list(wanted):
        evm = compiled[src][name]["evm"]
        for refs in (
            evm["bytecode"].get("linkReferences", {}),
            evm["deployedBytecode"].get("linkReferences", {}),
        ):
            wanted += [(lib_src, lib) for lib_src, libs in refs.items() for lib in libs]
    artifacts: dict[str, dict[str, Any]] = {}
    immutables = _immutable_declarations(output)
    for source_name, name in wanted:
        if name in artifacts:
            if artifacts[name]["sourceName"] == source_name:
                continue
            raise CompilationError(
                f"two contracts named {name}: {artifacts[name]['sourceName']} and {source_name}"
            )
        artifacts[name] = _artifact(source_name, name, compiled[source_name][name], immutables)
    return artifacts


def _source_hash(metadata: dict[str, Any]) -> str:
    parts = sorted(f"{path}:{info.get('keccak256', '')}" for path, info in metadata["sources"].items())
    return "0x" + hashlib.sha3_256("\n".join(parts).encode()).hexdigest()


@contextmanager
def _locked(contracts_dir: Path) -> Iterator[None]:
    """One build of a checkout at a time (test workers, a wheel build and ``drex build`` may overlap)."""
    fd = os.open(contracts_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def build(root: Path | None = None, *, out_dir: Path | None = None, force: bool = False) -> BuildResult:
    """Compile ``root``'s ``contracts/`` into ``out_dir`` unless the artifacts there are current.

    ``root`` defaults to the checkout (``DREX_ROOT`` first), ``out_dir`` to its package data folder
    ``python/drex/artifacts``.
    """
    root = _root(root)
    out_dir = out_dir if out_dir is not None else checkout_artifacts_dir(root)
    if not (root / "contracts").is_dir():
        raise CompilationError(f"no Solidity sources under {root / 'contracts'}")
    with _locked(root / "contracts"):
        result = _build(root, out_dir, force)
        # package data the shielded pools read at run time, extracted from pinned npm packages
        from drex.privacy.crypto.constants import write_poseidon_constants
        from drex.privacy.setup.package import package_circuits

        write_poseidon_constants(root, out_dir)
        return replace(result, circuits=package_circuits(root, out_dir, force=force))


def build_contracts(root: Path, out_dir: Path, *, force: bool = False) -> BuildResult:
    """Compile ``root``'s ``contracts/`` alone into ``out_dir`` (no circuits, no other package data), with
    the same pinned compiler and settings as :func:`build`: what ``drex audit verify --source`` rebuilds
    into a folder of its own, never into the package."""
    if not (root / "contracts").is_dir():
        raise CompilationError(f"no Solidity sources under {root / 'contracts'}")
    with _locked(root / "contracts"):
        return _build(root, out_dir, force)


def _build(root: Path, out_dir: Path, force: bool) -> BuildResult:
    stamp = out_dir / BUILD_INFO
    sources = _sources(root / "contracts")
    digest = _input_hash(sources, root)
    if not force and stamp.exists():
        info = json.loads(stamp.read_text())
        if info.get("inputHash") == digest:
            return BuildResult(out_dir, tuple(info["contracts"]), compiled=False)

    std_input = {
        "language": "Solidity",
        "sources": {name: {"content": text} for name, text in sources.items()},
        "settings": SOLC_SETTINGS,
    }
    output = _run_solc(std_input, root)
    artifacts = _artifacts(output)
    tmp = out_dir.with_name(f"{out_dir.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    for name, art in artifacts.items():
        (tmp / f"{name}.json").write_text(json.dumps(art, indent=1, sort_keys=True))
    names = sorted(artifacts)
    (tmp / BUILD_INFO).write_text(json.dumps({"inputHash": digest, "contracts": names}, indent=1))
    # Swap the whole folder in at once: an interrupted build never leaves a half-written artifact set.
    # Subfolders (the circuits' artefacts, packaged after this) are not the contracts': they move across.
    old = out_dir.with_name(f"{out_dir.name}.old-{os.getpid()}")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        for sub in out_dir.iterdir():
            if sub.is_dir():
                os.replace(sub, tmp / sub.name)
        os.replace(out_dir, old)
    os.replace(tmp, out_dir)
    if old.exists():
        shutil.rmtree(old)
    return BuildResult(out_dir, tuple(names), compiled=True)
