"""Balances, frozen amounts and supplies derived from the indexed events, kept in the batch's transaction.

ERC-20 ``Transfer(from, to, value)`` (Real Digital, each Real Tokenizado): a mint is from the zero address,
a burn to it. TPFt's ERC-1155 ``TransferSingle``/``TransferBatch`` do the same per TPFt id. Frozen amounts
come from ``FrozenBalance(wallet, amount)`` (Real Digital, Real Tokenizado) and ``TPFtFrozenBalance(account,
tpftId, frozenBalance)``, which both carry the frozen total after the change (not a delta). Only events of
the platform's own contracts count (a foreign token's ``Transfer`` does not).

A batch accumulates its changes in a :class:`Changes` and :meth:`Changes.write` adds them to the tables;
after a rollback :func:`rebuild` recomputes the tables from the events that remain (rollbacks are rare and
a rebuild is simpler to trust than undoing absolute frozen amounts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.engine import Connection

from drex.index import schema

ZERO = "0x0000000000000000000000000000000000000000"
#: Event names the derived state reads.
EVENTS = ("Transfer", "TransferSingle", "TransferBatch", "FrozenBalance", "TPFtFrozenBalance")

Key = tuple[str, int, str]  # token, token id, account


class Changes:
    """Balance deltas, latest frozen totals and minted/burned deltas of a run of events."""

    def __init__(self) -> None:
        self.balance: dict[Key, int] = defaultdict(int)
        self.frozen: dict[Key, int] = {}
        self.minted: dict[tuple[str, int], int] = defaultdict(int)
        self.burned: dict[tuple[str, int], int] = defaultdict(int)

    def __bool__(self) -> bool:
        return bool(self.balance or self.frozen or self.minted or self.burned)

    def apply(self, token: str, event: str | None, args: Mapping[str, Any]) -> None:
        """Account for one decoded event of the platform contract at ``token``."""
        if event == "Transfer" and len(args) == 3:
            sender, receiver, value = args.values()
            self._move(token, 0, str(sender), str(receiver), int(value))
        elif event == "TransferSingle":
            self._move(token, int(args["id"]), str(args["from"]), str(args["to"]), int(args["value"]))
        elif event == "TransferBatch":
            for token_id, value in zip(args["ids"], args["values"], strict=True):
                self._move(token, int(token_id), str(args["from"]), str(args["to"]), int(value))
        elif event == "FrozenBalance":
            self.frozen[(token, 0, str(args["wallet"]))] = int(args["amount"])
        elif event == "TPFtFrozenBalance":
            self.frozen[(token, int(args["tpftId"]), str(args["account"]))] = int(args["frozenBalance"])

    def _move(self, token: str, token_id: int, sender: str, receiver: str, value: int) -> None:
        if sender == ZERO:
            self.minted[(token, token_id)] += value
        else:
            self.balance[(token, token_id, sender)] -= value
        if receiver == ZERO:
            self.burned[(token, token_id)] += value
        else:
            self.balance[(token, token_id, receiver)] += value

    def write(self, conn: Connection) -> None:
        """Add these changes to ``index_balances`` and ``index_supplies``, in the caller's transaction."""
        keys = set(self.balance) | set(self.frozen)
        if keys:
            self._write_balances(conn, keys)
        pairs = set(self.minted) | set(self.burned)
        if pairs:
            self._write_supplies(conn, pairs)

    def _write_balances(self, conn: Connection, keys: set[Key]) -> None:
        b = schema.balances
        current: dict[Key, tuple[int, int]] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), 300):
            chunk = ordered[start : start + 300]
            rows = conn.execute(
                select(b.c.token, b.c.token_id, b.c.account, b.c.balance, b.c.frozen).where(
                    tuple_(b.c.token, b.c.token_id, b.c.account).in_(chunk)
                )
            )
            for token, token_id, account, balance, frozen in rows:
                current[(token, int(token_id), account)] = (int(balance), int(frozen))
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for key in ordered:
            old_balance, old_frozen = current.get(key, (0, 0))
            row = {
                "token": key[0],
                "token_id": key[1],
                "account": key[2],
                "balance": old_balance + self.balance.get(key, 0),
                "frozen": self.frozen.get(key, old_frozen),
            }
            (updates if key in current else inserts).append(row)
        if inserts:
            conn.execute(b.insert(), inserts)
        for row in updates:
            conn.execute(
                update(b)
                .where(
                    b.c.token == row["token"], b.c.token_id == row["token_id"], b.c.account == row["account"]
                )
                .values(balance=row["balance"], frozen=row["frozen"])
            )

    def _write_supplies(self, conn: Connection, pairs: set[tuple[str, int]]) -> None:
        s = schema.supplies
        for token, token_id in sorted(pairs):
            found = conn.execute(
                select(s.c.minted, s.c.burned).where(s.c.token == token, s.c.token_id == token_id)
            ).first()
            minted = self.minted.get((token, token_id), 0)
            burned = self.burned.get((token, token_id), 0)
            if found is None:
                conn.execute(s.insert().values(token=token, token_id=token_id, minted=minted, burned=burned))
            else:
                conn.execute(
                    update(s)
                    .where(s.c.token == token, s.c.token_id == token_id)
                    .values(minted=int(found[0]) + minted, burned=int(found[1]) + burned)
                )


def rebuild(conn: Connection) -> None:
    """Recompute the derived tables from every stored event (after a rollback)."""
    import json

    conn.execute(delete(schema.balances))
    conn.execute(delete(schema.supplies))
    e = schema.events
    changes = Changes()
    rows = conn.execute(
        select(e.c.address, e.c.event, e.c.args)
        .where(e.c.contract.is_not(None), e.c.event.in_(EVENTS))
        .order_by(e.c.seq)
    )
    for address, event, args in rows:
        changes.apply(address, event, json.loads(args))
    changes.write(conn)


__all__ = ["EVENTS", "Changes", "rebuild"]
