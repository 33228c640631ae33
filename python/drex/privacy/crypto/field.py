"""The BN254 scalar field, where every value of the shielded pools lives (circom's and Poseidon's field).

Elements are plain Python ``int`` in ``[0, P)``: Python's big integers are exact and fast enough for
the few thousand multiplications a hash needs, so no field library is used.

>>> P % 2**28 == 1  # 2-adicity 28: Tonelli-Shanks needs it
True
>>> reduce(-1) == P - 1
True
>>> mul(inv(7), 7)
1
"""

from __future__ import annotations

import secrets

from drex.privacy.errors import PrivacyError

#: The order of the BN254 scalar field (``SNARK_SCALAR_FIELD`` in Solidity, ``p`` in docs/privacy.md).
P = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def reduce(value: int) -> int:
    """``value`` mod ``P``, for any integer (negative ones too).

    >>> reduce(P + 5), reduce(-5) == P - 5
    (5, True)
    """
    return value % P


def is_element(value: int) -> bool:
    """Whether ``value`` is already a canonical field element (``0 <= value < P``).

    >>> is_element(P - 1), is_element(P), is_element(-1)
    (True, False, False)
    """
    return 0 <= value < P


def require_element(value: int, what: str) -> int:
    """``value`` if it is a canonical field element, else a :class:`PrivacyError` naming ``what``."""
    if not is_element(value):
        raise PrivacyError(f"{what} must be a number below the SNARK field order p, got {value}")
    return value


def add(a: int, b: int) -> int:
    """``a + b`` mod ``P``."""
    return (a + b) % P


def sub(a: int, b: int) -> int:
    """``a - b`` mod ``P``.

    >>> sub(1, 2) == P - 1
    True
    """
    return (a - b) % P


def mul(a: int, b: int) -> int:
    """``a * b`` mod ``P``."""
    return a * b % P


def inv(a: int) -> int:
    """The inverse of a non-zero ``a`` mod ``P``; :class:`ZeroDivisionError` for zero."""
    if a % P == 0:
        raise ZeroDivisionError("zero has no inverse in the SNARK field")
    return pow(a, -1, P)


def random_element(*, nonzero: bool = False) -> int:
    """A uniformly random field element from :mod:`secrets` (never zero when ``nonzero``).

    >>> 0 < random_element(nonzero=True) < P
    True
    """
    while True:
        value = secrets.randbelow(P)
        if value or not nonzero:
            return value


def from_bytes(data: bytes) -> int:
    """Big-endian bytes (e.g. a keccak256 digest) as an integer reduced mod ``P``.

    >>> from_bytes(b"\\x01\\x00")
    256
    """
    return int.from_bytes(data, "big") % P


def to_bytes32(value: int) -> bytes:
    """A field element as 32 big-endian bytes (how Solidity's ``uint256`` and ``bytes32`` carry it).

    >>> to_bytes32(1).hex()[-4:]
    '0001'
    """
    return require_element(value, "a field element").to_bytes(32, "big")


def sqrt(a: int) -> int | None:
    """A square root of ``a`` mod ``P`` (Tonelli-Shanks), or ``None`` when ``a`` is not a square.

    Written here because no maintained Python package exposes a square root in this field (py_ecc has
    the BN254 curve's arithmetic but no modular square root for it). Which of the two roots comes back
    is unspecified; the other is ``P - root``.

    >>> r = sqrt(9); r in (3, P - 3)
    True
    >>> sqrt(5) is None  # 5 is not a square mod P
    True
    """
    a %= P
    if a == 0:
        return 0
    if pow(a, (P - 1) // 2, P) != 1:
        return None
    # P - 1 = q * 2^s with q odd
    q, s = P - 1, 0
    while q % 2 == 0:
        q //= 2
        s += 1
    z = _NON_RESIDUE
    m, c, t, root = s, pow(z, q, P), pow(a, q, P), pow(a, (q + 1) // 2, P)
    while t != 1:
        i, t2 = 0, t
        while t2 != 1:
            t2 = t2 * t2 % P
            i += 1
        b = pow(c, 1 << (m - i - 1), P)
        m, c = i, b * b % P
        t, root = t * c % P, root * b % P
    return root


#: The smallest quadratic non-residue mod P (Tonelli-Shanks starts from one).
_NON_RESIDUE = 5

__all__ = [
    "P",
    "add",
    "from_bytes",
    "inv",
    "is_element",
    "mul",
    "random_element",
    "reduce",
    "require_element",
    "sqrt",
    "sub",
    "to_bytes32",
]
