"""Where drex finds the checkout, its runtime state, the local network definition and the anvil binary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import drex.chain.anvil as anvil
import drex.paths as paths
from drex.errors import DrexError


def test_state_dir_is_dot_drex_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DREX_STATE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.state_dir() == tmp_path / ".drex"
    assert (tmp_path / ".drex").is_dir()


def test_drex_state_dir_overrides_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DREX_STATE_DIR", str(tmp_path / "state" / "drex"))
    assert paths.state_dir() == tmp_path / "state" / "drex"
    assert paths.state_dir().is_dir()


def test_an_installed_package_has_no_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DREX_ROOT", raising=False)
    monkeypatch.setattr(paths, "__file__", "/usr/lib/python3/site-packages/drex/paths.py")
    assert paths.checkout_root() is None
    with pytest.raises(DrexError, match="needs a drex checkout"):
        paths.project_root()


def test_the_local_network_definition_is_package_data() -> None:
    net = anvil.local_network()
    assert net["chainId"] == anvil.PILOT_CHAIN_ID
    assert net["hardfork"] == "shanghai"


def test_drex_anvil_names_the_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "my-anvil"
    exe.write_text("#!/bin/sh\n")
    monkeypatch.setenv("DREX_ANVIL", str(exe))
    with pytest.raises(DrexError, match="not an executable file"):
        anvil.anvil_binary()
    exe.chmod(0o755)
    assert anvil.anvil_binary() == exe


def test_a_checkout_uses_its_pinned_npm_anvil(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DREX_ANVIL", raising=False)
    assert anvil.anvil_binary() == paths.project_root() / anvil.NPM_ANVIL


def test_an_installed_package_finds_anvil_on_path_or_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DREX_ANVIL", raising=False)
    monkeypatch.setattr(anvil, "checkout_root", lambda: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DrexError, match="anvil not found: set DREX_ANVIL"):
        anvil.anvil_binary()
    (tmp_path / "anvil").write_text("#!/bin/sh\n")
    os.chmod(tmp_path / "anvil", 0o755)
    assert anvil.anvil_binary() == tmp_path / "anvil"
