"""Poseidon's round constants: extracted from circomlibjs at build time, loaded from package data.

circomlibjs ships the constants of circomlib's Poseidon for every width (``poseidon_constants_opt.json``,
the form of the "optimised" permutation, from filecoin's neptune, that circomlib's ``poseidon.circom``
also uses). Only widths t = 2..6 (1 to 5 inputs) are needed. :func:`write_poseidon_constants` copies them
into the artifacts folder as ``privacy/poseidon_constants.json`` during ``drex build`` (and so into the
wheel); :func:`poseidon_constants` reads that file on first use, never ``node_modules``, which an
installed package does not have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from drex.privacy.errors import PrivacyError

#: Where the constants are, relative to the artifacts folder.
CONSTANTS_FILE = "privacy/poseidon_constants.json"
#: circomlibjs' file of the optimised constants, relative to the checkout.
CIRCOMLIBJS_FILE = Path("node_modules") / "circomlibjs" / "src" / "poseidon_constants_opt.json"
#: The widths drex uses: t = inputs + 1.
WIDTHS = range(2, 7)
#: circomlib's full rounds (all widths) and partial rounds (by width, from t = 2), as in poseidon.circom.
FULL_ROUNDS = 8
PARTIAL_ROUNDS = (56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68)


@dataclass(frozen=True)
class WidthConstants:
    """The constants of one width ``t``: round constants ``C``, sparse matrices ``S``, the MDS matrix
    ``M`` and the pre-sparse matrix ``P`` (circomlibjs' names; ``M[j][i]`` multiplies state ``j`` into
    output ``i``)."""

    t: int
    partial_rounds: int
    C: tuple[int, ...]
    S: tuple[int, ...]
    M: tuple[tuple[int, ...], ...]
    P: tuple[tuple[int, ...], ...]


def write_poseidon_constants(root: Path, out_dir: Path) -> Path:
    """Extract widths 2..6 from the checkout ``root``'s circomlibjs into ``out_dir/privacy/`` and return
    the file written (left untouched when its content is already the same)."""
    source = root / CIRCOMLIBJS_FILE
    if not source.is_file():
        raise PrivacyError(f"circomlibjs is not installed ({source} is missing): run scripts/bootstrap.sh")
    raw = json.loads(source.read_text())
    version = json.loads((source.parent.parent / "package.json").read_text())["version"]
    data = {
        "source": f"circomlibjs {version} src/{source.name}",
        "fullRounds": FULL_ROUNDS,
        "widths": {
            str(t): {
                "partialRounds": PARTIAL_ROUNDS[t - 2],
                "C": raw["C"][t - 2],
                "S": raw["S"][t - 2],
                "M": raw["M"][t - 2],
                "P": raw["P"][t - 2],
            }
            for t in WIDTHS
        },
    }
    text = json.dumps(data, indent=0, sort_keys=True)
    target = out_dir / CONSTANTS_FILE
    if target.is_file() and target.read_text() == text:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.tmp")
    tmp.write_text(text)
    tmp.replace(target)
    return target


def _ints(values: list[Any]) -> tuple[int, ...]:
    return tuple(int(v, 0) for v in values)


@cache
def _package_data() -> dict[str, Any]:
    from drex.build.artifacts import load_data

    data: dict[str, Any] = load_data(CONSTANTS_FILE)
    return data


@cache
def poseidon_constants(t: int) -> WidthConstants:
    """The constants of width ``t`` (2..6), read from the package data on first use."""
    if t not in WIDTHS:
        raise PrivacyError(f"Poseidon takes 1 to 5 inputs here, not {t - 1}")
    data = _package_data()
    if data.get("fullRounds") != FULL_ROUNDS:
        raise PrivacyError(
            f"{CONSTANTS_FILE} is not circomlib's Poseidon (full rounds {data.get('fullRounds')})"
        )
    width = data["widths"][str(t)]
    return WidthConstants(
        t=t,
        partial_rounds=int(width["partialRounds"]),
        C=_ints(width["C"]),
        S=_ints(width["S"]),
        M=tuple(_ints(row) for row in width["M"]),
        P=tuple(_ints(row) for row in width["P"]),
    )


__all__ = [
    "CONSTANTS_FILE",
    "FULL_ROUNDS",
    "PARTIAL_ROUNDS",
    "WidthConstants",
    "poseidon_constants",
    "write_poseidon_constants",
]
