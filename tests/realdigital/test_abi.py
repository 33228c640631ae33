"""ABI compatibility with the pilot: every function, event and error signature of the ten money-layer
contracts in ``tests/data/pilot_signatures.json`` exists in the compiled ABI."""

from __future__ import annotations

from typing import Any

import pytest

from drex.build import load_artifact

from .abi_signatures import abi_signatures, canonical_type, missing_signatures, pilot_signatures

CONTRACTS = (
    "RealDigital",
    "RealDigitalDefaultAccount",
    "RealDigitalEnableAccount",
    "STR",
    "ApprovedDigitalCurrency",
    "KeyDictionary",
    "RealTokenizado",
    "SwapOneStep",
    "SwapTwoSteps",
    "SwapTwoStepsReserve",
)


@pytest.mark.parametrize("contract", CONTRACTS)
def test_pilot_signatures_present(contract: str) -> None:
    assert pilot_signatures(contract), f"no pilot signatures for {contract}"
    assert missing_signatures(contract, load_artifact(contract)["abi"]) == []


def test_signature_format() -> None:
    abi: list[dict[str, Any]] = [
        {
            "type": "function",
            "name": "f",
            "stateMutability": "view",
            "inputs": [{"type": "bytes32"}],
            "outputs": [{"type": "tuple[]", "components": [{"type": "uint256"}, {"type": "address"}]}],
        },
        {"type": "event", "name": "E", "inputs": [{"type": "uint256", "indexed": True}, {"type": "string"}]},
        {"type": "error", "name": "X", "inputs": [{"type": "address"}]},
        {"type": "constructor", "inputs": []},
    ]
    assert abi_signatures(abi) == {
        "function f(bytes32)->((uint256,address)[]) view",
        "event E(uint256,string) idx10",
        "error X(address)",
    }
    assert canonical_type({"type": "tuple", "components": [{"type": "bool"}]}) == "(bool)"
