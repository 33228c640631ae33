"""What the tests of drex.privacy's cryptography share: running node (circomlibjs, snarkjs, circom2, solc-js)
from the checkout, and compiling the JoinSplit circuit and the test-only harness contract."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drex.paths import project_root

ROOT = project_root()
HARNESS = Path(__file__).with_name("contracts") / "PrivacyCryptoHarness.sol"


def node_json(script: str, timeout: float = 120) -> Any:
    """Run a CommonJS ``script`` with node in the checkout (so ``require`` finds its node_modules) and
    parse what it prints as JSON."""
    proc = subprocess.run(
        ["node", "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def snarkjs(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``snarkjs ARGS`` (the pinned npm snarkjs), not checked: callers look at the return code."""
    cli = ROOT / "node_modules" / "snarkjs" / "build" / "cli.cjs"
    return subprocess.run(
        ["node", str(cli), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True)
class CompiledCircuit:
    wasm: Path
    r1cs: Path
    sym: Path


def compile_circuit(out_dir: Path) -> CompiledCircuit:
    """circuits/joinsplit.circom compiled with the pinned circom2 into ``out_dir`` (about 20 s).

    circom2 runs in WASI and cannot follow the worktree's ``node_modules`` symlink, so it runs from the
    common folder of the checkout and the real ``node_modules``, with every path relative to that folder.
    """
    node_modules = (ROOT / "node_modules").resolve()
    base = Path(os.path.commonpath([ROOT.resolve(), node_modules, out_dir.resolve()]))

    def rel(p: Path) -> str:
        return os.path.relpath(p.resolve(), base)

    cmd = [
        "node", str(node_modules / "circom2" / "cli.js"), rel(ROOT / "circuits" / "joinsplit.circom"),
        "--O2", "--r1cs", "--wasm", "--sym",
        "-l", rel(node_modules / "circomlib" / "circuits"),
        "-l", rel(node_modules / "@zk-kit" / "circuits" / "circom"),
        "-o", rel(out_dir),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=base, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0 and "Everything went okay" in proc.stdout, proc.stdout + proc.stderr
    return CompiledCircuit(
        wasm=out_dir / "joinsplit_js" / "joinsplit.wasm",
        r1cs=out_dir / "joinsplit.r1cs",
        sym=out_dir / "joinsplit.sym",
    )


def compile_harness() -> dict[str, dict[str, Any]]:
    """The harness contract and the poseidon-solidity libraries it links, compiled with the project's
    solc-js driver and settings: contract name -> ``{"abi", "bytecode", "linkReferences"}``."""
    from drex.build.compiler import SOLC_SETTINGS

    name = str(HARNESS.relative_to(ROOT))
    settings = dict(SOLC_SETTINGS)
    settings["outputSelection"] = {"*": {"*": ["abi", "evm.bytecode.object", "evm.bytecode.linkReferences"]}}
    std_input = {
        "language": "Solidity",
        "sources": {name: {"content": HARNESS.read_text()}},
        "settings": settings,
    }
    driver = ROOT / "python" / "drex" / "build" / "solc_driver.js"
    proc = subprocess.run(
        ["node", str(driver), str(ROOT)],
        input=json.dumps(std_input),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    errors = [e["formattedMessage"] for e in out.get("errors", []) if e["severity"] == "error"]
    assert not errors, errors
    compiled: dict[str, dict[str, Any]] = {}
    for contracts in out["contracts"].values():
        for contract, c in contracts.items():
            compiled[contract] = {
                "abi": c["abi"],
                "bytecode": c["evm"]["bytecode"]["object"],
                "linkReferences": c["evm"]["bytecode"]["linkReferences"],
            }
    return compiled
