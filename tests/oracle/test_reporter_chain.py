"""Reporters sharing their votes through the chain (``ReferenceData.report``), on anvil: four reporters
with their own journals publish rounds from a CSV file and from B's recorded SGS answers; a disagreeing
reporter is recorded while the majority publishes; a value outside the catalogue is refused before
signing; a changed source answer signs nothing new; a source answering 429/500 is retried with backoff and
one that keeps failing is reported for its series only."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drex.chain import Chain
from drex.chain.accounts import dev_account
from drex.deploy import Manifest
from drex.oracle.errors import ReporterError
from drex.oracle.reporter import StepReport
from drex.oracle.sources import SgsSource
from drex.reference import contract_config, series_id
from oracle.http_server import RecordedServer
from oracle.reporting import FRI, ORACLES, THU, Reporters, deploy_oracles, selic_rows, value


@pytest.fixture(scope="module")
def manifest(chain: Chain, tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return deploy_oracles(chain, tmp_path_factory.mktemp("deploy") / "deployment.json")


@pytest.fixture()
def rs(chain: Chain, manifest: Manifest, tmp_path: Path) -> Iterator[Reporters]:
    r = Reporters(chain, manifest, tmp_path)
    yield r
    r.close()


@pytest.fixture()
def sgs() -> Iterator[RecordedServer]:
    with RecordedServer() as server:
        yield server
        assert server.unmatched == []


def disagreements(rs: Reporters) -> list[dict[str, object]]:
    contract = rs.platform().reference_data.contract
    return [dict(e["args"]) for e in contract.events.Disagreement().get_logs(from_block=0)]


def kinds(step: StepReport) -> list[str]:
    return [e.kind for e in step.events]


def test_four_reporters_publish_a_round_from_a_csv_file(rs: Reporters) -> None:
    source = rs.csv("selic", selic_rows())
    reporters = [rs.make(role, source, max_back=1) for role in ORACLES]  # Friday only
    started = time.perf_counter()
    first, second, third, fourth = (r.step() for r in reporters)
    seconds = time.perf_counter() - started
    print(f"4 reporters, one round through the chain: {seconds:.2f} s")
    assert kinds(first) == kinds(second) == ["signed", "shared", "waiting"]
    assert kinds(third) == ["signed", "published"] and third.published[0].day == FRI
    assert fourth.events == [] and fourth.failed == {}  # nothing left after the latest round
    data = rs.platform().reference_data
    fri = data.round_at("SELIC", FRI)
    assert fri is not None and (fri.value, fri.signers, fri.config_version) == (value("0.045513"), 3, 1)
    assert fri.source_hash == hashlib.sha256(b"SELIC,2025-01-03,0.045513\n").digest()
    assert data.latest("SELIC") == fri and data.round_at("SELIC", THU) is None
    assert [len(j) for j in rs.journals] == [1, 1, 1, 0]
    assert all(r.step().events == [] for r in reporters)  # a second pass changes nothing


def test_a_backlog_is_published_in_order_from_the_recorded_sgs_answers(
    rs: Reporters, sgs: RecordedServer
) -> None:
    sgs.serve("sgs/selic-2025-01-02", "sgs/selic-2025-01-03")
    reporters = [rs.make(role, SgsSource(sgs.base_url, retries=0)) for role in ORACLES[:3]]
    first, second, third = (r.step() for r in reporters)
    assert kinds(first) == kinds(second) == ["signed", "shared", "waiting"]  # Thursday; Friday waits
    assert kinds(third) == ["signed", "published", "signed", "shared", "waiting"]
    assert [r.step().events[-1].kind for r in reporters[:2]] == ["waiting", "published"]
    data = rs.platform().reference_data
    for day, name in ((THU, "sgs/selic-2025-01-02"), (FRI, "sgs/selic-2025-01-03")):
        found = data.round_at("SELIC", day)
        assert found is not None and found.value == value("0.045513") and found.signers == 3
        assert found.source_hash == hashlib.sha256(sgs.recording(name).body).digest()
    thursday = "/dados/serie/bcdata.sgs.11/dados?formato=json&dataInicial=02/01/2025&dataFinal=02/01/2025"
    assert sgs.count(thursday) == 3  # one request per reporter and date, none once it was published


def test_a_disagreeing_reporter_is_recorded_while_the_majority_publishes(rs: Reporters, chain: Chain) -> None:
    honest = rs.csv("honest", selic_rows())
    dissenter = rs.make("ORACLE_4", rs.csv("odd", selic_rows(thu="0.045600")))
    majority = [rs.make(role, honest) for role in ORACLES[:3]]
    assert kinds(dissenter.step()) == ["signed", "shared", "waiting"]
    steps = [r.step() for r in majority]
    assert kinds(steps[0]) == kinds(steps[1]) == ["signed", "shared", "waiting"]
    assert kinds(steps[2])[:2] == ["signed", "published"]
    data = rs.platform().reference_data
    thu = data.round_at("SELIC", THU)
    assert thu is not None and (thu.value, thu.signers) == (value("0.045513"), 3)
    found = disagreements(rs)
    assert sorted((d["reporter"], d["value"], d["otherValue"]) for d in found) == sorted(
        (dev_account(role).address, 45513, 45600) for role in ORACLES[:3]
    )
    assert all(d["series"] == series_id("SELIC") and d["referenceDate"] == 20090 for d in found)
    vote = data.vote_of("SELIC", THU, dev_account("ORACLE_4").address)
    assert vote is not None and vote.value == value("0.045600")
    # Friday: the dissenter agrees, its vote counts
    assert kinds(dissenter.step()) == ["signed", "shared", "waiting"]
    assert kinds(majority[0].step()) == ["signed", "published"]
    assert data.round_at("SELIC", FRI) is not None


def test_a_value_outside_the_catalogue_is_refused_before_signing(rs: Reporters) -> None:
    reporter = rs.make("ORACLE_1", rs.csv("bad", [("SELIC", THU, "1.500000"), ("SELIC", FRI, "0.045513")]))
    step = reporter.step()
    assert kinds(step) == ["refused"] and step.failed == {}
    assert "1.500000 % a.d. is outside 0 .. 1 % a.d." in step.events[0].message
    assert len(reporter.journal) == 0
    reporter.journal.close()
    for role in ORACLES[1:]:
        rs.make(role, rs.csv("honest", selic_rows())).step()  # Thursday published
    moved = rs.make("ORACLE_1", rs.csv("moved", selic_rows(fri="0.085513")), max_back=1)
    step = moved.step()
    assert kinds(step) == ["refused"]
    assert "moves 0.040000 % a.d. from the previous round's 0.045513 % a.d." in step.events[0].message
    assert "more than its maximum move 0.02 % a.d." in step.events[0].message
    assert len(moved.journal) == 0


def test_a_changed_source_answer_signs_nothing_new_and_the_round_completes(rs: Reporters) -> None:
    reporter = rs.make("ORACLE_1", rs.csv("mine", selic_rows()))
    assert kinds(reporter.step()) == ["signed", "shared", "waiting"]
    journaled = reporter.journal.path.read_bytes()
    reporter.source = rs.csv("mine", selic_rows(thu="0.045600"))  # the source changed its answer
    step = reporter.step()
    assert kinds(step) == ["conflict", "already-shared", "waiting"]
    assert "0.045600 % a.d." in step.events[0].message and "0.045513 % a.d." in step.events[0].message
    assert reporter.journal.path.read_bytes() == journaled
    for role in ORACLES[1:3]:
        rs.make(role, rs.csv("others", selic_rows())).step()
    thu = rs.platform().reference_data.round_at("SELIC", THU)
    assert thu is not None and (thu.value, thu.signers) == (value("0.045513"), 3)


def test_backoff_on_429_then_500_from_the_source(rs: Reporters, sgs: RecordedServer) -> None:
    sgs.serve("sgs/rate-limited-429", "sgs/server-error-500", "sgs/selic-2025-01-02")
    logged: list[str] = []
    reporter = rs.make("ORACLE_1", SgsSource(sgs.base_url, retries=0), log=logged.append)
    step = reporter.step()
    assert kinds(step) == ["signed", "shared", "waiting"]
    assert rs.waits == [1.0, 2.0]
    assert len(logged) == 2 and all(line.startswith("SELIC 2025-01-02: ") for line in logged)
    assert "429" in logged[0] and "retrying in 1 s (attempt 1 of 3)" in logged[0]
    assert "500" in logged[1] and "retrying in 2 s (attempt 2 of 3)" in logged[1]


def test_a_source_that_keeps_failing_is_reported_for_its_series_only(
    rs: Reporters, sgs: RecordedServer
) -> None:
    sgs.serve("reporter/ptax-sell-2025-01-02-500", "sgs/selic-2025-01-02")
    reporter = rs.make("ORACLE_1", SgsSource(sgs.base_url, retries=0), ("PTAX_SELL", "SELIC"))
    step = reporter.step()
    assert list(step.failed) == ["PTAX_SELL"] and "500" in step.failed["PTAX_SELL"]
    assert [(e.series, e.kind) for e in step.events] == [
        ("PTAX_SELL", "failed"), ("SELIC", "signed"), ("SELIC", "shared"), ("SELIC", "waiting"),
    ]  # fmt: skip
    assert rs.waits == [1.0, 2.0]  # three attempts at PTAX_SELL


def test_a_monthly_series_is_published_for_the_first_of_the_month(rs: Reporters) -> None:
    dec, jan = dt.date(2024, 12, 1), dt.date(2025, 1, 1)
    source = rs.csv("ipca", [("IPCA", dt.date(2024, 11, 1), "0.39"), ("IPCA", dec, "0.52")])
    reporters = [rs.make(role, source, ("IPCA",), max_back=3) for role in ORACLES[:3]]  # Nov., Dec., Jan.
    steps = [r.step() for r in reporters]
    assert kinds(steps[2]) == ["signed", "published", "signed", "shared", "waiting"]
    assert kinds(reporters[0].step()) == ["signed", "shared", "waiting"]
    assert kinds(reporters[1].step()) == ["signed", "published", "no-data"]  # January: not out yet
    assert steps[2].events[0].day == dt.date(2024, 11, 1)
    data = rs.platform().reference_data
    latest = data.latest("IPCA")
    assert latest is not None and (latest.reference_date, latest.value) == (dec, value("0.52"))
    assert data.age("IPCA") == 1  # December's round, in January
    assert data.round_at("IPCA", jan) is None


def vote_on_thursday(rs: Reporters, role: str) -> None:
    """``role`` reports a vote for Thursday, a date the honest reporters' source has no figure for."""
    data = rs.platform(role).reference_data
    junk = hashlib.sha256(b"no such figure").digest()
    data.report(data.sign_vote(dev_account(role), "SELIC", THU, value("0.045"), junk, rs.chain.timestamp()))


def test_one_reporters_vote_on_a_date_without_a_figure_does_not_stall_the_others(rs: Reporters) -> None:
    vote_on_thursday(rs, "ORACLE_4")  # f = 1: one vote may be a faulty reporter's
    source = rs.csv("friday", [("SELIC", FRI, "0.045513")])
    honest = [rs.make(role, source) for role in ORACLES[:3]]
    steps = [r.step() for r in honest]
    assert [kinds(s) for s in steps] == [
        ["no-data", "signed", "shared", "waiting"],
        ["no-data", "signed", "shared", "waiting"],
        ["no-data", "signed", "published"],
    ]
    assert "waiting" not in steps[0].events[0].message
    fri = rs.platform().reference_data.latest("SELIC")
    assert fri is not None and fri.reference_date == FRI


def test_more_than_f_votes_on_a_date_without_a_figure_make_a_reporter_wait_for_a_while(
    rs: Reporters,
) -> None:
    for role in ORACLES[2:]:  # f + 1 = 2 reporters: at least one honest one's source has Thursday
        vote_on_thursday(rs, role)
    reporter = rs.make("ORACLE_1", rs.csv("friday", [("SELIC", FRI, "0.045513")]))
    now = [time.time()]
    reporter.clock = lambda: now[0]
    waiting = reporter.step()
    assert kinds(waiting) == ["no-data"] and waiting.events[0].message.endswith(": waiting")
    now[0] += reporter.gap_wait - 1
    assert kinds(reporter.step()) == ["no-data"]  # still within the limit
    now[0] += 2
    moved_on = reporter.step()
    assert kinds(moved_on) == ["no-data", "signed", "shared", "waiting"]
    assert "goes on without it" in moved_on.events[0].message and moved_on.events[1].day == FRI


def test_a_reporter_whose_clock_runs_ahead_stamps_no_time_after_the_latest_block(rs: Reporters) -> None:
    reporter = rs.make("ORACLE_1", rs.csv("selic", selic_rows()), max_back=1)
    reporter.clock = lambda: time.time() + 10**6  # the contract would refuse a FutureObservation
    assert kinds(reporter.step()) == ["signed", "shared", "waiting"]  # the contract took the vote
    [entry] = list(reporter.journal)
    assert entry.observed_at <= rs.chain.timestamp() < reporter.clock() - 10**5


def test_a_series_configured_otherwise_on_chain_is_refused_before_any_vote(
    rs: Reporters, chain: Chain
) -> None:
    """A reporter whose catalogue disagrees with the chain on what decides the dates and units it signs
    (decimals, cadence, lead days), e.g. one of another drex version, refuses to run; bounds BCB tuned
    on chain are the contract's business and are not compared."""
    snapshot = chain.snapshot()
    try:
        bcb = rs.platform("BCB").reference_data
        spec = bcb.spec("SELIC")
        tuned = (*contract_config(spec)[:3], 2 * contract_config(spec)[3], *contract_config(spec)[4:])
        chain.transact(bcb.contract.functions.configureSeries(spec.id, tuned), sender=chain.account("BCB"))
        reporter = rs.make("ORACLE_1", rs.csv("honest", selic_rows()))
        reporter.check()  # wider bounds on chain: fine
        ahead = (*tuned[:6], 3)
        chain.transact(bcb.contract.functions.configureSeries(spec.id, ahead), sender=chain.account("BCB"))
        refused = (
            r"SELIC on ReferenceData at .* has 6 decimal places, cadence daily and 3 lead days; this "
            r"reporter's catalogue has 6, daily and 0"
        )
        with pytest.raises(ReporterError, match=refused):
            reporter.check()
        step = reporter.step()
        assert kinds(step) == ["failed"] and set(step.failed) == {"SELIC"} and len(reporter.journal) == 0
        assert "3 lead days" in step.failed["SELIC"]
    finally:
        chain.revert(snapshot)
