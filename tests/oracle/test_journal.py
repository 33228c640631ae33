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


#: Runs in a child process: the journal's second write hits RLIMIT_FSIZE part way (a real short write,
#: then EFBIG), the write is retried without the limit, then the journal is opened again (a restart).
SHORT_WRITE = """
import datetime as dt, json, os, resource, signal, sys
from decimal import Decimal
from pathlib import Path
from drex.oracle import ConflictingObservation
from drex.oracle.journal import Journal, JournalKey

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
path, reporter = Path(sys.argv[1]), "0x" + "cd" * 20
from eth_utils import to_checksum_address
def key(day): return JournalKey(1, to_checksum_address("0x" + "ab" * 20), 1, "SELIC", day)
h = bytes([1]) * 32
out = {}
j = Journal(path, reporter)
j.sign_once(
    key(dt.date(2025, 3, 3)), Decimal("0.05"), h, lambda at: b"\\x01" * 65, reporter=reporter, observed_at=1
)
size = path.stat().st_size
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 60, hard))
k = key(dt.date(2025, 3, 4))
try:
    j.sign_once(k, Decimal("0.06"), h, lambda at: b"\\x02" * 65, reporter=reporter, observed_at=2)
    out["first"] = "returned"
except OSError as exc:
    out["first"] = exc.strerror
out["size_before"], out["size_after_failure"] = size, path.stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
used = j.sign_once(k, Decimal("0.06"), h, lambda at: b"\\x03" * 65, reporter=reporter, observed_at=3)
out["used"] = used.signature[:1].hex()
j.close()
j = Journal(path, reporter)
out["recovered"] = j.recovered
found = j.get(k)
out["after_restart"] = [str(found.value), found.signature[:1].hex()] if found else None
try:
    j.sign_once(k, Decimal("0.07"), h, lambda at: b"\\x04" * 65, reporter=reporter, observed_at=4)
    out["second_value"] = "signed"
except ConflictingObservation:
    out["second_value"] = "refused"
print(json.dumps(out))
"""


def test_a_short_write_is_cut_back_so_a_retry_and_a_restart_keep_one_vote(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", SHORT_WRITE, str(tmp_path / "journal.jsonl")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["first"] == "File too large"
    assert out["size_after_failure"] == out["size_before"]  # no fragment left behind
    assert out["used"] == "03" and out["recovered"] == []
    assert out["after_restart"] == ["0.06", "03"]  # the vote that was used survives the restart
    assert out["second_value"] == "refused"  # so no second value is ever signed for the round


def test_a_failed_write_that_cannot_be_cut_back_stops_the_signing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        sign(j, key(), "0.040168", HASH_A, signer)
        size = path.stat().st_size

        def half_then_fail(fd: int, data: memoryview) -> int:
            if len(data) > 10:
                return os.write(fd, data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        def no_truncate(fd: int, length: int) -> None:
            raise OSError(5, "Input/output error")

        j._os_write = half_then_fail
        monkeypatch.setattr(os, "ftruncate", no_truncate)
        with pytest.raises(OSError, match="No space left"):
            sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)
        assert path.stat().st_size > size  # the fragment could not be cut off...
        monkeypatch.undo()
        j._os_write = os.write
        calls = len(signer.calls)
        with pytest.raises(JournalError, match="signs nothing more until it is restarted"):
            sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)
        assert len(signer.calls) == calls  # ...so nothing more is signed
    with Journal(path, REPORTER) as j:  # the restart sets the fragment aside as a torn line
        assert len(j) == 1 and len(j.recovered) == 1 and path.stat().st_size == size
        sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)


def test_a_failed_write_is_cut_back(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        sign(j, key(), "0.040168", HASH_A, signer)
        before = path.read_bytes()

        def half_then_fail(fd: int, data: memoryview) -> int:
            if len(data) > 10:
                return os.write(fd, data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        j._os_write = half_then_fail
        with pytest.raises(OSError, match="No space left"):
            sign(j, key(DAY + dt.timedelta(days=1)), "0.040168", HASH_A, signer)
        assert path.read_bytes() == before
        j._os_write = os.write
        sign(j, key(DAY + dt.timedelta(days=1)), "0.041000", HASH_B, signer)
    with Journal(path, REPORTER) as j:
        assert len(j) == 2 and j.recovered == []
        assert j.get(key(DAY + dt.timedelta(days=1))).value == Decimal("0.041000")  # type: ignore[union-attr]


def test_a_newline_terminated_last_line_that_does_not_parse_is_corruption(tmp_path: Path) -> None:
    path, signer = tmp_path / "journal.jsonl", Signer()
    with Journal(path, REPORTER) as j:
        sign(j, key(), "0.040168", HASH_A, signer)
    whole = path.read_bytes()
    path.write_bytes(whole + whole[:50] + whole)  # a fragment and a whole line merged into one line
    with pytest.raises(JournalError, match="corrupt at line 2 of 2"):
        Journal(path, REPORTER)
