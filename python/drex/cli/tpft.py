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

from typing import Annotated, Any

import typer

from drex.cli.common import (
    cents,
    hundredths,
    print_tx,
    report,
    tx_json,
    tx_line,
)
from drex.cli.numbers import FromBlock
from drex.cli.options import SIGNING, current, shared_group
from drex.cli.tpft_shared import (
    SeriesArg,
    bond_fields,
    open_tpft,
    parse_series,
    show_bonds,
    show_quantity,
    show_reais,
)

tpft_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Tokenized federal bonds: series, placements, trades (1002/1052), repos (1054/1056), repayments.",
    no_args_is_help=True,
)


# ---------------------------------------------------------------------------- series
@tpft_app.command("create")
def create(
    acronym: str,
    code: str,
    maturity: Annotated[str, typer.Argument(help="maturity date YYYY-MM-DD (00:00 Brasília)")],
) -> None:
    """Create a bond series (the Treasury, MINTER_ROLE); prints its TPFt id."""
    from drex.sdk.tpft_values import Series, parse_date

    _, tp = open_tpft(sign=True)
    series = Series.of(acronym, code, parse_date(maturity, "maturity"))
    tpft_id = tp.tpft.create(series)
    report(
        [f"created {series}: TPFt id {tpft_id}"],
        {"action": "create", "series": str(series), "tpftId": tpft_id},
    )


@tpft_app.command("series")
def series_list(from_block: FromBlock = 0) -> None:
    """Every bond series: id, acronym:code:maturity, quantity in circulation, pause status."""
    _, tp = open_tpft()
    lines, docs = [], []
    for c in tp.tpft.all_series(from_block=from_block):
        paused, supply = tp.tpft.is_series_paused(c.tpft_id), tp.tpft.total_supply(c.tpft_id)
        lines.append(
            f"{c.tpft_id:>4}  {c.series!s:<32} supply {show_quantity(supply)}{' (paused)' if paused else ''}"
        )
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
    s, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    who = s.account(to, "receiver") if to else tp.address
    result = tp.tpft.mint(who, data, quantity)
    print_tx(
        f"minted {show_bonds(quantity, data)} to {s.label(who)}",
        result,
        "mint",
        to=who,
        **bond_fields(quantity, data),
    )


@tpft_app.command("place")
def place(
    series: SeriesArg,
    quantity: str,
    to: str,
    source: Annotated[str | None, typer.Option("--from", help="origin wallet (default: the signer)")] = None,
) -> None:
    """Direct placement: move QUANTITY bonds of SERIES to TO free of payment (DIRECT_PLACEMENT_ROLE)."""
    s, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    origin = s.account(source, "origin") if source else tp.address
    who = s.account(to, "receiver")
    result = tp.tpft.direct_placement(origin, who, data, quantity)
    print_tx(
        f"placed {show_bonds(quantity, data)} with {s.label(who)}",
        result,
        "place",
        to=who,
        **bond_fields(quantity, data),
    )


@tpft_app.command("burn")
def burn(
    series: SeriesArg,
    quantity: str,
) -> None:
    """Burn QUANTITY of the signer's own bonds of SERIES (the Treasury, MINTER_ROLE)."""
    _, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    result = tp.tpft.burn(tp.address, data, quantity)
    print_tx(f"burned {show_bonds(quantity, data)}", result, "burn", **bond_fields(quantity, data))


@tpft_app.command("enable")
def enable(
    account: str,
) -> None:
    """Enable ACCOUNT to hold TPFt (BCB, or a participant enabled in TPFt and Real Digital)."""
    s, tp = open_tpft(sign=True)
    who = s.account(account)
    print_tx(f"enabled {s.label(who)} for TPFt", tp.tpft.enable(who), "enable", account=who)


@tpft_app.command("disable")
def disable(
    account: str,
) -> None:
    """Disable ACCOUNT for TPFt (BCB, or the participant that enabled it)."""
    s, tp = open_tpft(sign=True)
    who = s.account(account)
    print_tx(f"disabled {s.label(who)} for TPFt", tp.tpft.disable(who), "disable", account=who)


@tpft_app.command("balance")
def balance(
    account: str,
    series: Annotated[str | None, typer.Option("--series", "-s", help="only this series")] = None,
) -> None:
    """ACCOUNT's bonds: every series it holds, or one series with its frozen part."""
    s, tp = open_tpft()
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
        data = parse_series(tp, series)
        held, frozen = tp.tpft.balance_of(who, data), tp.tpft.frozen_balance_of(who, data)
        lines.append(f"{data!s:<32} {show_quantity(held)} (frozen {show_quantity(frozen)})")
        doc["positions"] = [{"series": str(data), "quantity": hundredths(held), "frozen": hundredths(frozen)}]
    else:
        positions = sorted(tp.tpft.positions(who).items())
        lines += [f"{data!s:<32} {show_quantity(quantity)}" for data, quantity in positions] or ["no bonds"]
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
    s, tp = open_tpft(sign=True)
    token = s.bank(bank) if bank else None
    done = tp.approve_dvp(money, token=token)
    coin = "Real Digital" if token is None else f"Real Tokenizado of {token}"
    dvp = tp.dvp_allowance(tp.address, token)
    swap = tp.swap_allowance(tp.address) if token is None and tp.is_reserve() else None
    lines = [
        f"TPFtDvP approved on TPFt for {s.label(tp.address)} ({len(done)} transaction(s))",
        f"TPFtDvP may take {show_reais(dvp)} of {coin}",
    ]
    if swap is not None:
        lines.append(f"SwapOneStepFrom may take {show_reais(swap)} of Real Digital (reserve wallet)")
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
    s, tp = open_tpft(sign=True)
    who, data = s.account(account), parse_series(tp, series)
    send, action, done = (
        (tp.tpft.unfreeze, "unfreeze", "unfroze") if release else (tp.tpft.freeze, "freeze", "froze")
    )
    result = send(who, data, quantity)
    print_tx(
        f"{done} {show_bonds(quantity, data)} of {s.label(who)}",
        result,
        action,
        account=who,
        **bond_fields(quantity, data),
    )


@tpft_app.command("pause-series")
def pause_series(
    series: SeriesArg,
    resume: Annotated[bool, typer.Option("--resume", help="resume instead")] = False,
) -> None:
    """Pause (or --resume) one series for operations (REPAYMENT_ROLE)."""
    _, tp = open_tpft(sign=True)
    data = parse_series(tp, series)
    action = "resumed" if resume else "paused"
    print_tx(f"{action} {data}", tp.tpft.set_series_paused(data, not resume), action, series=str(data))


# The operation and repayment commands live in drex.cli.tpft_ops (registered on tpft_app when imported).
from drex.cli import tpft_ops as _tpft_ops  # noqa: E402, F401
