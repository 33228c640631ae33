"""The Python mirror against the on-chain code it mirrors, on a real anvil node: zk-kit's LeanIMT library
(insert, insertMany, update, remove, with the siblings the mirror supplies), poseidon-solidity's
PoseidonT2..T6 and the context encodings of docs/privacy.md, through a test-only harness contract
(tests/privacy/contracts/PrivacyCryptoHarness.sol) compiled here with the project's solc-js driver."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from web3 import Web3
from web3.contract import Contract

from drex.chain.anvil import start_anvil
from drex.privacy import TreeError
from drex.privacy.crypto.field import P
from drex.privacy.crypto.noteenc import PAYLOAD_SIZE
from drex.privacy.crypto.poseidon import poseidon_many
from drex.privacy.tree import LeanIMT
from drex.privacy.witness import ContextKind, context_of

from .crypto_support import compile_harness

pytestmark = pytest.mark.anvil


def _deploy(w3: Web3, compiled: dict[str, Any], deployed: dict[str, str]) -> str:
    code = compiled["bytecode"]
    for libraries in compiled["linkReferences"].values():
        for library, places in libraries.items():
            address = deployed[library][2:].lower()
            for place in places:
                start = 2 * place["start"]
                code = code[:start] + address + code[start + 40 :]
    tx = w3.eth.send_transaction({"from": w3.eth.accounts[0], "data": "0x" + code})
    receipt = w3.eth.wait_for_transaction_receipt(tx)
    assert receipt["status"] == 1
    return str(receipt["contractAddress"])


@pytest.fixture(scope="module")
def harness(built: None) -> Iterator[Contract]:
    node = start_anvil()
    try:
        w3 = Web3(Web3.HTTPProvider(node.url))
        compiled = compile_harness()
        deployed: dict[str, str] = {}
        for library in ("PoseidonT2", "PoseidonT3", "PoseidonT4", "PoseidonT5", "PoseidonT6"):
            deployed[library] = _deploy(w3, compiled[library], deployed)
        address = _deploy(w3, compiled["PrivacyCryptoHarness"], deployed)
        yield w3.eth.contract(
            address=Web3.to_checksum_address(address), abi=compiled["PrivacyCryptoHarness"]["abi"]
        )
    finally:
        node.kill()


def _send(contract: Contract, fn: str, *args: Any) -> None:
    w3 = contract.w3
    tx = getattr(contract.functions, fn)(*args).transact({"from": w3.eth.accounts[0]})
    assert w3.eth.wait_for_transaction_receipt(tx)["status"] == 1, fn


def _reverts(contract: Contract, fn: str, *args: Any) -> bool:
    try:
        getattr(contract.functions, fn)(*args).call({"from": contract.w3.eth.accounts[0]})
    except Exception:  # noqa: BLE001 - any revert
        return True
    return False


def _same(contract: Contract, tree: LeanIMT) -> None:
    root, size, depth = contract.functions.state().call()
    assert (root, size, depth) == (tree.root, tree.size, tree.depth)


def test_the_lean_imt_mirror_matches_the_solidity_library_through_random_operations(
    harness: Contract,
) -> None:
    rng = random.Random(20261202)
    tree = LeanIMT()
    _same(harness, tree)
    fresh = iter(range(1, 10**6))
    for step in range(90):
        live = [leaf for leaf in tree.leaves if leaf]
        action = rng.choice(["insert", "many", "update", "remove"] if live else ["insert", "many"])
        if action == "insert":
            leaf = poseidon_many([next(fresh)])
            _send(harness, "insert", leaf)
            tree.insert(leaf)
        elif action == "many":
            batch = [poseidon_many([next(fresh)]) for _ in range(rng.randint(1, 9))]
            _send(harness, "insertMany", batch)
            tree.insert_many(batch)
        elif action == "update":
            old, new = rng.choice(live), poseidon_many([next(fresh)])
            siblings = tree.update_siblings(old)
            _send(harness, "update", old, new, siblings)
            tree.update(old, new)
        else:
            old = rng.choice(live)
            siblings = tree.update_siblings(old)
            if siblings:  # a wrong sibling list is refused on chain (WrongSiblingNodes)
                wrong = [*siblings[:-1], (siblings[-1] + 1) % P]
                assert _reverts(harness, "remove", old, wrong), step
            _send(harness, "remove", old, siblings)
            tree.remove(old)
        _same(harness, tree)
    assert tree.size > 100 and tree.depth >= 7  # the walk went deep enough to mean something
    assert any(leaf == 0 for leaf in tree.leaves)


def test_the_mirror_refuses_what_the_library_refuses(harness: Contract) -> None:
    leaf = poseidon_many([2**64 + 1])  # a leaf no other test inserts
    _send(harness, "insert", leaf)
    tree = LeanIMT([leaf])
    for bad in (0, P, leaf):  # zero, not a field element, already there
        assert _reverts(harness, "insert", bad)
        with pytest.raises(TreeError):
            tree.insert(bad)
        assert _reverts(harness, "insertMany", [bad])
        with pytest.raises(TreeError):
            tree.insert_many([bad])
    missing = poseidon_many([2**64 + 2])
    assert _reverts(harness, "remove", missing, [])
    with pytest.raises(TreeError, match="not in the tree"):
        tree.remove(missing)


@pytest.mark.parametrize("arity", [1, 2, 3, 4, 5])
def test_poseidon_matches_poseidon_solidity(harness: Contract, arity: int) -> None:
    rng = random.Random(arity)
    for inputs in ([0] * arity, [P - 1] * arity, [rng.randrange(P) for _ in range(arity)]):
        assert harness.functions.poseidon(inputs).call() == poseidon_many(inputs)


def test_contexts_match_abi_encode_on_chain(harness: Contract) -> None:
    w3 = harness.w3
    chain_id = w3.eth.chain_id
    pool, other, dvp, recipient = (Web3.to_checksum_address(f"0x{n:040x}") for n in (0xA1, 0xB2, 0xC3, 0xD4))
    notes = bytes(range(256)) + bytes(PAYLOAD_SIZE - 256)
    trade_id, expected = 2**200 + 17, P - 3
    assert harness.functions.transferContext(pool, notes).call() == context_of(
        ContextKind.TRANSFER, chain_id=chain_id, pool=pool, notes=notes
    )
    assert harness.functions.withdrawContext(pool, recipient, notes).call() == context_of(
        ContextKind.WITHDRAW, chain_id=chain_id, pool=pool, recipient=recipient, notes=notes
    )
    propose = harness.functions.proposeContext(pool, dvp, trade_id, expected, other, notes).call()
    assert propose == context_of(
        ContextKind.DVP_PROPOSE, chain_id=chain_id, pool=pool, dvp=dvp, trade_id=trade_id,
        expected_commitment=expected, counter_pool=other, notes=notes,
    )  # fmt: skip
    accept = harness.functions.acceptContext(pool, dvp, trade_id, notes).call()
    assert accept == context_of(
        ContextKind.DVP_ACCEPT,
        chain_id=chain_id,
        pool=pool,
        dvp=dvp,
        trade_id=trade_id.to_bytes(32, "big"),
        notes=notes,
    )
    assert len({propose, accept}) == 2
