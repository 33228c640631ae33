"""Where the prover finds snarkjs: ``DREX_SNARKJS_DIR``, else the checkout's node_modules; a drex that is
not in a checkout (an installed wheel: here a copy of the package outside it) never reads the checkout
and says how to install snarkjs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drex.paths import project_root
from drex.privacy.prover import ToolchainMissing, snarkjs_dir

SCRIPT = """\
import sys
sys.path.insert(0, {site!r})
from drex.errors import DrexError
from drex.privacy.prover import Prover, snarkjs_dir
try:
    print("snarkjs", snarkjs_dir())
except DrexError as exc:
    print(type(exc).__name__, exc)
try:
    Prover().prove({{}})
except DrexError as exc:
    print(type(exc).__name__, exc)
"""


def _outside(tmp_path: Path, **env: str) -> list[str]:
    """Run a script with a copy of the drex package outside the checkout (no artefacts in it)."""
    site = tmp_path / "site"
    if not site.exists():
        shutil.copytree(project_root() / "python" / "drex", site / "drex",
                        ignore=shutil.ignore_patterns("artifacts", "__pycache__"))  # fmt: skip
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DREX_", "PYTHON"))}
    done = subprocess.run(
        [sys.executable, "-I", "-c", SCRIPT.format(site=str(site))],
        cwd=tmp_path, env={**clean, **env}, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout.splitlines()


def test_an_installed_package_without_the_variable_says_how_to_install_snarkjs(tmp_path: Path) -> None:
    found, proving = _outside(tmp_path)
    assert found.startswith("ToolchainMissing snarkjs is not installed: run `npm install snarkjs@0.7.6`")
    assert "DREX_SNARKJS_DIR" in found
    assert proving.startswith("MissingArtifacts no proving artefacts for the circuit joinsplit")
    assert "built without them" in proving


def test_an_installed_package_uses_the_variable(tmp_path: Path) -> None:
    real = (project_root() / "node_modules" / "snarkjs").resolve()
    found, _ = _outside(tmp_path, DREX_SNARKJS_DIR=str(real))
    assert found == f"snarkjs {real}"


def test_a_variable_that_is_not_snarkjs_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DREX_SNARKJS_DIR", str(tmp_path))
    with pytest.raises(ToolchainMissing, match="is not a snarkjs package folder"):
        snarkjs_dir()
    monkeypatch.delenv("DREX_SNARKJS_DIR")
    assert snarkjs_dir() == project_root() / "node_modules" / "snarkjs"
