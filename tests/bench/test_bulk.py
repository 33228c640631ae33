"""The bulk submitter on the embedded chain: byte-exact signing and encoding, exactly-once submission,
resuming from a journal, reverts reported, consumed nonces never paid twice, refusals raised.

Signing and encoding are checked against eth-account and eth-abi with hypothesis; the rest runs Real
Digital transfers on the real platform deployed on the embedded py-evm chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import eth_abi.abi
import pytest
import rlp
from eth_account import Account
from hypothesis import given, settings
from hypothesis import strategies as st

from drex.bench import throughput as tp
from drex.bench.runner import _fund_ether
from drex.bench.wallets import Transfer, bench_wallets, enable_and_fund, estimate, transfer_plan
from drex.chain import Chain, connect
from drex.chain.tx.bulk import BulkError, BulkSubmitter, Intent
from drex.chain.tx.encoding import CallEncoder, rlp_list
from drex.chain.tx.journal import Journal, JournalEntry
from drex.chain.tx.signing import RawSigner
from drex.deploy import deploy_platform

WALLETS = 6
KEY = b"\x11" * 32


@settings(max_examples=60, deadline=None)
@given(
    nonce=st.integers(0, 2**64 - 1),
    gas_price=st.integers(0, 10**12),
    gas=st.integers(21_000, 30_000_000),
    value=st.integers(0, 2**96),
    data=st.binary(max_size=300),
    chain_id=st.sampled_from([1, 381660001, 131277322940537]),
)
def test_raw_signer_is_byte_identical_to_eth_account(
    nonce: int, gas_price: int, gas: int, value: int, data: bytes, chain_id: int
) -> None:
    account = Account.from_key(KEY)
    to = "0x" + "22" * 20
    tx = {"nonce": nonce, "gasPrice": gas_price, "gas": gas, "to": to, "value": value, "data": data}
    expected = bytes(account.sign_transaction({**tx, "chainId": chain_id}).raw_transaction)
    raw, tx_hash = RawSigner(KEY, chain_id).sign(nonce, gas_price, gas, bytes.fromhex(to[2:]), value, data)
    assert raw == expected
    assert tx_hash == bytes(Account.sign_transaction({**tx, "chainId": chain_id}, KEY).hash)
    assert RawSigner(KEY, chain_id).address == account.address


@given(st.lists(st.binary(max_size=80), max_size=12))
def test_rlp_list_matches_pyrlp(items: list[bytes]) -> None:
    assert rlp_list(items) == rlp.encode(items)


@given(
    address=st.binary(min_size=20, max_size=20),
    amount=st.integers(0, 2**256 - 1),
    flag=st.booleans(),
    word=st.binary(min_size=32, max_size=32),
    small=st.integers(-(2**127), 2**127 - 1),
)
def test_call_encoder_matches_eth_abi(
    address: bytes, amount: int, flag: bool, word: bytes, small: int
) -> None:
    encode = CallEncoder("f(address,uint256,bool,bytes32,int128)")
    types = ["address", "uint256", "bool", "bytes32", "int128"]
    args = [address, amount, flag, word, small]
    assert encode(*args) == encode.selector + eth_abi.abi.encode(types, args)
    assert encode("0x" + address.hex(), amount, flag, word, small) == encode(*args)


def test_call_encoder_dynamic_types_and_bad_values() -> None:
    encode = CallEncoder("g(string,uint8[])")
    assert encode("real", [1, 2]) == encode.selector + eth_abi.abi.encode(
        ["string", "uint8[]"], ["real", [1, 2]]
    )
    transfer = CallEncoder("transfer(address,uint256)")
    with pytest.raises(Exception, match="uint256"):
        transfer("0x" + "11" * 20, -1)
    with pytest.raises(Exception, match="address"):
        transfer("0x1234", 1)


# ------------------------------------------------------------------------------------ on a chain
class World:
    def __init__(self) -> None:
        self.chain: Chain = connect("embedded")
        manifest = deploy_platform(self.chain)
        self.rd = manifest.address("RealDigital")
        self.wallets = bench_wallets(WALLETS)
        self.gas_price = int(self.chain.w3.eth.gas_price)
        _fund_ether(self.chain, self.wallets, self.gas_price)
        bulk = BulkSubmitter(self.chain, gas_price=self.gas_price)
        enable_and_fund(self.chain, self.rd, manifest.address("STR"), self.wallets, bulk=bulk)
        self.token = self.chain.at("RealDigital", self.rd)
        self.gas = estimate(
            self.chain, self.token.functions.transfer(self.wallets[1].address, 1), self.wallets[0].address
        )

    def intents(self, plan: list[Transfer]) -> list[Intent]:
        return tp.transfer_intents(self.rd, self.token.abi, self.wallets, plan, self.gas)

    def bulk(self, **options: Any) -> BulkSubmitter:
        return BulkSubmitter(self.chain, gas_price=self.gas_price, batch_size=7, **options)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = World()
    yield w
    w.chain.close()


@pytest.fixture()
def fresh(world: World) -> Iterator[World]:
    snap = world.chain.snapshot()
    yield world
    world.chain.revert(snap)


def _nonces(world: World) -> list[int]:
    return [world.chain.w3.eth.get_transaction_count(w.address) for w in world.wallets]


def test_transfers_land_exactly_once_and_a_second_run_sends_nothing(fresh: World, tmp_path: Path) -> None:
    plan = transfer_plan(60, WALLETS)
    start = tp.balances(fresh.chain, fresh.rd, fresh.wallets)
    first = int(fresh.chain.w3.eth.block_number) + 1
    nonces = _nonces(fresh)
    journal = tmp_path / "journal.sqlite"
    result = fresh.bulk(journal=journal).submit(fresh.intents(plan), fresh.wallets)
    assert result.ok and result.sent == 60 and len(result.latencies) == 60
    assert tp.verify(fresh.chain, fresh.rd, fresh.wallets, plan, start, first).ok
    again = fresh.bulk(journal=journal).submit(fresh.intents(plan), fresh.wallets)
    assert again.ok and again.sent == 0 and again.already_done == 60
    assert [b - a for a, b in zip(nonces, _nonces(fresh), strict=True)] == [10] * WALLETS
    assert len(Journal(journal).entries()) == 60


def test_a_reverting_transaction_is_reported_and_does_not_stall(fresh: World) -> None:
    stranger = Account.from_key(b"\x33" * 32)  # not enabled on Real Digital: its transfer reverts
    bcb = fresh.chain.account("BCB")
    BulkSubmitter(fresh.chain, gas_price=fresh.gas_price).submit(
        [Intent("ether", bcb.address, stranger.address, b"", 21_000, 10**18)], [bcb]
    )
    encode = CallEncoder("transfer(address,uint256)")
    intents = [Intent("bad", stranger.address, fresh.rd, encode(fresh.wallets[0].address, 1), fresh.gas)]
    intents += fresh.intents(transfer_plan(4, WALLETS))
    result = fresh.bulk().submit(intents, [stranger, *fresh.wallets])
    assert result.failed == ["bad"]
    assert result.outcomes["bad"].block > 0
    assert not result.ok and not result.unverified


def test_a_consumed_nonce_is_reported_not_paid_twice_unless_asked(fresh: World, tmp_path: Path) -> None:
    """A transaction journaled but never sent, whose nonce another transaction of the same key consumed
    (a process that died between journaling and sending while someone else used the key)."""
    payer = fresh.wallets[0]
    nonce = fresh.chain.w3.eth.get_transaction_count(payer.address)
    intent = fresh.intents(transfer_plan(1, WALLETS, tag="once"))[0]
    raw, tx_hash = RawSigner(bytes(payer.key), fresh.chain.chain_id).sign(
        nonce, fresh.gas_price, intent.gas, bytes.fromhex(fresh.rd[2:]), 0, intent.data
    )
    journal = Journal(tmp_path / "journal.sqlite")
    journal.bind_chain(fresh.chain.chain_id, int(fresh.chain.w3.eth.block_number))
    journal.record([JournalEntry(intent.key, payer.address, nonce, "0x" + tx_hash.hex(), raw)])
    journal.close()
    other = Intent("someone else", payer.address, payer.address, b"", 21_000, 0)
    BulkSubmitter(fresh.chain, gas_price=fresh.gas_price).submit([other], [payer])  # consumes `nonce`
    before = tp.balances(fresh.chain, fresh.rd, fresh.wallets)

    result = fresh.bulk(journal=tmp_path / "journal.sqlite").submit([intent], fresh.wallets)
    assert result.unverified == [intent.key] and result.sent == 0
    assert tp.balances(fresh.chain, fresh.rd, fresh.wallets) == before

    result = fresh.bulk(journal=tmp_path / "journal.sqlite", resign_consumed=True).submit(
        [intent], fresh.wallets
    )
    assert result.ok and result.resigned == 1 and result.outcomes[intent.key].nonce == nonce + 1
    after = tp.balances(fresh.chain, fresh.rd, fresh.wallets)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 2


def test_a_refused_transaction_raises(fresh: World) -> None:
    payer = fresh.wallets[0]
    intent = Intent("too little gas", payer.address, fresh.rd, b"", 20_000)  # below the intrinsic 21,000
    with pytest.raises(BulkError, match="too little gas"):
        fresh.bulk().submit([intent], [payer])


def test_unknown_signers_and_duplicate_keys_are_refused(fresh: World) -> None:
    payer, stranger = fresh.wallets[0], Account.from_key(b"\x44" * 32)
    intent = Intent("k", stranger.address, fresh.rd, b"", 50_000)
    with pytest.raises(Exception, match="no signer"):
        fresh.bulk().submit([intent], [payer])
    twice = Intent("k", payer.address, fresh.rd, b"", 50_000)
    with pytest.raises(Exception, match="unique"):
        fresh.bulk().submit([twice, twice], [payer])


def test_a_journal_of_another_chain_is_refused(fresh: World, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite")
    journal.bind_chain(1, 0)
    journal.close()
    with pytest.raises(Exception, match="chain id"):
        fresh.bulk(journal=tmp_path / "journal.sqlite").submit([], fresh.wallets)


def test_the_web3_transport_keeps_a_node_error_as_an_error() -> None:
    """A call the web3 transport has no mapping for goes to the provider as is; the node's error answer
    stays an ``{"error"}`` (before, it came back as ``{"result": None}``, as if the call had worked)."""
    from drex.chain.tx.transport import Web3Transport

    chain = connect("embedded")
    [unknown, known] = Web3Transport(chain.w3).batch(
        [("anvil_removePoolTransactions", [chain.account("BANK_A").address]), ("web3_clientVersion", [])]
    )
    assert "result" not in unknown and unknown["error"]["message"]
    assert str(known["result"]).startswith("EthereumTester/")
