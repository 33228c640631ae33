"""How reporters share their signed votes and how a complete round gets published.

Two ways, neither needing a server of its own:

* **through the chain** (:class:`ChainShare`): each reporter relays its own vote with
  ``ReferenceData.report``; the contract stores it and publishes the round in the same transaction as the
  quorum's last identical vote; a vote that differs from another stored vote (or from the published
  round) is stored too and recorded as a ``Disagreement`` event;
* **through a folder** (:class:`FolderShare`, a file drop: a shared disk, a synced folder): each reporter
  writes its vote as ``DIR/<series>/<yyyy-mm-dd>/<reporter address>.json`` (written to a temporary file,
  fsync'ed, renamed: readers never see half a vote); any reporter that finds a quorum of identical valid
  votes there calls ``publish`` with them. Another reporter publishing the same round first
  (``RoundAlreadyPublished``, or ``OutOfOrderRound`` once a later date is out) counts as done. Votes in the
  folder that disagree are relayed with ``report`` (after the majority's round is published, when there
  is one), so the chain records each disagreement.

Every vote read from the folder is checked before use: the file's chain id, contract and configuration
version must be the current ones, its observation time no later than the latest block's, its signature in
the form the contract accepts (65 bytes, ``v`` 27 or 28, low ``s``: OpenZeppelin's ``ECDSA.tryRecover``
refuses the others that eth-account still recovers) and its EIP-712 signature must recover to the reporter
it names, one of the current reporters. A file that fails is ignored and reported (it cannot block the
others' round). ``publish`` is sent exactly a quorum of the valid identical votes; should the contract
still refuse one of them (``InvalidSignature``/``FutureObservation`` with its index) that vote is dropped
and reported and the others are sent again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from eth_keys.constants import SECPK1_N
from eth_utils import to_checksum_address
from web3.logs import DISCARD

from drex.chain.core import TransactionFailed
from drex.chain.reverts import ContractRevert
from drex.errors import DrexError
from drex.oracle.errors import ReporterError

if TYPE_CHECKING:
    from drex.sdk.reference import ReferenceData, ReporterSet, SignedVote
    from drex.sdk.tx import TxResult

_T = TypeVar("_T")

#: The largest ``s`` the contract accepts (OpenZeppelin's ECDSA refuses the high-``s`` twin of a signature).
MAX_S = SECPK1_N // 2
#: The publish reverts that name one vote (by its index): that vote is dropped and the others sent again.
_BAD_VOTE_REVERTS = ("InvalidSignature", "FutureObservation")


@dataclass(frozen=True)
class Event:
    """Something a reporter's step did or found for one round (or one series, ``day`` None).

    ``kind`` is one of: ``signed`` (a new vote, journaled), ``reused`` (the journaled vote),
    ``conflict`` (the source changed its answer for a signed round: the journaled vote stands),
    ``shared`` (vote reported on chain or written to the folder), ``already-shared``, ``published``
    (this reporter's transaction published the round), ``published-elsewhere`` (another reporter did),
    ``disagreement`` (a dissenting vote relayed to the chain), ``refused`` (the value fails the
    catalogue's bounds or maximum move: not signed), ``no-data`` (the source has nothing for the date),
    ``waiting`` (the round is not complete yet: later dates wait for it), ``superseded`` (a later round
    is out), ``ignored`` (an unusable vote file), ``failed`` (the source or the node failed after the
    retries, or a revert), ``journal`` (the journal repaired a torn line when it was opened).
    """

    series: str
    day: dt.date | None
    kind: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "referenceDate": self.day.isoformat() if self.day else None,
            "kind": self.kind,
            "message": self.message,
        }


class Relay(Protocol):
    """Runs a node call with the reporter's retries (:meth:`drex.oracle.backoff.Backoff.call`)."""

    def __call__(self, fn: Callable[[], _T]) -> _T: ...


def _once(fn: Callable[[], _T]) -> _T:
    """A :class:`Relay` without retries (until a reporter sets its own)."""
    return fn()


def revert_name(exc: BaseException) -> str | None:
    """The custom error's name when ``exc`` is a contract revert, else None."""
    return exc.error_name if isinstance(exc, ContractRevert) else None


def report(data: ReferenceData, vote: SignedVote, node: Relay, attempts: int = 3) -> TxResult:
    """``data.report(vote)``, sent again when it ran out of gas. The gas is estimated on the state before
    the transaction; when another reporter's vote is mined first, this one becomes the vote that
    completes the quorum and publishes the round, which costs more than estimated. The next estimate
    sees the new state (and usually ends in ``RoundAlreadyPublished`` or a publication)."""
    for attempt in range(1, attempts + 1):
        try:
            return node(lambda: data.report(vote))
        except TransactionFailed:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable: the last attempt returns or raises")


def same_observation(a: SignedVote, b: SignedVote) -> bool:
    return bool(a.value == b.value and a.source_hash == b.source_hash)


# --------------------------------------------------------------------------------------- through the chain
class ChainShare:
    """Share votes through ``ReferenceData.report``: the contract publishes when the quorum agrees."""

    name = "chain"

    def __init__(self, data: ReferenceData):
        self.data = data
        self.node: Relay = _once

    def share(self, vote: SignedVote, unit: str) -> Event:
        """Relay ``vote`` unless the chain already has this reporter's vote for the round."""
        day, series = vote.reference_date, vote.series
        on_chain = self.node(lambda: self.data.vote_of(series, day, vote.reporter))
        if on_chain is not None:
            if on_chain.value == vote.value and on_chain.source_hash == vote.source_hash:
                return Event(series, day, "already-shared", f"vote {vote.value} {unit} already on chain")
            return Event(
                series,
                day,
                "conflict",
                f"the chain holds a vote of this reporter for {on_chain.value} {unit}, not the journaled "
                f"{vote.value} {unit}: was the journal replaced?",
            )
        try:
            result = report(self.data, vote, self.node)
        except ContractRevert as exc:
            return _done_or_fail(exc, series, day)
        # published by this very transaction? (another reporter's may have published it right after)
        events = self.data.contract.events.RoundPublished().process_receipt(result.receipt, errors=DISCARD)
        if events:
            signers = int(events[0]["args"]["signers"])
            return Event(series, day, "published", f"{vote.value} {unit} published ({signers} signers)")
        return Event(series, day, "shared", f"vote {vote.value} {unit} reported on chain")

    def complete(self, series: str, day: dt.date, reporters: ReporterSet, unit: str) -> list[Event]:
        """Nothing to do: the contract publishes the round with the quorum's last vote."""
        return []

    def voters(self, series: str, day: dt.date, reporters: ReporterSet) -> int:
        """How many distinct current reporters have a vote for the round on chain."""
        return sum(
            self.node(partial(self.data.vote_of, series, day, r)) is not None for r in reporters.reporters
        )


def _done_or_fail(exc: ContractRevert, series: str, day: dt.date) -> Event:
    name = revert_name(exc)
    if name == "RoundAlreadyPublished":
        return Event(series, day, "published-elsewhere", "the round is already published with this value")
    if name == "OutOfOrderRound":
        return Event(series, day, "superseded", "a later round of the series is already published")
    if name == "AlreadyVoted":
        return Event(series, day, "already-shared", "the vote is already on chain")
    return Event(series, day, "failed", str(exc).splitlines()[0])


# --------------------------------------------------------------------------------------- through a folder
def vote_to_json(vote: SignedVote, chain_id: int, contract: str, unit: str) -> dict[str, Any]:
    """The vote file's document: the SDK's form of the vote plus the chain, the contract and the unit."""
    return {**vote.as_dict(), "chain_id": chain_id, "contract": contract, "unit": unit}


def vote_from_json(doc: Any) -> tuple[int, str, SignedVote]:
    """(chain id, contract, vote) of a vote file's document; ValueError/KeyError/TypeError/ReferenceDataError
    when malformed."""
    from drex.sdk.reference import SignedVote

    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")
    return int(doc["chain_id"]), to_checksum_address(doc["contract"]), SignedVote.from_dict(doc)


def _write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path``: a temporary file in the same folder, fsync'ed, renamed over ``path``, then
    the folder fsync'ed, so a reader sees the whole old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


class FolderShare:
    """Share votes through a folder; publish a round when the folder holds a quorum of identical votes."""

    name = "folder"

    def __init__(self, root: str | Path, data: ReferenceData):
        self.root = Path(root)
        if not self.root.is_dir():
            raise ReporterError(f"share folder {self.root} does not exist (create it, or use --share chain)")
        self.data = data
        self.node: Relay = _once
        self.chain_id = data.platform.chain.chain_id
        self.contract = to_checksum_address(data.address)

    def folder(self, series: str, day: dt.date) -> Path:
        """``DIR/<series>/<yyyy-mm-dd>`` (a ``:`` in a series name, as in ``TPFT_PU:7``, becomes ``_``)."""
        return self.root / series.replace(":", "_").replace("/", "_") / day.isoformat()

    def share(self, vote: SignedVote, unit: str) -> Event:
        """Write ``vote`` to its file unless the same vote is already there."""
        folder = self.folder(vote.series, vote.reference_date)
        path = folder / f"{vote.reporter}.json"
        doc = vote_to_json(vote, self.chain_id, self.contract, unit)
        data = (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()
        try:
            if path.read_bytes() == data:
                return Event(vote.series, vote.reference_date, "already-shared", f"vote already in {path}")
        except FileNotFoundError:
            pass
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, data)
        return Event(
            vote.series, vote.reference_date, "shared", f"vote {vote.value} {unit} written to {path}"
        )

    def votes(
        self, series: str, day: dt.date, reporters: ReporterSet
    ) -> tuple[list[SignedVote], list[Event]]:
        """The valid votes of the current configuration in the round's folder, and an event per file
        that is not one."""
        folder = self.folder(series, day)
        if not folder.is_dir():
            return [], []
        found: list[SignedVote] = []
        ignored: list[Event] = []
        members = {str(to_checksum_address(r)) for r in reporters.reporters}
        now = self.node(self.data.platform.chain.timestamp)  # the latest block's time
        for path in sorted(folder.glob("0x*.json")):
            try:
                chain_id, contract, vote = vote_from_json(json.loads(path.read_bytes()))
                problem = self._problem(path, chain_id, contract, vote, series, day, reporters, members, now)
            except (OSError, ValueError, KeyError, TypeError, DrexError) as exc:
                problem = f"unreadable ({exc})"
            if problem is None:
                found.append(vote)
            elif problem:
                ignored.append(Event(series, day, "ignored", f"vote file {path} ignored: {problem}"))
        return found, ignored

    def _problem(
        self,
        path: Path,
        chain_id: int,
        contract: str,
        vote: SignedVote,
        series: str,
        day: dt.date,
        reporters: ReporterSet,
        members: set[str],
        now: int,
    ) -> str | None:
        """Why the vote file cannot be counted; "" for a vote of an older configuration (silently
        skipped: its reporter re-signs under the new one); None when it is valid."""
        if (chain_id, contract) != (self.chain_id, self.contract):
            return f"it is for chain {chain_id} contract {contract}"
        if (vote.series, vote.reference_date) != (series, day):
            return f"it is a vote for {vote.series} {vote.reference_date.isoformat()}"
        if path.stem != vote.reporter:
            return f"it holds a vote of {vote.reporter}"
        if vote.config_version != reporters.version:
            return ""
        if vote.reporter not in members:
            return f"{vote.reporter} is not a reporter of configuration version {reporters.version}"
        if vote.observed_at > now:
            return f"its observation time {vote.observed_at} is later than the latest block's {now}"
        form = signature_problem(vote.signature)
        if form is not None:
            return form
        signer = self.data.signer_of(vote)
        if signer != vote.reporter:
            return f"its signature is by {signer}, not by {vote.reporter}"
        return None

    def voters(self, series: str, day: dt.date, reporters: ReporterSet) -> int:
        """How many distinct current reporters have a valid vote for the round in the folder (one file per
        reporter, named by its address)."""
        return len(self.votes(series, day, reporters)[0])

    def complete(self, series: str, day: dt.date, reporters: ReporterSet, unit: str) -> list[Event]:
        """Publish the round when the folder holds a quorum of identical votes; relay disagreeing votes
        with ``report`` so the chain records them."""
        votes, events = self.votes(series, day, reporters)
        if not votes:
            return events
        groups: dict[tuple[Decimal, bytes], list[SignedVote]] = {}
        for v in votes:
            groups.setdefault((v.value, v.source_hash), []).append(v)
        majority = max(groups.values(), key=len)
        if len(majority) >= reporters.quorum:
            events.extend(self._publish(series, day, majority, reporters, unit))
            dissent = [v for v in votes if not same_observation(v, majority[0])]
        else:
            dissent = votes if len(groups) > 1 else []
        events.extend(self._relay(v, unit) for v in dissent)
        return events

    def _publish(
        self, series: str, day: dt.date, votes: Sequence[SignedVote], reporters: ReporterSet, unit: str
    ) -> list[Event]:
        """Publish (or amend) the round with exactly the quorum it needs out of ``votes`` (identical
        votes); a vote the contract still refuses by its index is dropped, reported, and the rest sent
        again while they are enough."""
        existing = self.node(lambda: self.data.round_at(series, day))
        if existing is not None and existing.value == votes[0].value:
            return [Event(series, day, "published-elsewhere", f"{existing.value} {unit} already published")]
        need = reporters.amendment_quorum if existing is not None else reporters.quorum
        pool = list(votes)
        events: list[Event] = []
        while len(pool) >= need:
            chosen = pool[:need]
            try:
                self.node(partial(self.data.publish, chosen))
            except ContractRevert as exc:
                bad = _refused_vote(exc, len(chosen))
                if bad is None:
                    return [*events, _done_or_fail(exc, series, day)]
                dropped = chosen[bad]
                pool.remove(dropped)
                note = f"the vote of {dropped.reporter} was refused by the contract ({exc}): left out"
                events.append(Event(series, day, "ignored", note))
                continue
            what = "amended" if existing is not None else "published"
            text = f"{chosen[0].value} {unit} {what} ({len(chosen)} signers)"
            return [*events, Event(series, day, "published", text)]
        text = f"{len(pool)} usable identical votes, {need} needed: the round waits for more"
        return [*events, Event(series, day, "failed", text)]

    def _relay(self, vote: SignedVote, unit: str) -> Event:
        series, day = vote.series, vote.reference_date
        if self.node(lambda: self.data.vote_of(series, day, vote.reporter)) is not None:
            return Event(series, day, "already-shared", f"the dissenting vote of {vote.reporter} is on chain")
        try:
            report(self.data, vote, self.node)
        except ContractRevert as exc:
            return _done_or_fail(exc, series, day)
        return Event(
            series,
            day,
            "disagreement",
            f"relayed the vote of {vote.reporter} for {vote.value} {unit} to the chain",
        )


def signature_problem(signature: bytes) -> str | None:
    """Why the contract's ``ECDSA.tryRecover`` would refuse ``signature`` although eth-account recovers
    it (not 65 bytes, ``v`` other than 27/28, the high-``s`` twin of a valid signature), or None."""
    if len(signature) != 65:
        return f"its signature has {len(signature)} bytes, not 65"
    if signature[64] not in (27, 28):
        return f"its signature's v is {signature[64]}, not 27 or 28"
    if int.from_bytes(signature[32:64], "big") > MAX_S:
        return "its signature's s is in the upper half of the curve order (the contract refuses it)"
    return None


def _refused_vote(exc: ContractRevert, sent: int) -> int | None:
    """The index of the vote a ``publish`` revert names (``InvalidSignature``/``FutureObservation``), or
    None for any other revert."""
    if revert_name(exc) not in _BAD_VOTE_REVERTS or not exc.args:
        return None
    index = exc.args[0]
    return index if isinstance(index, int) and 0 <= index < sent else None


Share = ChainShare | FolderShare

__all__ = ["ChainShare", "Event", "FolderShare", "Share", "vote_from_json", "vote_to_json"]
