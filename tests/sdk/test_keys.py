"""KeyDictionary client: registration, lookups, updates and key portability, with keys hashed client-side."""

from __future__ import annotations

import pytest
from eth_typing import HexStr
from eth_utils import keccak
from hexbytes import HexBytes

from drex.chain import ContractRevert
from drex.sdk import InvalidCnpj8, InvalidInput, InvalidKey

from .conftest import World

ANA = "ana@banco-a.example"


def register_ana(world: World) -> None:
    world.as_("BANK_A").key_dictionary.add_account(
        ANA,
        tax_id="12345678901",
        cnpj8=world.a,
        bank_number=101,
        account=10001,
        branch=1,
        wallet=world.addr("CUSTOMER_A1"),
    )


def test_add_and_look_up(world: World) -> None:
    register_ana(world)
    keys = world.platform.key_dictionary
    assert keys.get_wallet(ANA) == world.addr("CUSTOMER_A1")
    assert keys.get_wallet(keccak(text=ANA)) == world.addr("CUSTOMER_A1")  # the hash works as well
    assert keys.get_key(world.addr("CUSTOMER_A1")) == keccak(text=ANA)
    data = keys.get_customer_data(ANA)
    assert (data.tax_id, data.cnpj8, data.bank_number, data.account, data.branch) == (
        12345678901,
        world.a,
        101,
        10001,
        1,
    )
    assert data.registered and data.owner == world.addr("BANK_A") and data.wallet == world.addr("CUSTOMER_A1")


def test_the_identifier_never_goes_on_chain(world: World) -> None:
    result = world.as_("BANK_A").key_dictionary.add_account(
        ANA, tax_id=1, cnpj8=world.a, bank_number=101, account=1, branch=1, wallet=world.addr("CUSTOMER_A1")
    )
    tx = world.chain.w3.eth.get_transaction(HexStr(result.tx_hash))
    data = bytes(HexBytes(tx.get("input") or tx.get("data") or b""))  # eth-tester names it "data"
    assert keccak(text=ANA) in data
    assert ANA.encode() not in data


def test_rejections(world: World) -> None:
    register_ana(world)
    bank = world.as_("BANK_A").key_dictionary
    with pytest.raises(ContractRevert, match="KeyAlreadyRegistered"):
        register_ana(world)
    with pytest.raises(ContractRevert) as info:
        world.platform.key_dictionary.get_wallet("nobody@example")
    assert info.value.error_name == "KeyNotFound" and info.value.args == (keccak(text="nobody@example"),)
    with pytest.raises(ContractRevert, match="WalletNotFound"):
        world.platform.key_dictionary.get_key(world.addr("CUSTOMER_B2"))
    with pytest.raises(ContractRevert, match="NotParticipant"):  # customers are not enabled on Real Digital
        world.as_("CUSTOMER_A1").key_dictionary.add_account(
            "x", tax_id=1, cnpj8=world.a, bank_number=1, account=1, branch=1, wallet=world.addr("CUSTOMER_A1")
        )
    with pytest.raises(ContractRevert, match="WalletAlreadyRegistered"):
        bank.add_account(
            "other@banco-a.example",
            tax_id=2,
            cnpj8=world.a,
            bank_number=1,
            account=2,
            branch=1,
            wallet=world.addr("CUSTOMER_A1"),
        )
    # rejected before anything is sent
    with pytest.raises(InvalidKey):
        bank.add_account(
            "", tax_id=1, cnpj8=world.a, bank_number=1, account=1, branch=1, wallet=world.addr("CUSTOMER_A2")
        )
    with pytest.raises(InvalidInput, match="tax id"):
        bank.add_account(
            "k",
            tax_id="123.456",
            cnpj8=world.a,
            bank_number=1,
            account=1,
            branch=1,
            wallet=world.addr("CUSTOMER_A2"),
        )
    with pytest.raises(InvalidCnpj8):
        bank.add_account(
            "k", tax_id=1, cnpj8="123", bank_number=1, account=1, branch=1, wallet=world.addr("CUSTOMER_A2")
        )


def test_update_data_only_by_the_owner(world: World) -> None:
    register_ana(world)
    fields: dict[str, int | str] = {
        "tax_id": 12345678901,
        "cnpj8": world.a,
        "bank_number": 101,
        "account": 99,
        "branch": 2,
    }
    with pytest.raises(ContractRevert, match="NotOwnCustomer"):  # BANK_B writing a record for BANK_A
        world.as_("BANK_B").key_dictionary.update_data(ANA, wallet=world.addr("CUSTOMER_A2"), **fields)
    with pytest.raises(ContractRevert, match="NotKeyOwner"):  # BANK_B's own CNPJ8, but not its key
        world.as_("BANK_B").key_dictionary.update_data(
            ANA, wallet=world.addr("CUSTOMER_A2"), **{**fields, "cnpj8": world.b}
        )
    world.as_("BANK_A").key_dictionary.update_data(ANA, wallet=world.addr("CUSTOMER_A2"), **fields)
    keys = world.platform.key_dictionary
    assert keys.get_wallet(ANA) == world.addr("CUSTOMER_A2")
    assert keys.get_customer_data(ANA).account == 99
    with pytest.raises(ContractRevert, match="WalletNotFound"):  # the old wallet is unlinked
        keys.get_key(world.addr("CUSTOMER_A1"))


def test_key_portability(world: World) -> None:
    register_ana(world)
    start = world.platform.block_number() + 1
    new: dict[str, int | str] = {
        "tax_id": 12345678901,
        "cnpj8": world.b,
        "bank_number": 202,
        "account": 7,
        "branch": 3,
    }
    proposal_id = world.as_("BANK_B").key_dictionary.request_key(ANA, wallet=world.addr("CUSTOMER_B1"), **new)
    proposal = world.platform.key_dictionary.key_proposal(proposal_id)
    assert (
        proposal.key == keccak(text=ANA)
        and proposal.requester == world.addr("BANK_B")
        and not proposal.authorized
    )
    requests = world.platform.key_dictionary.key_requests(world.addr("BANK_A"), from_block=start)
    assert [(r.proposal_id, r.key) for r in requests] == [(proposal_id, keccak(text=ANA))]
    assert world.platform.key_dictionary.key_requests(world.addr("BANK_B"), from_block=start) == []
    with pytest.raises(ContractRevert, match="NotKeyOwner"):
        world.as_("BANK_B").key_dictionary.authorize_key(proposal_id, ANA)
    with pytest.raises(ContractRevert, match="ProposalKeyMismatch"):
        world.as_("BANK_A").key_dictionary.authorize_key(proposal_id, "someone-else")
    world.as_("BANK_A").key_dictionary.authorize_key(proposal_id, ANA)
    data = world.platform.key_dictionary.get_customer_data(ANA)
    assert (data.owner, data.wallet, data.cnpj8) == (world.addr("BANK_B"), world.addr("CUSTOMER_B1"), world.b)
    with pytest.raises(ContractRevert, match="ProposalAlreadyAuthorized"):
        world.as_("BANK_B").key_dictionary.authorize_key(proposal_id, ANA)
    with pytest.raises(ContractRevert, match="KeyAlreadyOwned"):
        world.as_("BANK_B").key_dictionary.request_key(ANA, wallet=world.addr("CUSTOMER_B1"), **new)
    with pytest.raises(ContractRevert, match="ProposalNotFound"):
        world.platform.key_dictionary.key_proposal(proposal_id + 1)
