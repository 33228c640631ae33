"""QBFT validator governance: the validator contract live from the genesis, and the qbft_* RPC client.

Besu cannot run here, so header voting is checked for the exact requests Besu's documentation gives and for
its failure path against a node without the QBFT API (anvil); the contract side runs for real.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_utils import function_signature_to_4byte_selector
from typer.testing import CliRunner, Result
from web3.types import RPCEndpoint

from drex.besu import addresses as A
from drex.besu.extradata import decode_extradata
from drex.besu.rpc import connect, load_keystore
from drex.besu.validators import ValidatorContract, qbft_request
from drex.chain.anvil import free_port
from drex.cli.besu import validators_app
from drex.errors import DrexError

from .conftest import PASSWORD, LiveNetwork, make_account

pytestmark = pytest.mark.anvil


@pytest.fixture(autouse=True)
def snapshot(live_network: LiveNetwork) -> Iterator[None]:
    snap = live_network.w3.provider.make_request(RPCEndpoint("evm_snapshot"), [])["result"]
    yield
    live_network.w3.provider.make_request(RPCEndpoint("evm_revert"), [snap])


def cli(net: LiveNetwork, *args: str, keystore: Path | None = None) -> Result:
    extra = ["--rpc", net.url] + (["--keystore", str(keystore)] if keystore else [])
    return CliRunner().invoke(validators_app, [*args, *extra])


def out(result: Result) -> list[str]:
    return result.output.split()


def test_contract_starts_with_the_genesis_validators(live_network: LiveNetwork) -> None:
    header = list(decode_extradata(live_network.genesis["extraData"]).validators)
    # exactly the call Besu's ValidatorContractController makes: getValidators() with no arguments
    selector = function_signature_to_4byte_selector("getValidators()")
    raw = live_network.w3.eth.call(
        {"to": live_network.w3.to_checksum_address(A.VALIDATOR_CONTRACT_ADDRESS), "data": selector}
    )
    assert bytes(raw)[:32] == (32).to_bytes(32, "big") and int.from_bytes(bytes(raw)[32:64], "big") == 4
    assert out(cli(live_network, "contract-list")) == header


def test_admin_adds_and_removes_validators(live_network: LiveNetwork, keystore_password: str) -> None:
    contract = ValidatorContract(live_network.w3)
    before = contract.validators()
    block_before = live_network.w3.eth.block_number
    new = make_account("validator-5").address.lower()
    result = cli(live_network, "contract-add", new, keystore=live_network.admin_keystore)
    assert result.exit_code == 0, result.output
    assert contract.validators() == before + [new]
    assert contract.validators(block_before) == before, "Besu reads the set as of the parent block"
    result = cli(live_network, "contract-remove", before[0], keystore=live_network.admin_keystore)
    assert result.exit_code == 0, result.output
    assert sorted(contract.validators()) == sorted(before[1:] + [new])


@pytest.mark.parametrize(
    "args, error",
    [
        (("contract-add", "0x" + "00" * 20), "ZeroValidator"),
        (("contract-remove", "0x" + "99" * 20), "NotValidator"),
    ],
)
def test_contract_refusals(
    live_network: LiveNetwork, keystore_password: str, args: tuple[str, str], error: str
) -> None:
    result = cli(live_network, *args, keystore=live_network.admin_keystore)
    assert isinstance(result.exception, DrexError) and error in str(result.exception)


def test_duplicate_and_last_validator(live_network: LiveNetwork, keystore_password: str) -> None:
    current = ValidatorContract(live_network.w3).validators()
    result = cli(live_network, "contract-add", current[0], keystore=live_network.admin_keystore)
    assert "AlreadyValidator" in str(result.exception)
    for validator in current[:-1]:
        assert (
            cli(live_network, "contract-remove", validator, keystore=live_network.admin_keystore).exit_code
            == 0
        )
    result = cli(live_network, "contract-remove", current[-1], keystore=live_network.admin_keystore)
    assert "LastValidator" in str(result.exception)


def test_only_the_admin_manages_the_contract(live_network: LiveNetwork, keystore_password: str) -> None:
    result = cli(live_network, "contract-add", "0x" + "42" * 20, keystore=live_network.member_keystore)
    assert isinstance(result.exception, DrexError)
    assert "AccessControlUnauthorizedAccount" in str(result.exception)
    result = cli(live_network, "contract-add", "0x" + "42" * 20)
    assert "--keystore" in str(result.exception)


def test_qbft_requests_are_the_documented_ones() -> None:
    # Besu docs, private-networks/how-to/configure/consensus/qbft.md "Add and remove validators"
    assert qbft_request(
        "qbft_proposeValidatorVote", "0xFE3B557E8Fb62b89F4916B721be55cEb828dBd73", True
    ) == json.loads(
        '{"jsonrpc":"2.0","method":"qbft_proposeValidatorVote",'
        '"params":["0xFE3B557E8Fb62b89F4916B721be55cEb828dBd73", true], "id":1}'
    )
    assert qbft_request("qbft_getValidatorsByBlockNumber", "latest") == json.loads(
        '{"jsonrpc":"2.0","method":"qbft_getValidatorsByBlockNumber","params":["latest"], "id":1}'
    )


@pytest.mark.parametrize(
    "args, method",
    [
        (("list",), "qbft_getValidatorsByBlockNumber"),
        (("pending",), "qbft_getPendingVotes"),
        (("propose", "0x" + "42" * 20), "qbft_proposeValidatorVote"),
        (("propose", "0x" + "42" * 20, "--remove"), "qbft_proposeValidatorVote"),
        (("discard", "0x" + "42" * 20), "qbft_discardValidatorVote"),
    ],
)
def test_header_voting_needs_the_qbft_api(
    live_network: LiveNetwork, args: tuple[str, ...], method: str
) -> None:
    result = cli(live_network, *args)
    assert isinstance(result.exception, DrexError)
    assert method in str(result.exception) and "rpc-http-api" in str(result.exception)


def test_bad_arguments_and_unreachable_nodes(live_network: LiveNetwork, tmp_path: Path) -> None:
    result = cli(live_network, "list", "--block", "yesterday")
    assert isinstance(result.exception, DrexError)
    result = cli(live_network, "propose", "0x1234")
    assert isinstance(result.exception, DrexError) and "malformed" in str(result.exception)
    with pytest.raises(DrexError, match="no JSON-RPC node"):
        connect(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(DrexError, match="no validator contract"):
        ValidatorContract(live_network.w3, "0x" + "31" * 20)
    with pytest.raises(DrexError, match="wrong password"):
        load_keystore(live_network.admin_keystore, PASSWORD + "x")
    (tmp_path / "k.json").write_text("{")
    with pytest.raises(DrexError, match="not a JSON keystore"):
        load_keystore(tmp_path / "k.json", PASSWORD)
