"""Cases, decisions and the four-eyes freezes and unfreezes, and the sanctions fast path.

A case groups the alerts about one account. An officer decides it: ``dismissed``, ``reported`` (it goes
into the SISCOAF export of its period) or ``frozen`` (only once a freeze of the case was executed on
chain). A freeze or unfreeze is requested by one officer and approved by a *different* one, each signing
it with their own key against the roster (:mod:`~drex.compliance.officers`); the approval sends the
token's ``increaseFrozenBalance``/``decreaseFrozenBalance`` (the FREEZER_ROLE: the institution's wallet on
its Real Tokenizado, BCB's on Real Digital) with the platform session's signer. Four eyes are enforced
here, in the service, not on chain: the key that sends the transaction is the institution's.

Sanctions fast path: a screening list loaded with ``freeze`` (the UN list by default: Lei 13.810/2019
requires freezing UN Security Council designees' assets without delay) freezes, for every listed wallet,
its free balance on each token at once, without a second officer; the action is recorded with approver
``sanctions-fast-path`` in a case an officer then reviews, and the time from the list's loading to the
freeze being mined is measured.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from drex.compliance.errors import (
    CaseStateError,
    ComplianceError,
    FourEyesViolation,
    ListFileError,
    UnknownRecord,
)
from drex.compliance.lists import ListEntry
from drex.compliance.officers import Roster, approval_text, request_text
from drex.compliance.store import ActionRow, AlertRow, CaseRow, ComplianceStore, ListEntryRow, now
from drex.compliance.text import clean_text
from drex.compliance.units import cents_text

if TYPE_CHECKING:
    from drex.sdk import Platform
    from drex.sdk.tokens import Token

DECISIONS = ("dismissed", "reported", "frozen")
FAST_PATH = "sanctions-fast-path"
_TOKEN = re.compile(r"RealDigital|RealTokenizado@[0-9]{8}")


@dataclass(frozen=True)
class CaseView:
    """A case with its alerts and actions."""

    case: CaseRow
    alerts: list[AlertRow]
    actions: list[ActionRow]


@dataclass(frozen=True)
class FastPathFreeze:
    """One freeze of the sanctions fast path and how long it took from the list's loading."""

    action_id: int
    case_id: int
    token: str
    account: str
    amount: int
    tx_hash: str
    seconds: float


def _officer(name: str) -> str:
    name = clean_text(name, "the officer's name", 100, error=CaseStateError)
    if not name:
        raise CaseStateError("an officer's name is needed")
    return name


def check_token(token: str) -> str:
    """``token`` if it is ``RealDigital`` or ``RealTokenizado@<CNPJ8>``, else ComplianceError."""
    if not _TOKEN.fullmatch(token):
        raise ComplianceError(f"token {token!r} must be RealDigital or RealTokenizado@<CNPJ8>")
    return token


def token_client(platform: Platform, token: str) -> Token:
    """The SDK client of ``RealDigital`` or ``RealTokenizado@<CNPJ8>``."""
    check_token(token)
    if token == "RealDigital":
        return platform.real_digital
    return platform.real_tokenizado(token.split("@", 1)[1])


class CaseDesk:
    """What officers do with cases and actions, stored in ``store``."""

    def __init__(self, store: ComplianceStore, roster: Roster | None = None):
        self.store = store
        self.roster = roster

    def _roster(self) -> Roster:
        if self.roster is None:
            raise ComplianceError(
                "freezes and unfreezes need the officers' roster (officers: in the institution file)"
            )
        return self.roster

    def cases(self, status: str | None = None) -> list[CaseRow]:
        query = select(CaseRow).order_by(CaseRow.id)
        if status is not None:
            query = query.where(CaseRow.status == status)
        with self.store.session() as s:
            return list(s.scalars(query))

    def case(self, case_id: int) -> CaseView:
        with self.store.session() as s:
            case = s.get(CaseRow, case_id)
            if case is None:
                raise UnknownRecord(f"no case {case_id}")
            alerts = list(
                s.scalars(select(AlertRow).where(AlertRow.case_id == case_id).order_by(AlertRow.id))
            )
            actions = list(
                s.scalars(select(ActionRow).where(ActionRow.case_id == case_id).order_by(ActionRow.id))
            )
            return CaseView(case, alerts, actions)

    def open_case(self, alert_ids: Iterable[int], officer: str) -> CaseRow:
        """Open a case from live alerts about one account that are in no case yet (test alerts never are)."""
        officer = _officer(officer)
        with self.store.session() as s:
            alerts = [s.get(AlertRow, i) for i in alert_ids]
            if not alerts:
                raise CaseStateError("name at least one alert")
            for alert_id, alert in zip(alert_ids, alerts, strict=True):
                if alert is None:
                    raise UnknownRecord(f"no alert {alert_id}")
                if alert.test:
                    raise CaseStateError(
                        f"alert {alert.id} comes from a TEST rule; test alerts are not opened as cases"
                    )
                if alert.case_id is not None or alert.status == "retracted":
                    raise CaseStateError(
                        f"alert {alert.id} is {alert.status}"
                        + (f" (case {alert.case_id})" if alert.case_id else "")
                    )
            subjects = {a.subject for a in alerts if a is not None}
            if len(subjects) != 1:
                raise CaseStateError(f"the alerts are about {len(subjects)} accounts; a case is about one")
            case = CaseRow(subject=subjects.pop(), status="open", opened_at=now(), decided_by=None)
            s.add(case)
            s.flush()
            for alert in alerts:
                assert alert is not None
                alert.case_id, alert.status = case.id, "in_case"
            return case

    def decide(self, case_id: int, decision: str, reason: str, officer: str) -> CaseRow:
        """Record an officer's decision on a case, with the reason."""
        officer = _officer(officer)
        if decision not in DECISIONS:
            raise CaseStateError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        reason = clean_text(reason, "the decision's reason", 4000, multiline=True, error=CaseStateError)
        if not reason:
            raise CaseStateError("a decision needs a reason")
        with self.store.session() as s:
            case = s.get(CaseRow, case_id)
            if case is None:
                raise UnknownRecord(f"no case {case_id}")
            if case.status not in ("open", "frozen") or (case.status == "frozen" and decision != "reported"):
                raise CaseStateError(f"case {case_id} is {case.status}; it cannot be decided {decision} now")
            if decision == "frozen":
                executed = s.scalars(
                    select(ActionRow).where(
                        ActionRow.case_id == case_id,
                        ActionRow.kind == "freeze",
                        ActionRow.status == "executed",
                    )
                ).first()
                if executed is None:
                    raise CaseStateError(
                        f"case {case_id} has no executed freeze; request and approve one first"
                    )
            decided = s.execute(  # conditional: of two officers deciding at once, one wins
                update(CaseRow)
                .where(CaseRow.id == case_id, CaseRow.status == case.status)
                .values(status=decision, reason=reason.strip(), decided_by=officer, decided_at=now())
            )
            if decided.rowcount != 1:  # type: ignore[attr-defined]
                raise CaseStateError(f"case {case_id} was decided by another officer meanwhile")
            s.refresh(case)
            return case

    # ------------------------------------------------------------------ four eyes
    def request(
        self,
        case_id: int,
        kind: str,
        token: str,
        account: str,
        amount: int,
        officer: str,
        note: str | None = None,
        *,
        signature: str,
    ) -> ActionRow:
        """Officer 1 requests a freeze or unfreeze of ``amount`` centavos of ``account`` on ``token``;
        ``signature`` is the officer's EIP-191 signature of :func:`~drex.compliance.officers.request_text`,
        checked against the roster."""
        from drex.sdk.values import to_address

        officer = _officer(officer)
        if kind not in ("freeze", "unfreeze"):
            raise CaseStateError(f"an action is freeze or unfreeze, not {kind!r}")
        if not _TOKEN.fullmatch(token):
            raise ComplianceError(f"token {token!r} must be RealDigital or RealTokenizado@<CNPJ8>")
        if amount <= 0:
            raise CaseStateError(f"the amount to {kind} must be above R$ 0,00")
        account = str(to_address(account, "account"))
        note = clean_text(note, "the note", 4000, multiline=True, error=CaseStateError) if note else None
        signed_by = self._roster().verify(
            officer, request_text(case_id, kind, token, account, amount), signature
        )
        with self.store.session() as s:
            case = s.get(CaseRow, case_id)
            if case is None:
                raise UnknownRecord(f"no case {case_id}")
            if case.status == "dismissed":
                raise CaseStateError(f"case {case_id} is dismissed")
            action = ActionRow(
                case_id=case_id,
                kind=kind,
                token=token,
                account=account,
                amount=amount,
                requester=officer,
                requested_at=now(),
                status="requested",
                note=note,
                requester_address=signed_by,
                requester_signature=signature,
            )
            s.add(action)
            s.flush()
            return action

    def approve(self, action_id: int, officer: str, platform: Platform, *, signature: str) -> ActionRow:
        """Officer 2 (not the requester) approves: the call is signed by ``platform``'s signer and sent.

        ``signature`` is officer 2's EIP-191 signature of :func:`~drex.compliance.officers.approval_text`;
        it must be the roster's address of ``officer`` and differ from the requester's address.

        The action is claimed atomically (``requested`` -> ``sending``) before anything is sent, so two
        concurrent approvals send it once; the signed transaction's hash is stored before it is sent, so an
        interrupted approval can be reconciled with the chain (:meth:`reconcile`), never sent again.
        """
        officer = _officer(officer)
        if self.actions_by_id(action_id).status == "sending":
            settled = self.reconcile(action_id, platform)
            state = (
                f"no receipt of its transaction {settled.tx_hash} yet; it is not sent again"
                if settled.status == "sending"
                else f"its transaction {settled.tx_hash} is now {settled.status}"
            )
            raise CaseStateError(f"action {action_id} was already approved by {settled.approver}: {state}")
        with self.store.session() as s:
            action = s.get(ActionRow, action_id)
            if action is None:
                raise UnknownRecord(f"no action {action_id}")
            if action.status != "requested":
                raise CaseStateError(f"action {action_id} is {action.status}, not waiting for approval")
            if action.requester.casefold() == officer.casefold():
                raise FourEyesViolation(
                    f"action {action_id} was requested by {action.requester}; "
                    "a different officer must approve it"
                )
            text = approval_text(
                action.id, action.case_id, action.kind, action.token, action.account, action.amount
            )
            requester_address = action.requester_address
        signed_by = self._roster().verify(officer, text, signature)
        if requester_address is None or signed_by.lower() == requester_address.lower():
            raise FourEyesViolation(
                f"action {action_id} was requested with the key of {signed_by}; "
                "a different officer's key must approve it"
            )
        return self._execute(action_id, officer, platform, signed_by, signature)

    def _claim(self, action_id: int, approver: str, address: str | None, signature: str | None) -> None:
        """Move the action from ``requested`` to ``sending`` in one conditional UPDATE (committed)."""
        with self.store.session() as s:
            claimed = s.execute(
                update(ActionRow)
                .where(ActionRow.id == action_id, ActionRow.status == "requested")
                .values(
                    status="sending",
                    approver=approver,
                    approved_at=now(),
                    approver_address=address,
                    approver_signature=signature,
                )
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                raise CaseStateError(
                    f"action {action_id} is no longer waiting for approval (another approval took it)"
                )

    def _finish(self, action_id: int, **values: object) -> ActionRow:
        with self.store.session() as s:
            action = s.get(ActionRow, action_id)
            assert action is not None
            for name, value in values.items():
                setattr(action, name, value)
            return action

    def _execute(
        self,
        action_id: int,
        approver: str,
        platform: Platform,
        address: str | None = None,
        signature: str | None = None,
    ) -> ActionRow:
        from drex.chain.reverts import ContractRevert

        self._claim(action_id, approver, address, signature)
        with self.store.session() as s:
            action = s.get(ActionRow, action_id)
            assert action is not None
            kind, token, account, cents = action.kind, action.token, action.account, action.amount
        what = f"{kind} of R$ {cents_text(cents)} on {token} for {account}"
        from drex.sdk.values import to_address, to_units

        functions = token_client(platform, token).contract.functions
        call = functions.increaseFrozenBalance if kind == "freeze" else functions.decreaseFrozenBalance
        fn = call(to_address(account, "account"), to_units(Decimal(cents).scaleb(-2)))
        engine, signer = platform.chain.engine, platform.transactor.signer
        try:
            prepared = engine.prepare(fn, signer)
        except ContractRevert as exc:  # the gas estimate reverted: nothing was sent
            self._finish(action_id, status="failed", error=str(exc))
            raise ComplianceError(f"{what} reverted: {exc}") from exc
        except BaseException as exc:  # nothing was sent either
            self._finish(action_id, status="failed", error=f"not sent: {exc}")
            raise
        self._finish(action_id, tx_hash=prepared.tx_hash)
        try:
            result = engine.send(prepared).wait()
        except ContractRevert as exc:
            self._finish(action_id, status="failed", error=str(exc))
            raise ComplianceError(f"{what} reverted: {exc}") from exc
        except Exception as exc:
            raise ComplianceError(
                f"{what}: transaction {prepared.tx_hash} may have been sent but no receipt came ({exc}); "
                f"the action stays 'sending' and is never sent again: `drex compliance freeze status "
                f"{action_id}` checks the chain"
            ) from exc
        return self._finish(action_id, status="executed", block=result.block_number)

    def reconcile(self, action_id: int, platform: Platform) -> ActionRow:
        """Settle a ``sending`` action with the chain: its stored transaction's receipt says executed or
        failed; without a receipt it stays ``sending`` (and is never re-sent automatically)."""
        from web3.exceptions import TransactionNotFound

        with self.store.session() as s:
            action = s.get(ActionRow, action_id)
            if action is None:
                raise UnknownRecord(f"no action {action_id}")
            if action.status != "sending":
                return action
            tx_hash = action.tx_hash
        if tx_hash is None:  # claimed, but the transaction was never signed: nothing can be on chain
            return self._finish(action_id, status="failed", error="interrupted before anything was sent")
        try:
            receipt = platform.chain.w3.eth.get_transaction_receipt(tx_hash)  # type: ignore[arg-type]
        except TransactionNotFound:
            return self.actions_by_id(action_id)
        if receipt["status"] == 1:
            return self._finish(action_id, status="executed", block=int(receipt["blockNumber"]))
        return self._finish(
            action_id, status="failed", block=int(receipt["blockNumber"]), error="the transaction reverted"
        )

    def actions_by_id(self, action_id: int) -> ActionRow:
        with self.store.session() as s:
            action = s.get(ActionRow, action_id)
            if action is None:
                raise UnknownRecord(f"no action {action_id}")
            return action

    # ------------------------------------------------------------------ sanctions fast path
    def fast_path(
        self, entries: Iterable[ListEntry], platform: Platform, tokens: Iterable[str], loaded_at: float
    ) -> list[FastPathFreeze]:
        """Freeze at once the free balance of every listed wallet on ``tokens``; ``loaded_at`` is the
        ``time.monotonic()`` when the list file started loading (the measure's start)."""
        from drex.sdk.values import to_address

        done: list[FastPathFreeze] = []
        wallets = sorted({e.value for e in entries if e.matched_on == "wallet"})
        for wallet in wallets:
            account = str(to_address(wallet, "wallet"))
            for token in tokens:
                client = token_client(platform, token)
                free = int(client.available_balance_of(account) * 100)
                if free <= 0:
                    continue
                listed = next(e for e in entries if e.value == wallet)
                with self.store.session() as s:
                    case = s.scalars(
                        select(CaseRow).where(CaseRow.subject == account, CaseRow.status == "open")
                    ).first()
                    if case is None:
                        case = CaseRow(subject=account, status="open", opened_at=now())
                        s.add(case)
                        s.flush()
                    action = ActionRow(
                        case_id=case.id,
                        kind="freeze",
                        token=token,
                        account=case.subject,
                        amount=free,
                        requester=FAST_PATH,
                        requested_at=now(),
                        status="requested",
                        note=f"{listed.list_name} {listed.reference}",
                    )
                    s.add(action)
                    s.flush()
                    action_id, case_id = action.id, case.id
                executed = self._execute(action_id, FAST_PATH, platform)
                assert executed.tx_hash is not None
                done.append(
                    FastPathFreeze(
                        action_id,
                        case_id,
                        token,
                        executed.account,
                        free,
                        executed.tx_hash,
                        time.monotonic() - loaded_at,
                    )
                )
        return done

    def actions(self, status: str | None = None) -> list[ActionRow]:
        query = select(ActionRow).order_by(ActionRow.id)
        if status is not None:
            query = query.where(ActionRow.status == status)
        with self.store.session() as s:
            return list(s.scalars(query))


def store_list(store: ComplianceStore, list_name: str, entries: list[ListEntry], freeze: bool) -> int:
    """Replace the entries of ``list_name`` with ``entries``; returns how many were stored."""
    list_name = clean_text(list_name, "the list's name", 64, error=ListFileError)
    if not list_name:
        raise ListFileError("a list needs a name")
    with store.session() as s:
        for old in s.scalars(select(ListEntryRow).where(ListEntryRow.list_name == list_name)):
            s.delete(old)
        s.flush()
        seen: set[tuple[str, str]] = set()
        for e in entries:
            if (e.reference, e.value) in seen:
                continue
            seen.add((e.reference, e.value))
            s.add(
                ListEntryRow(
                    list_name=list_name,
                    reference=e.reference,
                    name="",  # the list file's name of the person is not kept: the reference identifies it
                    entry_type=e.entry_type,
                    matched_on=e.matched_on,
                    match_value=e.value,
                    freeze=freeze,
                    loaded_at=now(),
                )
            )
    return len(seen)


__all__ = [
    "DECISIONS",
    "FAST_PATH",
    "CaseDesk",
    "CaseView",
    "FastPathFreeze",
    "check_token",
    "store_list",
    "token_client",
]
