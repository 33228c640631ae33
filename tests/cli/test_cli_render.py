"""Contract reverts in business units (:mod:`drex.cli.render`): the table matches the compiled ABIs, every
error carrying money, bond quantities, times, dates, roles, CNPJ8s or command parts is in it, and each is
rendered as people read it (no centavos, hundredths, Unix times or role hashes)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from eth_utils.crypto import keccak

from drex.build.artifacts import contract_names, load_artifact
from drex.chain.reverts import ContractRevert
from drex.cli.render import DATE, ERRORS, MONEY, QUANTITY, TIME, describe_revert

ADDRESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"  # BANK_A's dev wallet
NAMES = {"BANK_A": ADDRESS}
MINTER = keccak(text="MINTER_ROLE")

#: Argument names that carry money, quantities, times, roles, CNPJ8s or parts in the platform's errors.
BUSINESS_NAMES = re.compile(
    r"balance|needed|available|frozen|allowance|decrease|limit|outstanding|amount|maturity|date|expired|"
    r"role|cnpj8|part",
    re.IGNORECASE,
)


def _errors_in_artifacts() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(contract_names()):
        if "Baseline" in name or name.startswith("OZ"):
            continue
        for item in load_artifact(name)["abi"]:
            if item.get("type") == "error":
                found[item["name"]] = item["inputs"]
    return found


def test_the_table_matches_the_contracts(built: None) -> None:
    errors = _errors_in_artifacts()
    for name, spec in ERRORS.items():
        assert name in errors, f"{name} is in the table but no contract declares it"
        assert [arg for arg, _ in spec] == [i["name"] for i in errors[name]], name
    uncovered = [
        name
        for name, inputs in errors.items()
        if name not in ERRORS
        and any(
            BUSINESS_NAMES.search(i["name"]) and i["type"] in ("uint256", "bytes32", "uint8") for i in inputs
        )
    ]
    assert uncovered == [], (
        f"errors with money/quantity/time/role arguments missing from the table: {uncovered}"
    )


CASES = [
    (ContractRevert("InvalidAmount", (1 << 64,)), "InvalidAmount(amount=18446744073709551616)"),
    (
        ContractRevert("InsufficientShieldedSupply", (0, 500, 600)),
        "InsufficientShieldedSupply(asset=0, shielded=500, amount=600)",
    ),
    (
        ContractRevert("ERC20InsufficientBalance", (ADDRESS.lower(), 100000, 850123)),
        "ERC20InsufficientBalance(sender=BANK_A (0x3C44…93BC), balance=R$ 1.000,00, needed=R$ 8.501,23)",
    ),
    (
        ContractRevert("ERC20InsufficientAllowance", (ADDRESS, 0, 150)),
        "ERC20InsufficientAllowance(spender=BANK_A (0x3C44…93BC), allowance=R$ 0,00, needed=R$ 1,50)",
    ),
    (
        ContractRevert("ERC20FailedDecreaseAllowance", (ADDRESS, 5, 10)),
        "currentAllowance=R$ 0,05, requestedDecrease=R$ 0,10",
    ),
    (ContractRevert("FrozenByAuthority", (ADDRESS, 100, 50)), "authorityFrozen=R$ 1,00, frozenAfter=R$ 0,50"),
    (
        ContractRevert("InsufficientAvailableBalance", (ADDRESS, ADDRESS, 1, 123456789)),
        "available=R$ 0,01, needed=R$ 1.234.567,89",
    ),
    (ContractRevert("InsufficientFrozenBalance", (ADDRESS, 0, 200)), "frozen=R$ 0,00, needed=R$ 2,00"),
    (ContractRevert("InsufficientUnfrozenBalance", (ADDRESS, 99, 100)), "available=R$ 0,99, needed=R$ 1,00"),
    (
        ContractRevert("MintLimitExceeded", (11111111, 10**11, 10**11 - 1, 2)),
        "MintLimitExceeded(cnpj8=11111111, limit=R$ 1.000.000.000,00, outstanding=R$ 999.999.999,99, "
        "amount=R$ 0,02)",
    ),
    (
        ContractRevert("ERC1155InsufficientBalance", (ADDRESS, 150, 100000, 1)),
        "balance=1,50, needed=1.000,00, tokenId=1",
    ),
    (ContractRevert("InvalidTPFtAmount", (1050,)), "InvalidTPFtAmount(tpftAmount=10,50)"),
    (
        ContractRevert("TPFtFreezeExceedsBalance", (ADDRESS, 2, 100, 200)),
        "tpftId=2, balance=1,00, frozenAfter=2,00",
    ),
    (ContractRevert("TPFtInsufficientFrozenBalance", (ADDRESS, 1, 0, 1)), "frozen=0,00, needed=0,01"),
    (ContractRevert("TPFtInsufficientUnfrozenBalance", (ADDRESS, 1, 5, 7)), "available=0,05, needed=0,07"),
    (
        ContractRevert("InvalidReturnDate", (1806548400,)),
        "InvalidReturnDate(returnDate=2027-04-01T00:00:00-03:00)",
    ),
    (
        ContractRevert("NotReturnDate", (7, 1806591600)),
        "originalOperationId=7, returnDate=2027-04-01T12:00:00-03:00",
    ),
    (ContractRevert("ReturnDateNotExpired", (7, 1806591600)), "returnDate=2027-04-01T12:00:00-03:00"),
    (
        ContractRevert("SwapExpired", (3, 1806548400)),
        "SwapExpired(proposalId=3, expiredAt=2027-04-01T00:00:00-03:00)",
    ),
    (ContractRevert("OperationTPFtMatured", (1, 1806548400)), "maturityDate=2027-04-01)"),
    (ContractRevert("TPFtMatured", (1, 1806548400)), "TPFtMatured(tpftId=1, maturityDate=2027-04-01)"),
    (
        ContractRevert("TPFtMaturityInPast", (1577847600, 1806548400)),
        "TPFtMaturityInPast(maturityDate=2020-01-01, blockTimestamp=2027-04-01T00:00:00-03:00)",
    ),
    (ContractRevert("TPFtNotMatured", (1, 1806548400)), "maturityDate=2027-04-01"),
    (
        ContractRevert("AccessControlUnauthorizedAccount", (ADDRESS, MINTER)),
        "AccessControlUnauthorizedAccount(account=BANK_A (0x3C44…93BC), neededRole=MINTER_ROLE)",
    ),
    (
        ContractRevert("AccessControlUnauthorizedAccount", (ADDRESS, bytes(32))),
        "neededRole=DEFAULT_ADMIN_ROLE",
    ),
    (
        ContractRevert("CommandAlreadySent", (12, 1)),
        "CommandAlreadySent(operationId=12, callerPart=receiver part)",
    ),
    (ContractRevert("UnauthorizedCaller", (ADDRESS, 0)), "callerPart=sender part"),
    (ContractRevert("SenderMustBeTreasury", (394460,)), "SenderMustBeTreasury(cnpj8Sender=00394460)"),
    (
        ContractRevert("NotAnAuctionOperation", (394460, 11111111)),
        "cnpj8Sender=00394460, cnpj8Receiver=11111111",
    ),
    (ContractRevert("DefaultAccountAlreadySet", (38166, ADDRESS)), "cnpj8=00038166"),
    (ContractRevert("DefaultAccountNotFound", (38166,)), "cnpj8=00038166"),
    (ContractRevert("InvalidParticipantCnpj8", (1,)), "cnpj8=00000001"),
    (ContractRevert("NotDefaultAccount", (11111111, ADDRESS)), "cnpj8=11111111, caller=BANK_A"),
    (ContractRevert("NotOwnCustomer", (22222222, 11111111)), "cnpj8=22222222, callerCnpj8=11111111"),
    (ContractRevert("TPFtWalletNotOfParticipant", (ADDRESS, 0, 394460)), "walletCnpj8=00000000"),
    (ContractRevert("WalletIsParticipant", (ADDRESS, 11111111)), "cnpj8=11111111"),
    (ContractRevert("WalletNotOfParticipant", (11111111, ADDRESS, 22222222)), "boundTo=22222222"),
    (ContractRevert("WalletOfAnotherParticipant", (ADDRESS, 22222222)), "cnpj8=22222222"),
]


def test_every_table_entry_has_a_case() -> None:
    assert {case.error_name for case, _ in CASES} == set(ERRORS)


@pytest.mark.parametrize(("exc", "expected"), CASES, ids=[c.error_name for c, _ in CASES])
def test_business_units(exc: ContractRevert, expected: str) -> None:
    line = describe_revert(exc, NAMES)
    assert line.startswith(f"reverted with {exc.error_name}(") and expected in line, line
    units = {MONEY, QUANTITY, TIME, DATE}
    raw = [str(a) for (_, kind), a in zip(ERRORS[exc.error_name], exc.args, strict=True) if kind in units]
    assert not any(re.search(rf"(?<![\d.,]){r}(?![\d.,])", line) for r in raw if len(r) > 1), line
    assert "0x" + MINTER.hex() not in line


def test_errors_outside_the_table_keep_their_arguments() -> None:
    line = describe_revert(ContractRevert("KeyNotFound", (b"\x01" * 32,)), NAMES)
    assert line == f"reverted with KeyNotFound(0x{'01' * 32})"
    assert describe_revert(ContractRevert("AccountNotEnabled", (ADDRESS,)), NAMES) == (
        "reverted with AccountNotEnabled(BANK_A (0x3C44…93BC))"
    )
    assert describe_revert(ContractRevert("Error", ("nope",), "nope")) == "reverted: nope"
