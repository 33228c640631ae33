"""Every pilot signature (function, event, error) of the TPFt ABIs exists, identical, in the compiled
implementation (not only in its interface)."""

from __future__ import annotations

import pytest

from drex.build import load_artifact
from realdigital.abi_signatures import missing_signatures, pilot_signatures

PILOT_TO_IMPLEMENTATION = {
    "ITPFt": "TPFt",
    "ITPFtOperation1002": "TPFtOperation1002",
    "ITPFtOperation1012": "TPFtOperation1012",
    "ITPFtOperation1052": "TPFtOperation1052",
    "ITPFtOperation1054": "TPFtOperation1054",
    "ITPFtOperation1056": "TPFtOperation1056",
    "ITPFtRepaymentReserve": "TPFtRepaymentReserve",
}


@pytest.mark.parametrize(("pilot", "implementation"), sorted(PILOT_TO_IMPLEMENTATION.items()))
def test_pilot_signatures_present(built: None, pilot: str, implementation: str) -> None:
    assert pilot_signatures(pilot), pilot
    assert missing_signatures(pilot, load_artifact(implementation)["abi"]) == []


def test_contract_sizes_fit_eip170(built: None) -> None:
    for name in (*PILOT_TO_IMPLEMENTATION.values(), "TPFtDvP", "TPFtOperationId"):
        code = load_artifact(name)["deployedBytecode"]
        size = len(code.removeprefix("0x")) // 2
        assert 0 < size <= 24_576, (name, size)
