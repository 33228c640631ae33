"""``drex tpft``: an institution's tokenized federal bond (TPFt) operations, through :mod:`drex.sdk.tpft`.

Same conventions as ``drex rd|rt|swap|keys`` (:mod:`drex.cli.money`): ``--network`` (default ``local``) and
``--manifest`` (default ``deployment.json``), checked against each other; commands that send a transaction
sign with ``--as ROLE`` on dev chains or ``--keystore PATH`` elsewhere; every error is one line. A SERIES
is a TPFt id (``1``) or ``ACRONYM:CODE:YYYY-MM-DD`` (``LTN:100000:2027-04-01``, maturity at 00:00
Brasília); quantities have at most 2 decimals, unit prices at most 8, amounts of reais 2. Parties take a
bank role or CNPJ8 (the institution, by its default wallet), a role (``CUSTOMER_A1``) or an address;
customers are recognised through KeyDictionary and pay in their bank's Real Tokenizado. Two institutions
trade by CNPJ8 unless ``--by-wallet``. Operation ids are built for the signer (its CNPJ8 as range, a daily
sequence, the date as yyyyMMdd) unless ``--id`` gives one; the counterpart finds the command with
``drex tpft pending`` and answers it with ``drex tpft match ID``. Only Typer is imported at module level.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from drex.cli.common import AsRole, Keystore, ManifestPath, Network, Session, echo, open_session, print_tx
from drex.cli.numbers import FromBlock, OperationId, positive_number

if TYPE_CHECKING:
    from drex.sdk.tpft import TPFtPlatform
    from drex.sdk.tpft_ops import CommandResult, Party
    from drex.sdk.tpft_values import Series

tpft_app = typer.Typer(
    help="Tokenized federal bonds: series, placements, trades (1002/1052), repos (1054/1056), repayments.",
    no_args_is_help=True,
)

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
DEFAULT_MANIFEST = Path("deployment.json")


# ------------------------------------------------------------------------------ session
def _open(
    network: str,
    manifest: Path,
    as_role: str | None = None,
    keystore: Path | None = None,
    *,
    sign: bool = False,
) -> tuple[Session, TPFtPlatform]:
    from drex.sdk.tpft import TPFtPlatform

    s = open_session(network, manifest, as_role, keystore, sign=sign)
    if "TPFt" not in s.manifest.contracts:
        from drex.errors import DrexError

        raise DrexError(f"manifest {manifest} has no TPFt: deploy the whole platform (drex deploy)")
    return s, TPFtPlatform(s.platform)


def _series(tp: TPFtPlatform, text: str) -> Series:
    from drex.sdk.tpft_values import Series

    t = text.strip()
    return tp.tpft.series(int(t)) if t.isascii() and t.isdigit() else Series.parse(t)


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


def _command(what: str, r: CommandResult) -> None:
    value = f", value {r.financial_value} BRL" if r.financial_value is not None else ""
    echo(f"{what}: operation {r.operation_id} {r.status}{value}")
    echo(f"  tx {r.tx.tx_hash} (block {r.tx.block_number}, gas {r.tx.gas_used})")
    if r.status == "LAN":
        echo(f"  waiting for the counterpart: drex tpft match {r.operation_id}")


# ---------------------------------------------------------------------------- series
@tpft_app.command("create")
def create(
    acronym: str,
    code: str,
    maturity: Annotated[str, typer.Argument(help="maturity date YYYY-MM-DD (00:00 Brasília)")],
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Create a bond series (the Treasury, MINTER_ROLE); prints its TPFt id."""
    from drex.sdk.tpft_values import Series, parse_date

    _, tp = _open(network, manifest, as_role, keystore, sign=True)
    series = Series.of(acronym, code, parse_date(maturity, "maturity"))
    echo(f"created {series}: TPFt id {tp.tpft.create(series)}")


@tpft_app.command("series")
def series_list(
    network: Network = "local", manifest: ManifestPath = DEFAULT_MANIFEST, from_block: FromBlock = 0
) -> None:
    """Every bond series: id, acronym:code:maturity, quantity in circulation, pause status."""
    _, tp = _open(network, manifest)
    created = tp.tpft.all_series(from_block=from_block)
    if not created:
        echo("no series")
    for c in created:
        paused = " (paused)" if tp.tpft.is_series_paused(c.tpft_id) else ""
        echo(f"{c.tpft_id:>4}  {c.series!s:<32} supply {tp.tpft.total_supply(c.tpft_id)}{paused}")


@tpft_app.command("mint")
def mint(
    series: SeriesArg,
    quantity: str,
    to: Annotated[str | None, typer.Option("--to", help="receiver (default: the signer)")] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Mint QUANTITY bonds of SERIES (the Treasury, MINTER_ROLE)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    who = s.account(to, "receiver") if to else tp.address
    print_tx(f"minted {quantity} {data} to {who}", tp.tpft.mint(who, data, quantity))


@tpft_app.command("place")
def place(
    series: SeriesArg,
    quantity: str,
    to: str,
    source: Annotated[str | None, typer.Option("--from", help="origin wallet (default: the signer)")] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Direct placement: move QUANTITY bonds of SERIES to TO free of payment (DIRECT_PLACEMENT_ROLE)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    origin = s.account(source, "origin") if source else tp.address
    who = s.account(to, "receiver")
    print_tx(f"placed {quantity} {data} with {who}", tp.tpft.direct_placement(origin, who, data, quantity))


@tpft_app.command("burn")
def burn(
    series: SeriesArg,
    quantity: str,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Burn QUANTITY of the signer's own bonds of SERIES (the Treasury, MINTER_ROLE)."""
    _, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    print_tx(f"burned {quantity} {data}", tp.tpft.burn(tp.address, data, quantity))


@tpft_app.command("enable")
def enable(
    account: str,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Enable ACCOUNT to hold TPFt (BCB, or a participant enabled in TPFt and Real Digital)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    who = s.account(account)
    print_tx(f"enabled {who} for TPFt", tp.tpft.enable(who))


@tpft_app.command("disable")
def disable(
    account: str,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Disable ACCOUNT for TPFt (BCB, or the participant that enabled it)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    who = s.account(account)
    print_tx(f"disabled {who} for TPFt", tp.tpft.disable(who))


@tpft_app.command("balance")
def balance(
    account: str,
    series: Annotated[str | None, typer.Option("--series", "-s", help="only this series")] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
) -> None:
    """ACCOUNT's bonds: every series it holds, or one series with its frozen part."""
    s, tp = _open(network, manifest)
    who = s.account(account)
    echo(f"account    {who}")
    echo(f"enabled    {'yes' if tp.tpft.is_enabled(who) else 'no'}")
    echo(f"TPFtDvP    {'approved' if tp.tpft.is_dvp_approved(who) else 'not approved'} (setApprovalForAll)")
    if series is not None:
        data = _series(tp, series)
        echo(f"{data!s:<32} {tp.tpft.balance_of(who, data)} (frozen {tp.tpft.frozen_balance_of(who, data)})")
        return
    positions = tp.tpft.positions(who)
    if not positions:
        echo("no bonds")
    for data, quantity in sorted(positions.items()):
        echo(f"{data!s:<32} {quantity}")


@tpft_app.command("approve-dvp")
def approve_dvp(
    money: Annotated[
        str | None, typer.Option("--money", help="raise TPFtDvP's allowance by this amount")
    ] = None,
    bank: Annotated[
        str | None, typer.Option("--bank", "-b", help="on this bank's Real Tokenizado (customers)")
    ] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """The signer's habilitações for TPFtDvP: setApprovalForAll on TPFt and, with --money, an allowance on
    Real Digital (participants) or on --bank's Real Tokenizado (customers). A bank's reserve wallet also
    gives SwapOneStepFrom as much on Real Digital (its customers' trades with other banks' customers)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    token = s.bank(bank) if bank else None
    done = tp.approve_dvp(money, token=token)
    coin = "Real Digital" if token is None else f"BRL@{token}"
    echo(f"TPFtDvP approved on TPFt for {tp.address} ({len(done)} transaction(s))")
    echo(f"TPFtDvP may take {tp.dvp_allowance(tp.address, token)} of {coin}")
    if token is None and tp.is_reserve():
        echo(f"SwapOneStepFrom may take {tp.swap_allowance(tp.address)} of Real Digital (reserve wallet)")


@tpft_app.command("freeze")
def freeze(
    account: str,
    series: SeriesArg,
    quantity: str,
    release: Annotated[bool, typer.Option("--release", help="unfreeze instead")] = False,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Freeze (or with --release unfreeze) QUANTITY of ACCOUNT's bonds of SERIES (FREEZER_ROLE)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    who, data = s.account(account), _series(tp, series)
    if release:
        print_tx(f"unfroze {quantity} {data} of {who}", tp.tpft.unfreeze(who, data, quantity))
    else:
        print_tx(f"froze {quantity} {data} of {who}", tp.tpft.freeze(who, data, quantity))


@tpft_app.command("pause-series")
def pause_series(
    series: SeriesArg,
    resume: Annotated[bool, typer.Option("--resume", help="resume instead")] = False,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Pause (or --resume) one series for operations (REPAYMENT_ROLE)."""
    _, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    print_tx(f"{'resumed' if resume else 'paused'} {data}", tp.tpft.set_series_paused(data, not resume))


# ------------------------------------------------------------------------ operations
@tpft_app.command("offering")
def offering(
    series: SeriesArg,
    quantity: str,
    price: str,
    buyer: Annotated[str, typer.Option("--buyer", help="the buying participant: bank role or CNPJ8")],
    part: Part,
    op_id: OpId = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Public-offering settlement (1002): QUANTITY (whole bonds) of SERIES from the Treasury to --buyer at
    unit PRICE. BCB sends the sender part, the buyer's default wallet the receiver part."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    from drex.sdk.tpft_ops import STN_CNPJ8

    buyer_cnpj8 = s.bank(buyer)
    r = tp.op1002.place(_op_id(tp, op_id, STN_CNPJ8, buyer_cnpj8), buyer_cnpj8, part, data, quantity, price)
    _command(f"offering of {quantity} {data} at {price}", r)


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
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Outright trade (1052) of QUANTITY of SERIES at unit PRICE from --seller to --buyer; with --notice,
    a central bank auction (1005 sale by BCB, 1006 purchase by BCB or STN)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    if notice is not None:
        sell_cnpj8, buy_cnpj8 = s.bank(seller), s.bank(buyer)
        op = _op_id(tp, op_id, sell_cnpj8, buy_cnpj8)
        r = tp.op1052.auction(op, sell_cnpj8, buy_cnpj8, part, data, quantity, price, notice)
        _command(f"auction trade of {quantity} {data} at {price} (notice {notice})", r)
        return
    sell, buy = _parties(s, tp, seller, buyer, by_wallet)
    r = tp.op1052.trade(_op_id(tp, op_id, sell, buy), sell, buy, part, data, quantity, price)
    _command(f"trade of {quantity} {data} at {price}: {sell} -> {buy}", r)


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
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Repo (1054): --seller sells QUANTITY of SERIES to --buyer at PRICE and repurchases on --return-date
    at --return-price; or --intraday; or --open (price agreed at return)."""
    from drex.errors import DrexError
    from drex.sdk.tpft_values import parse_date

    if intraday + open_price + (return_price is not None) != 1:
        raise DrexError("choose one: --return-price P (with --return-date), --intraday, or --open")
    if not intraday and return_date is None:
        raise DrexError("--return-date is required unless --intraday")
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
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
    _command(f"repo of {quantity} {data} at {price}: {sell} -> {buy}", r)


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
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Return of repo ORIGINAL_ID on its return date (1056); both parties send it (the counterpart with
    the same --return-id, e.g. through drex tpft match)."""
    _, tp = _open(network, manifest, as_role, keystore, sign=True)
    ret = _op_id(tp, return_id)
    if price is None:
        r = tp.op1056.reverse(original_id, ret)
    else:
        r = tp.op1056.reverse_open(original_id, ret, price)
    _command(f"return of repo {original_id}", r)


@tpft_app.command("default")
def set_default(
    operation_id: OperationId,
    reason: Reason = "",
    party: Annotated[
        str | None,
        typer.Option("--party", help="seller's or buyer's wallet, role or address (when repos share the id)"),
    ] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Declare repo OPERATION_ID in default after its return date (BCB). Repos are kept per id and party:
    when repos of different wallets share the id, --party names the one (a wallet of its seller or buyer)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    r = tp.op1054.set_default(operation_id, reason, s.account(party, "party") if party else None)
    echo(f"repo {operation_id} declared in default: tx {r.tx.tx_hash}")


@tpft_app.command("pending")
def pending(
    wallets: Annotated[
        list[str] | None, typer.Option("--for", help="list what these wallets must answer (repeatable)")
    ] = None,
    everyone: Annotated[bool, typer.Option("--all", help="every pending operation")] = False,
    from_block: FromBlock = 0,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Registered commands still pending that await the signer's (or --for's) counterpart command."""
    from drex.errors import DrexError

    if not (wallets or everyone or as_role or keystore):
        raise DrexError("say whose pending operations: --as ROLE, --keystore PATH, --for ACCOUNT or --all")
    s, tp = _open(network, manifest, as_role, keystore)
    who = [s.account(w) for w in wallets] if wallets else None
    found = tp.pending_operations(who, everyone=everyone, from_block=from_block)
    if not found:
        echo("no pending operations")
    for p in found:
        echo(p.describe())


@tpft_app.command("match")
def match(
    operation_id: OperationId,
    from_block: FromBlock = 0,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Send the counterpart command of pending operation OPERATION_ID, with its registered terms."""
    from drex.errors import DrexError

    _, tp = _open(network, manifest, as_role, keystore, sign=True)
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
    echo(f"matching {p.describe()}")
    _command("matched", tp.match(p))


@tpft_app.command("cancel")
def cancel(
    operation_id: OperationId,
    reason: Reason = "",
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Cancel pending operation OPERATION_ID (only the wallet that sent its first command)."""
    _, tp = _open(network, manifest, as_role, keystore, sign=True)
    r = tp.cancel(operation_id, reason)
    echo(f"cancelled operation {operation_id} on {r.command.contract}: {r.status}, tx {r.tx.tx_hash}")


@tpft_app.command("show")
def show(
    operation_id: OperationId, network: Network = "local", manifest: ManifestPath = DEFAULT_MANIFEST
) -> None:
    """Which contracts settled (or hold a command with) OPERATION_ID, for which participants, its latest
    state and its events. Ids are unique per participant: operations of disjoint parties may share one."""
    from drex.errors import DrexError
    from drex.sdk.tpft import describe_scope

    _, tp = _open(network, manifest)
    found = tp.registrations(operation_id)
    client = tp.operation_of(operation_id)
    if not found and client is None:
        raise DrexError(f"operation id {operation_id} was never registered")
    names = {tp.operation(code).address: tp.operation(code).name for code in ("1002", "1052", "1054", "1056")}
    names[tp.op1012.address] = "TPFtOperation1012, a repayment"
    for reg in found:
        name = names.get(reg.operation, reg.operation)
        scopes = ", ".join(describe_scope(x) for x in reg.scopes)
        echo(f"used by {name} (for {scopes}, block {reg.where.block_number})")
    if client is None:
        return
    state = client.state(operation_id)
    taken = (
        "settled" if any(r.operation == client.address for r in found) else "not settled, id not taken yet"
    )
    echo(f"operation {operation_id} on {client.name}: {state.status.name} ({taken})")
    echo(f"initiator  {state.initiator} ({state.initiator_part.name})")
    for c in client.commands(operation_id):
        echo(f"  block {c.where.block_number:>6}  {c.event:<40} {c.status}")


@tpft_app.command("next-id")
def next_id(
    faixa: Annotated[
        int | None,
        typer.Option(
            "--range", help="operation-number range (default: CNPJ8)", parser=positive_number("range")
        ),
    ] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """The signer's next unused operation id: range (its CNPJ8), daily sequence, date (yyyyMMdd)."""
    from drex.sdk.tpft import TPFtPlatform

    s, _ = _open(network, manifest, as_role, keystore, sign=faixa is None)
    echo(str(TPFtPlatform(s.platform, faixa=faixa).next_operation_id()))


# ------------------------------------------------------------------------ repayments
@tpft_app.command("repay")
def repay(
    holder: str,
    series: SeriesArg,
    price: str,
    op_id: OpId = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Repay HOLDER's whole position in matured SERIES at unit PRICE (1012, BCB)."""
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    data = _series(tp, series)
    from drex.sdk.tpft_ops import STN_CNPJ8

    wallet = s.account(holder, "holder")
    rep = tp.op1012.repay(wallet, _op_id(tp, op_id, wallet, STN_CNPJ8), data, price)
    extra = f" to {rep.reserve_account}" if rep.reserve_account else ""
    echo(
        f"repaid {rep.quantity} {data} of {rep.holder} at {rep.unit_price}: {rep.value} BRL via {rep.route}"
        f"{extra} (operation {rep.operation_id}, tx {rep.where.tx_hash})"
    )
    if rep.reason:
        echo(f"  reason: {rep.reason}")


@tpft_app.command("reserve-balance")
def reserve_balance(
    account: str, series: SeriesArg, network: Network = "local", manifest: ManifestPath = DEFAULT_MANIFEST
) -> None:
    """Repayment value TPFtRepaymentReserve holds for ACCOUNT in SERIES."""
    s, tp = _open(network, manifest)
    who = s.account(account)
    tpft_id = tp.tpft.id_of(_series(tp, series))
    echo(f"{who}  series {tpft_id}  {tp.reserve.balance(who, tpft_id)} BRL")


@tpft_app.command("withdraw")
def withdraw(
    series: SeriesArg,
    holder: Annotated[
        str | None, typer.Option("--from", help="withdraw this wallet's value (authority, ACCESS_ROLE)")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="new wallet receiving it (with --from)")] = None,
    network: Network = "local",
    manifest: ManifestPath = DEFAULT_MANIFEST,
    as_role: AsRole = None,
    keystore: Keystore = None,
) -> None:
    """Withdraw the signer's repayment value of SERIES from TPFtRepaymentReserve, or, as the authority,
    --from a wallet --to a new one."""
    from drex.errors import DrexError

    if (holder is None) != (to is None):
        raise DrexError("--from and --to go together (the authority's withdrawal to a new wallet)")
    s, tp = _open(network, manifest, as_role, keystore, sign=True)
    tpft_id = tp.tpft.id_of(_series(tp, series))
    if holder is not None and to is not None:
        moved = tp.reserve.withdraw_from(tpft_id, s.account(holder, "holder"), s.account(to, "receiver"))
    else:
        moved = tp.reserve.withdraw(tpft_id)
    echo(f"withdrew {moved.value} BRL of {moved.wallet} to {moved.paid_to} ({moved.event})")
    echo(f"  tx {moved.where.tx_hash}")
