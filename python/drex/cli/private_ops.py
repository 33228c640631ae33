"""``drex private deposit|transfer|withdraw|notes|register|dvp|audit|regulator-key|freeze|unfreeze``.

An institution's private operations on the shielded pools (docs/privacy.md). ``--pool rd`` (default) is
Real Digital, amounts in reais (``1234.56``); ``--pool tpft --series ID`` is one TPFt series, quantities in
bonds with 2 decimals (``10.00``). The wallet's shielded keys are derived from its signing key (``--as`` or
``--keystore``), and its notes live in its own database in the state folder, rebuilt from the chain by
scanning when missing. Every command prints one result (``--json``: raw integer units). BCB sets the
regulator key, freezes and unfreezes, and audits with its regulator key file.
Only Typer is imported at module level, so ``drex --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import open_session, print_tx, report
from drex.cli.options import SIGNING, shared_group
from drex.cli.private import private_app

if TYPE_CHECKING:
    from drex.cli.common import Session
    from drex.sdk.private.wallet import PrivateWallet

dvp_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="Private DvP: propose, list proposals for you, accept, cancel.",
    no_args_is_help=True,
)
key_app = typer.Typer(
    cls=shared_group(*SIGNING),
    help="BCB's regulator key: create one, set it on the pools.",
    no_args_is_help=True,
)
private_app.add_typer(dvp_app, name="dvp")
private_app.add_typer(key_app, name="regulator-key")

PoolOpt = Annotated[str, typer.Option("--pool", help="rd (Real Digital) or tpft (TPFt)")]
SeriesOpt = Annotated[int, typer.Option("--series", help="TPFt id of the series (--pool tpft)")]


def _units(pool: str, text: str) -> int:
    from drex.errors import DrexError

    if pool == "rd":
        from drex.sdk.values import to_units

        return to_units(text)
    if pool == "tpft":
        from drex.sdk.tpft_values import to_quantity_units

        return to_quantity_units(text)
    raise DrexError(f"unknown pool {pool!r}: use rd (Real Digital) or tpft (TPFt)")


def _show(pool: str, units: int) -> str:
    from drex.sdk.display import quantity, reais
    from drex.sdk.tpft_values import from_quantity_units
    from drex.sdk.values import from_units

    return reais(from_units(units)) if pool == "rd" else f"{quantity(from_quantity_units(units))} bonds"


def _asset(pool: str, series: int) -> int:
    from drex.errors import DrexError

    if pool == "rd":
        if series:
            raise DrexError("--series is for the TPFt pool (--pool tpft)")
        return 0
    if series <= 0:
        raise DrexError("the TPFt pool needs --series ID (the TPFt id of the series)")
    return series


def _wallet(s: Session) -> PrivateWallet:
    from eth_account.signers.local import LocalAccount

    from drex.errors import DrexError
    from drex.sdk.private.wallet import PrivateWallet

    signer = s.platform.signer
    if not isinstance(signer, LocalAccount):
        raise DrexError(
            "private operations derive the shielded keys from a local key: use --as or --keystore"
        )
    return PrivateWallet.open(s.platform, signer)


@private_app.command("register")
def register(pool: PoolOpt = "rd") -> None:
    """Register your wallet's shielded keys in a pool (once per pool)."""
    s = open_session(sign=True)
    w = _wallet(s)
    result = w.register(pool)
    if result is None:
        report([f"{s.label(w.address)} is already registered in the {pool} pool"], {"registered": True})
        return
    print_tx(f"registered {s.label(w.address)} in the {pool} pool", result, "register", pool=pool)


@private_app.command("deposit")
def deposit(amount: str, pool: PoolOpt = "rd", series: SeriesOpt = 0) -> None:
    """Move AMOUNT of your public balance into a private note."""
    s = open_session(sign=True)
    units, asset = _units(pool, amount), _asset(pool, series)
    w = _wallet(s)
    result = w.deposit(pool, units, asset)
    print_tx(
        f"deposited {_show(pool, units)} into the {pool} pool", result, "deposit", units=units, asset=asset
    )


@private_app.command("transfer")
def transfer(
    amount: str,
    to: Annotated[str, typer.Option("--to", help="receiver: an address or a role of the manifest")],
    pool: PoolOpt = "rd",
    series: SeriesOpt = 0,
) -> None:
    """Pay AMOUNT privately to a registered wallet (proves a JoinSplit, a few seconds)."""
    s = open_session(sign=True)
    units, asset = _units(pool, amount), _asset(pool, series)
    receiver = s.account(to, "receiver")
    w = _wallet(s)
    result = w.transfer(pool, receiver, units, asset)
    print_tx(
        f"paid {_show(pool, units)} privately to {s.label(receiver)}",
        result,
        "transfer",
        units=units,
        asset=asset,
    )


@private_app.command("withdraw")
def withdraw(
    amount: str,
    to: Annotated[str | None, typer.Option("--to", help="wallet paid (default: yours)")] = None,
    pool: PoolOpt = "rd",
    series: SeriesOpt = 0,
) -> None:
    """Turn AMOUNT of your private notes back into public balance."""
    s = open_session(sign=True)
    units, asset = _units(pool, amount), _asset(pool, series)
    w = _wallet(s)
    recipient = s.account(to, "recipient") if to else w.address
    result = w.withdraw(pool, units, asset, recipient)
    print_tx(
        f"withdrew {_show(pool, units)} to {s.label(recipient)}", result, "withdraw", units=units, asset=asset
    )


@private_app.command("notes")
def notes(
    pool: PoolOpt = "rd", spent: Annotated[bool, typer.Option("--spent", help="list spent notes too")] = False
) -> None:
    """Your private notes and balance in a pool (scans the chain first)."""
    s = open_session(sign=True)
    w = _wallet(s)
    w.sync(pool)
    rows = w.notes(pool, include_spent=spent)
    lines = [
        f"leaf {n.leaf_index}.{n.side}  asset {n.asset}  {_show(pool, n.value)}"
        + ("  (spent)" if n.spent else "")
        for n in rows
    ]
    totals: dict[int, int] = {}
    for n in rows:
        if not n.spent:
            totals[n.asset] = totals.get(n.asset, 0) + n.value
    lines += [f"balance asset {a}: {_show(pool, v)}" for a, v in sorted(totals.items())] or [
        "no private notes"
    ]
    doc: dict[str, Any] = {
        "notes": [n.__dict__ for n in rows],
        "balances": {str(a): v for a, v in totals.items()},
    }
    report(lines, doc)


# ------------------------------------------------------------------------------ DvP
@dvp_app.command("propose")
def dvp_propose(
    to: Annotated[str, typer.Option("--to", help="counterparty: an address or a role")],
    series: Annotated[int, typer.Option("--series", help="TPFt id traded")],
    quantity: Annotated[str, typer.Option("--quantity", help="bonds (2 decimals)")],
    price: Annotated[str, typer.Option("--price", help="total Real Digital paid for them (reais)")],
    sell: Annotated[
        bool, typer.Option("--sell/--buy", help="you deliver the bonds (--sell) or pay (--buy)")
    ] = True,
) -> None:
    """Propose a private DvP of TPFt against Real Digital to a counterparty."""
    from drex.sdk.private.dvp import PrivateDvP, trade_hex
    from drex.sdk.tpft_values import to_quantity_units
    from drex.sdk.values import to_units

    s = open_session(sign=True)
    bonds, cash = to_quantity_units(quantity), to_units(price)
    dvp = PrivateDvP(_wallet(s))
    who = s.account(to, "counterparty")
    if sell:
        trade, result = dvp.propose(
            to=who, give_pool="tpft", give_amount=bonds, give_asset=series, get_pool="rd", get_amount=cash
        )
    else:
        trade, result = dvp.propose(
            to=who, give_pool="rd", give_amount=cash, get_pool="tpft", get_amount=bonds, get_asset=series
        )
    print_tx(
        f"proposed trade {trade_hex(trade)} to {s.label(who)}", result, "dvp-propose", trade=trade_hex(trade)
    )


@dvp_app.command("list")
def dvp_list() -> None:
    """Open proposals addressed to you, decrypted."""
    from drex.sdk.private.dvp import PrivateDvP, trade_hex

    s = open_session(sign=True)
    found = PrivateDvP(_wallet(s)).proposals_for_me()
    lines = [
        f"{trade_hex(p.trade_id)} from {s.label(p.proposer)}: you receive {_show(p.pool, p.gives.value)} "
        f"(asset {p.gives.asset}), you pay {_show(p.counter_pool, p.asks.value)} (asset {p.asks.asset})"
        for p in found
    ] or ["no open proposals for you"]
    doc = {
        "proposals": [
            {
                "trade": trade_hex(p.trade_id),
                "proposer": p.proposer,
                "receive": p.gives.value,
                "receiveAsset": p.gives.asset,
                "pay": p.asks.value,
                "payAsset": p.asks.asset,
            }
            for p in found
        ]
    }
    report(lines, doc)


@dvp_app.command("accept")
def dvp_accept(
    trade: str,
    quantity: Annotated[str, typer.Option("--quantity", help="bonds agreed (2 decimals)")],
    price: Annotated[str, typer.Option("--price", help="total Real Digital agreed (reais)")],
) -> None:
    """Settle the proposal TRADE if it matches the quantity and price agreed (both legs or neither)."""
    from drex.errors import DrexError
    from drex.sdk.private.dvp import PrivateDvP, trade_hex
    from drex.sdk.tpft_values import to_quantity_units
    from drex.sdk.values import to_units

    s = open_session(sign=True)
    dvp = PrivateDvP(_wallet(s))
    match = [p for p in dvp.proposals_for_me() if trade_hex(p.trade_id) == trade.lower()]
    if not match:
        raise DrexError(f"no open proposal {trade} addressed to you")
    p = match[0]
    bonds, cash = to_quantity_units(quantity), to_units(price)
    if p.pool == "tpft":
        result = dvp.accept(p, receive_amount=bonds, receive_asset=p.gives.asset, pay_amount=cash)
    else:
        result = dvp.accept(p, receive_amount=cash, pay_amount=bonds, pay_asset=p.asks.asset)
    print_tx(f"settled trade {trade}", result, "dvp-accept", trade=trade)


@dvp_app.command("cancel")
def dvp_cancel(trade: str) -> None:
    """Cancel your open proposal TRADE."""
    from drex.sdk.private.dvp import PrivateDvP

    s = open_session(sign=True)
    result = PrivateDvP(_wallet(s)).cancel(bytes.fromhex(trade.removeprefix("0x")))
    print_tx(f"cancelled trade {trade}", result, "dvp-cancel", trade=trade)


# ------------------------------------------------------------------------------ BCB
@key_app.command("new")
def key_new(out: Annotated[Path, typer.Option("--out", help="file to write (keep it secret)")]) -> None:
    """Create a regulator key pair (BabyJubJub) and write it to a file only BCB reads."""
    from drex.errors import DrexError
    from drex.privacy.regulator import RegulatorKey

    if out.exists():
        raise DrexError(f"{out} exists: a regulator key is never overwritten")
    key = RegulatorKey.generate()
    key.save(out)
    pub = key.public
    report(
        [f"regulator key written to {out}", f"public key x {pub.x}", f"public key y {pub.y}"],
        {"file": str(out), "x": str(pub.x), "y": str(pub.y)},
    )


@key_app.command("set")
def key_set(key_file: Path, pool: PoolOpt = "rd") -> None:
    """Set the public half of KEY_FILE as the pool's regulator key (BCB, the pool's admin)."""
    from drex.privacy.regulator import RegulatorKey
    from drex.sdk.private.pool import ShieldedPool

    s = open_session(sign=True)
    pub = RegulatorKey.load(key_file).public
    result = ShieldedPool(s.platform, pool).set_regulator_key(pub.x, pub.y)
    print_tx(f"regulator key set on the {pool} pool", result, "regulator-key", pool=pool)


@private_app.command("freeze")
def freeze(account: str, pool: PoolOpt = "rd") -> None:
    """BCB: freeze ACCOUNT's private notes in a pool (none can be spent from the next transaction on)."""
    from drex.sdk.private.admin import freeze_owner

    s = open_session(sign=True)
    who = s.account(account)
    print_tx(f"froze {s.label(who)} in the {pool} pool", freeze_owner(s.platform, pool, who), "freeze")


@private_app.command("unfreeze")
def unfreeze(account: str, pool: PoolOpt = "rd") -> None:
    """BCB: let ACCOUNT spend its private notes again."""
    from drex.sdk.private.pool import ShieldedPool

    s = open_session(sign=True)
    who = s.account(account)
    print_tx(
        f"unfroze {s.label(who)} in the {pool} pool", ShieldedPool(s.platform, pool).unfreeze(who), "unfreeze"
    )


@private_app.command("audit")
def audit(
    key_file: Annotated[Path, typer.Option("--key", help="the regulator key file")],
    pool: PoolOpt = "rd",
) -> None:
    """BCB: decrypt every private operation of a pool and reconcile it with the public supply."""
    from drex.errors import DrexError
    from drex.privacy.regulator import RegulatorKey
    from drex.sdk.private.pool import ShieldedPool
    from drex.sdk.private.supervision import supervise

    s = open_session()
    rep = supervise(ShieldedPool(s.platform, pool), RegulatorKey.load(key_file))

    def who(no: int) -> str:
        return s.label(rep.owners[no][0]) if no in rep.owners else "-"

    lines = []
    for op in rep.operations:
        if not op.readable:
            lines.append(f"{op.kind:9} tx {op.tx[:12]}…  NOT READABLE with this key")
            continue
        parts = [f"{who(n)} {_show(pool, v)}" for n, v in zip(op.receivers, op.values, strict=True) if v]
        out = f", withdrew {_show(pool, op.withdrawn)}" if op.withdrawn else ""
        lines.append(
            f"{op.kind:9} {who(op.sender_no)} -> {'; '.join(parts) or 'nothing'}{out} "
            f"(asset {op.asset}, spent {len(op.spent)} notes)"
        )
    for (wallet, asset), units in sorted(rep.balances().items()):
        lines.append(f"balance {s.label(wallet)} asset {asset}: {_show(pool, units)}")
    ok = rep.reconciled()
    lines.append(
        f"reconciled: {'yes' if ok else 'NO'} (unspent notes = shieldedSupply = pool's token balance)"
    )
    doc = {
        "operations": [op.__dict__ for op in rep.operations],
        "balances": [{"wallet": w, "asset": a, "units": u} for (w, a), u in rep.balances().items()],
        "reconciled": ok,
    }
    report(lines, doc)
    if not ok:
        raise DrexError("the pool does not reconcile: see the lines above")


__all__ = ["private_app"]
