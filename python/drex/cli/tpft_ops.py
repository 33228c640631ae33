"""``drex tpft`` operations: the double commands of 1002, 1052, 1054 and 1056, pending commands and their
match, cancellation and default, operation lookup, and repayments at maturity (1012) with the repayment
reserve. Registered on :data:`drex.cli.tpft.tpft_app` (same conventions, see :mod:`drex.cli.tpft`); only
Typer is imported at module level.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import cents, echo, hundredths, price_units, report
from drex.cli.numbers import FromBlock, OperationId, positive_number
from drex.cli.options import current
from drex.cli.tpft import tpft_app
from drex.cli.tpft_shared import (
    Buyer,
    ByWallet,
    OpId,
    Part,
    Reason,
    Seller,
    SeriesArg,
    open_tpft,
    operation_id_for,
    parse_series,
    parties_of,
    print_command,
    show_bonds,
    show_price,
    show_reais,
    terms_fields,
)

if TYPE_CHECKING:
    from drex.sdk.tpft import PendingOperation


# ------------------------------------------------------------------------ operations
@tpft_app.command("offering")
def offering(
    series: SeriesArg,
    quantity: str,
    price: str,
    buyer: Annotated[str, typer.Option("--buyer", help="the buying participant: bank role or CNPJ8")],
    part: Part,
    op_id: OpId = None,
) -> None:
    """Public-offering settlement (1002): QUANTITY (whole bonds) of SERIES from the Treasury to --buyer at
    unit PRICE. BCB sends the sender part, the buyer's default wallet the receiver part."""
    s, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    from drex.sdk.tpft_ops import STN_CNPJ8

    buyer_cnpj8 = s.bank(buyer)
    r = tp.op1002.place(
        operation_id_for(tp, op_id, STN_CNPJ8, buyer_cnpj8), buyer_cnpj8, part, data, quantity, price
    )
    print_command(
        f"offering of {show_bonds(quantity, data)} at {show_price(price)}",
        r,
        **terms_fields(quantity, price, data),
    )


@tpft_app.command("trade")
def trade(
    series: SeriesArg,
    quantity: str,
    price: str,
    seller: Seller,
    buyer: Buyer,
    part: Part,
    op_id: OpId = None,
    notice: Annotated[
        str | None, typer.Option("--notice", help="central bank auction notice (1005/1006, by CNPJ8)")
    ] = None,
    by_wallet: ByWallet = False,
) -> None:
    """Outright trade (1052) of QUANTITY of SERIES at unit PRICE from --seller to --buyer; with --notice,
    a central bank auction (1005 sale by BCB, 1006 purchase by BCB or STN)."""
    s, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    if notice is not None:
        sell_cnpj8, buy_cnpj8 = s.bank(seller), s.bank(buyer)
        op = operation_id_for(tp, op_id, sell_cnpj8, buy_cnpj8)
        r = tp.op1052.auction(op, sell_cnpj8, buy_cnpj8, part, data, quantity, price, notice)
        print_command(
            f"auction trade of {show_bonds(quantity, data)} at {show_price(price)} (notice {notice})",
            r,
            **terms_fields(quantity, price, data),
        )
        return
    sell, buy = parties_of(s, tp, seller, buyer, by_wallet)
    r = tp.op1052.trade(operation_id_for(tp, op_id, sell, buy), sell, buy, part, data, quantity, price)
    print_command(
        f"trade of {show_bonds(quantity, data)} at {show_price(price)}: {sell} -> {buy}",
        r,
        **terms_fields(quantity, price, data),
    )


@tpft_app.command("repo")
def repo(
    series: SeriesArg,
    quantity: str,
    price: str,
    seller: Seller,
    buyer: Buyer,
    part: Part,
    return_price: Annotated[
        str | None, typer.Option("--return-price", help="fixed return unit price")
    ] = None,
    return_date: Annotated[
        str | None, typer.Option("--return-date", help="return date YYYY-MM-DD (12:00 Brasília)")
    ] = None,
    intraday: Annotated[bool, typer.Option("--intraday", help="returned today at the same price")] = False,
    open_price: Annotated[bool, typer.Option("--open", help="return price agreed at return")] = False,
    op_id: OpId = None,
    by_wallet: ByWallet = False,
) -> None:
    """Repo (1054): --seller sells QUANTITY of SERIES to --buyer at PRICE and repurchases on --return-date
    at --return-price; or --intraday; or --open (price agreed at return)."""
    from drex.errors import DrexError
    from drex.sdk.tpft_values import parse_date

    if intraday + open_price + (return_price is not None) != 1:
        raise DrexError("choose one: --return-price P (with --return-date), --intraday, or --open")
    if not intraday and return_date is None:
        raise DrexError("--return-date is required unless --intraday")
    s, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    sell, buy = parties_of(s, tp, seller, buyer, by_wallet)
    op = operation_id_for(tp, op_id, sell, buy)
    if intraday:
        r = tp.op1054.repo_intraday(op, sell, buy, part, data, quantity, price)
    elif open_price:
        r = tp.op1054.repo_open(op, sell, buy, part, data, quantity, price, parse_date(str(return_date)))
    else:
        r = tp.op1054.repo(
            op, sell, buy, part, data, quantity, price, str(return_price), parse_date(str(return_date))
        )
    print_command(
        f"repo of {show_bonds(quantity, data)} at {show_price(price)}: {sell} -> {buy}",
        r,
        **terms_fields(quantity, price, data),
    )


@tpft_app.command("return")
def repo_return(
    original_id: OperationId,
    return_id: Annotated[
        int | None,
        typer.Option(
            "--return-id", help="return operation id", parser=positive_number("return operation id")
        ),
    ] = None,
    price: Annotated[str | None, typer.Option("--price", help="return unit price (open-price repos)")] = None,
) -> None:
    """Return of repo ORIGINAL_ID on its return date (1056); both parties send it (the counterpart with
    the same --return-id, e.g. through drex tpft match)."""
    _, tp = open_tpft(sign=True)
    ret = operation_id_for(tp, return_id)
    if price is None:
        r = tp.op1056.reverse(original_id, ret)
    else:
        r = tp.op1056.reverse_open(original_id, ret, price)
    print_command(f"return of repo {original_id}", r, originalOperationId=original_id)


@tpft_app.command("default")
def set_default(
    operation_id: OperationId,
    reason: Reason = "",
    party: Annotated[
        str | None,
        typer.Option("--party", help="seller's or buyer's wallet, role or address (when repos share the id)"),
    ] = None,
) -> None:
    """Declare repo OPERATION_ID in default after its return date (BCB). Repos are kept per id and party:
    when repos of different wallets share the id, --party names the one (a wallet of its seller or buyer)."""
    s, tp = open_tpft(sign=True)
    r = tp.op1054.set_default(operation_id, reason, s.account(party, "party") if party else None)
    print_command(f"default of repo {operation_id}", r)


@tpft_app.command("pending")
def pending(
    wallets: Annotated[
        list[str] | None, typer.Option("--for", help="list what these wallets must answer (repeatable)")
    ] = None,
    everyone: Annotated[bool, typer.Option("--all", help="every pending operation")] = False,
    from_block: FromBlock = 0,
) -> None:
    """Registered commands still pending that await the signer's (or --for's) counterpart command."""
    from drex.errors import DrexError

    if not (wallets or everyone or current().as_role or current().keystore):
        raise DrexError("say whose pending operations: --as ROLE, --keystore PATH, --for ACCOUNT or --all")
    s, tp = open_tpft()
    who = [s.account(w) for w in wallets] if wallets else None
    found = tp.pending_operations(who, everyone=everyone, from_block=from_block)
    report(
        [p.describe() for p in found] or ["no pending operations"],
        {"pending": [_pending_json(p) for p in found]},
    )


def _pending_json(p: PendingOperation) -> dict[str, Any]:
    """A pending command, raw: quantities in hundredths, prices in 1e-8 reais, values in centavos."""
    c = p.command

    def raw(value: Decimal | None, scale: int) -> int | None:
        return None if value is None else int(value.scaleb(scale))

    return {
        "operationId": c.operation_id,
        "contract": c.contract,
        "function": c.function,
        "parties": c.parties,
        "status": c.status,
        "cnpj8Sender": c.cnpj8_sender,
        "cnpj8Receiver": c.cnpj8_receiver,
        "sender": c.sender,
        "receiver": c.receiver,
        "series": None if c.series is None else str(c.series),
        "quantity": raw(c.quantity, 2),
        "unitPrice": raw(c.unit_price, 8),
        "financialValue": raw(c.financial_value, 2),
        "returnUnitPrice": raw(c.return_unit_price, 8),
        "returnDate": c.return_date,
        "originalOperationId": c.original_operation_id,
        "timestamp": c.timestamp,
        "block": c.where.block_number,
        "initiator": p.initiator,
        "initiatorPart": p.initiator_part.name,
        "awaiting": p.awaiting.name,
        "counterpart": p.counterpart,
    }


@tpft_app.command("match")
def match(
    operation_id: OperationId,
    from_block: FromBlock = 0,
) -> None:
    """Send the counterpart command of pending operation OPERATION_ID, with its registered terms."""
    from drex.errors import DrexError

    _, tp = open_tpft(sign=True)
    found = [
        p
        for p in tp.pending_operations(everyone=True, from_block=from_block)
        if p.operation_id == operation_id
    ]
    if not found:
        raise DrexError(f"operation {operation_id} is not pending (unknown, settled or cancelled)")
    p = found[0]
    if p.counterpart is not None and p.counterpart != tp.address:
        raise DrexError(f"operation {operation_id} awaits {p.counterpart}, not the signer {tp.address}")
    if not current().json:
        echo(f"matching {p.describe()}")
    print_command("matched", tp.match(p))


@tpft_app.command("cancel")
def cancel(
    operation_id: OperationId,
    reason: Reason = "",
) -> None:
    """Cancel pending operation OPERATION_ID (only the wallet that sent its first command)."""
    _, tp = open_tpft(sign=True)
    r = tp.cancel(operation_id, reason)
    print_command(f"cancel of operation {operation_id} on {r.command.contract}", r)


@tpft_app.command("show")
def show(operation_id: OperationId) -> None:
    """Which contracts settled (or hold a command with) OPERATION_ID, for which participants, its latest
    state and its events. Ids are unique per participant: operations of disjoint parties may share one."""
    from drex.errors import DrexError
    from drex.sdk.display import status_words
    from drex.sdk.tpft import describe_scope

    s, tp = open_tpft()
    found = tp.registrations(operation_id)
    client = tp.operation_of(operation_id)
    if not found and client is None:
        raise DrexError(f"operation id {operation_id} was never registered")
    names = {tp.operation(code).address: tp.operation(code).name for code in ("1002", "1052", "1054", "1056")}
    names[tp.op1012.address] = "TPFtOperation1012, a repayment"
    lines: list[str] = []
    doc: dict[str, Any] = {"operationId": operation_id, "registrations": [], "operation": None}
    for reg in found:
        name = names.get(reg.operation, reg.operation)
        scopes = ", ".join(describe_scope(x) for x in reg.scopes)
        lines.append(f"used by {name} (for {scopes}, block {reg.where.block_number})")
        doc["registrations"].append(
            {"contract": reg.operation, "scopes": list(reg.scopes), "block": reg.where.block_number}
        )
    if client is not None:
        state = client.state(operation_id)
        settled = any(r.operation == client.address for r in found)
        taken = "settled" if settled else "not settled, id not taken yet"
        commands = client.commands(operation_id)
        lines.append(f"operation {operation_id} on {client.name}: {state.status.name.lower()} ({taken})")
        lines.append(f"initiator  {s.label(state.initiator)} ({state.initiator_part.name.lower()} part)")
        lines += [
            f"  block {c.where.block_number:>6}  {c.event:<40} {status_words(c.status)}" for c in commands
        ]
        doc["operation"] = {
            "contract": client.name,
            "status": state.status.name,
            "initiator": state.initiator,
            "initiatorPart": state.initiator_part.name,
            "events": [
                {"block": c.where.block_number, "event": c.event, "status": c.status} for c in commands
            ],
        }
    report(lines, doc)


@tpft_app.command("next-id")
def next_id(
    faixa: Annotated[
        int | None,
        typer.Option(
            "--range", help="operation-number range (default: CNPJ8)", parser=positive_number("range")
        ),
    ] = None,
) -> None:
    """The signer's next unused operation id: range (its CNPJ8), daily sequence, date (yyyyMMdd)."""
    from drex.sdk.tpft import TPFtPlatform

    s, _ = open_tpft(sign=faixa is None)
    op = TPFtPlatform(s.platform, faixa=faixa).next_operation_id()
    report([str(op)], {"operationId": op})


# ------------------------------------------------------------------------ repayments
@tpft_app.command("repay")
def repay(holder: str, series: SeriesArg, price: str, op_id: OpId = None) -> None:
    """Repay HOLDER's whole position in matured SERIES at unit PRICE (1012, BCB)."""
    s, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    from drex.sdk.tpft_ops import STN_CNPJ8

    wallet = s.account(holder, "holder")
    rep = tp.op1012.repay(wallet, operation_id_for(tp, op_id, wallet, STN_CNPJ8), data, price)
    extra = f" to {s.label(rep.reserve_account)}" if rep.reserve_account else ""
    lines = [
        f"repaid {show_bonds(rep.quantity, data)} of {s.label(rep.holder)} at {show_price(rep.unit_price)}: "
        f"{show_reais(rep.value)} via {rep.route}{extra} (operation {rep.operation_id})"
    ]
    if current().verbose:
        lines.append(f"  tx {rep.where.tx_hash} block {rep.where.block_number}")
    if rep.reason:
        lines.append(f"  reason: {rep.reason}")
    report(
        lines,
        {
            "action": "repay",
            "holder": rep.holder,
            "series": str(data),
            "tpftId": rep.tpft_id,
            "quantity": hundredths(rep.quantity),
            "unitPrice": price_units(rep.unit_price),
            "value": cents(rep.value),
            "route": rep.route,
            "reserveAccount": rep.reserve_account,
            "reason": rep.reason,
            "operationId": rep.operation_id,
            "status": rep.status,
            "tx": rep.where.tx_hash,
            "block": rep.where.block_number,
        },
    )


@tpft_app.command("reserve-balance")
def reserve_balance(account: str, series: SeriesArg) -> None:
    """Repayment value TPFtRepaymentReserve holds for ACCOUNT in SERIES."""
    s, tp = open_tpft()
    who = s.account(account)
    data = parse_series(tp, series)
    tpft_id = tp.tpft.id_of(data)
    value = tp.reserve.balance(who, tpft_id)
    report(
        [f"{s.label(who)}  {data} (TPFt id {tpft_id})  {show_reais(value)}"],
        {"account": who, "series": str(data), "tpftId": tpft_id, "value": cents(value)},
    )


@tpft_app.command("withdraw")
def withdraw(
    series: SeriesArg,
    holder: Annotated[
        str | None, typer.Option("--from", help="withdraw this wallet's value (authority, ACCESS_ROLE)")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="new wallet receiving it (with --from)")] = None,
) -> None:
    """Withdraw the signer's repayment value of SERIES from TPFtRepaymentReserve, or, as the authority,
    --from a wallet --to a new one."""
    from drex.errors import DrexError

    if (holder is None) != (to is None):
        raise DrexError("--from and --to go together (the authority's withdrawal to a new wallet)")
    s, tp = open_tpft(sign=True)
    tpft_id = tp.tpft.id_of(parse_series(tp, series))
    if holder is not None and to is not None:
        moved = tp.reserve.withdraw_from(tpft_id, s.account(holder, "holder"), s.account(to, "receiver"))
    else:
        moved = tp.reserve.withdraw(tpft_id)
    paid_to = s.label(moved.paid_to or moved.wallet)
    lines = [f"withdrew {show_reais(moved.value)} of {s.label(moved.wallet)} to {paid_to} ({moved.event})"]
    if current().verbose:
        lines.append(f"  tx {moved.where.tx_hash} block {moved.where.block_number}")
    report(
        lines,
        {
            "action": "withdraw",
            "tpftId": tpft_id,
            "value": cents(moved.value),
            "wallet": moved.wallet,
            "paidTo": moved.paid_to,
            "event": moved.event,
            "tx": moved.where.tx_hash,
            "block": moved.where.block_number,
        },
    )
