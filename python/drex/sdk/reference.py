"""Client of ReferenceData: quorum-signed reference rounds (SELIC, CDI, IPCA, PTAX, VNA, TPFt prices).

Reads return rounds in business units (:class:`RoundInfo`: the value as a :class:`~decimal.Decimal` in the
series' unit, dates as :class:`datetime.date`, times in Brasília); :meth:`ReferenceData.latest_fresh`
raises :class:`StaleReferenceData` naming the series, its last reference date and its age in business days
(daily series) or months (monthly). A reporter signs its observation with :meth:`ReferenceData.sign_vote`
(EIP-712, chain id, contract and configuration version read from the chain) and anyone relays it:
:meth:`ReferenceData.report` stores one vote on chain (the round is published when the identical votes
reach the quorum), :meth:`ReferenceData.publish` sends a quorum of votes gathered off chain. Reverts are
:class:`ReferenceDataRevert` (a :class:`~drex.chain.reverts.ContractRevert` with the contract's error name
and arguments) with a message in business terms.

>>> import datetime as dt, hashlib
>>> from decimal import Decimal
>>> from drex.chain import connect
>>> from drex.deploy import deploy_platform
>>> from drex.sdk import Platform
>>> chain = connect("embedded")
>>> platform = Platform.from_manifest(chain, deploy_platform(chain), signer=chain.account("BCB"))
>>> rd = platform.reference_data
>>> day = rd.today() - dt.timedelta(days=1)
>>> payload = hashlib.sha256(b'[{"data": "...", "valor": "0.055131"}]').digest()
>>> votes = [rd.sign_vote(chain.account(f"ORACLE_{i}"), "SELIC", day, Decimal("0.055131"), payload,
...                       chain.timestamp()) for i in (1, 2, 3)]
>>> published = rd.publish(votes)
>>> rd.latest("SELIC").value, rd.latest("SELIC").signers
(Decimal('0.055131'), 3)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from hexbytes import HexBytes

from drex.chain.reverts import ContractRevert
from drex.reference import (
    MessageSigner,
    ReferenceDataError,
    SeriesSpec,
    contract_config,
    day_number,
    from_day_number,
    from_units,
    recover_observation,
    series_id,
    series_spec,
    sign_observation,
    to_units,
)
from drex.sdk.display import BRASILIA
from drex.sdk.logs import get_logs
from drex.sdk.platform import ContractClient, ManifestDirectory, Platform
from drex.sdk.tx import TxResult
from drex.sdk.values import to_address

#: Registry (and artifact) name of the contract.
CONTRACT = "ReferenceData"


class ReferenceDataRevert(ContractRevert):
    """ReferenceData refused a call; ``error_name`` and ``args`` are the contract's, the message says why in
    business terms (series, dates, values in the series' unit)."""

    def __init__(self, revert: ContractRevert, text: str):
        super().__init__(revert.error_name, revert.args, revert.message, revert.data)
        self.text = text

    def __str__(self) -> str:
        return self.text


class StaleReferenceData(ReferenceDataRevert):
    """The series' latest round is older than allowed (``StaleRound``), or it has none (``NoRound``):
    ``series``, ``reference_date`` (None without a round), ``age`` and ``max_age`` in the series' cadence
    units (business days for a daily series, months for a monthly one)."""

    def __init__(
        self,
        revert: ContractRevert,
        text: str,
        *,
        series: str,
        reference_date: dt.date | None,
        age: int | None,
        max_age: int | None,
    ):
        super().__init__(revert, text)
        self.series = series
        self.reference_date = reference_date
        self.age = age
        self.max_age = max_age


@dataclass(frozen=True)
class RoundInfo:
    """A published round, decoded: value in the series' unit, observation and publication times."""

    series: str
    reference_date: dt.date
    value: Decimal
    observed_at: dt.datetime
    published_at: dt.datetime
    source_hash: bytes
    config_version: int
    signers: int
    amendments: int


@dataclass(frozen=True)
class ReporterSet:
    """The reporter configuration in force: reporters in index order, f, the quorums, its version."""

    reporters: tuple[str, ...]
    fault_tolerance: int
    quorum: int
    amendment_quorum: int
    version: int


@dataclass(frozen=True)
class SignedVote:
    """One reporter's signed observation of a series on a reference date (what ``report``/``publish`` relay).

    ``observed_at`` is unix seconds; ``signature`` covers the observation for ``config_version`` on one
    chain and contract. :meth:`as_dict` / :meth:`from_dict` give a JSON-ready form (file drops, journals).
    """

    series: str
    reference_date: dt.date
    value: Decimal
    source_hash: bytes
    observed_at: int
    config_version: int
    reporter: str
    signature: bytes

    def as_dict(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "reference_date": self.reference_date.isoformat(),
            "value": str(self.value),
            "source_hash": "0x" + self.source_hash.hex(),
            "observed_at": self.observed_at,
            "config_version": self.config_version,
            "reporter": self.reporter,
            "signature": "0x" + self.signature.hex(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignedVote:
        """The vote :meth:`as_dict` wrote; :class:`~drex.reference.ReferenceDataError` when malformed."""
        try:
            return cls(
                series=str(data["series"]),
                reference_date=dt.date.fromisoformat(str(data["reference_date"])),
                value=Decimal(str(data["value"])),
                source_hash=bytes(HexBytes(str(data["source_hash"]))),
                observed_at=int(data["observed_at"]),
                config_version=int(data["config_version"]),
                reporter=str(to_address(data["reporter"], "reporter")),
                signature=bytes(HexBytes(str(data["signature"]))),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise ReferenceDataError(f"malformed signed vote {data!r}: {exc}") from None

    @property
    def content(self) -> tuple[str, dt.date, Decimal, bytes, int]:
        """What a quorum must agree on: (series, reference date, value, source hash, config version)."""
        return (self.series, self.reference_date, self.value, self.source_hash, self.config_version)


@dataclass(frozen=True)
class RecordedVote:
    """A reporter's vote stored on chain by ``report`` (current configuration version)."""

    series: str
    reference_date: dt.date
    reporter: str
    value: Decimal
    source_hash: bytes
    observed_at: int
    config_version: int


@dataclass(frozen=True)
class Disagreement:
    """A ``Disagreement`` the contract recorded: ``reporter`` voted ``value`` for a round on which another
    vote (or the published round) says ``other_value``; both in the series' unit."""

    series: str
    reference_date: dt.date
    reporter: str
    value: Decimal
    source_hash: bytes
    other_value: Decimal
    other_source_hash: bytes
    block: int
    tx: str


def _vote_text(vote: SignedVote) -> str:
    return (
        f"{vote.reporter} signed {vote.series} {vote.reference_date} = {vote.value} "
        f"(source 0x{vote.source_hash.hex()[:12]}…, version {vote.config_version})"
    )


def _moment(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(timestamp), BRASILIA)


class ReferenceData(ContractClient):
    """The ReferenceData contract of a :class:`~drex.sdk.platform.Platform` (``platform.reference_data``)."""

    def __init__(self, platform: Platform):
        super().__init__(platform, CONTRACT)
        self._first_block: int | None = None

    # ------------------------------------------------------------------ catalogue
    def spec(self, series: str) -> SeriesSpec:
        """The catalogue spec of ``series`` (a fixed series or ``TPFT_PU:<id>``)."""
        return series_spec(series)

    def series(self) -> list[str]:
        """The configured series whose names the catalogue knows, in configuration order (``TPFT_PU:<id>``
        series, whose ids cannot be read back into a TPFt id, are left out)."""
        from drex.reference import SERIES

        names = {series_id(name): name for name in SERIES}
        return [names[bytes(i)] for i in self._call(self.contract.functions.seriesIds()) if bytes(i) in names]

    def series_config(self, series: str) -> tuple[int, int, int, int, int, bool, int]:
        """The contract's configuration of ``series``, as :func:`drex.reference.contract_config` writes it:
        (decimals, cadence, minValue, maxValue, maxMove, active, leadDays), scaled integers."""
        raw = self._call(self.contract.functions.seriesConfig(self.spec(series).id))
        decimals, cadence, low, high, move, active, lead = raw
        return (int(decimals), int(cadence), int(low), int(high), int(move), bool(active), int(lead))

    # ---------------------------------------------------------------------- reads
    def latest(self, series: str) -> RoundInfo | None:
        """The latest round of ``series``, or None when it has none."""
        spec = self.spec(series)
        try:
            return self._round(spec, self._call(self.contract.functions.latest(spec.id)))
        except ContractRevert as exc:
            if exc.error_name == "NoRound":
                return None
            raise self._explain(exc, spec) from None

    def latest_fresh(self, series: str, max_age: int) -> RoundInfo:
        """The latest round of ``series`` if its age is at most ``max_age`` business days (daily series) or
        months (monthly); :class:`StaleReferenceData` otherwise (and when the series has no round)."""
        spec = self.spec(series)
        try:
            return self._round(spec, self._call(self.contract.functions.latestFresh(spec.id, int(max_age))))
        except ContractRevert as exc:
            raise self._explain(exc, spec) from None

    def round_at(self, series: str, day: dt.date) -> RoundInfo | None:
        """The round of ``series`` on reference date ``day``, or None."""
        spec = self.spec(series)
        try:
            raw = self._call(self.contract.functions.roundAt(spec.id, day_number(day)))
        except ContractRevert as exc:
            if exc.error_name == "NoRoundAt":
                return None
            raise self._explain(exc, spec) from None
        return self._round(spec, raw)

    def rounds(
        self, series: str, start: dt.date, end: dt.date, *, from_block: int | None = None
    ) -> list[RoundInfo]:
        """The rounds of ``series`` with ``start <= reference date <= end``, in date order, with their final
        values (amendments applied): the dates come from the ``RoundPublished`` logs (read from
        ``from_block``, by default the contract's deployment block when the manifest gives it, through
        :func:`drex.sdk.logs.get_logs`), each round from the contract."""
        spec = self.spec(series)
        first, last = day_number(start), day_number(end)
        events = self._series_events("RoundPublished", spec, from_block)
        days = sorted({int(args["referenceDate"]) for args, _ in events})
        out = []
        for number in days:
            if first <= number <= last:
                found = self.round_at(series, from_day_number(number))
                if found is not None:
                    out.append(found)
        return out

    def disagreements(self, series: str, *, from_block: int | None = None) -> list[Disagreement]:
        """Every ``Disagreement`` recorded on ``series``, in chain order (logs from ``from_block``, by
        default the contract's deployment block when the manifest gives it)."""
        spec = self.spec(series)
        out = []
        for args, log in self._series_events("Disagreement", spec, from_block):
            out.append(
                Disagreement(
                    series,
                    from_day_number(int(args["referenceDate"])),
                    to_address(args["reporter"]),
                    from_units(spec, int(args["value"])),
                    bytes(args["sourceHash"]),
                    from_units(spec, int(args["otherValue"])),
                    bytes(args["otherSourceHash"]),
                    int(log["blockNumber"]),
                    HexBytes(log["transactionHash"]).to_0x_hex(),
                )
            )
        return out

    def _series_events(self, name: str, spec: SeriesSpec, from_block: int | None) -> list[tuple[Any, Any]]:
        """(decoded arguments, raw log) of every ``name`` event of series ``spec`` (its first indexed
        topic), from ``from_block`` (default: the deployment block) to the head, in chain order."""
        event = getattr(self.contract.events, name)()
        logs = get_logs(
            self.platform.chain.w3,
            [self.address],
            [HexBytes(event.topic).to_0x_hex(), "0x" + spec.id.hex()],
            self._deployment_block() if from_block is None else from_block,
            self.platform.block_number(),
        )
        return [(event.process_log(log)["args"], log) for log in logs]

    def age(self, series: str) -> int:
        """Age of the latest round of ``series`` in business days (daily) or months (monthly);
        :class:`StaleReferenceData` when the series has no round."""
        spec = self.spec(series)
        try:
            return int(self._call(self.contract.functions.ageOf(spec.id)))
        except ContractRevert as exc:
            raise self._explain(exc, spec) from None

    def reporter_set(self) -> ReporterSet:
        """The reporter configuration in force (version 0: none yet)."""
        reporters, f, quorum, amendment, version = self._call(self.contract.functions.reporters())
        return ReporterSet(
            tuple(to_address(r) for r in reporters), int(f), int(quorum), int(amendment), int(version)
        )

    def config_version(self) -> int:
        """The current reporter configuration's version (0: none yet)."""
        return int(self._call(self.contract.functions.configVersion()))

    def vote_of(self, series: str, day: dt.date, reporter: str) -> RecordedVote | None:
        """The vote ``reporter`` stored with ``report`` for ``series`` on ``day`` in the current
        configuration version, or None."""
        spec = self.spec(series)
        who = to_address(reporter, "reporter")
        voted, value, source_hash, observed_at = self._call(
            self.contract.functions.voteOf(spec.id, day_number(day), who)
        )
        if not voted:
            return None
        return RecordedVote(
            spec.name,
            day,
            who,
            from_units(spec, int(value)),
            bytes(source_hash),
            int(observed_at),
            self.config_version(),
        )

    def today(self) -> dt.date:
        """Today in Brasília by the chain's clock (the contract's ``today()``)."""
        return from_day_number(int(self._call(self.contract.functions.today())))

    def is_business_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a business day for the contract (no weekend, no holiday it was given)."""
        return bool(self._call(self.contract.functions.isBusinessDay(day_number(day))))

    # -------------------------------------------------------------------- signing
    def _fields(
        self, spec: SeriesSpec, day: dt.date, units: int, source_hash: bytes, observed_at: int, version: int
    ) -> dict[str, Any]:
        return {
            "chain_id": self.platform.chain.chain_id,
            "contract": self.address,
            "series_id": spec.id,
            "reference_date": day_number(day),
            "value": units,
            "source_hash": source_hash,
            "observed_at": int(observed_at),
            "config_version": version,
        }

    def sign_vote(
        self,
        signer: MessageSigner,
        series: str,
        day: dt.date,
        value: Decimal,
        source_hash: bytes,
        observed_at: int,
        *,
        config_version: int | None = None,
    ) -> SignedVote:
        """``signer``'s EIP-712 vote that ``series`` was ``value`` on ``day`` (read at ``observed_at``, unix
        seconds, from a payload whose SHA-256 is ``source_hash``), for this chain, this contract and the
        current configuration version (or ``config_version``). Nothing is sent."""
        spec = self.spec(series)
        units = to_units(spec, value)
        if not isinstance(source_hash, bytes | bytearray) or len(source_hash) != 32:
            raise ReferenceDataError(
                f"{spec.name}: the source hash must be 32 bytes (SHA-256), got {source_hash!r}"
            )
        version = self.config_version() if config_version is None else int(config_version)
        fields = self._fields(spec, day, units, bytes(source_hash), observed_at, version)
        signature = sign_observation(signer, **fields)
        return SignedVote(
            spec.name,
            day,
            from_units(spec, units),
            bytes(source_hash),
            int(observed_at),
            version,
            to_address(signer.address),
            signature,
        )

    def signer_of(self, vote: SignedVote) -> str:
        """The address that made ``vote``'s signature for this chain and contract (equal to
        ``vote.reporter`` for a genuine vote)."""
        spec = self.spec(vote.series)
        fields = self._fields(
            spec,
            vote.reference_date,
            to_units(spec, vote.value),
            vote.source_hash,
            vote.observed_at,
            vote.config_version,
        )
        return recover_observation(vote.signature, **fields)

    def digest(self, vote: SignedVote) -> bytes:
        """The contract's own EIP-712 digest of ``vote`` (``observationDigest``, current version)."""
        spec = self.spec(vote.series)
        fn = self.contract.functions.observationDigest(
            spec.id,
            day_number(vote.reference_date),
            to_units(spec, vote.value),
            vote.source_hash,
            vote.observed_at,
        )
        return bytes(self._call(fn))

    # ------------------------------------------------------------------ relaying
    def report(self, vote: SignedVote) -> TxResult:
        """Store one reporter's vote on chain (any signer may relay it); publishes the round when the
        identical stored votes reach the quorum. It never amends: a vote against a published round with
        another value is only recorded as a ``Disagreement`` (a correction goes through :meth:`publish`)."""
        spec = self.spec(vote.series)
        fn = self.contract.functions.report(
            spec.id,
            day_number(vote.reference_date),
            to_units(spec, vote.value),
            vote.source_hash,
            (vote.observed_at, vote.signature),
        )
        return self._write(fn, spec, vote.reference_date)

    def publish(self, votes: Sequence[SignedVote]) -> TxResult:
        """Publish (or amend) a round with a quorum of votes on identical content, gathered off chain. An
        amendment needs the amendment quorum of votes all observed after the round's last publication."""
        if not votes:
            raise ReferenceDataError("publish needs at least one signed vote")
        content = votes[0].content
        for vote in votes[1:]:
            if vote.content != content:
                raise ReferenceDataError(
                    f"the votes disagree: {_vote_text(vote)} and {_vote_text(votes[0])}; a round needs "
                    "identical content (series, date, value, source hash, configuration version)"
                )
        first = votes[0]
        spec = self.spec(first.series)
        fn = self.contract.functions.publish(
            spec.id,
            day_number(first.reference_date),
            to_units(spec, first.value),
            first.source_hash,
            [(v.observed_at, v.signature) for v in votes],
        )
        return self._write(fn, spec, first.reference_date)

    # ------------------------------------------------------------- administration
    def configure_series(self, spec: SeriesSpec | str, *, active: bool = True) -> TxResult:
        """Configure ``spec`` (a spec or a series name) on chain with its catalogue bounds and move (BCB)."""
        found = self.spec(spec) if isinstance(spec, str) else spec
        return self._write(
            self.contract.functions.configureSeries(found.id, contract_config(found, active=active)), found
        )

    def configure_reporters(
        self, reporters: Sequence[str], fault_tolerance: int, amendment_quorum: int
    ) -> TxResult:
        """Set a new reporter configuration (BCB): n = len(reporters) > 3f, quorum (n + f) // 2 + 1 <
        amendment quorum <= n. Every signature made for the previous version stops counting."""
        addresses = [to_address(r, "reporter") for r in reporters]
        return self._write(
            self.contract.functions.configureReporters(addresses, int(fault_tolerance), int(amendment_quorum))
        )

    def set_holidays(self, days: Sequence[dt.date], holiday: bool = True) -> TxResult:
        """Mark (or unmark) national holidays (BCB), used by the business-day age of daily series."""
        return self._write(self.contract.functions.setHolidays(sorted(day_number(d) for d in days), holiday))

    # ----------------------------------------------------------------- internals
    def _round(self, spec: SeriesSpec, raw: Any) -> RoundInfo:
        value, reference_date, observed_at, published_at, source_hash, version, signers, amendments = raw
        return RoundInfo(
            series=spec.name,
            reference_date=from_day_number(int(reference_date)),
            value=from_units(spec, int(value)),
            observed_at=_moment(observed_at),
            published_at=_moment(published_at),
            source_hash=bytes(source_hash),
            config_version=int(version),
            signers=int(signers),
            amendments=int(amendments),
        )

    def _deployment_block(self) -> int:
        if self._first_block is None:
            self._first_block = 0
            directory = self.platform.directory
            if isinstance(directory, ManifestDirectory):
                tx = directory.manifest.contracts.get(CONTRACT, {}).get("tx")
                if tx:
                    receipt = self.platform.chain.w3.eth.get_transaction_receipt(cast(Any, tx))
                    self._first_block = int(receipt["blockNumber"])
        return self._first_block

    def _write(self, fn: Any, spec: SeriesSpec | None = None, day: dt.date | None = None) -> TxResult:
        try:
            return self._send(fn)
        except ContractRevert as exc:
            raise self._explain(exc, spec, day) from None

    def _explain(
        self, exc: ContractRevert, spec: SeriesSpec | None, day: dt.date | None = None
    ) -> ContractRevert:
        from drex.sdk.reference_wording import explain

        return explain(exc, spec, day)
