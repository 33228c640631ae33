"""Two officers deciding one case at the same time: one decision is recorded, the other refused."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from drex.compliance.cases import CaseDesk
from drex.compliance.errors import CaseStateError
from drex.compliance.store import CaseRow, ComplianceStore, now


def test_concurrent_decisions_on_one_case_record_one(tmp_path: Path) -> None:
    store = ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")
    with store.session() as s:
        case = CaseRow(subject="0x" + "ab" * 20, status="open", opened_at=now())
        s.add(case)
        s.flush()
        case_id = case.id
    start = threading.Barrier(2)
    both_read = threading.Barrier(2, timeout=3)
    outcomes: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _writes_after_both_read(*args: Any) -> None:
        # both officers have read the case open before either writes: the race, made certain
        if args[2].lstrip().upper().startswith("UPDATE COMPLIANCE_CASES") and not both_read.broken:
            with contextlib.suppress(threading.BrokenBarrierError):
                both_read.wait()

    def decide(officer: str, decision: str) -> None:
        desk = CaseDesk(store)
        start.wait()
        try:
            desk.decide(case_id, decision, f"{officer}'s reason", officer)
            outcomes.append(decision)
        except CaseStateError as exc:
            outcomes.append(f"refused: {exc}")

    threads = [
        threading.Thread(target=decide, args=args) for args in (("ana", "dismissed"), ("bruno", "reported"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    refused = [o for o in outcomes if o.startswith("refused")]
    assert len(outcomes) == 2 and len(refused) == 1, outcomes
    [won] = [o for o in outcomes if not o.startswith("refused")]
    final = CaseDesk(ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")).case(case_id).case
    assert final.status == won


def test_times_come_back_as_utc_whatever_the_local_zone(tmp_path: Path) -> None:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/Sao_Paulo"
    time.tzset()
    try:
        store = ComplianceStore(f"sqlite:///{tmp_path / 'c.sqlite'}")
        with store.session() as s:
            case = CaseRow(subject="0x" + "cd" * 20, status="open", opened_at=now())
            s.add(case)
            s.flush()
            case_id = case.id
        decided = CaseDesk(store).decide(case_id, "reported", "valor atipico", "ana")
        read = CaseDesk(store).case(case_id).case
        store.close()
        assert decided.decided_at is not None and read.decided_at is not None
        assert read.decided_at.utcoffset() == dt.timedelta(0)
        assert abs(read.decided_at.timestamp() - time.time()) < 60  # not 3 hours off
        assert abs(read.opened_at.timestamp() - time.time()) < 60
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()
