"""What the ``drex tpft`` commands share (:mod:`drex.cli.tpft`, :mod:`drex.cli.tpft_ops`): their option
types, the TPFt session, series and parties from the command line, and how bonds, prices, money and an
operation's command result are shown. Only Typer is imported at module level."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import (
    Session,
    cents,
    echo,
    emit_json,
    hundredths,
    open_session,
    price_units,
    tx_json,
    tx_line,
)
from drex.cli.numbers import positive_number
from drex.cli.options import current

if TYPE_CHECKING:
    from drex.sdk.tpft import TPFtPlatform
    from drex.sdk.tpft_ops import CommandResult, Party
    from drex.sdk.tpft_values import Series

OpId = Annotated[
    int | None,
    typer.Option(
        "--id", help="operation id (default: the signer's next one)", parser=positive_number("operation id")
    ),
]
Part = Annotated[
    str, typer.Option("--part", "-p", help="the signer's part: sender (seller) or receiver (buyer)")
]
Seller = Annotated[str, typer.Option("--seller", help="bank role or CNPJ8, role or address")]
Buyer = Annotated[str, typer.Option("--buyer", help="bank role or CNPJ8, role or address")]
ByWallet = Annotated[
    bool, typer.Option("--by-wallet", help="identify two institutions by their default wallets, not CNPJ8")
]
Reason = Annotated[str, typer.Option("--reason", help="why (recorded in the event)")]
SeriesArg = Annotated[str, typer.Argument(help="TPFt id or ACRONYM:CODE:YYYY-MM-DD")]


# ------------------------------------------------------------------------------ session
def open_tpft(*, sign: bool = False) -> tuple[Session, TPFtPlatform]:
    from drex.sdk.tpft import TPFtPlatform

    s = open_session(sign=sign)
    if "TPFt" not in s.manifest.contracts:
        from drex.errors import DrexError

        raise DrexError(f"manifest {s.options.manifest} has no TPFt: deploy the whole platform (drex deploy)")
    return s, TPFtPlatform(s.platform)


def parse_series(tp: TPFtPlatform, text: str) -> Series:
    from drex.sdk.tpft_values import Series

    t = text.strip()
    return tp.tpft.series(int(t)) if t.isascii() and t.isdigit() else Series.parse(t)


def bond_fields(quantity: str, series: Series) -> dict[str, Any]:
    return {"series": str(series), "quantity": hundredths(Decimal(quantity))}


def bank_cnpj8(s: Session, text: str) -> str | None:
    """The CNPJ8 when ``text`` names an institution (a bank role of the manifest or 8 digits), else None."""
    role = text.strip().upper()
    if role in s.manifest.participants:
        return s.bank(role)
    t = text.strip()
    return s.bank(t) if t.isascii() and t.isdigit() and len(t) == 8 else None


def parties_of(s: Session, tp: TPFtPlatform, seller: str, buyer: str, by_wallet: bool) -> tuple[Party, Party]:
    from drex.errors import DrexError
    from drex.sdk.tpft_ops import Party

    banks = (bank_cnpj8(s, seller), bank_cnpj8(s, buyer))
    if banks[0] and banks[1] and not by_wallet:
        return Party.institution(banks[0]), Party.institution(banks[1])
    out: list[Party] = []
    for text, cnpj8 in zip((seller, buyer), banks, strict=True):
        wallet: str | None = s.account(text, "party") if cnpj8 is None else None
        if cnpj8 is not None:
            wallet = s.platform.real_digital.default_account(cnpj8)
        if wallet is None:
            raise DrexError(f"institution {cnpj8} has no default wallet to trade with")
        out.append(tp.party(wallet))
    return out[0], out[1]


def operation_id_for(tp: TPFtPlatform, given: int | None, *parties: Party | str | int) -> int:
    """The given id, or the signer's next one, also unused by ``parties``' participants (ids are unique per
    participant on chain)."""
    from drex.sdk.tpft_values import to_operation_id

    return to_operation_id(given) if given is not None else tp.next_operation_id(parties=parties)


def show_quantity(value: Decimal | str) -> str:
    from drex.sdk.display import quantity

    return quantity(Decimal(value))


def show_price(value: Decimal | str) -> str:
    from drex.sdk.display import unit_price

    return unit_price(Decimal(value))


def show_reais(value: Decimal | str) -> str:
    from drex.sdk.display import reais

    return reais(Decimal(value))


def show_bonds(quantity: Decimal | str, series: object) -> str:
    return f"{show_quantity(quantity)} {series}"


def print_command(what: str, r: CommandResult, **data: Any) -> None:
    """The result of a command: its operation, status in words and settled value; ``--verbose`` adds the
    transaction, ``--json`` prints it all raw."""
    from drex.sdk.display import status_words

    opts = current()
    value = r.financial_value
    if opts.json:
        emit_json(
            {
                "action": what.split(" ")[0],
                **data,
                "operationId": r.operation_id,
                "status": r.status,
                "financialValue": None if value is None else cents(value),
                **tx_json(r.tx),
            }
        )
        return
    shown = f", {show_reais(value)}" if value is not None else ""
    echo(f"{what}: operation {r.operation_id} {status_words(r.status)}{shown}")
    if opts.verbose:
        echo(tx_line(r.tx))
    if r.status == "LAN":
        echo(f"  the counterpart answers with: drex tpft match {r.operation_id}")


def terms_fields(quantity: str, price: str, series: Series) -> dict[str, Any]:
    return {
        "series": str(series),
        "quantity": hundredths(Decimal(quantity)),
        "unitPrice": price_units(Decimal(price)),
    }
