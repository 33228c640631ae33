"""The reporter's signing journal: one signature per round, durable before use, torn last line recovered,
earlier corruption refused, one process and one reporter per journal."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from eth_utils import to_checksum_address

from drex.oracle import ConflictingObservation, JournalError
from drex.oracle.journal import Journal, JournalEntry, JournalKey

CONTRACT = "0x" + "ab" * 20
REPORTER = "0x" + "cd" * 20
OTHER = "0x" + "ef" * 20
DAY = dt.date(2024, 5, 6)
HASH_A, HASH_B = bytes([1]) * 32, bytes([2]) * 32


def key(day: dt.date = DAY, series: str = "SELIC", version: int = 1) -> JournalKey:
    return JournalKey(381660001, to_checksum_address(CONTRACT), version, series, day)


class Signer:
    """Counts the signatures it makes; each is 65 bytes derived from the observation time."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, observed_at: int) -> bytes:
        self.calls.append(observed_at)
        return observed_at.to_bytes(65, "big")


def sign(
    j: Journal, k: JournalKey, value: str, h: bytes, signer: Signer, at: int = 1_700_000_000
) -> JournalEntry:
    return j.sign_once(k, Decimal(value), h, signer, reporter=REPORTER, observed_at=at, unit="% a.d.")


def test_signs_once_and_reuses_the_journaled_vote_after_reopening(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        first = sign(j, key(), "0.040168", HASH_A, signer)
        assert sign(j, key(), "0.040168", HASH_A, signer, at=1_800_000_000) == first
        other_day = sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)
    assert signer.calls == [1_700_000_000, 1_700_000_000] and other_day.key != first.key
    with Journal(path, REPORTER) as j:
        assert len(j) == 2 and j.recovered == []
        again = sign(j, key(), "0.040168", HASH_A, signer, at=1_900_000_000)
    assert again == first and again.observed_at == 1_700_000_000 and len(signer.calls) == 2
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["value"] == "0.040168"
    assert json.loads(lines[0])["signature"] == "0x" + first.signature.hex()


def test_a_different_observation_is_refused_naming_both_values(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        first = sign(j, key(), "0.040168", HASH_A, signer)
        size = path.stat().st_size
        with pytest.raises(ConflictingObservation) as raised:
            sign(j, key(), "0.041000", HASH_B, signer)
        message = str(raised.value)
        assert "SELIC 2024-05-06" in message and "0.041000 % a.d." in message and "0.040168 % a.d." in message
        assert raised.value.journaled == first and raised.value.value == Decimal("0.041000")
        with pytest.raises(ConflictingObservation, match="payload changed"):
            sign(j, key(), "0.040168", HASH_B, signer)
        # another configuration version is another round key: it may be signed
        sign(j, key(version=2), "0.041000", HASH_B, signer)
    assert len(signer.calls) == 2 and path.stat().st_size > size
    assert len(path.read_text().splitlines()) == 2


def test_the_line_is_written_and_fsynced_before_the_signature_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, events = tmp_path / "journal.jsonl", []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append(("fsync", path.read_text().count("\n")))
        real_fsync(fd)

    with Journal(path, REPORTER) as j:
        monkeypatch.setattr(os, "fsync", fsync)

        def signer(at: int) -> bytes:
            events.append(("sign", path.read_text().count("\n")))
            return bytes(65)

        j.sign_once(key(), Decimal("1"), HASH_A, signer, reporter=REPORTER, observed_at=1)
        events.append(("returned", path.read_text().count("\n")))
    assert events == [("sign", 0), ("fsync", 1), ("returned", 1)]


def test_a_new_journal_fsyncs_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    Journal(tmp_path / "journal.jsonl").close()
    assert str(tmp_path) in synced and str(tmp_path / "journal.jsonl") in synced
    synced.clear()
    Journal(tmp_path / "journal.jsonl").close()
    assert synced == []  # an existing journal: nothing to make durable


def test_a_torn_last_line_is_ignored_reported_and_kept_aside(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        sign(j, key(), "0.040168", HASH_A, signer)
        sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)
    whole = path.read_bytes()
    first_line = whole.split(b"\n")[0] + b"\n"
    path.write_bytes(whole[: len(whole) - 40])  # the second write interrupted 40 bytes before its end
    with Journal(path, REPORTER) as j:
        assert len(j) == 1 and j.get(key(DAY + dt.timedelta(days=1))) is None
        assert len(j.recovered) == 1 and "torn last line 2" in j.recovered[0]
        assert path.read_bytes() == first_line
        assert (tmp_path / "journal.jsonl.torn").read_bytes() == whole[
            len(first_line) : len(whole) - 40
        ] + b"\n"
        # the round of the torn line was never used: it may be signed now, even with another value
        sign(j, key(DAY + dt.timedelta(days=1)), "0.041000", HASH_B, signer)
    with Journal(path, REPORTER) as j:
        assert len(j) == 2 and j.recovered == []
        assert j.get(key(DAY + dt.timedelta(days=1))).value == Decimal("0.041000")  # type: ignore[union-attr]


def test_a_complete_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        first = sign(j, key(), "0.040168", HASH_A, signer)
    path.write_bytes(path.read_bytes()[:-1])
    with Journal(path, REPORTER) as j:
        assert j.get(key()) == first and j.recovered == []
        sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)
    assert [json.loads(x)["referenceDate"] for x in path.read_text().splitlines()] == [
        "2024-05-06",
        "2024-05-07",
    ]


def test_corruption_before_the_last_line_is_an_error(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        for n in range(3):
            sign(j, key(DAY + dt.timedelta(days=n)), "0.040168", HASH_A, signer)
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([lines[0], lines[1][:30], *lines[2:]]))
    with pytest.raises(JournalError, match="corrupt at line 2 of 3"):
        Journal(path, REPORTER)
    path.write_bytes(b"\n".join([lines[0], lines[0], *lines[2:]]))
    with pytest.raises(JournalError, match="second entry for SELIC 2024-05-06"):
        Journal(path, REPORTER)


def test_one_reporter_and_one_process_per_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    with Journal(path, REPORTER) as j:
        sign(j, key(), "0.040168", HASH_A, Signer())
        with pytest.raises(JournalError, match="in use by another process"):
            Journal(path, REPORTER)
    with pytest.raises(JournalError, match="not by this reporter"):
        Journal(path, OTHER)
    with pytest.raises(JournalError, match="folder .* does not exist"):
        Journal(tmp_path / "missing" / "journal.jsonl", REPORTER)
