"""Compile the checkout's circuits with circom2 (the WebAssembly build of circom from npm), cached.

A *main circuit* is a ``circuits/<name>.circom`` that declares ``component main``. It is compiled with
``--O2`` into ``build/circuits/<name>/`` (ignored by git): ``<name>.r1cs``, ``<name>.sym`` and
``<name>_js/<name>.wasm`` (the witness generator), with ``circuit.json`` describing the result. The
*circuit hash* is the sha256 of the r1cs file: the trusted setup is made for exactly that file. A compile
whose sources hash (every ``.circom`` under ``circuits/``, the circom2, circomlib and zk-kit versions, the
flags) matches ``circuit.json`` does nothing: compiling the JoinSplit circuit takes about 20 s.

circom2 runs under WASI and only opens files below its working folder, and not through a symbolic link
that leaves it (a git worktree's ``node_modules`` is one), so it runs from the deepest folder that holds
the circuit, the libraries and the output, all given by their real paths.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drex.privacy.prover.toolchain import node_binary
from drex.privacy.setup.errors import CircuitError
from drex.privacy.setup.runner import run_step

FLAGS = ("--O2", "--r1cs", "--wasm", "--sym")
#: Include folders, under node_modules, and the npm packages whose version the sources hash covers.
LIBRARIES = ("circomlib/circuits", "@zk-kit/circuits/circom")
PACKAGES = ("circom2", "circomlib", "@zk-kit/circuits")
#: Bumped when circuit.json's format changes, so older caches are rebuilt.
FORMAT = 1

_MAIN = re.compile(r"^\s*component\s+main\b[^=]*=\s*(\w+)\s*\(", re.MULTILINE)


@dataclass(frozen=True)
class CompiledCircuit:
    """A compiled main circuit: its files, its hash and what the setup and the prover need to know."""

    name: str
    template: str
    r1cs: Path
    wasm: Path
    circuit_hash: str
    sources_hash: str
    constraints: int
    public_signals: tuple[str, ...]
    power: int
    compiled: bool

    @property
    def verifier_contract(self) -> str:
        """The name of the exported Solidity verifier: the main template's name + ``Verifier``."""
        return f"{self.template}Verifier"


def circuits_dir(root: Path) -> Path:
    return root / "circuits"


def main_circuits(root: Path) -> tuple[str, ...]:
    """The names of the checkout's main circuits (``circuits/<name>.circom`` with ``component main``)."""
    folder = circuits_dir(root)
    if not folder.is_dir():
        return ()
    return tuple(sorted(f.stem for f in folder.glob("*.circom") if _MAIN.search(f.read_text())))


def main_template(root: Path, name: str) -> str:
    """The template instantiated by ``component main`` in ``circuits/<name>.circom``."""
    source = circuits_dir(root) / f"{name}.circom"
    if not source.is_file():
        raise CircuitError(f"no circuit {source}")
    found = _MAIN.search(source.read_text())
    if found is None:
        raise CircuitError(f"{source} has no `component main`: it is not a main circuit")
    return found.group(1)


def _package_version(root: Path, package: str) -> str:
    pkg = root / "node_modules" / package / "package.json"
    if not pkg.is_file():
        raise CircuitError(f"the npm package {package} is not installed: run scripts/bootstrap.sh (npm ci)")
    return str(json.loads(pkg.read_text())["version"])


def sources_hash(root: Path, name: str) -> str:
    """The hash of everything the compile of circuit ``name`` depends on."""
    h = hashlib.sha256(f"{FORMAT}|{name}|{' '.join(FLAGS)}".encode())
    for package in PACKAGES:
        h.update(f"|{package}@{_package_version(root, package)}".encode())
    folder = circuits_dir(root)
    for f in sorted(folder.rglob("*.circom")):
        h.update(b"\0" + str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_dir(root: Path, name: str) -> Path:
    return root / "build" / "circuits" / name


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One compile of a circuit at a time (test workers and ``drex build`` may overlap)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def compile_circuit(root: Path, name: str, *, force: bool = False) -> CompiledCircuit:
    """Compile ``circuits/<name>.circom`` unless ``build/circuits/<name>`` already holds it."""
    template = main_template(root, name)
    out = build_dir(root, name)
    digest = sources_hash(root, name)
    with _locked(out.parent):
        cached = _cached(root, name, template, digest)
        if cached is not None and not force:
            return cached
        _run_circom(root, name, out)
        return _describe(root, name, template, digest)


def _files(root: Path, name: str) -> tuple[Path, Path, Path]:
    out = build_dir(root, name)
    return out / f"{name}.r1cs", out / f"{name}_js" / f"{name}.wasm", out / f"{name}.sym"


def _cached(root: Path, name: str, template: str, digest: str) -> CompiledCircuit | None:
    stamp = build_dir(root, name) / "circuit.json"
    r1cs, wasm, _ = _files(root, name)
    if not (stamp.is_file() and r1cs.is_file() and wasm.is_file()):
        return None
    info = json.loads(stamp.read_text())
    if info.get("sourcesHash") != digest:
        return None
    return CompiledCircuit(
        name, template, r1cs, wasm, info["circuitHash"], digest, info["constraints"],
        tuple(info["publicSignals"]), info["power"], compiled=False,
    )  # fmt: skip


def _run_circom(root: Path, name: str, out: Path) -> None:
    source = (circuits_dir(root) / f"{name}.circom").resolve()
    libraries = [(root / "node_modules" / lib).resolve() for lib in LIBRARIES]
    cli = (root / "node_modules" / "circom2" / "cli.js").resolve()
    if not cli.is_file():
        raise CircuitError("circom2 is not installed: run scripts/bootstrap.sh (npm ci)")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    real_out = out.resolve()
    cwd = Path(os.path.commonpath([source, real_out, *libraries]))
    args = [node_binary(), str(cli), str(source), *FLAGS, "-o", str(real_out)]
    for lib in libraries:
        args += ["-l", str(lib)]
    proc = subprocess.run(args, cwd=cwd, capture_output=True, check=False)
    text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout.decode(errors="replace") + proc.stderr.decode())
    if proc.returncode != 0 or "Everything went okay" not in text:
        shutil.rmtree(out, ignore_errors=True)
        errors = [line for line in text.splitlines() if "error" in line.lower()] or text.splitlines()[-5:]
        raise CircuitError(f"circom2 could not compile {source.name}: " + " | ".join(errors)[:2000])


def _public_signals(sym: Path, count: int) -> tuple[str, ...]:
    """The names of the public signals, in the verifier's order: wires 1..count of the symbol file."""
    names: dict[int, str] = {}
    with sym.open() as fh:
        for line in fh:
            _, wire, _, label = line.rstrip("\n").split(",", 3)
            w = int(wire)
            if 1 <= w <= count and w not in names:
                names[w] = label.removeprefix("main.")
    if sorted(names) != list(range(1, count + 1)):
        raise CircuitError(f"{sym} does not name the {count} public signals")
    return tuple(names[w] for w in range(1, count + 1))


def _describe(root: Path, name: str, template: str, digest: str) -> CompiledCircuit:
    r1cs, wasm, sym = _files(root, name)
    info = run_step(f"reading {r1cs.name}", "info", r1cs=r1cs)
    public = int(info["nOutputs"]) + int(info["nPubInputs"])
    # snarkjs' groth16 setup needs a domain of 2^power > constraints + public signals
    power = (int(info["nConstraints"]) + public).bit_length()
    compiled = CompiledCircuit(
        name, template, r1cs, wasm, sha256_file(r1cs), digest, int(info["nConstraints"]),
        _public_signals(sym, public), power, compiled=True,
    )  # fmt: skip
    stamp = {
        "circuit": name,
        "sourcesHash": digest,
        "circuitHash": compiled.circuit_hash,
        "constraints": compiled.constraints,
        "publicSignals": list(compiled.public_signals),
        "power": power,
    }
    (build_dir(root, name) / "circuit.json").write_text(json.dumps(stamp, indent=1))
    return compiled
