"""Fixtures of the privacy tests.

- The pool tests (``test_pool_*``): one anvil node for the package, with the platform, the two pools and the
  private DvP deployed (over the TEST-ONLY verifier, see helpers.py) and the banks funded, once. Anvil, not
  the embedded py-evm chain: every note insertion runs Poseidon (about 27,000 gas a hash), which py-evm
  executes in about a second a transaction. ``chain`` overrides the root module-scoped fixture with a
  package-scoped one; the root autouse ``clean_chain`` reverts to a snapshot after every test.
- The ceremony and prover tests: a scratch checkout with a tiny circuit for the ceremony, the real
  circuit's packaged artefacts and a satisfying input of it, and the ``drex`` command run in a subprocess.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drex.chain import Chain
from drex.chain.anvil import start_anvil
from drex.chain.connect import connect_anvil
from drex.paths import project_root

from .helpers import World, build_world

DATA = Path(__file__).with_name("data")
#: The power of the tiny circuit's ceremony.
POWER = 8
DREX = str(Path(sys.executable).with_name("drex"))

#: A main circuit small enough for a ceremony of 2^8 in seconds; the include exercises circom's -l paths.
TINY = """\
pragma circom 2.1.5;
include "comparators.circom";

// out = a * b + c, and flag = (a == b); c is public.
template Tiny() {
    signal input a, b, c;
    signal output out, flag;
    signal product <== a * b;
    out <== product + c;
    flag <== IsEqual()([a, b]);
}

component main {public [c]} = Tiny();
"""


def drex(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``drex`` command on the checkout ``root`` (this worktree's code)."""
    env = {k: v for k, v in os.environ.items() if k != "DREX_SNARKJS_DIR"}
    env["DREX_ROOT"] = str(root)
    return subprocess.run([DREX, *args], capture_output=True, text=True, env=env, timeout=600)


def make_tiny_project(folder: Path) -> Path:
    """A checkout with only ``circuits/tiny.circom`` (and links to the toolchain)."""
    (folder / "circuits").mkdir(parents=True)
    (folder / "contracts").mkdir()
    (folder / "node_modules").symlink_to(project_root() / "node_modules")
    (folder / "circuits" / "tiny.circom").write_text(TINY)
    return folder


@pytest.fixture(scope="session")
def joinsplit_input() -> dict[str, Any]:
    """A satisfying input of circuits/joinsplit.circom (tests/privacy/data/joinsplit_input.mjs)."""
    data: dict[str, Any] = json.loads((DATA / "joinsplit_input.json").read_text())
    return data


def ok(*args: str, root: Path) -> dict[str, Any]:
    """Run ``drex ... --json`` on ``root``; it must succeed; its JSON document."""
    done = drex(*args, "--json", root=root)
    assert done.returncode == 0, done.stderr
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


@pytest.fixture(scope="session")
def tiny_ceremony(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny checkout after a whole ceremony run command by command: two contributions, finalized.

    Made once per test run: pytest-xdist workers share it through their common temporary folder (a file
    lock serialises them), since ``--dist loadgroup`` does not keep a group on one worker with pytest 9.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "tiny-ceremony"
    with open(shared / "tiny-ceremony.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "circuits" / "setup" / "tiny.transcript.json").is_file():
            if root.exists():
                shutil.rmtree(root)
            _run_ceremony(make_tiny_project(root))
    return root


def _run_ceremony(root: Path) -> None:
    first = ok("private", "ceremony", "phase1", "--power", str(POWER), "--contributions", "2",
               "--circuit", "tiny", root=root)  # fmt: skip
    assert [c["name"] for c in first["record"]["contributions"]] == ["contributor 1", "contributor 2"]
    steps = [s["step"] for s in first["steps"]]
    assert steps[-2:] == ["phase 1: prepare phase2", "phase 1: powersoftau verify"]
    again = ok("private", "ceremony", "phase1", "--power", str(POWER), "--circuit", "tiny", root=root)
    assert again["steps"] == [] and again["record"] == first["record"]  # cached by power
    ok("private", "ceremony", "setup", "--power", str(POWER), "--circuit", "tiny", root=root)
    for institution in ("BANK_A", "BANK_B"):
        done = ok("private", "ceremony", "contribute", "--name", institution, "--circuit", "tiny", root=root)
        assert len(done["hash"]) == 128
    ok("private", "ceremony", "finalize", "--circuit", "tiny", root=root)


@pytest.fixture(scope="session")
def tiny_artefacts(tiny_ceremony: Path) -> Path:
    """The tiny circuit's packaged artefacts (``drex build`` of its checkout)."""
    from drex.build import build

    return build(tiny_ceremony).out_dir / "privacy"


@pytest.fixture(scope="package")
def chain() -> Iterator[Chain]:
    c = connect_anvil(start_anvil(), owns_node=True)
    yield c
    c.close()


@pytest.fixture(scope="package")
def world(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(chain, tmp_path_factory.mktemp("privacy"))


@pytest.fixture()
def w(world: World) -> World:
    """The world, for a test (the chain is reverted after it by the root ``clean_chain``)."""
    return world
