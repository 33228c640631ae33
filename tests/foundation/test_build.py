"""Build caching: a second build with no change compiles nothing; a change recompiles; artifacts are full.

The loader (:mod:`drex.build.artifacts`) never compiles: missing or (in a checkout) stale artifacts are an
error saying to run ``drex build``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from drex.build import (
    CompilationError,
    MissingArtifacts,
    build,
    linked_bytecode,
    linked_libraries,
    load_artifact,
)
from drex.build.artifacts import artifacts_dir, build_info
from drex.paths import project_root

CANCUN_OPCODES = {0x5C: "TLOAD", 0x5D: "TSTORE", 0x5E: "MCOPY", 0x49: "BLOBHASH", 0x4A: "BLOBBASEFEE"}


@pytest.fixture()
def scratch_project(tmp_path: Path) -> Path:
    """A minimal project (one contract importing OpenZeppelin) sharing the real node_modules."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "node_modules").symlink_to(project_root() / "node_modules")
    (tmp_path / "contracts" / "Token.sol").write_text(
        "// SPDX-License-Identifier: Apache-2.0\npragma solidity ^0.8.24;\n"
        'import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";\n'
        'contract Token is ERC20 { constructor() ERC20("T", "T") {} }\n'
    )
    return tmp_path


def test_second_build_compiles_nothing(scratch_project: Path) -> None:
    first = build(scratch_project)
    assert first.compiled and first.contracts == ("Token",)
    stamp = (first.out_dir / "Token.json").stat().st_mtime_ns
    second = build(scratch_project)
    assert not second.compiled
    assert (second.out_dir / "Token.json").stat().st_mtime_ns == stamp


def test_source_change_recompiles_and_changes_source_hash(scratch_project: Path) -> None:
    out = build(scratch_project).out_dir
    before = load_artifact("Token", out)["sourceHash"]
    src = scratch_project / "contracts" / "Token.sol"
    src.write_text(src.read_text().replace('"T", "T"', '"T2", "T2"'))
    again = build(scratch_project)
    assert again.compiled
    assert load_artifact("Token", out)["sourceHash"] != before


def test_artifact_has_everything_a_client_or_auditor_needs(scratch_project: Path) -> None:
    art = load_artifact("Token", build(scratch_project).out_dir)
    for key in ("abi", "bytecode", "deployedBytecode", "metadata", "storageLayout", "devdoc", "userdoc"):
        assert art[key], key
    assert art["metadata"]["settings"]["evmVersion"] == "shanghai"
    assert art["metadata"]["settings"]["optimizer"]["enabled"] is True


def test_compile_error_names_file_and_line(scratch_project: Path) -> None:
    (scratch_project / "contracts" / "Broken.sol").write_text(
        "pragma solidity ^0.8.24; contract Broken { x }"
    )
    with pytest.raises(CompilationError, match="Broken.sol"):
        build(scratch_project)


def test_failed_build_keeps_the_previous_artifacts(scratch_project: Path) -> None:
    out = build(scratch_project).out_dir
    (scratch_project / "contracts" / "Broken.sol").write_text(
        "pragma solidity ^0.8.24; contract Broken { x }"
    )
    with pytest.raises(CompilationError):
        build(scratch_project)
    assert json.loads((out / "Token.json").read_text())["abi"]


def _opcodes(code: bytes) -> set[int]:
    """Opcodes actually executed as instructions (PUSH data skipped)."""
    seen, i = set(), 0
    while i < len(code):
        op = code[i]
        seen.add(op)
        i += 1 + (op - 0x5F if 0x60 <= op <= 0x7F else 0)
    return seen


WORD_LITERAL = re.compile(r"\b(0x[0-9a-fA-F]{64}|[0-9]{70,78})\b")


def _without_source_constants(code: bytes, art: dict[str, Any]) -> bytes:
    """``code`` with every 32-byte constant (hex or decimal) of the artifact's sources zeroed. The optimizer
    may keep a constant used many times as data after the code (poseidon-solidity's round constants and the
    field prime are), which a linear scan would read as instructions; zeroed, it scans as STOPs, and a
    constant pushed inline (PUSH32) keeps its opcode and alignment."""
    for source in art["metadata"]["sources"]:
        path = (
            project_root() / source
            if source.startswith("contracts/")
            else project_root() / "node_modules" / source
        )
        for literal in set(WORD_LITERAL.findall(path.read_text())):
            code = code.replace(int(literal, 0).to_bytes(32, "big"), bytes(32))
    return code


def test_no_cancun_opcode_in_any_project_runtime_bytecode() -> None:
    result = build()
    offenders = {}
    for name in result.contracts:
        art = load_artifact(name)
        # library placeholders (``__$…$__``) are PUSH20 data: any address does
        anywhere = {lib: "0x" + "00" * 20 for lib in linked_libraries(art)}
        code = bytes.fromhex(linked_bytecode(art, anywhere, deployed=True)[2:])
        # the CBOR metadata tail is data, not code
        if len(code) >= 2:
            code = code[: len(code) - 2 - int.from_bytes(code[-2:], "big")]
        code = _without_source_constants(code, art)
        bad = {CANCUN_OPCODES[o] for o in _opcodes(code) if o in CANCUN_OPCODES}
        if bad:
            offenders[name] = sorted(bad)
    assert offenders == {}


def test_missing_contracts_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "contracts").mkdir()
    shutil.rmtree(tmp_path / "contracts")
    (tmp_path / "contracts").mkdir()
    with pytest.raises(CompilationError, match="no Solidity sources"):
        build(tmp_path)


def test_build_writes_the_package_data_the_loader_reads(scratch_project: Path) -> None:
    result = build(scratch_project)
    assert result.out_dir == scratch_project / "python" / "drex" / "artifacts"
    assert build_info(result.out_dir)["contracts"] == ["Token"]
    assert Path(str(artifacts_dir())) == project_root() / "python" / "drex" / "artifacts"


def test_missing_artifacts_say_to_run_drex_build(tmp_path: Path) -> None:
    with pytest.raises(MissingArtifacts, match="run `drex build`"):
        load_artifact("Token", tmp_path)


def test_unknown_contract_is_a_clear_error(scratch_project: Path) -> None:
    with pytest.raises(MissingArtifacts, match="no contract named Nope"):
        load_artifact("Nope", build(scratch_project).out_dir)


def test_stale_artifacts_in_a_checkout_are_refused_not_recompiled(
    scratch_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(scratch_project)
    monkeypatch.setenv("DREX_ROOT", str(scratch_project))
    assert load_artifact("Token")["contractName"] == "Token"
    src = scratch_project / "contracts" / "Token.sol"
    src.write_text(src.read_text().replace('"T", "T"', '"T3", "T3"'))
    info = scratch_project / "python" / "drex" / "artifacts" / "build-info.json"
    stamp = info.stat().st_mtime_ns
    # a new process sees the edit (the freshness check is made once per artifact set and process)
    from drex.build.artifacts import _fresh

    _fresh.cache_clear()
    with pytest.raises(MissingArtifacts, match="stale.*run `drex build`"):
        load_artifact("Token")
    assert info.stat().st_mtime_ns == stamp  # nothing was compiled


def test_build_outside_a_checkout_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import drex.build.compiler as compiler

    monkeypatch.setattr(compiler, "checkout_root", lambda: None)
    with pytest.raises(CompilationError, match="installed package"):
        build()
