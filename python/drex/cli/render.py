"""Contract reverts in business units: the CLI's error line for a :class:`~drex.chain.reverts.ContractRevert`.

A decoded revert carries the error's name and raw arguments (centavos, hundredths of a bond, Unix times,
role hashes). :data:`ERRORS` says, for every custom error of the platform (and the OpenZeppelin errors it
inherits) whose arguments are money, bond quantities, times, roles, CNPJ8s or command parts, what each
argument is; :func:`describe_revert` formats them with :mod:`drex.sdk.display`::

    reverted with ERC20InsufficientBalance(sender=BANK_A (0x7099…79C8), balance=R$ 10,00, needed=R$ 20,00)

The kind of an argument follows from the error alone: the platform's only ERC20 tokens are money (Real
Digital, Real Tokenizado), its only ERC1155 token is TPFt (bonds). Errors not in the table keep their
arguments as they are (addresses labelled with their role when a manifest names them). The argument names
are the contracts' own; a test checks the table against the compiled ABIs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drex.chain.reverts import ContractRevert

ADDRESS, MONEY, QUANTITY, TIME, DATE, ROLE, CNPJ8, PART, NUMBER = (
    "address",
    "money",
    "quantity",
    "time",
    "date",
    "role",
    "cnpj8",
    "part",
    "number",
)

#: error name -> ((argument name, kind), ...), in the error's argument order.
ERRORS: dict[str, tuple[tuple[str, str], ...]] = {
    # the shielded pools count units of their asset (centavos of Real Digital or hundredths of a TPFt, the
    # asset argument says which): shown as plain numbers; the wallet refuses these amounts first, in reais
    "InvalidAmount": (("amount", NUMBER),),
    "InsufficientShieldedSupply": (("asset", NUMBER), ("shielded", NUMBER), ("amount", NUMBER)),
    # money: Real Digital and Real Tokenizado (ERC20), STR limits
    "ERC20InsufficientBalance": (("sender", ADDRESS), ("balance", MONEY), ("needed", MONEY)),
    "ERC20InsufficientAllowance": (("spender", ADDRESS), ("allowance", MONEY), ("needed", MONEY)),
    "ERC20FailedDecreaseAllowance": (
        ("spender", ADDRESS),
        ("currentAllowance", MONEY),
        ("requestedDecrease", MONEY),
    ),
    "FrozenByAuthority": (("account", ADDRESS), ("authorityFrozen", MONEY), ("frozenAfter", MONEY)),
    "InsufficientAvailableBalance": (
        ("token", ADDRESS),
        ("account", ADDRESS),
        ("available", MONEY),
        ("needed", MONEY),
    ),
    "InsufficientFrozenBalance": (("account", ADDRESS), ("frozen", MONEY), ("needed", MONEY)),
    "InsufficientUnfrozenBalance": (("account", ADDRESS), ("available", MONEY), ("needed", MONEY)),
    "MintLimitExceeded": (("cnpj8", CNPJ8), ("limit", MONEY), ("outstanding", MONEY), ("amount", MONEY)),
    # bond quantities: TPFt (ERC1155)
    "ERC1155InsufficientBalance": (
        ("sender", ADDRESS),
        ("balance", QUANTITY),
        ("needed", QUANTITY),
        ("tokenId", NUMBER),
    ),
    "InvalidTPFtAmount": (("tpftAmount", QUANTITY),),
    "TPFtFreezeExceedsBalance": (
        ("account", ADDRESS),
        ("tpftId", NUMBER),
        ("balance", QUANTITY),
        ("frozenAfter", QUANTITY),
    ),
    "TPFtInsufficientFrozenBalance": (
        ("account", ADDRESS),
        ("tpftId", NUMBER),
        ("frozen", QUANTITY),
        ("needed", QUANTITY),
    ),
    "TPFtInsufficientUnfrozenBalance": (
        ("account", ADDRESS),
        ("tpftId", NUMBER),
        ("available", QUANTITY),
        ("needed", QUANTITY),
    ),
    # times and dates
    "InvalidReturnDate": (("returnDate", TIME),),
    "NotReturnDate": (("originalOperationId", NUMBER), ("returnDate", TIME)),
    "ReturnDateNotExpired": (("operationId", NUMBER), ("returnDate", TIME)),
    "SwapExpired": (("proposalId", NUMBER), ("expiredAt", TIME)),
    "OperationTPFtMatured": (("tpftId", NUMBER), ("maturityDate", DATE)),
    "TPFtMatured": (("tpftId", NUMBER), ("maturityDate", DATE)),
    "TPFtNotMatured": (("tpftId", NUMBER), ("maturityDate", DATE)),
    "TPFtMaturityInPast": (("maturityDate", DATE), ("blockTimestamp", TIME)),
    # roles
    "AccessControlUnauthorizedAccount": (("account", ADDRESS), ("neededRole", ROLE)),
    # command parts of the double-command operations (CallerPart: 0 sender, 1 receiver)
    "CommandAlreadySent": (("operationId", NUMBER), ("callerPart", PART)),
    "UnauthorizedCaller": (("caller", ADDRESS), ("callerPart", PART)),
    # CNPJ8s (8 digits, leading zeros kept: the Treasury is 00394460)
    "DefaultAccountAlreadySet": (("cnpj8", CNPJ8), ("wallet", ADDRESS)),
    "DefaultAccountNotFound": (("cnpj8", CNPJ8),),
    "InvalidParticipantCnpj8": (("cnpj8", CNPJ8),),
    "NotAnAuctionOperation": (("cnpj8Sender", CNPJ8), ("cnpj8Receiver", CNPJ8)),
    "NotDefaultAccount": (("cnpj8", CNPJ8), ("caller", ADDRESS)),
    "NotOwnCustomer": (("cnpj8", CNPJ8), ("callerCnpj8", CNPJ8)),
    "SenderMustBeTreasury": (("cnpj8Sender", CNPJ8),),
    "TPFtWalletNotOfParticipant": (
        ("wallet", ADDRESS),
        ("walletCnpj8", CNPJ8),
        ("participantCnpj8", CNPJ8),
    ),
    "WalletIsParticipant": (("wallet", ADDRESS), ("cnpj8", CNPJ8)),
    "WalletNotOfParticipant": (("cnpj8", CNPJ8), ("wallet", ADDRESS), ("boundTo", CNPJ8)),
    "WalletOfAnotherParticipant": (("wallet", ADDRESS), ("cnpj8", CNPJ8)),
}

_PARTS = {0: "sender part", 1: "receiver part"}


def format_arg(kind: str, value: Any, names: dict[str, str] | None = None) -> str:
    """One argument of a revert in business units."""
    from drex.sdk import display

    if kind == MONEY:
        return display.reais(int(value), units=True)
    if kind == QUANTITY:
        return display.quantity(int(value), units=True)
    if kind == TIME:
        return display.moment(int(value))
    if kind == DATE:
        return display.day(int(value))
    if kind == ROLE:
        return display.role_name(bytes(value))
    if kind == CNPJ8:
        return f"{int(value):08d}"
    if kind == PART:
        return _PARTS.get(int(value), str(value))
    return _plain(value, names)


def _plain(value: Any, names: dict[str, str] | None) -> str:
    from drex.sdk import display

    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        from eth_utils.address import to_checksum_address

        return display.account_label(to_checksum_address(value), names)
    return str(value)


def describe_revert(exc: ContractRevert, names: dict[str, str] | None = None) -> str:
    """``reverted with Name(arg=value, ...)`` with each argument in business units; ``names`` (role ->
    address, e.g. a manifest's accounts) labels known addresses."""
    if exc.error_name == "Error":
        return str(exc)
    args = tuple(exc.args)
    spec = ERRORS.get(exc.error_name)
    if spec is None or len(spec) != len(args):
        shown = ", ".join(_plain(a, names) for a in args)
    else:
        shown = ", ".join(
            f"{name}={format_arg(kind, a, names)}" for (name, kind), a in zip(spec, args, strict=True)
        )
    return f"reverted with {exc.error_name}({shown})"
