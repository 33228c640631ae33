"""The index database itself, on SQLite and PostgreSQL: migrations applied once, exact amounts up to
2^256 - 1, the event filters of the read API."""

from __future__ import annotations

import json

import sqlalchemy as sa

from drex.index import IndexStore, schema


def test_opening_twice_migrates_once_with_its_own_version_table(db_url: str) -> None:
    IndexStore(db_url).close()
    store = IndexStore(db_url)
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        version = conn.execute(sa.text("SELECT version_num FROM index_alembic_version")).scalar_one()
    assert "alembic_version" not in tables and version == "0001"
    assert {t.name for t in schema.metadata.sorted_tables} <= tables


def test_amounts_are_exact_up_to_uint256(db_url: str) -> None:
    store = IndexStore(db_url)
    big = 2**256 - 1
    with store.engine.begin() as conn:
        conn.execute(
            sa.insert(schema.balances).values(
                token="0xT", token_id=big, account="0xA", balance=big, frozen=big - 1
            )
        )
        conn.execute(sa.insert(schema.supplies).values(token="0xT", token_id=big, minted=big, burned=10**77))
    assert store.balances("0xT", big) == {"0xA": (big, big - 1)}
    assert store.supply("0xT", big) == (big, 10**77)
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            kind = conn.execute(
                sa.text(
                    "SELECT data_type, numeric_precision FROM information_schema.columns "
                    "WHERE table_name = 'index_balances' AND column_name = 'balance'"
                )
            ).one()
        assert tuple(kind) == ("numeric", 78)


def test_event_filters(db_url: str) -> None:
    store = IndexStore(db_url)
    rows = [
        {
            "block": block,
            "block_hash": f"0x{block:064x}",
            "time": 1_700_000_000 + block,
            "tx": f"0x{block:064x}",
            "tx_index": 0,
            "log_index": index,
            "sender": "0xS",
            "address": "0xA",
            "contract": contract,
            "event": event,
            "args": json.dumps({"value": 2**255}),
            "topics": "[]",
            "data": "0x",
        }
        for block, index, contract, event in [
            (1, 0, "RealDigital", "Transfer"),
            (1, 1, "TPFt", "TransferSingle"),
            (2, 0, "RealDigital", "Approval"),
            (3, 0, None, None),
        ]
    ]
    with store.engine.begin() as conn:
        conn.execute(sa.insert(schema.events), rows)
    assert [e.seq for e in store.events()] == [1, 2, 3, 4]
    assert [e.seq for e in store.events(after=2)] == [3, 4]
    assert [e.seq for e in store.events(contracts=["RealDigital"])] == [1, 3]
    assert [e.seq for e in store.events(names=["Transfer", "TransferSingle"], to_block=1)] == [1, 2]
    assert [e.seq for e in store.events(limit=1, after=1)] == [2]
    assert store.events(contracts=["RealDigital"])[0].args == {"value": 2**255}
    assert store.last_seq() == 4
