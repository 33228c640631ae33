"""``drex history ADDRESS``: every movement of money and bonds of one wallet, in chain order.

One line per movement (:func:`drex.sdk.history.history`): when (ISO 8601, Brasília), block, transaction,
kind (transfer, mint, burn, swap leg, DvP payment, freeze, forced move, bond DvP...), direction,
counterparty (its role in the manifest when known) and amount (reais, or a bond quantity and its series).
``--format table`` (default) is for people (``R$ 1.234,56``, ``1.000,00``); ``csv`` and ``json`` carry the
raw integers (centavos, hundredths of a bond, Unix seconds) and full hashes. Only Typer is imported at
module level, so ``drex --help`` stays fast.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drex.cli.common import echo, open_session
from drex.cli.numbers import FromBlock, ToBlock

if TYPE_CHECKING:
    from drex.sdk.history import Movement


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


#: CSV/JSON fields, in order.
FIELDS = (
    "timestamp",
    "block",
    "log_index",
    "tx_hash",
    "contract",
    "kind",
    "direction",
    "counterparty",
    "counterparty_name",
    "asset",
    "units",
    "unit",
    "tpft_id",
    "operation_id",
)


def history(
    address: Annotated[str, typer.Argument(help="a wallet address or a role of the manifest (CUSTOMER_A1)")],
    from_block: FromBlock = 0,
    to_block: ToBlock = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (people), csv or json (raw integers)")
    ] = (Format.table),
) -> None:
    """Every movement of ADDRESS in Real Digital, each bank's Real Tokenizado, the swaps and TPFt
    (--json is --format json)."""
    from drex.cli.options import current
    from drex.sdk.history import history as read_history

    if current().json:
        fmt = Format.json
    s = open_session()
    who = s.account(address)
    last = s.platform.block_number() if to_block is None else to_block
    moves = read_history(s.platform, who, from_block, last)
    names = {**{n: str(c["address"]) for n, c in s.manifest.contracts.items()}, **s.manifest.accounts}
    if fmt is Format.json:
        import json

        echo(json.dumps([_row(m, names) for m in moves], indent=2))
    elif fmt is Format.csv:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_row(m, names) for m in moves)
        echo(buffer.getvalue().rstrip("\n"))
    else:
        _table(who, moves, names, from_block, last)


def _name(address: str | None, names: dict[str, str]) -> str | None:
    if address is None:
        return None
    return next((n for n, a in names.items() if a.lower() == address.lower()), None)


def _row(m: Movement, names: dict[str, str]) -> dict[str, Any]:
    row = m.as_dict()
    row["counterparty_name"] = _name(m.counterparty, names)
    return {k: row[k] for k in FIELDS}


def _table(who: str, moves: list[Movement], names: dict[str, str], first: int, last: int) -> None:
    from drex.sdk.display import account_label, moment, quantity, reais

    if not moves:
        echo(f"no movements of {account_label(who, names)} in blocks {first}..{last}")
        return
    rows = [
        (
            moment(m.timestamp),
            str(m.block_number),
            f"{m.tx_hash[:10]}…{m.tx_hash[-4:]}",
            m.kind,
            m.direction or "-",
            account_label(m.counterparty, names) if m.counterparty else "-",
            quantity(m.units, units=True) if m.is_bond else reais(m.units, units=True),
            m.asset,
        )
        for m in moves
    ]
    header = ("time (Brasília)", "block", "tx", "kind", "dir", "counterparty", "amount", "asset")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {1, 6}  # block and amount align right

    def line(cells: tuple[str, ...]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    echo(f"movements of {account_label(who, names)}, blocks {first}..{last}")
    echo(line(header))
    for r in rows:
        echo(line(r))
