"""The engine on real chains (embedded py-evm and anvil): legacy and EIP-1559 transactions mined, a
refused transaction gives its nonce back, and a failed transaction is explained identically by the
single-transaction path and the bulk submitter (a custom error, and a failure that depends on the gas)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3.contract import Contract

from drex.chain import Chain, ContractRevert, connect_anvil
from drex.chain.tx import TransactionFailed, replay_failure
from drex.chain.tx.bulk import BulkSubmitter, Intent, Outcome
from drex.chain.tx.signing import TxType

KEY = keccak(text="TPFt")


@pytest.fixture(params=["embedded", "anvil"])
def any_chain(request: pytest.FixtureRequest) -> Iterator[Chain]:
    """The module's embedded chain (reset around each test), or a fresh anvil node."""
    if request.param == "embedded":
        yield request.getfixturevalue("chain")
        return
    c = connect_anvil(request.getfixturevalue("anvil_node"))
    yield c
    c.close()


@pytest.fixture()
def registry(any_chain: Chain) -> Iterator[Contract]:
    bcb = any_chain.account("BCB")
    before = any_chain.engine.tx_type
    yield any_chain.deploy("AddressDiscovery", bcb.address, bcb.address, sender=bcb)
    any_chain.engine.tx_type = before


def test_default_type_follows_the_base_fee(any_chain: Chain) -> None:
    assert any_chain.w3.eth.get_block("latest").get("baseFeePerGas") is not None
    assert any_chain.engine.tx_type == "eip1559"
    fees = any_chain.engine.fees()
    base = int(any_chain.w3.eth.get_block("latest")["baseFeePerGas"])
    # the tip is what eth_gasPrice asks above the base fee: a legacy transaction's price, no more
    assert fees.max_priority_fee == max(any_chain.engine.gas_price() - base, 0)
    assert fees.max_fee >= base + fees.max_priority_fee


@pytest.mark.parametrize("tx_type", ["legacy", "eip1559"])
def test_both_types_are_mined(any_chain: Chain, registry: Contract, tx_type: TxType) -> None:
    any_chain.engine.tx_type = tx_type
    bcb, stn = any_chain.account("BCB"), any_chain.account("STN")
    receipt = any_chain.transact(registry.functions.updateAddress(KEY, stn.address), sender=bcb)
    mined = any_chain.w3.eth.get_transaction(receipt["transactionHash"])
    assert int(mined["type"]) == (0 if tx_type == "legacy" else 2)
    assert registry.functions.addressDiscovery(KEY).call() == stn.address
    # and through the bulk submitter, which takes the engine's type
    data = _data(registry.functions.updateAddress(KEY, bcb.address))
    result = BulkSubmitter(any_chain).submit(
        [Intent("u", bcb.address, registry.address, data, 100_000)], [bcb]
    )
    assert result.ok
    mined = any_chain.w3.eth.get_transaction(HexBytes(result.outcomes["u"].tx_hash))
    assert int(mined["type"]) == (0 if tx_type == "legacy" else 2)
    assert registry.functions.addressDiscovery(KEY).call() == bcb.address


def test_refused_transaction_gives_the_nonce_back(any_chain: Chain, registry: Contract) -> None:
    bcb, stn = any_chain.account("BCB"), any_chain.account("STN")
    nonces = any_chain.engine.nonces
    assert nonces.on_chain(bcb.address) > 0
    nonces.forget(bcb.address)
    nonces.reserve(bcb.address, 0, floor=0)  # a stale cache: the next transaction reuses nonce 0
    with pytest.raises(Exception, match="(?i)nonce"):
        any_chain.transact(registry.functions.updateAddress(KEY, stn.address), sender=bcb)
    assert nonces.peek(bcb.address) is None  # dropped: the next one is read from the node
    any_chain.transact(registry.functions.updateAddress(KEY, stn.address), sender=bcb)
    assert registry.functions.addressDiscovery(KEY).call() == stn.address


def _data(fn: Any) -> bytes:
    return bytes(HexBytes(fn._encode_transaction_data()))


def _single(chain: Chain, fn: Any, signer: Any, gas: int) -> Exception:
    with pytest.raises((ContractRevert, TransactionFailed)) as info:
        chain.engine.submit(fn, signer, gas=gas).wait()
    return info.value


def _bulk(chain: Chain, fn: Any, signer: Any, gas: int) -> tuple[Exception, Outcome]:
    data = _data(fn)
    bulk = BulkSubmitter(chain)
    result = bulk.submit([Intent("f", signer.address, fn.address, data, gas)], [signer])
    assert result.failed == ["f"]
    return bulk.explain("f"), result.outcomes["f"]


def _same(a: Exception, b: Exception) -> str:
    assert type(a) is type(b)
    hashes = re.compile(r"0x[0-9a-f]{64}")
    assert hashes.sub("<tx>", str(a)) == hashes.sub("<tx>", str(b))
    return str(a)


def test_a_custom_error_is_replayed_identically(any_chain: Chain, registry: Contract) -> None:
    stn = any_chain.account("STN")  # not the registry's authority
    fn = registry.functions.updateAddress(KEY, stn.address)
    single, (bulk, _) = _single(any_chain, fn, stn, 200_000), _bulk(any_chain, fn, stn, 200_000)
    _same(single, bulk)
    assert isinstance(single, ContractRevert) and single.error_name == "AccessControlUnauthorizedAccount"


def test_a_failure_that_depends_on_gas_is_replayed_with_its_gas(any_chain: Chain, registry: Contract) -> None:
    bcb, stn = any_chain.account("BCB"), any_chain.account("STN")
    fn = registry.functions.updateAddress(KEY, stn.address)
    gas = 30_000  # enough to start, not for the storage write: out of gas, whereas the call itself succeeds
    single = _single(any_chain, fn, bcb, gas)
    bulk, outcome = _bulk(any_chain, fn, bcb, gas)
    message = _same(single, bulk)
    assert "status 0" not in message, message  # the replay failed too: it ran with the same gas
    # replayed without its gas (as the SDK used to), the call succeeds and explains nothing
    call = {"from": bcb.address, "to": registry.address, "data": _data(fn), "value": 0}
    blind = replay_failure(any_chain.w3, call, outcome.block, outcome.tx_hash)
    assert "status 0" in str(blind)
