"""circomlib's Poseidon hash over the BN254 scalar field, for 1 to 5 inputs (widths t = 2..6).

The same function as circomlib's ``Poseidon(n)`` template, circomlibjs' ``poseidon`` and
poseidon-solidity's ``PoseidonT<n+1>.hash``. It is written here because no maintained Python package has
circomlib's parameters: PyPI's ``poseidon-hash`` is a reference implementation that generates an instance
from (t, security level, p, alpha) with its own scripts and ships no circomlib preset, and the Rust-backed
bindings that claim circomlib compatibility are young single-maintainer projects. The permutation below
follows circomlibjs' ``poseidon_opt.js`` (the "optimised" form from filecoin's neptune: a pre-sparse
matrix ``P`` before the partial rounds, then a sparse matrix per partial round, ``2t - 1`` products
instead of ``t²``) with the constants circomlibjs ships, extracted at build time
(:mod:`drex.privacy.crypto.constants`). tests/privacy checks it against circomlibjs for every width.

>>> poseidon(1, 2)
7853200120776062878684798364095072458815029376092732009249414926327459813530
>>> poseidon(0) == poseidon(0, 0)  # a different width is a different function
False
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from operator import mul

from drex.privacy.crypto.constants import FULL_ROUNDS, poseidon_constants
from drex.privacy.crypto.field import P
from drex.privacy.errors import PrivacyError


class _Width:
    """One width's constants, laid out for the loops below (columns of the matrices as tuples)."""

    def __init__(self, t: int) -> None:
        k = poseidon_constants(t)
        self.t = t
        self.partial_rounds = k.partial_rounds
        self.C = k.C
        # M[j][i] multiplies state j into output i: keep, per output i, the column (M[0][i], M[1][i], ...)
        self.M_cols = tuple(tuple(k.M[j][i] for j in range(t)) for i in range(t))
        self.P_cols = tuple(tuple(k.P[j][i] for j in range(t)) for i in range(t))
        stride = 2 * t - 1
        # per partial round: the row that makes the new state[0], and the column added to state[1..t-1]
        self.S_rows = tuple(tuple(k.S[stride * r : stride * r + t]) for r in range(k.partial_rounds))
        self.S_cols = tuple(tuple(k.S[stride * r + t : stride * (r + 1)]) for r in range(k.partial_rounds))


@cache
def _width(t: int) -> _Width:
    return _Width(t)


def _permute(w: _Width, state: list[int]) -> int:
    """circomlibjs ``poseidon_opt.js``'s permutation of ``state`` (length ``t``), returning ``state[0]``.

    Sums of products are reduced once (Python integers do not overflow); ``pow(x, 5, P)`` is the S-box.
    """
    t, C, half, M = w.t, w.C, FULL_ROUNDS // 2, w.M_cols
    state = [s + c for s, c in zip(state, C[:t], strict=True)]
    for r in range(half - 1):  # the first full rounds
        base = (r + 1) * t
        state = [pow(x, 5, P) + c for x, c in zip(state, C[base : base + t], strict=True)]
        state = [sum(map(mul, col, state)) % P for col in M]
    base = half * t  # the last first full round mixes with the pre-sparse matrix
    state = [pow(x, 5, P) + c for x, c in zip(state, C[base : base + t], strict=True)]
    state = [sum(map(mul, col, state)) % P for col in w.P_cols]
    base = (half + 1) * t
    rounds = zip(w.S_rows, w.S_cols, C[base : base + w.partial_rounds], strict=True)
    for row, col, c in rounds:  # partial rounds: one S-box, a sparse matrix
        x0 = (pow(state[0], 5, P) + c) % P
        state[0] = x0
        s0 = sum(map(mul, row, state)) % P
        state = [s0, *[(s + x0 * m) % P for s, m in zip(state[1:], col, strict=True)]]
    base = (half + 1) * t + w.partial_rounds
    for r in range(half - 1):  # the last full rounds but one
        offset = base + r * t
        state = [pow(x, 5, P) + c for x, c in zip(state, C[offset : offset + t], strict=True)]
        state = [sum(map(mul, col, state)) % P for col in M]
    state = [pow(x, 5, P) for x in state]  # the last full round has no round constants
    out: int = sum(map(mul, M[0], state)) % P
    return out


def poseidon(*inputs: int) -> int:
    """Poseidon of 1 to 5 field elements (each must be below ``P``: circomlibjs would reduce them
    silently, the circuit and poseidon-solidity take them as they are, so a larger one is refused).

    >>> poseidon(0, 0)
    14744269619966411208579211824598458697587494354926760081771325075741142829156
    """
    return poseidon_many(inputs)


def poseidon_many(inputs: Sequence[int]) -> int:
    """:func:`poseidon` of a sequence."""
    n = len(inputs)
    if not 1 <= n <= 5:
        raise PrivacyError(f"Poseidon takes 1 to 5 inputs here, not {n}")
    for value in inputs:
        if not 0 <= value < P:
            raise PrivacyError(
                f"a Poseidon input must be a number below the SNARK field order p, got {value}"
            )
    return _permute(_width(n + 1), [0, *inputs])


def hash_pair(left: int, right: int) -> int:
    """``Poseidon(left, right)``: the node hash of the LeanIMTs (poseidon-solidity's ``PoseidonT3``)."""
    return poseidon_many((left, right))


__all__ = ["hash_pair", "poseidon", "poseidon_many"]
