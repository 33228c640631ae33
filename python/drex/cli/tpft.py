"""``drex tpft``: an institution's tokenized federal bond (TPFt) operations, through :mod:`drex.sdk.tpft`.

Same conventions as ``drex rd|rt|swap`` (:mod:`drex.cli.money`): the shared options of
:mod:`drex.cli.options` (``--network``, ``--manifest``, ``--as``, ``--keystore``, ``--json``, ``--verbose``,
before or after the command); commands that send a transaction sign with ``--as ROLE`` on dev chains or
``--keystore PATH`` elsewhere; every error is one line. A SERIES is a TPFt id (``1``) or
``ACRONYM:CODE:YYYY-MM-DD`` (``LTN:100000:2027-04-01``, maturity at 00:00 Brasília); quantities have at
most 2 decimals, unit prices at most 8, amounts of reais 2. People read quantities as ``1.000,00``, unit
prices always with 8 decimals (``R$ 850,12345678``) and money as ``R$ 8.501,23``; ``--json`` gives
hundredths of a bond, 1e-8 reais and centavos. Parties take a bank role or CNPJ8 (the institution, by its
default wallet), a role (``CUSTOMER_A1``) or an address; customers are recognised through KeyDictionary and
pay in their bank's Real Tokenizado. Two institutions trade by CNPJ8 unless ``--by-wallet``. Operation ids
are built for the signer (its CNPJ8 as range, a daily sequence, the date as yyyyMMdd) unless ``--id`` gives
one; the counterpart finds the command with ``drex tpft pending`` and answers it with ``drex tpft match
ID``. The pilot's status codes are shown in words: LAN (registered, awaiting the counterpart), LIQ
(settled), CAN (cancelled). Only Typer is imported at module level.
"""

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
    print_tx,
    report,
    tx_json,
    tx_line,
)
from drex.cli.options import SIGNING, current, shared_group

if TYPE_CHECKING:
    from drex.sdk.tpft import PendingOperation, TPFtPlatform
    from drex.sdk.tpft_ops import CommandResult, Party
    from drex.sdk.tpft_values import Series

tpft_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Tokenized federal bonds: series, placements, trades (1002/1052), repos (1054/1056), repayments.",
    no_args_is_help=True,
)

OpId = Annotated[int | None, typer.Option("--id", help="operation id (default: the signer's next one)")]
Part = Annotated[
    str, typer.Option("--part", "-p", help="the signer's part: sender (seller) or receiver (buyer)")
]
Seller = Annotated[str, typer.Option("--seller", help="bank role or CNPJ8, role or address")]
Buyer = Annotated[str, typer.Option("--buyer", help="bank role or CNPJ8, role or address")]
ByWallet = Annotated[
    bool, typer.Option("--by-wallet", help="identify two institutions by their default wallets, not CNPJ8")
]
FromBlock = Annotated[int, typer.Option("--from-block", help="first block to scan")]
Reason = Annotated[str, typer.Option("--reason", help="why (recorded in the event)")]
SeriesArg = Annotated[str, typer.Argument(help="TPFt id or ACRONYM:CODE:YYYY-MM-DD")]


# ------------------------------------------------------------------------------ session
def _open(*, sign: bool = False) -> tuple[Session, TPFtPlatform]:
    from drex.sdk.tpft import TPFtPlatform

    s = open_session(sign=sign)
    if "TPFt" not in s.manifest.contracts:
        from drex.errors import DrexError

        raise DrexError(f"manifest {s.options.manifest} has no TPFt: deploy the whole platform (drex deploy)")
    return s, TPFtPlatform(s.platform)


def _series(tp: TPFtPlatform, text: str) -> Series:
    from drex.sdk.tpft_values import Series

    t = text.strip()
    return tp.tpft.series(int(t)) if t.isdigit() else Series.parse(t)


def _bond(quantity: str, series: Series) -> dict[str, Any]:
    return {"series": str(series), "quantity": hundredths(Decimal(quantity))}


def _bank_cnpj8(s: Session, text: str) -> str | None:
    """The CNPJ8 when ``text`` names an institution (a bank role of the manifest or 8 digits), else None."""
    role = text.strip().upper()
    if role in s.manifest.participants:
        return s.bank(role)
    t = text.strip()
    return s.bank(t) if t.isdigit() and len(t) == 8 else None


def _parties(s: Session, tp: TPFtPlatform, seller: str, buyer: str, by_wallet: bool) -> tuple[Party, Party]:
    from drex.errors import DrexError
    from drex.sdk.tpft_ops import Party

    banks = (_bank_cnpj8(s, seller), _bank_cnpj8(s, buyer))
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


def _op_id(tp: TPFtPlatform, given: int | None, *parties: Party | str | int) -> int:
    """The given id, or the signer's next one, also unused by ``parties``' participants (ids are unique per
    participant on chain)."""
    from drex.sdk.tpft_values import to_operation_id

    return to_operation_id(given) if given is not None else tp.next_operation_id(parties=parties)


def _qty(value: Decimal | str) -> str:
    from drex.sdk.display import quantity

    return quantity(Decimal(value))


def _pu(value: Decimal | str) -> str:
    from drex.sdk.display import unit_price

    return unit_price(Decimal(value))


def _money(value: Decimal | str) -> str:
    from drex.sdk.display import reais

    return reais(Decimal(value))


def _bonds(quantity: Decimal | str, series: object) -> str:
    return f"{_qty(quantity)} {series}"


def _command(what: str, r: CommandResult, **data: Any) -> None:
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
    shown = f", {_money(value)}" if value is not None else ""
    echo(f"{what}: operation {r.operation_id} {status_words(r.status)}{shown}")
    if opts.verbose:
        echo(tx_line(r.tx))
    if r.status == "LAN":
        echo(f"  the counterpart answers with: drex tpft match {r.operation_id}")


def _terms(quantity: str, price: str, series: Series) -> dict[str, Any]:
    return {
        "series": str(series),
        "quantity": hundredths(Decimal(quantity)),
        "unitPrice": price_units(Decimal(price)),
    }


# ---------------------------------------------------------------------------- series
@tpft_app.command("create")
def create(
    acronym: str,
    code: str,
    maturity: Annotated[str, typer.Argument(help="maturity date YYYY-MM-DD (00:00 Brasília)")],
) -> None:
    """Create a bond series (the Treasury, MINTER_ROLE); prints its TPFt id."""
    from drex.sdk.tpft_values import Series, parse_date

    _, tp = _open(sign=True)
    series = Series.of(acronym, code, parse_date(maturity, "maturity"))
    tpft_id = tp.tpft.create(series)
    report(
        [f"created {series}: TPFt id {tpft_id}"],
        {"action": "create", "series": str(series), "tpftId": tpft_id},
    )


@tpft_app.command("series")
def series_list(from_block: FromBlock = 0) -> None:
    """Every bond series: id, acronym:code:maturity, quantity in circulation, pause status."""
    _, tp = _open()
    lines, docs = [], []
    for c in tp.tpft.all_series(from_block=from_block):
        paused, supply = tp.tpft.is_series_paused(c.tpft_id), tp.tpft.total_supply(c.tpft_id)
        lines.append(f"{c.tpft_id:>4}  {c.series!s:<32} supply {_qty(supply)}{' (paused)' if paused else ''}")
        docs.append(
            {
                "tpftId": c.tpft_id,
                "series": str(c.series),
                "acronym": c.series.acronym,
                "code": c.series.code,
                "maturity": c.series.maturity,
                "supply": hundredths(supply),
                "paused": paused,
            }
        )
    report(lines or ["no series"], {"series": docs})


@tpft_app.command("mint")
def mint(
    series: SeriesArg,
    quantity: str,
    to: Annotated[str | None, typer.Option("--to", help="receiver (default: the signer)")] = None,
) -> None:
    """Mint QUANTITY bonds of SERIES (the Treasury, MINTER_ROLE)."""
    s, tp = _open(sign=True)
    data = _series(tp, series)
    who = s.account(to, "receiver") if to else tp.address
    result = tp.tpft.mint(who, data, quantity)
    print_tx(
        f"minted {_bonds(quantity, data)} to {s.label(who)}", result, "mint", to=who, **_bond(quantity, data)
    )


@tpft_app.command("place")
def place(
    series: SeriesArg,
    quantity: str,
    to: str,
    source: Annotated[str | None, typer.Option("--from", help="origin wallet (default: the signer)")] = None,
) -> None:
    """Direct placement: move QUANTITY bonds of SERIES to TO free of payment (DIRECT_PLACEMENT_ROLE)."""
    s, tp = _open(sign=True)
    data = _series(tp, series)
    origin = s.account(source, "origin") if source else tp.address
    who = s.account(to, "receiver")
    result = tp.tpft.direct_placement(origin, who, data, quantity)
    print_tx(
        f"placed {_bonds(quantity, data)} with {s.label(who)}",
        result,
        "place",
        to=who,
        **_bond(quantity, data),
    )


@tpft_app.command("burn")
def burn(
    series: SeriesArg,
    quantity: str,
) -> None:
    """Burn QUANTITY of the signer's own bonds of SERIES (the Treasury, MINTER_ROLE)."""
    _, tp = _open(sign=True)
    data = _series(tp, series)
    result = tp.tpft.burn(tp.address, data, quantity)
    print_tx(f"burned {_bonds(quantity, data)}", result, "burn", **_bond(quantity, data))


@tpft_app.command("enable")
def enable(
    account: str,
) -> None:
    """Enable ACCOUNT to hold TPFt (BCB, or a participant enabled in TPFt and Real Digital)."""
    s, tp = _open(sign=True)
    who = s.account(account)
    print_tx(f"enabled {s.label(who)} for TPFt", tp.tpft.enable(who), "enable", account=who)


@tpft_app.command("disable")
def disable(
    account: str,
) -> None:
    """Disable ACCOUNT for TPFt (BCB, or the participant that enabled it)."""
    s, tp = _open(sign=True)
    who = s.account(account)
    print_tx(f"disabled {s.label(who)} for TPFt", tp.tpft.disable(who), "disable", account=who)


@tpft_app.command("balance")
def balance(
    account: str,
    series: Annotated[str | None, typer.Option("--series", "-s", help="only this series")] = None,
) -> None:
    """ACCOUNT's bonds: every series it holds, or one series with its frozen part."""
    s, tp = _open()
    who = s.account(account)
    from drex.sdk.display import yes_no

    enabled, approved = tp.tpft.is_enabled(who), tp.tpft.is_dvp_approved(who)
    lines = [
        f"account    {s.label(who)}",
        f"enabled    {yes_no(enabled)}",
        f"TPFtDvP    {'approved' if approved else 'not approved'} (setApprovalForAll)",
    ]
    doc: dict[str, Any] = {"account": who, "enabled": enabled, "dvpApproved": approved}
    if series is not None:
        data = _series(tp, series)
        held, frozen = tp.tpft.balance_of(who, data), tp.tpft.frozen_balance_of(who, data)
        lines.append(f"{data!s:<32} {_qty(held)} (frozen {_qty(frozen)})")
        doc["positions"] = [{"series": str(data), "quantity": hundredths(held), "frozen": hundredths(frozen)}]
    else:
        positions = sorted(tp.tpft.positions(who).items())
        lines += [f"{data!s:<32} {_qty(quantity)}" for data, quantity in positions] or ["no bonds"]
        doc["positions"] = [{"series": str(d), "quantity": hundredths(q)} for d, q in positions]
    report(lines, doc)


@tpft_app.command("approve-dvp")
def approve_dvp(
    money: Annotated[
        str | None, typer.Option("--money", help="raise TPFtDvP's allowance by this amount")
    ] = None,
    bank: Annotated[
        str | None, typer.Option("--bank", "-b", help="on this bank's Real Tokenizado (customers)")
    ] = None,
) -> None:
    """The signer's habilitações for TPFtDvP: setApprovalForAll on TPFt and, with --money, an allowance on
    Real Digital (participants) or on --bank's Real Tokenizado (customers). A bank's reserve wallet also
    gives SwapOneStepFrom as much on Real Digital (its customers' trades with other banks' customers)."""
    s, tp = _open(sign=True)
    token = s.bank(bank) if bank else None
    done = tp.approve_dvp(money, token=token)
    coin = "Real Digital" if token is None else f"Real Tokenizado of {token}"
    dvp = tp.dvp_allowance(tp.address, token)
    swap = tp.swap_allowance(tp.address) if token is None and tp.is_reserve() else None
    lines = [
        f"TPFtDvP approved on TPFt for {s.label(tp.address)} ({len(done)} transaction(s))",
        f"TPFtDvP may take {_money(dvp)} of {coin}",
    ]
    if swap is not None:
        lines.append(f"SwapOneStepFrom may take {_money(swap)} of Real Digital (reserve wallet)")
    if current().verbose:
        lines += [tx_line(t) for t in done]
    report(
        lines,
        {
            "action": "approve-dvp",
            "account": tp.address,
            "token": token,
            "dvpAllowance": cents(dvp),
            "swapOneStepFromAllowance": None if swap is None else cents(swap),
            "txs": [tx_json(t) for t in done],
        },
    )


@tpft_app.command("freeze")
def freeze(
    account: str,
    series: SeriesArg,
    quantity: str,
    release: Annotated[bool, typer.Option("--release", help="unfreeze instead")] = False,
) -> None:
    """Freeze (or with --release unfreeze) QUANTITY of ACCOUNT's bonds of SERIES (FREEZER_ROLE)."""
    s, tp = _open(sign=True)
    who, data = s.account(account), _series(tp, series)
    if release:
        result = tp.tpft.unfreeze(who, data, quantity)
        print_tx(
            f"unfroze {_bonds(quantity, data)} of {s.label(who)}",
            result,
            "unfreeze",
            account=who,
            **_bond(quantity, data),
        )
    else:
        result = tp.tpft.freeze(who, data, quantity)
        print_tx(
            f"froze {_bonds(quantity, data)} of {s.label(who)}",
            result,
            "freeze",
            account=who,
            **_bond(quantity, data),
        )


@tpft_app.command("pause-series")
def pause_series(
    series: SeriesArg,
    resume: Annotated[bool, typer.Option("--resume", help="resume instead")] = False,
) -> None:
    """Pause (or --resume) one series for operations (REPAYMENT_ROLE)."""
    _, tp = _open(sign=True)
    data = _series(tp, series)
    action = "resumed" if resume else "paused"
    print_tx(f"{action} {data}", tp.tpft.set_series_paused(data, not resume), action, series=str(data))


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
    s, tp = _open(sign=True)
    data = _series(tp, series)
    from drex.sdk.tpft_ops import STN_CNPJ8

    buyer_cnpj8 = s.bank(buyer)
    r = tp.op1002.place(_op_id(tp, op_id, STN_CNPJ8, buyer_cnpj8), buyer_cnpj8, part, data, quantity, price)
    _command(f"offering of {_bonds(quantity, data)} at {_pu(price)}", r, **_terms(quantity, price, data))


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
    s, tp = _open(sign=True)
    data = _series(tp, series)
    if notice is not None:
        sell_cnpj8, buy_cnpj8 = s.bank(seller), s.bank(buyer)
        op = _op_id(tp, op_id, sell_cnpj8, buy_cnpj8)
        r = tp.op1052.auction(op, sell_cnpj8, buy_cnpj8, part, data, quantity, price, notice)
        _command(
            f"auction trade of {_bonds(quantity, data)} at {_pu(price)} (notice {notice})",
            r,
            **_terms(quantity, price, data),
        )
        return
    sell, buy = _parties(s, tp, seller, buyer, by_wallet)
    r = tp.op1052.trade(_op_id(tp, op_id, sell, buy), sell, buy, part, data, quantity, price)
    _command(
        f"trade of {_bonds(quantity, data)} at {_pu(price)}: {sell} -> {buy}",
        r,
        **_terms(quantity, price, data),
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
    s, tp = _open(sign=True)
    data = _series(tp, series)
    sell, buy = _parties(s, tp, seller, buyer, by_wallet)
    op = _op_id(tp, op_id, sell, buy)
    if intraday:
        r = tp.op1054.repo_intraday(op, sell, buy, part, data, quantity, price)
    elif open_price:
        r = tp.op1054.repo_open(op, sell, buy, part, data, quantity, price, parse_date(str(return_date)))
    else:
        r = tp.op1054.repo(
            op, sell, buy, part, data, quantity, price, str(return_price), parse_date(str(return_date))
        )
    _command(
        f"repo of {_bonds(quantity, data)} at {_pu(price)}: {sell} -> {buy}",
        r,
        **_terms(quantity, price, data),
    )


@tpft_app.command("return")
def repo_return(
    original_id: int,
    return_id: Annotated[int | None, typer.Option("--return-id", help="return operation id")] = None,
    price: Annotated[str | None, typer.Option("--price", help="return unit price (open-price repos)")] = None,
) -> None:
    """Return of repo ORIGINAL_ID on its return date (1056); both parties send it (the counterpart with
    the same --return-id, e.g. through drex tpft match)."""
    _, tp = _open(sign=True)
    ret = _op_id(tp, return_id)
    if price is None:
        r = tp.op1056.reverse(original_id, ret)
    else:
        r = tp.op1056.reverse_open(original_id, ret, price)
    _command(f"return of repo {original_id}", r, originalOperationId=original_id)


@tpft_app.command("default")
def set_default(
    operation_id: int,
    reason: Reason = "",
    party: Annotated[
        str | None,
        typer.Option("--party", help="seller's or buyer's wallet, role or address (when repos share the id)"),
    ] = None,
) -> None:
    """Declare repo OPERATION_ID in default after its return date (BCB). Repos are kept per id and party:
    when repos of different wallets share the id, --party names the one (a wallet of its seller or buyer)."""
    s, tp = _open(sign=True)
    r = tp.op1054.set_default(operation_id, reason, s.account(party, "party") if party else None)
    _command(f"default of repo {operation_id}", r)


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
    s, tp = _open()
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
    operation_id: int,
    from_block: FromBlock = 0,
) -> None:
    """Send the counterpart command of pending operation OPERATION_ID, with its registered terms."""
    from drex.errors import DrexError

    _, tp = _open(sign=True)
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
    _command("matched", tp.match(p))


@tpft_app.command("cancel")
def cancel(
    operation_id: int,
    reason: Reason = "",
) -> None:
    """Cancel pending operation OPERATION_ID (only the wallet that sent its first command)."""
    _, tp = _open(sign=True)
    r = tp.cancel(operation_id, reason)
    _command(f"cancel of operation {operation_id} on {r.command.contract}", r)


@tpft_app.command("show")
def show(operation_id: int) -> None:
    """Which contracts settled (or hold a command with) OPERATION_ID, for which participants, its latest
    state and its events. Ids are unique per participant: operations of disjoint parties may share one."""
    from drex.errors import DrexError
    from drex.sdk.display import status_words
    from drex.sdk.tpft import describe_scope

    s, tp = _open()
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
        int | None, typer.Option("--range", help="operation-number range (default: CNPJ8)")
    ] = None,
) -> None:
    """The signer's next unused operation id: range (its CNPJ8), daily sequence, date (yyyyMMdd)."""
    from drex.sdk.tpft import TPFtPlatform

    s, _ = _open(sign=faixa is None)
    op = TPFtPlatform(s.platform, faixa=faixa).next_operation_id()
    report([str(op)], {"operationId": op})


# ------------------------------------------------------------------------ repayments
@tpft_app.command("repay")
def repay(holder: str, series: SeriesArg, price: str, op_id: OpId = None) -> None:
    """Repay HOLDER's whole position in matured SERIES at unit PRICE (1012, BCB)."""
    s, tp = _open(sign=True)
    data = _series(tp, series)
    from drex.sdk.tpft_ops import STN_CNPJ8

    wallet = s.account(holder, "holder")
    rep = tp.op1012.repay(wallet, _op_id(tp, op_id, wallet, STN_CNPJ8), data, price)
    extra = f" to {s.label(rep.reserve_account)}" if rep.reserve_account else ""
    lines = [
        f"repaid {_bonds(rep.quantity, data)} of {s.label(rep.holder)} at {_pu(rep.unit_price)}: "
        f"{_money(rep.value)} via {rep.route}{extra} (operation {rep.operation_id})"
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
    s, tp = _open()
    who = s.account(account)
    data = _series(tp, series)
    tpft_id = tp.tpft.id_of(data)
    value = tp.reserve.balance(who, tpft_id)
    report(
        [f"{s.label(who)}  {data} (TPFt id {tpft_id})  {_money(value)}"],
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
    s, tp = _open(sign=True)
    tpft_id = tp.tpft.id_of(_series(tp, series))
    if holder is not None and to is not None:
        moved = tp.reserve.withdraw_from(tpft_id, s.account(holder, "holder"), s.account(to, "receiver"))
    else:
        moved = tp.reserve.withdraw(tpft_id)
    paid_to = s.label(moved.paid_to or moved.wallet)
    lines = [f"withdrew {_money(moved.value)} of {s.label(moved.wallet)} to {paid_to} ({moved.event})"]
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
