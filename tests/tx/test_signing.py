"""Signing: legacy and EIP-1559 transactions from the coincurve path are byte for byte eth-account's, and
the generic path (any signer with ``sign_transaction``) gives the same bytes."""

from __future__ import annotations

from typing import Any

import pytest
from eth_account import Account
from eth_utils.address import to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from drex.chain.tx.signing import Fees, RawSigner, nonce_of, sign

KEY = b"\x11" * 32
CHAIN_IDS = st.sampled_from([1, 381660001, 131277322940537])
TO = st.one_of(st.just(""), st.binary(min_size=20, max_size=20).map(to_checksum_address))


class OnlySigns:
    """A signer without a raw key: only ``address`` and ``sign_transaction`` (like an external signer)."""

    def __init__(self, key: bytes):
        self._account = Account.from_key(key)
        self.address = self._account.address
        self.calls = 0

    def sign_transaction(self, tx: dict[str, Any]) -> Any:
        self.calls += 1
        return self._account.sign_transaction(tx)


def _tx(fees: Fees, nonce: int, gas: int, to: str, value: int, data: bytes, chain_id: int) -> dict[str, Any]:
    tx: dict[str, Any] = {"nonce": nonce, "gas": gas, "value": value, "data": data, "chainId": chain_id}
    if to:
        tx["to"] = to
    return {**tx, **fees.fields()}


@settings(max_examples=60, deadline=None)
@given(
    nonce=st.integers(0, 2**64 - 1),
    gas_price=st.integers(0, 10**12),
    gas=st.integers(21_000, 30_000_000),
    to=TO,
    value=st.integers(0, 2**96),
    data=st.binary(max_size=300),
    chain_id=CHAIN_IDS,
)
def test_legacy_is_byte_identical_to_eth_account(
    nonce: int, gas_price: int, gas: int, to: str, value: int, data: bytes, chain_id: int
) -> None:
    tx = _tx(Fees("legacy", gas_price=gas_price), nonce, gas, to, value, data, chain_id)
    expected = Account.sign_transaction(tx, KEY)
    raw, h = RawSigner(KEY, chain_id).sign(nonce, gas_price, gas, bytes.fromhex(to[2:]), value, data)
    assert raw == bytes(expected.raw_transaction)
    assert h == bytes(expected.hash)
    assert sign(tx, Account.from_key(KEY)) == (raw, h)  # the fast path through sign()
    slow = OnlySigns(KEY)
    assert sign(tx, slow) == (raw, h) and slow.calls == 1  # the generic path
    assert nonce_of(raw) == nonce


@settings(max_examples=60, deadline=None)
@given(
    nonce=st.integers(0, 2**64 - 1),
    tip=st.integers(0, 10**11),
    extra=st.integers(0, 10**12),
    gas=st.integers(21_000, 30_000_000),
    to=TO,
    value=st.integers(0, 2**96),
    data=st.binary(max_size=300),
    chain_id=CHAIN_IDS,
)
def test_eip1559_is_byte_identical_to_eth_account(
    nonce: int, tip: int, extra: int, gas: int, to: str, value: int, data: bytes, chain_id: int
) -> None:
    fees = Fees("eip1559", max_fee=tip + extra, max_priority_fee=tip)
    tx = _tx(fees, nonce, gas, to, value, data, chain_id)
    expected = Account.sign_transaction(tx, KEY)
    raw, h = RawSigner(KEY, chain_id).sign_1559(
        nonce, tip, tip + extra, gas, bytes.fromhex(to[2:]), value, data
    )
    assert raw[0] == 2
    assert raw == bytes(expected.raw_transaction)
    assert h == bytes(expected.hash)
    assert RawSigner(KEY, chain_id).sign_with(fees, nonce, gas, bytes.fromhex(to[2:]), value, data) == (
        raw,
        h,
    )
    assert sign(tx, Account.from_key(KEY)) == (raw, h)
    slow = OnlySigns(KEY)
    assert sign(tx, slow) == (raw, h) and slow.calls == 1
    assert nonce_of(raw) == nonce


def test_fixed_price_and_fields() -> None:
    assert Fees.fixed("legacy", 7).fields() == {"gasPrice": 7}
    assert Fees.fixed("eip1559", 7).fields() == {"maxFeePerGas": 7, "maxPriorityFeePerGas": 7, "type": 2}


def test_chain_id_mismatch_is_refused() -> None:
    tx = _tx(Fees.fixed("legacy", 0), 0, 21_000, to_checksum_address("0x" + "22" * 20), 0, b"", 5)
    with pytest.raises(Exception, match="chain id"):
        sign(tx, Account.from_key(KEY), fast=RawSigner(KEY, 6))
