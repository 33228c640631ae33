"""Library linking: the artifacts name the libraries a contract calls, and drex.build.linked_bytecode, the one
linking function (the deployment pipeline and Chain.deploy use it), puts their addresses in the bytecode."""

from __future__ import annotations

import pytest

from drex.build import UnlinkedLibrary, linked_bytecode, linked_libraries, load_artifact
from drex.chain import Chain

#: circomlib's Poseidon of (1, 2), the known answer of poseidon-solidity's and circomlibjs' tests.
POSEIDON_1_2 = 7853200120776062878684798364095072458815029376092732009249414926327459813530


def test_artifacts_carry_link_references_and_the_libraries_get_artifacts() -> None:
    dvp = load_artifact("PrivateDvP")
    assert linked_libraries(dvp) == ("PoseidonT3",)
    assert set(dvp["linkReferences"]) == {"poseidon-solidity/PoseidonT3.sol"}
    assert "__$" in dvp["bytecode"] and "__$" in dvp["deployedBytecode"]
    assert linked_libraries(load_artifact("ShieldedRealDigitalPool")) == ("PoseidonT3", "PoseidonT5")
    poseidon = load_artifact("PoseidonT3")
    assert poseidon["sourceName"] == "poseidon-solidity/PoseidonT3.sol"
    assert linked_libraries(poseidon) == ()
    assert linked_libraries(load_artifact("RealDigital")) == ()


def test_linking_fills_every_placeholder_and_leaves_other_code_alone() -> None:
    dvp = load_artifact("PrivateDvP")
    address = "0x" + "ab" * 20
    for deployed in (False, True):
        code = linked_bytecode(dvp, {"PoseidonT3": address}, deployed=deployed)
        assert "__$" not in code and "ab" * 20 in code
        original = dvp["deployedBytecode" if deployed else "bytecode"]
        assert len(code) == len(original)
    plain = load_artifact("RealDigital")
    assert linked_bytecode(plain, {}) == plain["bytecode"]


def test_a_missing_or_malformed_library_address_is_a_clear_error() -> None:
    pool = load_artifact("ShieldedTPFtPool")
    with pytest.raises(
        UnlinkedLibrary, match="ShieldedTPFtPool calls the library code of PoseidonT3, PoseidonT5"
    ):
        linked_bytecode(pool, {})
    with pytest.raises(UnlinkedLibrary, match="PoseidonT5"):
        linked_bytecode(pool, {"PoseidonT3": "0x" + "11" * 20})
    with pytest.raises(UnlinkedLibrary, match="not 20 bytes"):
        linked_bytecode(pool, {"PoseidonT3": "0x1234", "PoseidonT5": "0x" + "11" * 20})


def test_chain_deploy_links_and_the_linked_contract_calls_poseidon(chain: Chain) -> None:
    bcb = chain.account("BCB")
    poseidon = chain.deploy("PoseidonT3", sender=bcb)
    assert poseidon.functions.hash([1, 2]).call() == POSEIDON_1_2
    with pytest.raises(UnlinkedLibrary):
        chain.deploy("PrivateDvP", [], sender=bcb)
    dvp = chain.deploy("PrivateDvP", [], sender=bcb, libraries={"PoseidonT3": poseidon.address})
    assert dvp.functions.isPool(bcb.address).call() is False
    code = chain.w3.eth.get_code(dvp.address).hex()
    assert poseidon.address.lower().removeprefix("0x") in code
