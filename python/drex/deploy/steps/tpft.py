"""TPFt domain: deploys the tokenized federal bonds and their operations, and wires their roles.

Deploys TPFtOperationId (network-wide operation ids), TPFtDvP (the delivery-versus-payment engine holders
approve), TPFt (BCB admin, STN minter and direct placer), the double-command operations 1002 (public
offering), 1052 (outright trades and the 1005/1006 auctions), 1054 (repos) and 1056 (repo returns), and
the repayment pair TPFtRepaymentReserve and TPFtOperation1012. Then it grants what each needs: the
operations register ids and settle through TPFtDvP; 1056 closes 1054's repos; BCB sends the Treasury's
command of 1002 (AUCTION_PLACEMENT_ROLE); 1012 burns on TPFt, moves the Treasury's Real Digital
(MOVER_ROLE) and credits the reserve; TPFtDvP burns and mints every Real Tokenizado (customers' legs),
1012 and the reserve mint them (customers' repayments). STN and BCB get Real Digital wallets and default
accounts (1002, 1012 and the auctions find them by CNPJ8), which binds their wallets to their CNPJ8; the
reserve contract is enabled on Real Digital and bound to BCB's CNPJ8 (no bank can register it as a
customer); BCB and the dev banks are enabled for TPFt, and STN, BCB and the banks approve TPFtDvP on TPFt.
Real Digital / Real Tokenizado allowances to TPFtDvP are left to each institution (they are amounts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_utils import keccak

from drex.chain.accounts import DEV_CNPJ8
from drex.deploy.plan import Call, Deploy, DeployContext, Step
from drex.deploy.steps.realdigital import bind_to_bcb

#: Dev banks enabled for TPFt and whose Real Tokenizado the TPFt contracts mint and burn.
BANKS: tuple[str, ...] = ("BANK_A", "BANK_B")

#: Double-command operation contracts, which settle through TPFtDvP.
DVP_OPERATIONS: tuple[str, ...] = (
    "TPFtOperation1002",
    "TPFtOperation1052",
    "TPFtOperation1054",
    "TPFtOperation1056",
)

#: Every contract that registers operation ids.
ID_OPERATIONS: tuple[str, ...] = (*DVP_OPERATIONS, "TPFtOperation1012")

#: Wallets that approve TPFtDvP on TPFt at deployment (their bonds can then settle operations).
TPFT_HOLDERS: tuple[str, ...] = ("STN", "BCB", *BANKS)

#: Registry names of the TPFt contracts, in deployment order.
CONTRACTS: tuple[str, ...] = (
    "TPFtOperationId",
    "TPFtDvP",
    "TPFt",
    *DVP_OPERATIONS,
    "TPFtRepaymentReserve",
    "TPFtOperation1012",
)


def role_id(role: str) -> bytes:
    """The AccessControl identifier of a role name, e.g. ``role_id("OPERATION_ROLE")``."""
    return keccak(text=role)


def real_tokenizado(bank: str) -> str:
    """Registry name of a dev bank's Real Tokenizado, e.g. ``RealTokenizado@11111111``."""
    return f"RealTokenizado@{DEV_CNPJ8[bank]}"


def _discovery_and_bcb(ctx: DeployContext) -> Sequence[Any]:
    return (ctx.address("AddressDiscovery"), ctx.account("BCB"))


def _grant(contract: str, role: str, grantee: str) -> Call:
    """BCB grants ``role`` on ``contract`` to the contract registered as ``grantee``."""
    return Call(
        f"{contract}.grantRole({role},{grantee})",
        contract,
        "grantRole",
        lambda ctx: (role_id(role), ctx.address(grantee)),
    )


def _enable_wallet(contract: str, fn: str, account_role: str) -> Call:
    """BCB enables the wallet of a dev role on ``contract`` with ``fn``."""
    return Call(f"{contract}.{fn}({account_role})", contract, fn, lambda ctx: (ctx.account(account_role),))


def _default_account(role: str) -> Call:
    """BCB registers a dev role's wallet as the default account of its CNPJ8."""
    cnpj8 = DEV_CNPJ8[role]
    return Call(
        f"RealDigitalDefaultAccount.addDefaultAccount({cnpj8},{role})",
        "RealDigitalDefaultAccount",
        "addDefaultAccount",
        lambda ctx: (int(cnpj8), ctx.account(role)),
    )


def _approve_dvp(holder: str) -> Call:
    """``holder`` authorizes TPFtDvP to deliver its bonds (ERC-1155 ``setApprovalForAll``)."""
    return Call(
        f"TPFt.setApprovalForAll(TPFtDvP,{holder})",
        "TPFt",
        "setApprovalForAll",
        lambda ctx: (ctx.address("TPFtDvP"), True),
        sender=holder,
    )


def _steps() -> list[Step]:
    steps: list[Step] = [
        Deploy("TPFtOperationId", "TPFtOperationId", lambda ctx: (ctx.account("BCB"),)),
        Deploy("TPFtDvP", "TPFtDvP", _discovery_and_bcb),
        Deploy(
            "TPFt",
            "TPFt",
            lambda ctx: (ctx.address("AddressDiscovery"), ctx.account("BCB"), ctx.account("STN")),
        ),
    ]
    steps += [Deploy(op, op, _discovery_and_bcb) for op in DVP_OPERATIONS]
    steps += [
        Deploy("TPFtRepaymentReserve", "TPFtRepaymentReserve", _discovery_and_bcb),
        Deploy("TPFtOperation1012", "TPFtOperation1012", _discovery_and_bcb),
    ]

    # The operations' own wiring.
    steps += [_grant("TPFtOperationId", "OPERATION_ROLE", op) for op in ID_OPERATIONS]
    steps += [_grant("TPFtDvP", "OPERATION_ROLE", op) for op in DVP_OPERATIONS]
    steps += [
        _grant("TPFtOperation1054", "RETURN_ROLE", "TPFtOperation1056"),
        _grant("TPFt", "REPAYMENT_ROLE", "TPFtOperation1012"),
        _grant("TPFtRepaymentReserve", "DEPOSITOR_ROLE", "TPFtOperation1012"),
        Call(
            "TPFt.allowAuctionPlacement(BCB)",
            "TPFt",
            "allowAuctionPlacement",
            lambda ctx: (ctx.account("BCB"),),
        ),
    ]

    # Real Digital: STN pays repayments and receives offerings, BCB trades in its auctions; both are
    # found by CNPJ8 (addDefaultAccount binds each wallet to its CNPJ8). 1012 moves the Treasury's payment;
    # the reserve contract holds unpaid values and is BCB's (no bank can make it its customer).
    steps += [
        _enable_wallet("RealDigital", "enableAccount", "STN"),
        _enable_wallet("RealDigital", "enableAccount", "BCB"),
        _default_account("STN"),
        _default_account("BCB"),
        _grant("RealDigital", "MOVER_ROLE", "TPFtOperation1012"),
        Call(
            "RealDigital.enableAccount(TPFtRepaymentReserve)",
            "RealDigital",
            "enableAccount",
            lambda ctx: (ctx.address("TPFtRepaymentReserve"),),
        ),
        bind_to_bcb("TPFtRepaymentReserve"),
    ]

    # Each Real Tokenizado (admin BCB): TPFtDvP burns the paying customer's and mints the paid one's;
    # 1012 and the reserve mint repayments to customers.
    for bank in BANKS:
        token = real_tokenizado(bank)
        steps += [
            _grant(token, "BURNER_ROLE", "TPFtDvP"),
            _grant(token, "MINTER_ROLE", "TPFtDvP"),
            _grant(token, "MINTER_ROLE", "TPFtOperation1012"),
            _grant(token, "MINTER_ROLE", "TPFtRepaymentReserve"),
        ]

    # TPFt holders: BCB (auctions) and the dev banks enabled (STN is enabled by the constructor), and the
    # usual holders authorize TPFtDvP once.
    steps += [_enable_wallet("TPFt", "enableAddress", role) for role in ("BCB", *BANKS)]
    steps += [_approve_dvp(holder) for holder in TPFT_HOLDERS]
    return steps


STEPS: list[Step] = _steps()
