"""The SDK session: address resolution (manifest or AddressDiscovery alone) and the transaction helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from drex.chain import ContractRevert
from drex.deploy import Manifest, write_manifest
from drex.errors import DrexError
from drex.sdk import NoSigner, Platform, Transactor, UnknownContract
from drex.sdk.platform import CONTRACT_NAMES, real_tokenizado_name

from .conftest import BANK_RD, World


def test_address_discovery_alone_resolves_what_the_manifest_says(world: World) -> None:
    discovered = Platform.from_address_discovery(world.chain, world.manifest.address("AddressDiscovery"))
    names = [*CONTRACT_NAMES, real_tokenizado_name(world.a), real_tokenizado_name(world.b)]
    for name in names:
        assert discovered.address_of(name) == world.platform.address_of(name) == world.manifest.address(name)
    # and the clients work through it
    assert discovered.real_digital.balance_of(world.addr("BANK_A")) == BANK_RD
    assert discovered.real_tokenizado(world.a).cnpj8() == world.a


def test_unknown_names_and_addresses(world: World) -> None:
    discovered = Platform.from_address_discovery(world.chain, world.manifest.address("AddressDiscovery"))
    with pytest.raises(UnknownContract, match="RealTokenizado@99999999"):
        discovered.real_tokenizado("99999999")
    with pytest.raises(UnknownContract, match="not in the deployment manifest"):
        world.platform.real_tokenizado("99999999")
    with pytest.raises(UnknownContract, match="no contract"):
        Platform.from_address_discovery(world.chain, world.addr("BCB"))


def test_from_manifest_file_and_wrong_chain(world: World, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "deployment.json"
    write_manifest(world.manifest, path)
    assert Platform.from_manifest(world.chain, path).address_of("RealDigital") == world.manifest.address(
        "RealDigital"
    )
    other = Manifest.from_json({**world.manifest.to_json(), "chainId": 1})
    with pytest.raises(DrexError, match="wrong chain"):
        Platform.from_manifest(world.chain, other)


def test_reads_need_no_signer_but_writes_do(world: World) -> None:
    assert world.platform.real_digital.total_supply() == 2 * BANK_RD
    with pytest.raises(NoSigner):
        world.platform.real_digital.transfer(world.addr("BANK_B"), "1.00")
    with pytest.raises(NoSigner):
        _ = world.platform.address


def test_as_signer_shares_the_address_cache(world: World) -> None:
    bank = world.as_("BANK_A")
    assert bank.address == world.addr("BANK_A")
    assert bank.contract("RealDigital") is world.platform.contract("RealDigital")


def test_many_transactions_from_one_signer_without_waiting(world: World) -> None:
    bank = world.as_("BANK_A")
    rd = bank.real_digital
    to = world.addr("BANK_B")
    start = world.chain.w3.eth.get_transaction_count(bank.address)
    pending = [bank.submit(rd.contract.functions.transfer(to, 100 + i)) for i in range(5)]
    assert [p.nonce for p in pending] == list(range(start, start + 5))
    results = [p.wait() for p in pending]
    assert all(r.gas_used > 0 for r in results)
    assert rd.balance_of(to) == BANK_RD + Decimal("5.10")  # 1.00 + 1.01 + ... + 1.04


def test_send_all_and_estimate_gas(world: World) -> None:
    tx = Transactor(world.chain, world.chain.account("BANK_A"))
    rd = world.platform.real_digital.contract
    fn = rd.functions.transfer(world.addr("BANK_B"), 1)
    assert 21_000 < tx.estimate_gas(fn) < 200_000
    results = tx.send_all([fn, fn, fn])
    assert len({r.tx_hash for r in results}) == 3
    with pytest.raises(DrexError, match="gas limits"):
        tx.send_all([fn, fn], gas=[100_000])


def test_revert_found_while_estimating_is_decoded(world: World) -> None:
    customer = world.as_("CUSTOMER_A1")  # not enabled on Real Digital
    with pytest.raises(ContractRevert) as info:
        customer.real_digital.request_mint("1.00")
    assert info.value.error_name == "NotParticipant"
    assert info.value.args[0].lower() == world.addr("CUSTOMER_A1").lower()


def test_revert_after_mining_is_decoded_and_nonces_recover(world: World) -> None:
    bank = world.as_("BANK_A")
    rd = bank.real_digital.contract
    too_much = rd.functions.transfer(world.addr("BANK_B"), 10**12)
    with pytest.raises(ContractRevert) as info:
        bank.send(too_much, gas=200_000)  # explicit gas: no estimation, the revert happens on chain
    assert info.value.error_name == "ERC20InsufficientBalance"
    # the signer goes on with the next nonce
    result = bank.real_digital.transfer(world.addr("BANK_B"), "2.00")
    assert result.block_number > 0
    assert bank.real_digital.balance_of(world.addr("BANK_B")) == BANK_RD + 2


def test_send_all_raises_the_first_failure_after_waiting_for_all(world: World) -> None:
    tx = Transactor(world.chain, world.chain.account("BANK_A"))
    rd = world.platform.real_digital.contract
    ok = rd.functions.transfer(world.addr("BANK_B"), 1)
    bad = rd.functions.transfer(world.addr("BANK_B"), 10**12)
    with pytest.raises(ContractRevert, match="ERC20InsufficientBalance"):
        tx.send_all([ok, bad, ok], gas=200_000)
    assert world.platform.real_digital.balance_of(world.addr("BANK_B")) == BANK_RD + Decimal("0.02")
