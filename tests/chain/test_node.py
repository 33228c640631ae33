"""The clock of a development chain and the reset of the managed node: ``Chain.set_time``,
``drex.chain.anvil.reset_managed``, ``drex node time`` and ``drex node reset``, on anvil nodes started
here."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web3 import Web3

from drex.chain import Chain, connect
from drex.chain import anvil as anvil_mod
from drex.chain.anvil import AnvilNode, free_port, managed_node, reset_managed, start_managed
from drex.chain.connect import connect_anvil
from drex.chain.core import ClockBackwards
from drex.cli.main import app
from drex.errors import DrexError
from drex.sdk.display import BRASILIA, moment

DREX = str(Path(sys.executable).with_name("drex"))
DAY = 86_400


def drex(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DREX, *args], capture_output=True, text=True, timeout=120)


def midnight(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=BRASILIA).timestamp())


@pytest.fixture()
def local(anvil_node: AnvilNode) -> Iterator[Chain]:
    chain = connect_anvil(anvil_node)
    yield chain
    chain.close()


def test_set_time_moves_the_clock_forward_and_mines(local: Chain) -> None:
    block, now = local.w3.eth.block_number, local.timestamp()
    target = now + 120 * DAY
    assert local.set_time(target) == target
    assert local.timestamp() == target and local.w3.eth.block_number == block + 1
    local.mine()  # the clock goes on from there
    assert local.timestamp() >= target


def test_set_time_refuses_to_go_back(local: Chain) -> None:
    local.set_time(local.timestamp() + 10 * DAY)
    block, now = local.w3.eth.block_number, local.timestamp()
    with pytest.raises(ClockBackwards, match="cannot go back") as err:
        local.set_time(now - DAY)
    assert moment(now) in str(err.value)
    assert (local.w3.eth.block_number, local.timestamp()) == (block, now)
    assert local.set_time(now) == now and local.w3.eth.block_number == block  # already there: nothing mined


def test_set_time_on_the_embedded_chain() -> None:
    chain = connect("embedded")
    try:
        target = chain.timestamp() + 30 * DAY
        assert chain.set_time(target) == target
        with pytest.raises(ClockBackwards):
            chain.set_time(target - 1)
    finally:
        chain.close()


def test_set_time_is_refused_on_a_chain_that_is_not_a_dev_chain(anvil_node: AnvilNode) -> None:
    w3 = Web3(Web3.HTTPProvider(anvil_node.url))
    besu_like = Chain(w3, "rpc", anvil_node.url)  # any JSON-RPC node that is not a dev chain
    before = w3.eth.block_number
    with pytest.raises(DrexError, match="time travel exist only on the embedded and local chains"):
        besu_like.set_time(besu_like.timestamp() + DAY)
    assert w3.eth.block_number == before


def test_drex_node_time_prints_and_moves_the_clock(anvil_node: AnvilNode) -> None:
    shown = drex("node", "time", "--network", anvil_node.url)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split()[0].endswith("-03:00") and "block 0" in shown.stdout

    moved = drex("node", "time", "--network", anvil_node.url, "--to", "2031-04-01")
    assert moved.returncode == 0, moved.stderr
    assert "to 2031-04-01T00:00:00-03:00" in moved.stdout
    w3 = Web3(Web3.HTTPProvider(anvil_node.url))
    assert w3.eth.get_block("latest")["timestamp"] == midnight(dt.date(2031, 4, 1))

    back = drex("node", "time", "--network", anvil_node.url, "--to", "2031-03-31")
    assert back.returncode == 1
    assert back.stderr.strip().splitlines() == [
        f"drex: error: the chain's clock cannot go back: {anvil_node.url} is at 2031-04-01T00:00:00-03:00, "
        "after 2031-03-31 00:00 in Brasília"
    ]
    bad = drex("node", "time", "--network", anvil_node.url, "--to", "01/04/2031")
    assert bad.returncode == 1 and "use YYYY-MM-DD" in bad.stderr
    assert w3.eth.get_block("latest")["timestamp"] == midnight(dt.date(2031, 4, 1))


def test_drex_node_reset_refuses_anything_but_the_managed_node(anvil_node: AnvilNode) -> None:
    result = drex("node", "reset", "--network", anvil_node.url)
    assert result.returncode == 1
    assert "only resets the local node of `drex node start`" in result.stderr
    assert Web3(Web3.HTTPProvider(anvil_node.url)).is_connected()  # untouched


@pytest.fixture()
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The managed node's files in a folder of this test (never the checkout's own node)."""
    monkeypatch.setattr(anvil_mod, "state_dir", lambda: tmp_path)
    yield tmp_path
    node = managed_node()
    if node is not None:
        node.kill()


def test_reset_deletes_the_managed_chain(state_dir: Path, built: None) -> None:
    node, started = start_managed(free_port())
    assert started
    chain = connect_anvil(node)
    chain.set_time(chain.timestamp() + 200 * DAY)
    moved = chain.timestamp()
    running = managed_node()
    assert running is not None
    running.stop()  # anvil dumps its chain on the way out
    state = state_dir / "anvil-state.json"
    assert state.exists()
    node, _ = start_managed(free_port())
    assert connect_anvil(node).timestamp() >= moved  # a restart resumes the chain

    runner = CliRunner()
    out = runner.invoke(app, ["node", "reset"])
    assert out.exit_code == 0, out.output
    assert f"stopped the local node (anvil pid {node.pid}" in out.output
    assert f"deleted {state}" in out.output and "fresh chain" in out.output
    assert not state.exists() and managed_node() is None

    node, _ = start_managed(free_port())
    fresh = connect_anvil(node)
    assert fresh.w3.eth.block_number == 0 and fresh.timestamp() < moved
    again = runner.invoke(app, ["node", "stop"])
    assert again.output.strip() == "stopped"
    assert reset_managed().deleted == [state]  # the stopped node's dump, deleted
    second = runner.invoke(app, ["node", "reset"])
    assert "no local node was running" in second.output and "no saved chain to delete" in second.output


def test_a_busy_port_is_refused_before_anvil_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from drex.chain.anvil import start_managed
    from drex.errors import DrexError

    monkeypatch.setenv("DREX_STATE_DIR", str(tmp_path))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        monkeypatch.setenv("DREX_LOCAL_PORT", str(port))
        with pytest.raises(DrexError, match=f"port {port} is already in use"):
            start_managed()
    monkeypatch.setenv("DREX_LOCAL_PORT", "80000")
    with pytest.raises(DrexError, match="DREX_LOCAL_PORT='80000' is not a TCP port"):
        start_managed()
