"""Fixtures of the index tests: one anvil chain per module with the real platform deployed and a scripted
sequence of real operations on it (Real Digital, Real Tokenizado mints, transfers, a swap, a TPFt DvP
trade, freezes and unfreezes of both kinds, a forced move), reverted around every test by the root
``clean_chain`` (the ``chain`` fixture is overridden here with an anvil one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hexbytes import HexBytes
from web3 import Web3

from drex.chain import Chain
from drex.chain.anvil import AnvilNode, start_anvil
from drex.chain.connect import connect_anvil
from drex.sdk import Platform
from sdk_tpft.conftest import World, build_world
from sdk_tpft.test_history import script


@pytest.fixture(scope="module")
def node(built: None) -> Iterator[AnvilNode]:
    n = start_anvil()
    yield n
    n.kill()


@pytest.fixture(scope="module")
def chain(node: AnvilNode) -> Iterator[Chain]:
    c = connect_anvil(node)
    yield c
    c.close()


@pytest.fixture(scope="module")
def world(chain: Chain) -> World:
    """The platform with its world and the scripted operations (built before the first snapshot)."""
    w = build_world(chain)
    script(w)
    rd = w.tp("BCB").platform.real_digital
    rd.freeze(w.addr("BANK_A"), "30.00")  # the admin's freeze (also an authority hold)
    rd.unfreeze(w.addr("BANK_A"), "10.00")
    w.tp("BANK_A").platform.real_tokenizado(w.cnpj8("BANK_A")).move_and_burn(w.addr("CUSTOMER_A2"), "0.50")
    w.sessions.clear()
    return w


@pytest.fixture()
def w(world: World) -> World:
    world.sessions.clear()  # the chain is reverted after each test: drop clients with stale caches
    return world


@pytest.fixture()
def platform(w: World) -> Platform:
    return Platform.from_manifest(w.chain, w.manifest)


def chain_logs(w3: Web3, last: int) -> list[tuple[int, str, int]]:
    """(block, tx, log index) of every log of blocks 0..``last``, straight from the node."""
    found: list[Any] = w3.eth.get_logs({"fromBlock": 0, "toBlock": last})
    return [
        (int(x["blockNumber"]), HexBytes(x["transactionHash"]).to_0x_hex(), int(x["logIndex"])) for x in found
    ]
