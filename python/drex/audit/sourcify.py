"""Sourcify-style output of ``drex audit verify``: the verified contracts in Sourcify's repository layout.

Sourcify (and explorers that read its repository, e.g. Blockscout) show a contract as verified from a folder
``contracts/<full_match|partial_match>/<chainId>/<address>/`` holding ``metadata.json`` (solc's own metadata
of the build) and ``sources/<source unit name>`` (the source files the metadata lists, each checked against
the metadata's keccak256), plus the creation transaction, constructor arguments, linked libraries and
immutable references beside them. A full match requires the on-chain code to commit to exactly this
``metadata.json``: its IPFS hash is checked against the hash in the code's metadata section before the folder
is written under ``full_match``.

Sources are written only when the build was rebuilt from a source checkout (``--source``): an installed drex
carries compiled artifacts, not the Solidity files. Without them the folders hold the metadata alone, which
records every source file's keccak256, so whoever has the sources can complete them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from eth_utils.crypto import keccak

from drex.audit.bytecode import immutables, ipfs_multihash, metadata_ipfs_hashes
from drex.audit.verify import BuildUsed, ContractResult, VerifyReport
from drex.errors import DrexError

__all__ = ["SourceMismatch", "SourcifyOutput", "metadata_json", "write_sourcify"]


class SourceMismatch(DrexError):
    """A source file of the checkout is not the one the build's metadata records (keccak256 differs)."""


@dataclass
class SourcifyOutput:
    """What :func:`write_sourcify` wrote: one folder per matching contract, whether sources are included."""

    root: Path
    folders: dict[str, Path] = field(default_factory=dict)
    with_sources: bool = False
    skipped: list[str] = field(default_factory=list)


def metadata_json(metadata: dict[str, object]) -> bytes:
    """solc's metadata text (compact JSON, keys sorted, non-ASCII escaped as solc does), whose IPFS hash
    the bytecode commits to."""
    return json.dumps(metadata, separators=(",", ":"), sort_keys=True, ensure_ascii=True).encode()


def write_sourcify(report: VerifyReport, out_dir: Path) -> SourcifyOutput:
    """Write every MATCH contract of ``report`` under ``out_dir`` in Sourcify's repository layout."""
    out = SourcifyOutput(out_dir, with_sources=report.build.rebuilt and report.build.source is not None)
    for result in report.contracts:
        if result.match is None or result.metadata is None or result.runtime is None:
            out.skipped.append(result.name)
            continue
        meta = metadata_json(result.metadata)
        committed = ipfs_multihash(meta) in metadata_ipfs_hashes(result.runtime.actual)
        kind = "full_match" if result.match == "exact" and committed else "partial_match"
        folder = out_dir / "contracts" / kind / str(report.chain_id) / result.address
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "metadata.json").write_bytes(meta)
        _write_extras(folder, result, report.build)
        if out.with_sources:
            _write_sources(folder, result.metadata, report.build)
        out.folders[result.name] = folder
    return out


def _write_extras(folder: Path, result: ContractResult, build: BuildUsed) -> None:
    (folder / "creator-tx-hash.txt").write_text(result.tx)
    if result.constructor_args:
        (folder / "constructor-args.txt").write_text("0x" + result.constructor_args.hex())
    if result.libraries:
        (folder / "library-map.json").write_text(json.dumps(result.libraries, indent=1, sort_keys=True))
    art = build.load(result.artifact)
    if immutables(art):
        refs = art["immutableReferences"]
        (folder / "immutable-references.json").write_text(json.dumps(refs, indent=1, sort_keys=True))


def _write_sources(folder: Path, metadata: dict[str, object], build: BuildUsed) -> None:
    """Copy each source unit the metadata lists from the checkout (``contracts/`` or ``node_modules/``, as
    the compiler resolved them), refusing a file whose keccak256 is not the metadata's."""
    root = build.source
    assert root is not None
    sources = metadata.get("sources", {})
    assert isinstance(sources, dict)
    for unit, info in sources.items():
        path = next((p for p in (root / unit, root / "node_modules" / unit) if p.is_file()), None)
        if path is None:
            raise SourceMismatch(f"source {unit} of the build is not in {root}")
        content = path.read_bytes()
        if "0x" + keccak(content).hex() != info.get("keccak256"):
            raise SourceMismatch(f"{path} changed since the build (its keccak256 is not the metadata's)")
        target = folder / "sources" / unit
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
