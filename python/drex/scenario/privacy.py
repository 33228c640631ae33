"""Scenario phase "privacy": a private transfer and a private DvP, and what each institution can see.

After the public phases, BCB creates its regulator key and sets it on both shielded pools; BANK_A, BANK_B
and the Treasury (the outsider of this phase) register their shielded keys. BANK_A moves Real Digital into
the Real Digital pool and BANK_B moves NTN-B bonds into the TPFt pool; BANK_A pays BANK_B privately, then
BANK_B sells bonds to BANK_A in a private DvP (proposed by BANK_B, found and settled by BANK_A: both legs
in one transaction). The phase then prints three views of the same chain: the outsider's (everything on
chain: senders, pools, nullifiers, leaves, ciphertexts; no amount, receiver or link), each party's wallet
(its own notes), and BCB's (every operation decrypted with the regulator key, reconciled with the pools'
public supply). It checks the pools reconcile, that BCB reads every operation, that another key reads
none, and that the outsider's wallet found no note.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from drex.chain.accounts import dev_account
from drex.privacy.prover import Prover
from drex.privacy.regulator import RegulatorKey
from drex.sdk import Platform
from drex.sdk.display import account_label, quantity, reais
from drex.sdk.private.dvp import PrivateDvP
from drex.sdk.private.pool import ShieldedPool
from drex.sdk.private.store import WalletStore
from drex.sdk.private.supervision import SupervisionReport, supervise
from drex.sdk.private.wallet import PrivateWallet
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_values import from_quantity_units
from drex.sdk.values import from_units

if TYPE_CHECKING:
    from drex.scenario import Session

TITLE = "Private transfers and private DvP, supervised by BCB"

DEPOSIT_RD = 50_000_00  # centavos
PAYMENT = 1_234_56
BONDS = 20_00  # hundredths of a bond
TRADED = 5_00
PRICE = 21_500_00  # total Real Digital for the traded bonds


def _money(units: int) -> str:
    return reais(from_units(units))


def _bonds(units: int) -> str:
    return f"{quantity(from_quantity_units(units))} bonds"


def run(session: Session) -> None:
    chain = session.chain
    platform = Platform.from_manifest(chain, session.manifest)
    label = lambda a: account_label(a, session.manifest.accounts)  # noqa: E731
    series = next(s for s in session.series if s.acronym == "NTN-B")
    series_id = TPFtPlatform(platform).tpft.series_id(series)
    folder = Path(tempfile.mkdtemp(prefix="drex-demo-private-"))
    prover = Prover()
    wallets: dict[str, PrivateWallet] = {}

    def wallet(role: str) -> PrivateWallet:
        if role not in wallets:
            account = dev_account(role)
            store = WalletStore.at(folder / f"{role}.sqlite")
            wallets[role] = PrivateWallet.open(
                platform.as_signer(account), account, store=store, prover=prover
            )
        return wallets[role]

    try:
        key = RegulatorKey.generate()
        bcb = platform.as_signer(dev_account("BCB"))
        for kind in ("rd", "tpft"):
            ShieldedPool(bcb, kind).set_regulator_key(key.public.x, key.public.y)
        session.op(
            "regulator-key", "settled", "BCB set its regulator key (BabyJubJub) on both shielded pools"
        )
        for role in ("BANK_A", "BANK_B", "STN"):
            for kind in ("rd", "tpft"):
                wallet(role).register(kind)
        session.op(
            "register",
            "settled",
            "BANK_A, BANK_B and STN registered their shielded keys in both pools",
            count=6,
        )
        a, b, outsider = wallet("BANK_A"), wallet("BANK_B"), wallet("STN")
        a.deposit("rd", DEPOSIT_RD)
        session.op(
            "deposit", "settled", f"BANK_A moved {_money(DEPOSIT_RD)} into the Real Digital pool (public)"
        )
        held = TPFtPlatform(platform).tpft.balance_of(b.address, series)
        if held * 100 < BONDS:
            stn = TPFtPlatform(platform.as_signer(dev_account("STN")))
            stn.tpft.direct_placement(stn.address, b.address, series, Decimal(BONDS) / 100)
        b.deposit("tpft", BONDS, series_id)
        session.op(
            "deposit", "settled", f"BANK_B moved {_bonds(BONDS)} of {series} into the TPFt pool (public)"
        )
        paid = a.transfer("rd", b.address, PAYMENT)
        session.op("private-transfer", "settled", f"BANK_A paid BANK_B privately (tx {paid.tx_hash[:10]}…)")
        trade, _ = PrivateDvP(b).propose(
            to=a.address,
            give_pool="tpft",
            give_amount=TRADED,
            give_asset=series_id,
            get_pool="rd",
            get_amount=PRICE,
        )
        offer = next(p for p in PrivateDvP(a).proposals_for_me() if p.trade_id == trade)
        settled = PrivateDvP(a).accept(
            offer, receive_amount=TRADED, receive_asset=series_id, pay_amount=PRICE
        )
        session.op(
            "private-dvp",
            "settled",
            f"BANK_B sold {series} to BANK_A in a private DvP, both legs in tx {settled.tx_hash[:10]}…",
        )

        reports = {kind: supervise(ShieldedPool(platform, kind), key) for kind in ("rd", "tpft")}
        _outsider_view(session, platform, reports, label)
        _wallet_views(session, {"BANK_A": a, "BANK_B": b, "STN": outsider}, series_id)
        _regulator_view(session, reports, label, series_id)
        other = RegulatorKey.generate()
        unreadable = all(
            not op.readable
            for kind in ("rd", "tpft")
            for op in supervise(ShieldedPool(platform, kind), other).operations
            if op.kind != "deposit"
        )
        for kind, rep in reports.items():
            session.check(
                f"{kind} pool reconciles",
                rep.reconciled(),
                "unspent notes = shieldedSupply = the pool's token balance, every operation readable",
            )
        session.check("another key reads nothing", unreadable, "a fresh BabyJubJub key decrypts no operation")
        found = sum(len(outsider.notes(k)) for k in ("rd", "tpft"))
        session.check(
            "the outsider found no note", found == 0, f"STN's wallet scanned both pools: {found} notes"
        )
    finally:
        for w in wallets.values():
            w.store.close()
        prover.close()


def _outsider_view(
    session: Session, platform: Platform, reports: dict[str, SupervisionReport], label: object
) -> None:
    rows = []
    for kind, rep in reports.items():
        for op in rep.operations:
            if op.kind == "deposit":
                shown = _money(op.values[0]) if kind == "rd" else _bonds(op.values[0])
                rows.append([kind, op.kind, label(op.submitter), shown, label(op.submitter), "-"])  # type: ignore[operator]
            else:
                rows.append([kind, op.kind, label(op.submitter), "hidden", "hidden", "hidden"])  # type: ignore[operator]
    session.table(
        "What another institution sees (all events, calldata and storage)",
        ["pool", "operation", "sent by", "amount", "receiver", "notes spent"],
        rows,
        [
            "Private operations show two nullifiers, one tree leaf and ciphertexts: no amount, receiver, "
            "series or link to earlier notes. Deposits are public, like the token transfer behind them."
        ],
    )


def _wallet_views(session: Session, wallets: dict[str, PrivateWallet], series_id: int) -> None:
    rows = []
    for role, w in wallets.items():
        for kind in ("rd", "tpft"):
            w.sync(kind)
            for n in w.notes(kind):
                shown = _money(n.value) if kind == "rd" else f"{_bonds(n.value)} (TPFt {n.asset})"
                rows.append([role, kind, f"{n.leaf_index}.{n.side}", shown])
        if not any(w.notes(k) for k in ("rd", "tpft")):
            rows.append([role, "-", "-", "no notes: it sees nothing it was not sent"])
    session.table(
        "What each institution's wallet holds (its own notes only)", ["wallet", "pool", "note", "value"], rows
    )


def _regulator_view(
    session: Session, reports: dict[str, SupervisionReport], label: object, series_id: int
) -> None:
    rows = []
    for kind, rep in reports.items():

        def who(no: int, rep: SupervisionReport = rep) -> str:
            return label(rep.owners[no][0]) if no in rep.owners else "-"  # type: ignore[operator]

        for op in rep.operations:
            shown = [
                f"{who(n)} {(_money(v) if kind == 'rd' else _bonds(v))}"
                for n, v in zip(op.receivers, op.values, strict=True)
                if v
            ]
            rows.append([kind, op.kind, who(op.sender_no), "; ".join(shown), str(len(op.spent))])
    session.table(
        "What BCB decrypts with its regulator key",
        ["pool", "operation", "from", "to and amount", "notes spent"],
        rows,
    )
