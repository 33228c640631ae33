"""The rules on a real chain: crafted sequences sent as real transactions, indexed by the real indexer,
evaluated by the service from the index's stream; ordinary traffic raises nothing; a redelivered stretch
of the stream raises no second alert."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.conftest import HERE, Desk, World, approve, desk_of, request
from drex.chain.accounts import DEV_REPORTERS
from drex.compliance.cases import FAST_PATH, store_list
from drex.compliance.detectors import ReferencePrices, brasilia_date
from drex.compliance.errors import CaseStateError, FourEyesViolation, RuleModeError
from drex.compliance.lists import parse_csv_list, parse_un_list
from drex.compliance.prices import CsvReferencePrices, OnChainReferencePrices
from drex.compliance.rules import load_rules
from drex.compliance.service import ComplianceService, RunReport
from drex.compliance.store import CursorRow
from drex.reference import tpft_price_series, tpft_price_spec
from drex.sdk.tpft import TPFtPlatform
from drex.sdk.tpft_values import CallerPart, Series
from drex.testing import reverts

DAY = 86400
#: The reporters who sign a round: three of the four dev reporters (the quorum with f = 1).
REPORTERS = DEV_REPORTERS[:3]


def subjects(desk: Desk) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for alert in desk.service.alerts():
        found[alert.rule_id].add(alert.subject)
    return found


def activate_test_rules(desk: Desk) -> None:
    desk.service.load_rules(load_rules(HERE / "rules"))
    desk.indexer.sync()
    with pytest.raises(RuleModeError, match="has not been backtested over indexed history"):
        desk.service.set_mode("t-single", "ACTIVE")
    for row in desk.service.rules():
        desk.service.backtest(row.rule_id, row.version)
        if row.kind != "dvp_price" or desk.service.prices is not None:  # dvp_price needs prices to go ACTIVE
            desk.service.set_mode(row.rule_id, "ACTIVE", row.version)
    desk.service.skip_history()  # the deployment's funding is history: monitor from here on


def test_every_rule_fires_on_chain_and_ordinary_traffic_is_silent(fresh_world: World, desk: Desk) -> None:
    w = fresh_world
    activate_test_rules(desk)
    store_list(
        desk.service.store, "UN", parse_un_list(HERE / "data" / "un-consolidated-sample.xml"), freeze=False
    )
    store_list(
        desk.service.store, "internal", parse_csv_list(HERE / "data" / "internal-list.csv", "internal"), False
    )
    bank = w.as_("BANK_A")
    bank.key_dictionary.add_account(
        "sanctioned@example.com",
        tax_id=12345678901,
        cnpj8=w.cnpj8,
        bank_number=1,
        account=4321,
        branch=1,
        wallet=w.addr(17),
    )

    # ordinary traffic (and the baselines of velocity and dormant): nothing is raised
    w.pay(4, 5, "10.00")
    w.pay(5, 14, "10.00")
    w.pay(8, 19, "10.00")
    w.pay(5, 13, "5.00")
    desk.catch_up()
    assert desk.service.alerts() == []

    w.chain.set_time(w.chain.timestamp() + 11 * DAY)
    w.pay(8, 10, "600.00")  # single movement (and dormant for 8 after 11 days)
    for cents in ("95.00", "96.00", "97.00"):  # structuring under R$ 100,00
        w.pay(11, 12, cents)
    w.pay(5, 14, "200.00")  # velocity against 5's own history
    w.pay(4, 13, "300.00")  # pass-through: 13 forwards 250 of it
    w.pay(13, 14, "250.00")
    for n in (15, 16, 17):  # fan-in to 18
        w.pay(n, 18, "20.00")
    for n in (15, 16, 17):  # fan-out from 19
        w.pay(19, n, "20.00")
    w.pay(10, 11, "50.00")  # round trip 10 -> 11 -> 12 -> 10
    w.pay(11, 12, "45.00")
    w.pay(12, 10, "40.00")
    w.pay(15, 16, "5.00")  # screening by wallet (16 on the UN list)
    w.pay(17, 15, "5.00")  # screening by key hash (17 registered under a listed key)
    desk.catch_up()

    found = subjects(desk)
    a = w.addr
    assert found["t-single"] == {a(8)}
    assert {a(11), a(12)} <= found["t-structuring"]
    assert a(5) in found["t-velocity"]
    assert found["t-pass-through"] == {a(13)}
    assert found["t-fan-in"] == {a(18)}
    assert found["t-fan-out"] == {a(19)}
    assert found["t-round-trip"] == {a(10)}
    assert a(8) in found["t-dormant"] and a(19) not in found["t-dormant"]
    assert found["t-screening"] == {a(16), a(17)}
    by_key = [x for x in desk.service.alerts() if x.rule_id == "t-screening" and x.subject == a(17)]
    assert by_key[0].evidence[-1]["list_matches"][0]["matched_on"] == "key"
    assert all(not x.test and x.case_id is not None for x in desk.service.alerts())

    # at-least-once: the consumer's cursor goes back (a crash before the commit) and the stream is
    # delivered again, to a restarted service; no alert is stored twice
    count = len(desk.service.alerts())
    with desk.service.store.session() as s:
        row = s.get(CursorRow, "stream")
        assert row is not None
        row.last_seq = row.last_seq - 10
    desk.service.engine = None
    report = desk.service.run()
    new = [(x.rule_id, x.subject, x.summary) for x in desk.service.alerts()[count:]]
    assert report.events == 10 and report.findings and report.alerts == 0, new
    assert len(desk.service.alerts()) == count


def test_test_rules_raise_test_alerts_only_and_disabled_rules_nothing(
    fresh_world: World, sqlite_desk: Desk
) -> None:
    w, desk = fresh_world, sqlite_desk
    desk.service.load_rules(load_rules(HERE / "rules" / "single.yaml"))
    desk.indexer.sync()
    desk.service.skip_history()
    w.pay(8, 10, "600.00")
    desk.catch_up()
    [alert] = desk.service.alerts()
    assert alert.test and alert.case_id is None and alert.parameters == {"threshold_reais": 50000}
    desk.service.set_mode("t-single", "DISABLED")
    w.pay(10, 8, "700.00")
    desk.catch_up()
    assert len(desk.service.alerts()) == 1


def test_four_eyes_freeze_blocks_the_amount_on_chain_and_unfreeze_releases_it(
    fresh_world: World, sqlite_desk: Desk
) -> None:
    w, desk = fresh_world, sqlite_desk
    desk.service.load_rules(load_rules(HERE / "rules" / "single.yaml"))
    desk.indexer.sync()
    desk.service.backtest("t-single")
    desk.service.set_mode("t-single", "ACTIVE")
    desk.service.skip_history()
    w.pay(8, 10, "600.00")
    desk.catch_up()
    cases = desk_of(desk.service.store)
    [case] = cases.cases()
    assert case.subject == w.addr(10) or case.subject == w.addr(8)
    token = w.as_(10).real_tokenizado(w.cnpj8)
    bank = w.as_("BANK_A")  # the FREEZER_ROLE of BANK_A's Real Tokenizado

    with pytest.raises(CaseStateError, match="has no executed freeze"):
        cases.decide(case.id, "frozen", "funds of unknown origin", "ana")
    action = request(cases, case.id, "freeze", w.token_name, w.addr(10), 150_000, "ana")  # R$ 1.500,00
    with pytest.raises(FourEyesViolation, match="requested by ana; a different officer must approve it"):
        approve(cases, action.id, "ana", bank)
    assert token.frozen_balance_of(w.addr(10)) == Decimal("0.00")
    done = approve(cases, action.id, "bruno", bank)
    assert done.status == "executed" and done.tx_hash and done.approver == "bruno"
    assert token.frozen_balance_of(w.addr(10)) == Decimal("1500.00")  # of 1.600,00
    with reverts("InsufficientUnfrozenBalance"):
        token.transfer(w.addr(8), Decimal("100.01"))
    token.transfer(w.addr(8), Decimal("100.00"))  # the free part still moves
    decided = cases.decide(case.id, "frozen", "funds of unknown origin", "bruno")
    assert decided.status == "frozen" and decided.decided_by == "bruno"
    with pytest.raises(CaseStateError, match="action 1 is executed, not waiting for approval"):
        approve(cases, action.id, "carla", bank)

    release = request(cases, case.id, "unfreeze", w.token_name, w.addr(10), 150_000, "bruno")
    with pytest.raises(FourEyesViolation):
        approve(cases, release.id, "Bruno", bank)
    approve(cases, release.id, "ana", bank)
    assert token.frozen_balance_of(w.addr(10)) == Decimal("0.00")
    token.transfer(w.addr(8), Decimal("1500.00"))
    view = cases.case(case.id)
    assert [(a.kind, a.requester, a.approver, a.status) for a in view.actions] == [
        ("freeze", "ana", "bruno", "executed"),
        ("unfreeze", "bruno", "ana", "executed"),
    ]


def test_sanctions_fast_path_freezes_a_listed_wallet_at_once(fresh_world: World, sqlite_desk: Desk) -> None:
    w, desk = fresh_world, sqlite_desk
    desk.indexer.sync()
    desk.service.skip_history()
    started = time.monotonic()
    entries = parse_un_list(HERE / "data" / "un-consolidated-sample.xml")
    store_list(desk.service.store, "UN", entries, freeze=True)
    cases = desk_of(desk.service.store)
    frozen = cases.fast_path(entries, w.as_("BANK_A"), [w.token_name], started)
    [one] = frozen
    token = w.platform.real_tokenizado(w.cnpj8)
    assert one.account == w.addr(16) and one.amount == 100_000
    assert token.frozen_balance_of(w.addr(16)) == Decimal("1000.00")
    with reverts("InsufficientUnfrozenBalance"):
        w.as_(16).real_tokenizado(w.cnpj8).transfer(w.addr(15), Decimal("0.01"))
    [action] = cases.actions()
    assert action.requester == FAST_PATH and action.approver == FAST_PATH and "QDi.999" in (action.note or "")
    print(f"\nsanctions fast path: list loaded -> freeze mined in {one.seconds:.3f} s")
    assert one.seconds < 30


def test_a_reorganisation_retracts_the_alerts_of_the_dropped_blocks(fresh_world: World, desk: Desk) -> None:
    w = fresh_world
    desk.service.load_rules(load_rules(HERE / "rules" / "single.yaml"))
    desk.indexer.sync()
    desk.service.skip_history()
    fork = w.chain.snapshot()
    w.pay(8, 10, "600.00")
    desk.catch_up()
    [alert] = desk.service.alerts()
    assert alert.status == "new"
    w.chain.revert(fork)  # the chain forgets the payment and grows another way
    w.pay(8, 12, "5.00")
    w.pay(8, 12, "5.00")
    w.chain.mine()
    desk.indexer.sync()
    report = desk.service.run()
    assert report.retracted == 1
    assert [a.status for a in desk.service.alerts()] == ["retracted"]
    w.pay(8, 10, "700.00")  # the service goes on after the rollback
    desk.catch_up()
    assert [a.status for a in desk.service.alerts()] == ["retracted", "new"]


def test_windows_are_rebuilt_from_the_index_after_a_restart(fresh_world: World, desk: Desk) -> None:
    w = fresh_world
    desk.service.load_rules(load_rules(HERE / "rules" / "structuring.yaml"))
    desk.indexer.sync()
    desk.service.skip_history()
    w.pay(11, 12, "95.00")
    w.pay(11, 12, "96.00")
    desk.catch_up()
    assert desk.service.alerts() == []
    restarted = ComplianceService(desk.service.store, desk.index)  # a new process: empty windows
    w.pay(11, 12, "97.00")  # the third movement within the hour
    desk.indexer.sync()
    restarted.run()
    assert {a.subject for a in restarted.alerts()} == {w.addr(11), w.addr(12)}


def _on_chain_prices(w: World, tpft_id: int, day: dt.date, unit_price: str) -> OnChainReferencePrices:
    """BCB configures TPFT_PU:<tpft_id>; three of the four dev reporters sign ``unit_price`` for ``day`` and
    the votes are published: the prices are then read back through the SDK."""
    rd = w.as_("BCB").reference_data
    rd.configure_series(tpft_price_spec(tpft_id))
    series, payload = tpft_price_series(tpft_id), hashlib.sha256(unit_price.encode()).digest()
    now = w.chain.timestamp()
    rd.publish(
        [rd.sign_vote(w.chain.account(r), series, day, Decimal(unit_price), payload, now) for r in REPORTERS]
    )
    return OnChainReferencePrices(w.platform.reference_data, max_age=1)


@pytest.mark.parametrize("source", ["csv", "chain"])
def test_dvp_far_from_the_reference_price(
    fresh_world: World, sqlite_desk: Desk, tmp_path: Path, source: str
) -> None:
    """The reference comes from the operator's CSV file, or from the TPFT_PU:<id> round on chain."""
    w, desk = fresh_world, sqlite_desk
    today = dt.datetime.fromtimestamp(w.chain.timestamp(), dt.UTC).date()
    series = Series.of("LTN", "100000", dt.date(today.year + 1, 7, 1))
    stn, bcb, bank = (TPFtPlatform(w.as_(role)) for role in ("STN", "BCB", "BANK_A"))
    stn.tpft.create(series)
    stn.tpft.mint(stn.address, series, Decimal("1000"))
    bank.approve_dvp(Decimal("40000.00"))
    tpft_id = bcb.tpft.id_of(series)
    day = brasilia_date(w.chain.timestamp())
    if source == "csv":
        prices = tmp_path / "prices.csv"
        days = (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1))
        prices.write_text("tpft_id,date,unit_price\n" + "".join(f"{tpft_id},{d},950.00\n" for d in days))
        desk.service.prices = CsvReferencePrices(prices)
    else:
        desk.service.prices = _on_chain_prices(w, tpft_id, day, "950.00")
        assert desk.service.prices.price(tpft_id, day) == 95_000_000_000
        assert (
            desk.service.prices.price(tpft_id + 1, day) is None
        )  # no round (the series is not even configured)
    desk.service.load_rules(load_rules(HERE / "rules" / "dvp-price.yaml"))
    desk.indexer.sync()
    desk.service.skip_history()

    def offering(unit_price: str) -> None:
        op = bcb.next_operation_id()
        bcb.op1002.place(op, w.cnpj8, CallerPart.SENDER, series, 10, Decimal(unit_price))
        bank.op1002.place(op, w.cnpj8, CallerPart.RECEIVER, series, 10, Decimal(unit_price))

    offering("951.00")  # 0.1 % above the reference
    desk.catch_up()
    assert desk.service.alerts() == []
    offering("1100.00")  # 15.8 % above
    desk.catch_up()
    [alert] = desk.service.alerts()
    assert alert.rule_id == "t-dvp-price" and alert.subject == w.addr("BANK_A") and alert.total == 1_100_000
    assert (
        alert.evidence[0]["unit_price"] == 110_000_000_000
        and alert.evidence[0]["reference_price"] == 95_000_000_000
    )
    # A new process rebuilds the engine's windows by replaying the whole history: no price is looked up
    # for those past settlements (with on-chain prices each would be a call to the node, on every run).
    counting = _CountingPrices(desk.service.prices)
    desk.service.prices = counting
    desk.service.engine = None
    desk.service.run()
    assert counting.calls == 0
    offering("1100.00")
    desk.catch_up()
    assert counting.calls == 1 and len(desk.service.alerts()) == 2


class _CountingPrices:
    """A reference-price source that counts the lookups it answers (through the real source)."""

    def __init__(self, inner: ReferencePrices | None):
        assert inner is not None
        self.inner, self.calls = inner, 0

    def price(self, tpft_id: int, day: dt.date) -> int | None:
        self.calls += 1
        return self.inner.price(tpft_id, day)


def test_follow_evaluates_as_blocks_arrive(fresh_world: World, sqlite_desk: Desk) -> None:
    w, desk = fresh_world, sqlite_desk
    desk.service.load_rules(load_rules(HERE / "rules" / "single.yaml"))
    desk.indexer.sync()
    desk.service.skip_history()
    stop = threading.Event()
    runs: list[RunReport] = []
    follower = threading.Thread(target=desk.service.follow, args=(0.05, stop, runs.append), daemon=True)
    follower.start()
    try:
        w.pay(8, 10, "600.00")
        desk.indexer.sync()  # the index follows the chain; the service follows the index
        deadline = time.monotonic() + 30
        while not desk.service.alerts() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        follower.join(10)
    assert [a.subject for a in desk.service.alerts()] == [w.addr(8)]
    assert sum(r.events for r in runs) >= 1 and not follower.is_alive()


def test_active_needs_a_backtest_over_the_whole_history_and_prices_for_dvp_price(
    fresh_world: World, sqlite_desk: Desk, tmp_path: Path
) -> None:
    desk = sqlite_desk
    desk.service.load_rules(load_rules(HERE / "rules" / "single.yaml"))
    desk.service.load_rules(load_rules(HERE / "rules" / "dvp-price.yaml"))
    desk.service.backtest("t-single")  # before anything is indexed: 0 events
    with pytest.raises(RuleModeError, match="backtested over 0 of 0 indexed events"):
        desk.service.set_mode("t-single", "ACTIVE")
    desk.indexer.sync()
    future = int(time.time()) + 365 * DAY
    desk.service.backtest("t-single", from_time=future)  # a period with nothing in it
    with pytest.raises(RuleModeError, match=r"backtested over 0 of \d+ indexed events"):
        desk.service.set_mode("t-single", "ACTIVE")
    desk.service.backtest("t-single")
    desk.service.set_mode("t-single", "ACTIVE")
    desk.service.backtest("t-dvp-price")
    with pytest.raises(RuleModeError, match="backtested without reference prices"):
        desk.service.set_mode("t-dvp-price", "ACTIVE")
    prices = tmp_path / "prices.csv"
    prices.write_text("tpft_id,date,unit_price\n")
    desk.service.prices = CsvReferencePrices(prices)
    desk.service.backtest("t-dvp-price")
    assert desk.service.set_mode("t-dvp-price", "ACTIVE").mode == "ACTIVE"


def test_a_running_service_sees_mode_changes_made_by_another_process(
    fresh_world: World, sqlite_desk: Desk
) -> None:
    w, desk = fresh_world, sqlite_desk
    desk.service.load_rules(load_rules(HERE / "rules" / "single.yaml"))
    desk.indexer.sync()
    desk.service.backtest("t-single")
    desk.service.skip_history()
    desk.service.run()  # the running service's engine: t-single in TEST
    ComplianceService(desk.service.store, desk.index).set_mode("t-single", "ACTIVE")  # `rules mode`
    w.pay(8, 10, "600.00")
    desk.catch_up()
    [alert] = desk.service.alerts()
    assert alert.rule_id == "t-single" and not alert.test and alert.case_id is not None
