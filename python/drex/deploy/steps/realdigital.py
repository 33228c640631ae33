"""Realdigital domain: deploys and wires the money layer (wholesale Real Digital, retail Real Tokenizado).

Deploys RealDigital (BCB authority and admin), STR, RealDigitalDefaultAccount, RealDigitalEnableAccount,
KeyDictionary, ApprovedDigitalCurrency, the four Real Tokenizado swaps (SwapOneStep, SwapTwoSteps,
SwapTwoStepsReserve, SwapOneStepFrom) and one RealTokenizado per dev bank (registry name
``RealTokenizado@<CNPJ8>``, symbol ``BRL@<CNPJ8>``, the bank's wallet as authority and reserve, BCB as
admin), then grants the roles the flows need: STR mints Real Digital and burns it from the caller's own
wallet (MINTER_ROLE, MOVER_ROLE), RealDigitalEnableAccount and RealDigitalDefaultAccount bind wallets to
participants (REGISTRAR_ROLE), SwapTwoSteps freezes, every swap mints and burns each Real Tokenizado, and
SwapTwoStepsReserve is enabled to hold escrow and bound to BCB's CNPJ8 (so no bank can register it as
a customer). BCB sets each dev participant's STR mint limit
(:data:`DEV_MINT_LIMIT`) and points every Real Tokenizado at Real Digital's participant registry (which
checks ``updateReserve``). The two banks are enabled on Real Digital and registered as default accounts
(which binds each wallet to its CNPJ8), and each Real Tokenizado is approved in every swap contract and in
the ApprovedDigitalCurrency registry. Customers are neither enabled nor funded here.
"""

from __future__ import annotations

from eth_utils import keccak

from drex.chain.accounts import DEV_CNPJ8
from drex.deploy.plan import Call, Deploy, DeployContext, Step

#: Dev banks that get a Real Tokenizado: role -> institution name.
BANKS: dict[str, str] = {"BANK_A": "Banco A S.A.", "BANK_B": "Banco B S.A."}

#: Swap contracts, in deployment order.
SWAPS: tuple[str, ...] = ("SwapOneStep", "SwapTwoSteps", "SwapTwoStepsReserve", "SwapOneStepFrom")

#: STR mint limit BCB sets for each dev participant (BCB, STN and the banks), in centavos: R$ 1 bilhão.
DEV_MINT_LIMIT = 100_000_000_000


def role_id(role: str) -> bytes:
    """The AccessControl identifier of a role name, e.g. ``role_id("MINTER_ROLE")``."""
    return keccak(text=role)


def token_name(bank: str) -> str:
    """Registry and token name of a bank's Real Tokenizado, e.g. ``RealTokenizado@11111111``."""
    return f"RealTokenizado@{DEV_CNPJ8[bank]}"


def _grant(contract: str, role: str, grantee: str, sender: str = "BCB") -> Call:
    """Grant ``role`` on ``contract`` to the contract registered as ``grantee``."""
    return Call(
        f"{contract}.grantRole({role},{grantee})",
        contract,
        "grantRole",
        lambda ctx: (role_id(role), ctx.address(grantee)),
        sender,
    )


def _enable_role(contract: str, account_role: str, sender: str = "BCB") -> Call:
    """Enable the wallet of a dev role on ``contract``."""
    return Call(
        f"{contract}.enableAccount({account_role})",
        contract,
        "enableAccount",
        lambda ctx: (ctx.account(account_role),),
        sender,
    )


def _enable_contract(contract: str, target: str, sender: str) -> Call:
    """Enable the contract registered as ``target`` on ``contract``."""
    return Call(
        f"{contract}.enableAccount({target})",
        contract,
        "enableAccount",
        lambda ctx: (ctx.address(target),),
        sender,
    )


def _approve_token(registry: str, token: str) -> Call:
    """Approve the Real Tokenizado ``token`` in ``registry`` (a swap or ApprovedDigitalCurrency)."""
    return Call(
        f"{registry}.setDigitalCurrencyApproval({token})",
        registry,
        "setDigitalCurrencyApproval",
        lambda ctx: (ctx.address(token), True),
    )


def _real_tokenizado(bank: str, participant: str) -> Deploy:
    cnpj8 = DEV_CNPJ8[bank]
    return Deploy(
        token_name(bank),
        "RealTokenizado",
        lambda ctx: (
            token_name(bank),
            f"BRL@{cnpj8}",
            ctx.account(bank),
            ctx.account("BCB"),
            participant,
            int(cnpj8),
            ctx.account(bank),
        ),
    )


def _add_default_account(bank: str) -> Call:
    cnpj8 = DEV_CNPJ8[bank]
    return Call(
        f"RealDigitalDefaultAccount.addDefaultAccount({cnpj8},{bank})",
        "RealDigitalDefaultAccount",
        "addDefaultAccount",
        lambda ctx: (int(cnpj8), ctx.account(bank)),
    )


def _mint_limit(role: str) -> Call:
    """BCB sets the STR mint limit of a dev participant's CNPJ8."""
    cnpj8 = DEV_CNPJ8[role]
    return Call(
        f"STR.setMintLimit({cnpj8})",
        "STR",
        "setMintLimit",
        lambda ctx: (int(cnpj8), DEV_MINT_LIMIT),
    )


def _set_real_digital(token: str) -> Call:
    """BCB (admin) points a Real Tokenizado at Real Digital, whose participant registry checks reserves."""
    return Call(f"{token}.setRealDigital(RealDigital)", token, "setRealDigital", lambda ctx: (_rd(ctx),))


def bind_to_bcb(contract: str) -> Call:
    """BCB (Real Digital's admin) binds a platform contract it enabled on Real Digital to BCB's CNPJ8
    (``RealDigital.setParticipantWallet``): the contract is then a participant wallet, which no bank can
    register as its customer in KeyDictionary (``WalletIsParticipant``)."""
    return Call(
        f"RealDigital.setParticipantWallet({contract},BCB)",
        "RealDigital",
        "setParticipantWallet",
        lambda ctx: (ctx.address(contract), int(DEV_CNPJ8["BCB"])),
    )


def _bcb(ctx: DeployContext) -> str:
    return ctx.account("BCB")


def _rd(ctx: DeployContext) -> str:
    return ctx.address("RealDigital")


def _steps() -> list[Step]:
    steps: list[Step] = [
        Deploy("RealDigital", "RealDigital", lambda ctx: ("Real Digital", "BRL", _bcb(ctx), _bcb(ctx))),
        Deploy("STR", "STR", lambda ctx: (_rd(ctx),)),
        Deploy(
            "RealDigitalDefaultAccount",
            "RealDigitalDefaultAccount",
            lambda ctx: (_rd(ctx), _bcb(ctx), _bcb(ctx)),
        ),
        Deploy("RealDigitalEnableAccount", "RealDigitalEnableAccount", lambda ctx: (_rd(ctx),)),
        Deploy("KeyDictionary", "KeyDictionary", lambda ctx: (_rd(ctx),)),
        Deploy("ApprovedDigitalCurrency", "ApprovedDigitalCurrency", lambda ctx: (_bcb(ctx), _bcb(ctx))),
    ]
    # Swap constructors take (admin, authority, RealDigital), as in the pilot.
    steps += [Deploy(s, s, lambda ctx: (_bcb(ctx), _bcb(ctx), _rd(ctx))) for s in SWAPS]
    steps += [_real_tokenizado(bank, name) for bank, name in BANKS.items()]

    # Real Digital: STR mints, and burns from the caller's own wallet (moveAndBurn, so no approve); the
    # enable-account and default-account contracts bind wallets to participants (they can neither enable
    # another participant's wallet nor lift BCB's disable); SwapTwoSteps freezes the paying reserve while a
    # proposal is pending; SwapTwoStepsReserve holds Real Digital in escrow.
    steps += [
        _grant("RealDigital", "MINTER_ROLE", "STR"),
        _grant("RealDigital", "MOVER_ROLE", "STR"),
        _grant("RealDigital", "REGISTRAR_ROLE", "RealDigitalEnableAccount"),
        _grant("RealDigital", "REGISTRAR_ROLE", "RealDigitalDefaultAccount"),
        _grant("RealDigital", "FREEZER_ROLE", "SwapTwoSteps"),
        # KeyDictionary's customers can never be bound as a participant's own wallet.
        Call(
            "RealDigital.setKeyDictionary(KeyDictionary)",
            "RealDigital",
            "setKeyDictionary",
            lambda ctx: (ctx.address("KeyDictionary"),),
        ),
        _enable_contract("RealDigital", "SwapTwoStepsReserve", "BCB"),
        bind_to_bcb("SwapTwoStepsReserve"),
    ]
    steps += [_mint_limit(role) for role in DEV_CNPJ8]
    steps += [_enable_role("RealDigital", bank) for bank in BANKS]
    steps += [_add_default_account(bank) for bank in BANKS]

    # Each Real Tokenizado: every swap burns the payer's and mints the receiver's; SwapTwoSteps freezes the
    # payer's; the bank (its ACCESS_ROLE) enables its own wallet and the escrow contract.
    for bank in BANKS:
        token = token_name(bank)
        steps.append(_set_real_digital(token))
        for swap in SWAPS:
            steps += [_grant(token, "MINTER_ROLE", swap), _grant(token, "BURNER_ROLE", swap)]
        steps.append(_grant(token, "FREEZER_ROLE", "SwapTwoSteps"))
        steps.append(_enable_role(token, bank, sender=bank))
        steps.append(_enable_contract(token, "SwapTwoStepsReserve", sender=bank))
        for registry in (*SWAPS, "ApprovedDigitalCurrency"):
            steps.append(_approve_token(registry, token))
    return steps


STEPS: list[Step] = _steps()
