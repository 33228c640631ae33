"""The reporter's signing journal: every vote it ever signed, on disk before the signature is used.

A reporter must never sign two different values for one round, even across a crash: two signatures on
different values for the same (series, reference date, configuration version) could both be counted by
different relayers, and the second contradicts the first on the record. So every signature goes through
:meth:`Journal.sign_once`:

1. if the journal already has an entry for the round's key (chain id, contract, configuration version,
   series, reference date), nothing is signed: the journaled vote is returned when the observation is
   identical (same value and source hash), and :class:`~drex.oracle.errors.ConflictingObservation` is
   raised when it differs (the source changed its answer, or a second source disagrees); it carries the
   journaled entry, which remains this reporter's vote;
2. otherwise the vote is signed in memory (the signature exists nowhere else yet), appended to the journal
   as one JSON line, and the file is ``fsync``'ed (and its folder, when the file was just created) BEFORE
   the signature is returned. A crash before ``fsync`` returns loses a signature nobody has seen; a crash
   after it leaves an entry that the restarted reporter finds and reuses. EIP-712 signing is
   deterministic (RFC 6979), so the same key, content and ``observedAt`` give the same signature again.

Why a file and not the project's SQLAlchemy stores: the journal has one writer (the reporter process,
which holds an exclusive ``flock`` on the file while it runs, so two processes cannot share a journal),
its records are only ever appended and never updated, and the one property that matters is the order
"durably written, then used". With an append-only file that order is two system calls in plain sight
(``write``, ``fsync``); with SQLAlchemy it would hang on the database's durability settings (SQLite's
``synchronous`` pragma and journal mode, a PostgreSQL server's ``fsync``/``synchronous_commit``), a
migration scheme and a server for what is a few hundred lines a year per series. A JSON-lines file is
also what an operator or auditor reads with any tool: one line per signature.

A write that fails (an error, a short write: a full disk, a file size limit) is undone before the error
goes up: the file is cut back to its size before the write and fsync'ed, so no fragment stays for a later
line to be appended to (a fragment plus a retried line would make one newline-terminated line holding a
used signature that the next start could not read). If cutting back or an ``fsync`` fails, the journal is
marked unusable: it signs nothing more until the reporter is restarted (and the start repairs the file).

Reading back, a last line without its newline that does not parse is a write torn by a crash: it is
ignored, moved to ``<journal>.torn`` and reported in :attr:`Journal.recovered` (its signature was never
used: ``fsync`` had not returned). A newline-terminated line that does not parse (the newline is the last
byte of a write, so a crash cannot leave one), an earlier line that does not parse, or two entries for
one key, is corruption: :class:`~drex.oracle.errors.JournalError`, and the reporter signs nothing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address

from drex.oracle.errors import ConflictingObservation, JournalError

#: Format version written in every line.
FORMAT = 1


@dataclass(frozen=True)
class JournalKey:
    """What a reporter signs at most once: one round of one series under one reporter configuration of
    one contract on one chain. ``contract`` is checksummed."""

    chain_id: int
    contract: str
    config_version: int
    series: str
    reference_date: dt.date

    def __str__(self) -> str:
        return f"{self.series} {self.reference_date.isoformat()}"


@dataclass(frozen=True)
class JournalEntry:
    """One signed vote: the key, who signed, the observation (value in the series' unit, SHA-256 of the
    source payload, observation time in Unix seconds) and the EIP-712 signature."""

    key: JournalKey
    reporter: str
    value: Decimal
    unit: str
    source_hash: bytes
    observed_at: int
    signature: bytes
    journaled_at: str

    def same_observation(self, value: Decimal, source_hash: bytes) -> bool:
        """True when ``value`` and ``source_hash`` are what this entry signed."""
        return self.value == value and self.source_hash == source_hash

    def to_json(self) -> dict[str, Any]:
        k = self.key
        return {
            "v": FORMAT,
            "chainId": k.chain_id,
            "contract": k.contract,
            "configVersion": k.config_version,
            "series": k.series,
            "referenceDate": k.reference_date.isoformat(),
            "reporter": self.reporter,
            "value": str(self.value),
            "unit": self.unit,
            "sourceHash": "0x" + self.source_hash.hex(),
            "observedAt": self.observed_at,
            "signature": "0x" + self.signature.hex(),
            "journaledAt": self.journaled_at,
        }

    @classmethod
    def from_json(cls, doc: Any) -> JournalEntry:
        """Parse one journal line's object; ValueError/KeyError/TypeError when it is not an entry."""
        if not isinstance(doc, dict) or doc.get("v") != FORMAT:
            raise ValueError(f"not a format-{FORMAT} journal entry")
        key = JournalKey(
            chain_id=_int(doc["chainId"]),
            contract=to_checksum_address(doc["contract"]),
            config_version=_int(doc["configVersion"]),
            series=_str(doc["series"]),
            reference_date=dt.date.fromisoformat(_str(doc["referenceDate"])),
        )
        try:
            value = Decimal(_str(doc["value"]))
        except InvalidOperation:
            raise ValueError(f"value {doc['value']!r} is not a number") from None
        return cls(
            key=key,
            reporter=to_checksum_address(doc["reporter"]),
            value=value,
            unit=_str(doc["unit"]),
            source_hash=_hex(doc["sourceHash"], 32),
            observed_at=_int(doc["observedAt"]),
            signature=_hex(doc["signature"], 65),
            journaled_at=_str(doc["journaledAt"]),
        )


def _int(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise TypeError(f"expected an integer, got {x!r}")
    return x


def _str(x: Any) -> str:
    if not isinstance(x, str):
        raise TypeError(f"expected a string, got {x!r}")
    return x


def _hex(x: Any, size: int) -> bytes:
    text = _str(x)
    if not text.startswith("0x"):
        raise ValueError(f"expected 0x-hex, got {text!r}")
    data = bytes.fromhex(text[2:])
    if len(data) != size:
        raise ValueError(f"expected {size} bytes, got {len(data)}")
    return data


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Journal:
    """A reporter's append-only signing journal at ``path`` (JSON lines), opened for writing.

    Opening loads every entry, recovers from a torn last line (see the module docstring) and takes an
    exclusive lock on the file (:class:`JournalError` when another process holds it). ``reporter``, when
    given, must be the signer of every entry: a journal belongs to one reporter. The folder must exist.
    Use as a context manager or call :meth:`close`.
    """

    #: The system call that appends (``os.write``); a test may put a failing writer here.
    _os_write: Callable[[int, memoryview], int] = staticmethod(os.write)

    def __init__(self, path: str | Path, reporter: str | None = None):
        self.path = Path(path)
        self.reporter = to_checksum_address(reporter) if reporter else None
        self.recovered: list[str] = []
        """What opening had to repair (a torn last line), for the reporter to report."""
        self._entries: dict[JournalKey, JournalEntry] = {}
        self._unusable: str | None = None
        folder = self.path.parent
        if not folder.is_dir():
            raise JournalError(
                f"journal folder {folder} does not exist (create it, or choose another --journal)"
            )
        created = not self.path.exists()
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            raise JournalError(f"cannot open journal {self.path}: {exc.strerror}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            raise JournalError(
                f"journal {self.path} is in use by another process (one reporter process per journal)"
            ) from None
        try:
            if created:
                os.fsync(self._fd)
                _fsync_dir(folder)
            self._load()
        except BaseException:
            self.close()
            raise

    # ----------------------------------------------------------------- reading
    def _load(self) -> None:
        with open(self.path, "rb") as f:
            data = f.read()
        lines = data.split(b"\n")
        tail = lines.pop()  # b"" when the file ends with a newline, else an unterminated last line
        if tail:
            lines.append(tail)
        good_end = 0  # byte offset just after the last good line
        for number, raw in enumerate(lines, start=1):
            unterminated = bool(tail) and number == len(lines)
            try:
                entry = JournalEntry.from_json(json.loads(raw))
            except (ValueError, KeyError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
                if unterminated:
                    self._drop_torn(data[good_end:], number)
                    return
                raise JournalError(
                    f"journal {self.path} is corrupt at line {number} of {len(lines)} ({exc}); the reporter "
                    "signs nothing until it is repaired"
                ) from None
            self._check_entry(entry, number)
            self._entries[entry.key] = entry
            good_end += len(raw) + 1
        if tail and lines:  # a complete entry whose newline was not written: finish the line
            self._write(b"\n")

    def _check_entry(self, entry: JournalEntry, number: int) -> None:
        if self.reporter is not None and entry.reporter != self.reporter:
            raise JournalError(
                f"journal {self.path} line {number} was signed by {entry.reporter}, not by this reporter "
                f"{self.reporter}: one journal per reporter"
            )
        if entry.key in self._entries:
            raise JournalError(
                f"journal {self.path} is corrupt: line {number} is a second entry for {entry.key} "
                f"(chain {entry.key.chain_id}, configuration version {entry.key.config_version})"
            )

    def _drop_torn(self, fragment: bytes, number: int) -> None:
        """Move an unusable last line to ``<journal>.torn`` and cut it off the journal."""
        torn = self.path.with_name(self.path.name + ".torn")
        with open(torn, "ab") as f:
            f.write(fragment if fragment.endswith(b"\n") else fragment + b"\n")
            f.flush()
            os.fsync(f.fileno())
        os.ftruncate(self._fd, os.fstat(self._fd).st_size - len(fragment))
        os.fsync(self._fd)
        self.recovered.append(
            f"journal {self.path}: ignored a torn last line {number} ({len(fragment)} bytes, written when a "
            f"crash interrupted it; its signature was never used), kept in {torn}"
        )

    # ----------------------------------------------------------------- writing
    def _write(self, data: bytes) -> None:
        """Append ``data`` and fsync; on any failure cut the file back to its size before and fsync it
        (marking the journal unusable when that fails too), then let the error go up."""
        if self._unusable is not None:
            raise JournalError(self._unusable)
        size = os.fstat(self._fd).st_size
        try:
            view = memoryview(data)
            while view:
                written = self._os_write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except BaseException as exc:
            try:
                os.ftruncate(self._fd, size)
                os.fsync(self._fd)
            except OSError as again:
                self._unusable = (
                    f"journal {self.path}: a write failed ({exc}) and cutting it back failed too "
                    f"({again.strerror}); the reporter signs nothing more until it is restarted"
                )
            raise

    def append(self, entry: JournalEntry) -> None:
        """Append ``entry`` durably (written and fsync'ed when this returns). Refuses a second entry for a
        key; use :meth:`sign_once` rather than this."""
        if self._fd < 0:
            raise JournalError(f"journal {self.path} is closed")
        if entry.key in self._entries:
            raise JournalError(f"journal {self.path} already has an entry for {entry.key}")
        if self.reporter is not None and entry.reporter != self.reporter:
            raise JournalError(f"entry signed by {entry.reporter}, journal of {self.reporter}")
        line = json.dumps(entry.to_json(), separators=(",", ":"), sort_keys=True) + "\n"
        self._write(line.encode())
        self._entries[entry.key] = entry

    def sign_once(
        self,
        key: JournalKey,
        value: Decimal,
        source_hash: bytes,
        sign: Callable[[int], bytes],
        *,
        reporter: str,
        observed_at: int,
        unit: str = "",
    ) -> JournalEntry:
        """This reporter's vote for ``key``: the journaled one, or a new one signed and journaled now.

        ``sign(observed_at)`` returns the EIP-712 signature of (key, ``value``, ``source_hash``,
        ``observed_at``); it is called only when the journal has no entry for ``key``, and its signature
        is returned only after the entry is on disk. With an entry for ``key``: returned as is when
        ``value`` and ``source_hash`` match it, else :class:`ConflictingObservation` (carrying it).
        """
        found = self._entries.get(key)
        if found is not None:
            if found.same_observation(value, source_hash):
                return found
            raise ConflictingObservation(
                _conflict_message(found, value, source_hash, unit, self.path), found, value, source_hash
            )
        if self._unusable is not None:
            raise JournalError(self._unusable)
        signature = sign(observed_at)
        entry = JournalEntry(
            key=key,
            reporter=to_checksum_address(reporter),
            value=value,
            unit=unit,
            source_hash=bytes(source_hash),
            observed_at=observed_at,
            signature=bytes(signature),
            journaled_at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        )
        self.append(entry)
        return entry

    # ----------------------------------------------------------------- access
    def get(self, key: JournalKey) -> JournalEntry | None:
        """The journaled vote for ``key``, if any."""
        return self._entries.get(key)

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def close(self) -> None:
        """Release the lock and the file (idempotent)."""
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = -1

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _conflict_message(found: JournalEntry, value: Decimal, source_hash: bytes, unit: str, path: Path) -> str:
    unit = unit or found.unit
    now = f"{value} {unit}".strip()
    signed = f"{found.value} {found.unit or unit}".strip()
    what = (
        f"the source now says {now} but this reporter already signed {signed}"
        if value != found.value
        else f"the source's payload changed (sha256 {source_hash.hex()[:12]}… instead of "
        f"{found.source_hash.hex()[:12]}…) for the same value {signed} this reporter already signed"
    )
    return (
        f"{found.key.series} {found.key.reference_date.isoformat()}: {what} (journal {path}); a reporter "
        "never signs a second observation for a round: its journaled vote stands"
    )


__all__ = ["Journal", "JournalEntry", "JournalKey"]
