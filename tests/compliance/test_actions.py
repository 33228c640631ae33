"""Freezes and unfreezes sent exactly once: concurrent approvals, and an approval whose receipt never came
(the transaction stays 'sending', is never sent again, and is settled from the chain later)."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest

from compliance.conftest import OFFICER_KEYS, Desk, World, approve, desk_of, request
from drex.compliance.cases import CaseDesk
from drex.compliance.errors import CaseStateError, ComplianceError, FourEyesViolation
from drex.compliance.officers import Roster, approval_text, request_text, sign_text
from drex.compliance.store import CaseRow, now


def _case(desk: Desk, subject: str) -> int:
    with desk.service.store.session() as s:
        case = CaseRow(subject=subject, status="open", opened_at=now())
        s.add(case)
        s.flush()
        return case.id


def test_two_concurrent_approvals_freeze_once(fresh_world: World, sqlite_desk: Desk) -> None:
    w, desk = fresh_world, sqlite_desk
    cases = desk_of(desk.service.store)
    action = request(cases, _case(desk, w.addr(10)), "freeze", w.token_name, w.addr(10), 10_000, "ana")
    bank = w.as_("BANK_A")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def approve_as(officer: str) -> None:
        start.wait()
        try:
            approve(cases, action.id, officer, bank)
            outcomes.append("executed")
        except CaseStateError as exc:
            outcomes.append(f"refused: {exc}")

    threads = [threading.Thread(target=approve_as, args=(name,)) for name in ("bruno", "carla")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.split(":")[0] for o in outcomes) == ["executed", "refused"], outcomes
    token = w.platform.real_tokenizado(w.cnpj8)
    assert token.frozen_balance_of(w.addr(10)) == Decimal("100.00")  # once, not R$ 200,00
    [done] = cases.actions()
    assert done.status == "executed" and done.tx_hash and done.block


def test_an_approval_without_receipt_is_never_sent_again(fresh_world: World, sqlite_desk: Desk) -> None:
    w, desk = fresh_world, sqlite_desk
    cases = desk_of(desk.service.store)
    action = request(cases, _case(desk, w.addr(11)), "freeze", w.token_name, w.addr(11), 20_000, "ana")
    bank = w.as_("BANK_A")
    tester: Any = w.chain.w3.provider.ethereum_tester  # type: ignore[attr-defined]
    engine = w.chain.engine
    timeout = engine.receipt_timeout
    tester.disable_auto_mine_transactions()  # the transaction is broadcast but no receipt comes
    engine.receipt_timeout = 0.5
    try:
        with pytest.raises(ComplianceError, match="may have been sent but no receipt came"):
            approve(cases, action.id, "bruno", bank)
        [sending] = cases.actions()
        assert sending.status == "sending" and sending.tx_hash and sending.approver == "bruno"
        with pytest.raises(CaseStateError, match="no receipt of its transaction .* it is not sent again"):
            approve(cases, action.id, "carla", bank)
        assert cases.reconcile(action.id, bank).status == "sending"
    finally:
        engine.receipt_timeout = timeout
        tester.enable_auto_mine_transactions()  # mines what is pending
    settled = cases.reconcile(action.id, bank)
    assert settled.status == "executed" and settled.block and settled.tx_hash == sending.tx_hash
    token = w.platform.real_tokenizado(w.cnpj8)
    assert token.frozen_balance_of(w.addr(11)) == Decimal("200.00")
    with pytest.raises(CaseStateError, match="is executed, not waiting for approval"):
        approve(cases, action.id, "carla", bank)


def test_officers_are_roster_identities_and_sign_requests_and_approvals(
    fresh_world: World, sqlite_desk: Desk
) -> None:
    w, desk = fresh_world, sqlite_desk
    ana, bruno = OFFICER_KEYS["ana"], OFFICER_KEYS["bruno"]
    # "ana." is not "ana": names are looked up in the roster, and each one signs with the roster's key
    roster = Roster({"ana": ana.address, "ana.": ana.address, "bruno": bruno.address})
    cases = CaseDesk(desk.service.store, roster)
    case_id = _case(desk, w.addr(12))
    args = (case_id, "freeze", w.token_name, w.addr(12), 5_000)
    with pytest.raises(FourEyesViolation, match="'alice' is not an officer of the roster"):
        cases.request(*args, "alice", signature=sign_text(request_text(*args), ana))
    with pytest.raises(FourEyesViolation, match="the signature is not officer bruno's"):
        cases.request(*args, "bruno", signature=sign_text(request_text(*args), ana))
    action = cases.request(*args, "ana", signature=sign_text(request_text(*args), ana))
    assert action.requester_address == ana.address and action.requester_signature
    text = approval_text(action.id, *args)
    bank = w.as_("BANK_A")
    with pytest.raises(FourEyesViolation, match="a different officer's key must approve it"):
        cases.approve(action.id, "ana.", bank, signature=sign_text(text, ana))  # another name, same key
    other = approval_text(action.id + 1, *args)  # a signature over another action is not this approval
    with pytest.raises(FourEyesViolation, match="the signature is not officer bruno's"):
        cases.approve(action.id, "bruno", bank, signature=sign_text(other, bruno))
    assert cases.actions_by_id(action.id).status == "requested"
    done = cases.approve(action.id, "bruno", bank, signature=sign_text(text, bruno))
    assert done.status == "executed" and done.approver_address == bruno.address
    assert done.approver_signature and done.approver_signature != done.requester_signature
