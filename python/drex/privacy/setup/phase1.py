"""Phase 1 of the ceremony: a local powers of tau, prepared for phase 2, cached by power.

``powersoftau new`` on BN254, one contribution per name (each with 64 bytes of ``os.urandom`` entropy,
which snarkjs mixes with its own), a beacon, ``prepare phase2`` and ``powersoftau verify``. The beacon's
hash is 32 bytes of ``os.urandom`` with 2^10 iterations: a local stand-in for a public beacon (a future
block hash, a drand round) that nobody could have known during the contributions.

The prepared file (``pot<power>_final.ptau``, tens of MB) and its record (``pot<power>.json``) are kept in
``.drex-cache/ceremony/`` of the checkout (ignored by git); intermediate files are deleted.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from drex.privacy.setup.circuit import sha256_file
from drex.privacy.setup.errors import CeremonyError
from drex.privacy.setup.runner import run_step

#: Exponent of the beacon's iterations (2^10), as snarkjs takes it.
BEACON_ITERATIONS_EXP = 10
BEACON_NOTE = "local stand-in for a public beacon: 32 bytes of os.urandom, 2^10 iterations"
#: snarkjs' powers of tau (BN254) go up to 2^28.
MAX_POWER = 28

Progress = Callable[[str], None]


def cache_dir(root: Path) -> Path:
    """The checkout's ceremony cache (``.drex-cache/ceremony``, ignored by git)."""
    return root / ".drex-cache" / "ceremony"


def ptau_path(root: Path, power: int) -> Path:
    return cache_dir(root) / f"pot{power}_final.ptau"


def record_path(root: Path, power: int) -> Path:
    return cache_dir(root) / f"pot{power}.json"


def entropy() -> str:
    """A contribution's secret: 64 bytes of ``os.urandom`` (never a fixed string)."""
    return os.urandom(64).hex()


def beacon_hash() -> str:
    return os.urandom(32).hex()


def cached_phase1(root: Path, power: int) -> dict[str, Any] | None:
    """The record of the cached phase 1 of ``power``, or ``None`` when there is none."""
    record, ptau = record_path(root, power), ptau_path(root, power)
    if not (record.is_file() and ptau.is_file()):
        return None
    data: dict[str, Any] = json.loads(record.read_text())
    return data


class Timer:
    """Runs named steps, reporting each before it starts and recording its wall time in seconds."""

    def __init__(self, report: Progress | None = None) -> None:
        self.report = report or (lambda _msg: None)
        self.times: list[tuple[str, float]] = []

    def run(self, label: str, step: str, **args: Any) -> Any:
        self.report(f"{label}...")
        start = time.monotonic()
        result = run_step(label, step, **args)
        self.times.append((label, round(time.monotonic() - start, 1)))
        return result


def phase1(
    root: Path,
    power: int,
    contributors: Sequence[str],
    timer: Timer,
    *,
    force: bool = False,
) -> dict[str, Any]:
    """Run phase 1 for ``power`` (one contribution per name in ``contributors``) unless it is cached."""
    if not 1 <= power <= MAX_POWER:
        raise CeremonyError(f"phase 1: power {power} is outside 1..{MAX_POWER}")
    if not contributors:
        raise CeremonyError("phase 1 needs at least one contribution")
    cached = cached_phase1(root, power)
    if cached is not None and not force:
        timer.report(f"phase 1 for 2^{power} is cached in {ptau_path(root, power)}")
        return cached
    folder = cache_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    record_path(root, power).unlink(missing_ok=True)
    files = [folder / f"pot{power}_{i:04d}.ptau" for i in range(len(contributors) + 2)]
    prepared = ptau_path(root, power)
    try:
        timer.run(f"phase 1: powersoftau new (2^{power})", "ptauNew", power=power, out=files[0])
        contributions = []
        for i, name in enumerate(contributors):
            digest = timer.run(
                f"phase 1: contribution of {name}", "ptauContribute",
                **{"in": files[i]}, out=files[i + 1], name=name, entropy=entropy(),
            )  # fmt: skip
            contributions.append({"name": name, "hash": digest})
        beacon = beacon_hash()
        beacon_digest = timer.run(
            "phase 1: beacon", "ptauBeacon", **{"in": files[-2]}, out=files[-1], name="beacon",
            beaconHash=beacon, iterationsExp=BEACON_ITERATIONS_EXP,
        )  # fmt: skip
        timer.run("phase 1: prepare phase2", "ptauPrepare", **{"in": files[-1]}, out=prepared)
        timer.run("phase 1: powersoftau verify", "ptauVerify", ptau=prepared)
    except BaseException:
        prepared.unlink(missing_ok=True)
        raise
    finally:
        for f in files:
            f.unlink(missing_ok=True)
    record = {
        "power": power,
        "curve": "bn128",
        "contributions": contributions,
        "beacon": {
            "hash": beacon,
            "iterationsExp": BEACON_ITERATIONS_EXP,
            "contributionHash": beacon_digest,
            "note": BEACON_NOTE,
        },
        "preparedPtauSha256": sha256_file(prepared),
    }
    record_path(root, power).write_text(json.dumps(record, indent=1) + "\n")
    return record
