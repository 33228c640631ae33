"""The index on a real chain (anvil) with the real platform and real operations, on SQLite and PostgreSQL:
everything indexed once and in order, derived balances equal to the contracts', restart and interruption
without duplicates or gaps, a rollback followed, a node that limits eth_getLogs and loses a receipt."""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa
from hexbytes import HexBytes
from sqlalchemy.engine import Connection

from drex.chain.anvil import AnvilNode
from drex.chain.connect import connect
from drex.cli.main import run
from drex.deploy import write_manifest
from drex.index import (
    ChainIndexError,
    IncompleteBlock,
    Indexer,
    IndexStore,
    UnsettledChain,
    reconcile,
    schema,
)
from drex.sdk import Platform
from sdk_tpft.conftest import World

from .conftest import chain_logs
from .rpc_proxy import RpcProxy

pytestmark = pytest.mark.anvil


def stored(store: IndexStore) -> list[tuple[int, str, int]]:
    return [(e.block, e.tx, e.log_index) for e in store.events(limit=1_000_000)]


def test_sync_stores_every_log_once_decoded_and_derived_balances_reconcile(
    db_url: str, w: World, platform: Platform
) -> None:
    store = IndexStore(db_url)
    report = Indexer(platform, store).sync()
    head = w.chain.w3.eth.block_number
    assert (report.from_block, report.to_block) == (0, head) and report.blocks == head + 1
    assert stored(store) == chain_logs(w.chain.w3, head)
    events = store.events(limit=1_000_000)
    seqs = [e.seq for e in events]
    assert seqs == sorted(set(seqs)) and store.last_seq() == seqs[-1]
    assert all(e.contract is not None and e.event is not None for e in events)  # all platform contracts
    names = {(e.contract, e.event) for e in events}
    for expected in [
        ("RealDigital", "Transfer"),
        ("RealDigital", "FrozenBalance"),
        (f"RealTokenizado@{w.cnpj8('BANK_A')}", "FrozenBalance"),
        ("TPFt", "TransferSingle"),
        ("TPFt", "TPFtFrozenBalance"),
        ("TPFtDvP", "DvPSettled"),
    ]:
        assert expected in names
    # values exactly as the contracts have them
    rt = platform.real_tokenizado(w.cnpj8("BANK_A"))
    a1 = w.addr("CUSTOMER_A1")
    balance, frozen = store.balances(rt.address)[a1]
    assert (Decimal(balance) / 100, Decimal(frozen) / 100) == (rt.balance_of(a1), rt.frozen_balance_of(a1))
    assert frozen == 300  # 5.00 frozen, 2.00 unfrozen
    tpft = platform.contract("TPFt")
    tpft_id = int(w.tp("BCB").tpft.id_of(w.series))
    assert store.balances(tpft.address, tpft_id)[a1][1] == 150  # 1.5 bonds frozen
    minted, burned = store.supply(platform.real_digital.address)
    assert minted - burned == platform.real_digital.contract.functions.totalSupply().call()
    result = reconcile(platform, store)
    assert result.ok, [str(d) for d in result.differences]
    assert result.tokens >= 4 and result.balances >= 10
    first = events[0]
    assert store.block_time(first.block) == first.time and first.sender.startswith("0x")
    with store.engine.connect() as conn:
        txs = conn.execute(sa.select(sa.func.count()).select_from(schema.transactions)).scalar()
        selectors = conn.execute(sa.select(schema.transactions.c.selector).limit(5)).scalars().all()
    assert txs == sum(len(w.chain.w3.eth.get_block(n)["transactions"]) for n in range(head + 1))
    assert all(s is None or len(s) == 10 for s in selectors)


def test_reconcile_reports_a_difference_with_both_exact_values(
    db_url: str, w: World, platform: Platform
) -> None:
    store = IndexStore(db_url)
    Indexer(platform, store).sync()
    a1, rd = w.addr("CUSTOMER_A1"), platform.real_digital.address
    token = platform.real_tokenizado(w.cnpj8("BANK_A")).address
    with store.engine.begin() as conn:
        b = schema.balances
        where = (b.c.token == token, b.c.token_id == 0, b.c.account == a1)
        current = conn.execute(sa.select(b.c.balance).where(*where)).scalar_one()
        conn.execute(sa.update(b).where(*where).values(balance=current + 2**200))
    result = reconcile(platform, store)
    assert not result.ok
    diffs = {(d.account, d.what): (d.indexed, d.on_chain) for d in result.differences}
    assert diffs[(a1, "balance")] == (current + 2**200, current)
    assert (
        diffs[(None, "total supply (sum of balances)")][0]
        - diffs[(None, "total supply (sum of balances)")][1]
        == 2**200
    )
    assert all(d.address == token for d in result.differences), rd


def test_restart_resumes_from_the_cursor_without_duplicates_or_gaps(
    db_url: str, w: World, platform: Platform
) -> None:
    head = w.chain.w3.eth.block_number
    store = IndexStore(db_url)
    first = Indexer(platform, store, batch_blocks=7).sync(to_block=head // 2)
    assert store.cursor() is not None and store.cursor().block_number == head // 2  # type: ignore[union-attr]
    store.close()
    w.tp("BANK_A").platform.real_digital.transfer(w.addr("BANK_B"), "1.00")  # a block after the first run
    again = IndexStore(db_url)  # a new process would open the same database
    second = Indexer(Platform.from_manifest(w.chain, w.manifest), again, batch_blocks=50).sync()
    assert second.from_block == head // 2 + 1 and second.to_block == head + 1
    assert first.events + second.events == len(chain_logs(w.chain.w3, head + 1))
    assert stored(again) == chain_logs(w.chain.w3, head + 1)
    assert Indexer(platform, again).sync().events == 0


def test_an_interrupted_batch_stores_nothing_and_an_event_is_never_stored_twice(
    db_url: str, w: World, platform: Platform
) -> None:
    store = IndexStore(db_url)
    batches: list[tuple[int, int]] = []

    def crash_on_second(conn: Connection, start: int, end: int) -> None:
        batches.append((start, end))
        if len(batches) == 2:
            raise KeyboardInterrupt("killed inside the batch's transaction")

    with pytest.raises(KeyboardInterrupt):
        Indexer(platform, store, batch_blocks=40, before_commit=crash_on_second).sync()
    cursor = store.cursor()
    assert cursor is not None and cursor.block_number == 39
    assert stored(store) == chain_logs(w.chain.w3, 39)
    assert store.block_hash(40) is None
    head = w.chain.w3.eth.block_number
    Indexer(platform, store).sync()
    assert stored(store) == chain_logs(w.chain.w3, head)
    # the database itself refuses a second copy of an event
    e = store.events(limit=1)[0]
    row = {
        "block": e.block,
        "block_hash": e.block_hash,
        "time": e.time,
        "tx": e.tx,
        "tx_index": e.tx_index,
        "log_index": e.log_index,
        "sender": e.sender,
        "address": e.address,
        "contract": None,
        "event": None,
        "args": "{}",
        "topics": "[]",
        "data": "0x",
    }
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.insert(schema.events).values(**row))
    # a second indexer that read the cursor before the first one committed: refused, nothing stored twice
    late = Indexer(platform, store)
    with pytest.raises(ChainIndexError, match="another indexer"):
        late._batch(30, 45, *late._identity())
    assert stored(store) == chain_logs(w.chain.w3, head)
    assert reconcile(platform, store).ok


def test_a_rollback_goes_back_to_the_common_ancestor_and_reads_the_new_blocks(
    db_url: str, w: World, platform: Platform
) -> None:
    chain = w.chain
    store = IndexStore(db_url)
    indexer = Indexer(platform, store, batch_blocks=20)
    indexer.sync()
    ancestor = chain.w3.eth.block_number
    ancestor_hash = chain.w3.eth.get_block(ancestor)["hash"].to_0x_hex()
    snap = chain.snapshot()
    rd = w.tp("BANK_A").platform.real_digital
    dropped = [rd.transfer(w.addr("BANK_B"), f"{n}.00").tx_hash for n in (1, 2, 3)]
    indexer.sync()
    before = store.last_seq()
    position = before - 1  # a consumer that processed all but the last event
    retracted = [e for e in store.events(after=0, limit=1_000_000) if e.block > ancestor]
    assert len(retracted) == 3 and {e.tx for e in retracted} == set(dropped)
    chain.revert(snap)  # evm_revert: blocks above the ancestor are gone from the node
    w.sessions.clear()
    kept = w.tp("BANK_B").platform.real_digital.transfer(w.addr("BANK_A"), "7.00").tx_hash
    report = indexer.sync()
    assert len(report.rollbacks) == 1
    rollback = report.rollbacks[0]
    assert (rollback.ancestor, rollback.from_block, rollback.to_block) == (
        ancestor,
        ancestor + 1,
        ancestor + 3,
    )
    assert (rollback.first_seq, rollback.last_seq) == (retracted[0].seq, retracted[-1].seq)
    assert store.block_hash(ancestor) == ancestor_hash
    txs = {e.tx for e in store.events(limit=1_000_000)}
    assert kept in txs and not txs & set(dropped)
    new = store.events(after=before)
    assert [e.tx for e in new] == [kept] and new[0].seq > before  # seq is never reused
    assert stored(store) == chain_logs(chain.w3, chain.w3.eth.block_number)
    assert store.rollbacks_after(position) == [rollback] and store.rollbacks_after(retracted[0].seq - 1) == []
    assert store.rollbacks_after(new[0].seq) == []
    assert store.last_seq() == new[0].seq
    assert store.counts()["rollbacks"] == 1
    assert reconcile(platform, store).ok  # derived state rolled back too


def test_a_node_limiting_get_logs_and_losing_a_receipt(db_url: str, w: World, node: AnvilNode) -> None:
    head = w.chain.w3.eth.block_number
    proxy = RpcProxy(node.url, max_logs_range=16)
    try:
        chain = connect(proxy.url)
        platform = Platform(chain, Platform.from_manifest(w.chain, w.manifest).directory)
        store = IndexStore(db_url)
        indexer = Indexer(platform, store, batch_blocks=50, retries=1)
        # a block whose only transaction's receipt the node "loses"
        victim_block = max(n for n in range(1, head + 1) if w.chain.w3.eth.get_block(n)["transactions"])
        victim = HexBytes(cast(bytes, w.chain.w3.eth.get_block(victim_block)["transactions"][0])).to_0x_hex()
        proxy.drop_receipts.add(victim)
        with pytest.raises(IncompleteBlock, match=f"block {victim_block} .*receipts"):
            indexer.sync()
        cursor = store.cursor()
        assert cursor is not None and cursor.block_number < victim_block
        assert store.block_hash(victim_block) is None and victim not in {
            e.tx for e in store.events(limit=10**6)
        }
        assert proxy.refused and all(b - a + 1 <= 16 for a, b in proxy.log_ranges)
        assert indexer.span <= 16  # the accepted span is kept for the next ranges
        proxy.drop_receipts.clear()
        indexer.sync()
        assert stored(store) == chain_logs(w.chain.w3, head)
    finally:
        proxy.close()


def test_receipts_only_small_batches_and_the_receipts_fallback(
    db_url: str, w: World, platform: Platform
) -> None:
    store = IndexStore(db_url)
    batches: list[tuple[int, int]] = []
    indexer = Indexer(
        platform, store, bodies=False, batch_txs=3, before_commit=lambda _c, a, b: batches.append((a, b))
    )
    indexer.node.block_receipts = False  # as on a node without eth_getBlockReceipts
    indexer.sync()
    head = w.chain.w3.eth.block_number
    assert stored(store) == chain_logs(w.chain.w3, head)
    assert len(batches) >= head // 3 and all(b - a < 100 for a, b in batches)
    full = IndexStore(db_url.replace("test.sqlite", "full.sqlite")) if "sqlite" in db_url else None
    t = schema.transactions
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.c.hash, t.c.sender, t.c.recipient, t.c.selector).order_by(t.c.hash)
        ).all()
    assert rows and all(r.selector is None for r in rows)  # no bodies read: no selectors
    if full is not None:  # the same senders and recipients as from the transactions' bodies
        Indexer(platform, full).sync()
        with full.engine.connect() as conn:
            bodies = conn.execute(sa.select(t.c.hash, t.c.sender, t.c.recipient).order_by(t.c.hash)).all()
        assert [tuple(r)[:3] for r in rows] == [tuple(r) for r in bodies]


def _drex(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run(list(argv))
    out = capsys.readouterr()
    return (info.value.code if isinstance(info.value.code, int) else 1), out.out, out.err


def test_the_drex_index_commands(
    db_url: str, w: World, node: AnvilNode, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "deployment.json"
    write_manifest(w.manifest, manifest)
    opts = ["--network", node.url, "--manifest", str(manifest), "--db", db_url]
    head = w.chain.w3.eth.block_number
    code, out, err = _drex(capsys, "index", "run", "--to-block", "100", "--no-bodies", *opts)
    assert code == 0, err
    assert out.startswith("indexed blocks 0..100: 101 blocks, ") and "events/s" in out
    code, out, _ = _drex(capsys, "index", "status", "--json", *opts)
    doc = json.loads(out)
    assert (doc["block"], doc["head"], doc["behind"]) == (100, head, head - 100)
    assert doc["events"] == len(chain_logs(w.chain.w3, 100)) and doc["last_seq"] == doc["events"]
    code, out, err = _drex(capsys, "index", "reconcile", *opts)  # syncs to the head first
    assert code == 0, err
    assert out.startswith(f"reconciled at block {head}: ") and out.rstrip().endswith("no difference")
    code, out, _ = _drex(capsys, "index", "status", *opts)
    assert f"block    {head} (" in out and "0 blocks behind" in out
    # with --db no manifest is needed: the cursor says which chain (and the node is checked against it)
    no_manifest = ["--network", node.url, "--manifest", str(tmp_path / "none.json"), "--db", db_url]
    code, out, err = _drex(capsys, "index", "status", "--json", *no_manifest)
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["chain_id"], doc["block"], doc["head"], doc["behind"]) == (w.chain.chain_id, head, head, 0)
    t = schema.transactions
    with IndexStore(db_url).engine.connect() as conn:  # receipts only up to 100, bodies after
        early = conn.execute(sa.select(t.c.selector).where(t.c.block <= 100)).scalars().all()
        late = conn.execute(sa.select(t.c.selector).where(t.c.block > 100)).scalars().all()
    assert set(early) == {None} and late and None not in late
    store = IndexStore(db_url)  # a difference: the index says CUSTOMER_A1 has 1 centavo more
    b = schema.balances
    a1 = w.addr("CUSTOMER_A1")
    with store.engine.begin() as conn:
        where = (b.c.account == a1, b.c.token == platform_token(w), b.c.token_id == 0)
        balance = conn.execute(sa.select(b.c.balance).where(*where)).scalar_one()
        conn.execute(sa.update(b).where(*where).values(balance=balance + 1))
    code, out, _ = _drex(capsys, "index", "reconcile", "--json", *opts)
    assert code == 1
    diffs = json.loads(out)["differences"]
    expected = {"account": a1, "what": "balance", "indexed": balance + 1, "on_chain": balance}
    assert [d for d in diffs if d["account"] is not None] == [{**diffs[-1], **expected}]


def platform_token(w: World) -> str:
    return str(Platform.from_manifest(w.chain, w.manifest).real_tokenizado(w.cnpj8("BANK_A")).address)


def test_follow_retries_a_batch_until_the_node_answers_completely(
    db_url: str, w: World, node: AnvilNode
) -> None:
    head = w.chain.w3.eth.block_number
    proxy = RpcProxy(node.url)
    try:
        platform = Platform(connect(proxy.url), Platform.from_manifest(w.chain, w.manifest).directory)
        store = IndexStore(db_url)
        indexer = Indexer(platform, store, retries=0)
        victim = HexBytes(cast(bytes, w.chain.w3.eth.get_block(head)["transactions"][0])).to_0x_hex()
        proxy.drop_receipts.add(victim)
        errors: list[Exception] = []
        stop = threading.Event()

        def recovered(exc: Exception) -> None:
            errors.append(exc)
            proxy.drop_receipts.clear()  # the node answers completely again

        def caught_up(_report: object) -> None:
            cursor = store.cursor()
            if cursor is not None and cursor.block_number >= head:
                stop.set()

        indexer.follow(0.05, stop=stop, on_sync=caught_up, on_error=recovered)
        assert len(errors) == 1 and isinstance(errors[0], IncompleteBlock)
        assert stored(store) == chain_logs(w.chain.w3, head)
    finally:
        proxy.close()


def test_a_node_behind_the_index_is_waited_for_never_rolled_back(
    db_url: str, w: World, node: AnvilNode, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    head = w.chain.w3.eth.block_number
    proxy = RpcProxy(node.url)
    try:
        platform = Platform(connect(proxy.url), Platform.from_manifest(w.chain, w.manifest).directory)
        store = IndexStore(db_url)
        indexer = Indexer(platform, store, batch_blocks=50)
        indexer.sync()
        events = store.events(limit=10**6)
        assert events and stored(store) == chain_logs(w.chain.w3, head)
        for lag_head in (head - 5, 0):  # a node lagging, then one restarted from genesis
            proxy.head = lag_head
            report = indexer.sync()
            assert report.rollbacks == [] and report.blocks == 0
            assert (report.to_block, report.node_head) == (head, lag_head)
            assert report.node_behind == head - lag_head
            cursor = store.cursor()
            assert cursor is not None and cursor.block_number == head
            assert store.events(limit=10**6) == events and store.rollbacks_after(0) == []
        # the chain moves on while the node is still behind: still nothing rolled back nor read
        rd = w.tp("BANK_A").platform.real_digital
        new_tx = rd.transfer(w.addr("BANK_B"), "1.00").tx_hash
        assert indexer.sync().blocks == 0 and store.counts()["rollbacks"] == 0
        # the CLI says so
        manifest = tmp_path / "deployment.json"
        write_manifest(w.manifest, manifest)
        code, out, err = _drex(
            capsys, "index", "run", "--network", proxy.url, "--manifest", str(manifest), "--db", db_url
        )
        assert code == 0, err
        assert f"the node's head 0 is {head} blocks below the index's block {head}" in out
        assert "nothing rolled back" in out
        proxy.head = None  # caught up: the new block is read, nothing was ever retracted
        report = indexer.sync()
        assert report.rollbacks == [] and report.blocks == 1 and report.node_behind == 0
        assert store.events(after=events[-1].seq)[0].tx == new_tx
        assert stored(store) == chain_logs(w.chain.w3, head + 1) and store.counts()["rollbacks"] == 0
    finally:
        proxy.close()


def test_blocks_vanishing_while_read_are_retried_with_a_growing_pause_then_refused(
    db_url: str, w: World, node: AnvilNode
) -> None:
    head = w.chain.w3.eth.block_number
    proxy = RpcProxy(node.url)
    try:
        platform = Platform(connect(proxy.url), Platform.from_manifest(w.chain, w.manifest).directory)
        store = IndexStore(db_url)
        indexer = Indexer(platform, store, batch_blocks=10, settle_tries=4)
        indexer.sync(to_block=head - 20)
        # a load balancer announcing the head while the backend answering blocks is 10 behind the cursor
        proxy.hide_above = head - 10
        started, reads = time.monotonic(), proxy.block_reads
        with pytest.raises(UnsettledChain, match="vanished on the node 4 times in a row"):
            indexer.sync()
        took = time.monotonic() - started
        assert took >= 0.1 + 0.2 + 0.4  # paused 0.1, 0.2, 0.4 s between the four reads
        # no busy loop: the cursor checked, one good batch (10 headers, 10 bodies), then 4 tries (10
        # headers, then the cursor checked again)
        assert proxy.block_reads - reads == 1 + 20 + 4 * 11
        cursor = store.cursor()
        assert cursor is not None and cursor.block_number == head - 10  # what the backend had is stored
        assert store.counts()["rollbacks"] == 0
        # following: the error is reported, the next poll goes on once the backend has caught up
        errors: list[Exception] = []
        stop = threading.Event()

        def caught_up(exc: Exception) -> None:
            errors.append(exc)
            proxy.hide_above = None

        def done(_report: object) -> None:
            c = store.cursor()
            if c is not None and c.block_number >= head:
                stop.set()

        indexer.follow(0.05, stop=stop, on_sync=done, on_error=caught_up)
        assert len(errors) == 1 and isinstance(errors[0], UnsettledChain)
        assert stored(store) == chain_logs(w.chain.w3, head) and store.counts()["rollbacks"] == 0
    finally:
        proxy.close()
