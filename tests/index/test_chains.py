"""The index facing another chain: ``anvil_reset`` (same chain id, a new genesis block) is followed as a
rollback of everything on a dev chain and refused otherwise; another chain id is always refused. Plain
anvil nodes with a few value transfers: the platform's manifest is not needed to follow blocks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web3 import Web3
from web3.types import Wei

from drex.chain import Chain
from drex.chain.anvil import AnvilNode, start_anvil
from drex.chain.connect import connect_anvil
from drex.deploy import Manifest
from drex.index import Indexer, IndexStore, WrongChain
from drex.sdk import Platform

pytestmark = pytest.mark.anvil


@pytest.fixture()
def chain(anvil_node: AnvilNode) -> Iterator[Chain]:
    c = connect_anvil(anvil_node)
    yield c
    c.close()


def transfers(w3: Web3, count: int) -> None:
    """``count`` blocks with one ETH transfer each (anvil mines one block per transaction)."""
    sender, receiver = list(w3.eth.accounts)[:2]
    for n in range(count):
        w3.eth.wait_for_transaction_receipt(
            w3.eth.send_transaction({"from": sender, "to": receiver, "value": Wei(n + 1)})
        )


def platform_on(chain: Chain) -> Platform:
    return Platform.from_manifest(chain, Manifest(chain.chain_id, "local"))


def test_anvil_reset_is_a_rollback_of_everything_on_a_dev_chain(db_url: str, chain: Chain) -> None:
    w3 = chain.w3
    transfers(w3, 3)
    store = IndexStore(db_url)
    assert Indexer(platform_on(chain), store).sync().blocks == 4
    old_genesis = store.cursor().genesis_hash  # type: ignore[union-attr]
    w3.provider.make_request("anvil_reset", [])  # type: ignore[arg-type]
    new_genesis = w3.eth.get_block(0)["hash"].to_0x_hex()
    assert new_genesis != old_genesis  # what anvil actually does: same chain id, another genesis block
    with pytest.raises(WrongChain, match=f"{old_genesis}.*{new_genesis}"):
        Indexer(platform_on(chain), store, allow_reset=False).sync()  # a production node: refused
    transfers(w3, 1)
    report = Indexer(platform_on(chain), store).sync()  # a dev chain: followed as a rollback
    [rollback] = report.rollbacks
    assert (rollback.ancestor, rollback.from_block, rollback.to_block) == (-1, 0, 3)
    assert store.cursor() is not None and store.cursor().genesis_hash == new_genesis  # type: ignore[union-attr]
    assert store.counts()["blocks"] == 2 and store.block_hash(0) == new_genesis
    assert store.counts()["transactions"] == 1


def test_another_chain_id_is_refused_naming_both_chains(db_url: str, chain: Chain) -> None:
    transfers(chain.w3, 1)
    store = IndexStore(db_url)
    Indexer(platform_on(chain), store).sync()
    ours = store.cursor()
    assert ours is not None
    other_node = start_anvil(chain_id=31337)
    try:
        other = connect_anvil(other_node)
        genesis = other.w3.eth.get_block(0)["hash"].to_0x_hex()
        with pytest.raises(
            WrongChain, match=f"chain id {ours.chain_id} .*{ours.genesis_hash}.*chain id 31337.*{genesis}"
        ):
            Indexer(platform_on(other), store).sync()
        assert store.cursor() == ours
    finally:
        other_node.kill()
