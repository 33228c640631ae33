"""The central bank's side of supervision (docs/privacy.md, "The circuit", step 5).

Every private operation carries ``ephemeralY`` (the y of ``R = r·Base8``) and three words
``cipher_k = plain_k + Poseidon(S.y, k)`` with ``S = r·regulatorKey``:

- ``plain0 = out0 + out1·2^64 + asset·2^128`` (the two output values and the asset),
- ``plain1 = senderNo + outNo0·2^32 + outNo1·2^64`` (the owner numbers of the sender and receivers),
- ``plain2 = nk`` (the sender's nullifying key, so the bank can tell which notes were spent).

The regulator, with its private scalar ``d``, recovers ``R`` from ``ephemeralY`` (either sign of x:
``S.y`` is the same for ``±R``), computes ``S = d·R`` and subtracts the keystream. There is no MAC: a
wrong key gives uniformly random words, which :meth:`Supervision.plausible` tells apart.

>>> key = RegulatorKey.generate()
>>> y, cipher = encrypt_supervision(random_scalar(), key.public, pack_supervision((5, 7), 0, 1, (2, 1), 99))
>>> s = key.decrypt(y, cipher)
>>> s.out_values, s.asset, s.sender_no, s.out_nos, s.nullifying_key, s.plausible()
((5, 7), 0, 1, (2, 1), 99, True)
>>> RegulatorKey.generate().decrypt(y, cipher).plausible()
False
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from drex.privacy.crypto.babyjub import (
    IDENTITY,
    SUBGROUP_ORDER,
    Point,
    in_subgroup,
    mul,
    point_from_y,
    public_key,
    random_scalar,
)
from drex.privacy.crypto.field import P
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.errors import InvalidPoint, PrivacyError, RegulatorKeyError

_U32, _U64 = (1 << 32) - 1, (1 << 64) - 1
#: The ``kind`` of a regulator key file.
KEY_FILE_KIND = "drex-regulator-key"


def pack_supervision(
    out_values: tuple[int, int], asset: int, sender_no: int, out_nos: tuple[int, int], nullifying_key: int
) -> tuple[int, int, int]:
    """The three plain words the circuit encrypts (values and asset below 2^64, numbers below 2^32)."""
    for v in (*out_values, asset):
        if not 0 <= v <= _U64:
            raise PrivacyError(f"values and the asset are below 2^64, got {v}")
    for n in (sender_no, *out_nos):
        if not 0 <= n <= _U32:
            raise PrivacyError(f"owner numbers are below 2^32, got {n}")
    plain0 = out_values[0] + (out_values[1] << 64) + (asset << 128)
    plain1 = sender_no + (out_nos[0] << 32) + (out_nos[1] << 64)
    return plain0, plain1, nullifying_key % P


def keystream(shared: Point) -> tuple[int, int, int]:
    """``Poseidon(S.y, k)`` for ``k = 0, 1, 2``."""
    return poseidon(shared.y, 0), poseidon(shared.y, 1), poseidon(shared.y, 2)


def encrypt_supervision(
    ephemeral_key: int, regulator_key: Point, plain: tuple[int, int, int]
) -> tuple[int, tuple[int, int, int]]:
    """``(ephemeralY, cipher)`` exactly as the circuit computes them for ephemeral key ``r``."""
    if not 0 < ephemeral_key < SUBGROUP_ORDER:
        raise PrivacyError("the ephemeral key must be between 1 and the BabyJubJub subgroup order")
    ephemeral = public_key(ephemeral_key)
    stream = keystream(mul(ephemeral_key, regulator_key))
    cipher = ((plain[0] + stream[0]) % P, (plain[1] + stream[1]) % P, (plain[2] + stream[2]) % P)
    return ephemeral.y, cipher


@dataclass(frozen=True)
class Supervision:
    """What the central bank reads from one operation: the two output values, the asset, the owner
    numbers of the sender and of the two receivers (0 for a zero-value output whose receiver the prover
    left unset), and the sender's nullifying key. ``plain`` keeps the three decrypted words."""

    out_values: tuple[int, int]
    asset: int
    sender_no: int
    out_nos: tuple[int, int]
    nullifying_key: int
    plain: tuple[int, int, int] = field(repr=False)

    @classmethod
    def from_plain(cls, plain: tuple[int, int, int]) -> Supervision:
        """Split the three words into their fields (the bits above the fields are checked by
        :meth:`plausible`, not here)."""
        p0, p1, p2 = plain
        return cls(
            out_values=(p0 & _U64, (p0 >> 64) & _U64),
            asset=(p0 >> 128) & _U64,
            sender_no=p1 & _U32,
            out_nos=((p1 >> 32) & _U32, (p1 >> 64) & _U32),
            nullifying_key=p2,
            plain=plain,
        )

    def plausible(self) -> bool:
        """Whether the words have the shape the circuit gives them: ``plain0 < 2^192`` (two values and an
        asset of 64 bits) and ``plain1 < 2^96`` (three owner numbers of 32 bits), with a non-zero sender
        number. Decrypting with a wrong key gives words uniform in the field, which pass with probability
        about ``2^192/p · 2^96/p ≈ 2^-219``: a false positive never happens in practice. (``nk`` has no
        shape to check: any field element is possible.)"""
        return self.plain[0] >> 192 == 0 and self.plain[1] >> 96 == 0 and self.sender_no != 0


def decrypt_supervision(private_scalar: int, ephemeral_y: int, cipher: tuple[int, int, int]) -> Supervision:
    """Decrypt one operation's supervision words with the regulator's private scalar.

    A wrong key does not fail: it gives a :class:`Supervision` whose :meth:`~Supervision.plausible` is
    false. An ``ephemeralY`` that is no curve point's y is :class:`~drex.privacy.errors.InvalidPoint`.
    """
    ephemeral = point_from_y(ephemeral_y)
    stream = keystream(mul(private_scalar, ephemeral))
    plain = ((cipher[0] - stream[0]) % P, (cipher[1] - stream[1]) % P, (cipher[2] - stream[2]) % P)
    return Supervision.from_plain(plain)


@dataclass(frozen=True)
class RegulatorKey:
    """The central bank's supervision key: a BabyJubJub private scalar and its public point.

    The private scalar is the central bank's secret: whoever holds it reads the amounts, asset and
    parties of every private operation of every pool that uses its public point. :meth:`save` writes it
    in clear to a file readable by its owner only; keeping that file (an HSM, a vault) is the bank's job.
    """

    private_scalar: int = field(repr=False)

    def __post_init__(self) -> None:
        if not 0 < self.private_scalar < SUBGROUP_ORDER:
            raise RegulatorKeyError(
                "the regulator's private key must be between 1 and the BabyJubJub subgroup order"
            )

    @classmethod
    def generate(cls) -> RegulatorKey:
        """A fresh key, uniform below the subgroup order (from :mod:`secrets`)."""
        return cls(random_scalar())

    @property
    def public(self) -> Point:
        """``private_scalar · Base8``: what ``setRegulatorKey(x, y)`` publishes."""
        return public_key(self.private_scalar)

    def decrypt(self, ephemeral_y: int, cipher: tuple[int, int, int]) -> Supervision:
        """:func:`decrypt_supervision` with this key."""
        return decrypt_supervision(self.private_scalar, ephemeral_y, cipher)

    def to_json(self) -> dict[str, object]:
        """The key file's content (the private scalar included)."""
        x, y = self.public
        return {"kind": KEY_FILE_KIND, "version": 1, "privateScalar": str(self.private_scalar),
                "publicKey": {"x": str(x), "y": str(y)}}  # fmt: skip

    def save(self, path: Path) -> None:
        """Write the key file (mode 0600, created anew: an existing file is not overwritten)."""
        data = json.dumps(self.to_json(), indent=1) + "\n"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise RegulatorKeyError(f"{path} already exists: the regulator key is not overwritten") from None
        with os.fdopen(fd, "w") as fh:
            fh.write(data)

    @classmethod
    def load(cls, path: Path) -> RegulatorKey:
        """Read a key file written by :meth:`save` (its public point must match its private scalar)."""
        try:
            data = json.loads(path.read_text())
            if data.get("kind") != KEY_FILE_KIND:
                raise RegulatorKeyError(f"{path} is not a drex regulator key file")
            key = cls(int(data["privateScalar"]))
            stated = Point(int(data["publicKey"]["x"]), int(data["publicKey"]["y"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RegulatorKeyError(f"cannot read the regulator key file {path}: {exc}") from None
        if stated != key.public:
            raise RegulatorKeyError(f"{path}: the public key does not belong to the private key")
        return key


def check_regulator_key(point: Point) -> Point:
    """``point`` if it can be a regulator key (in the prime subgroup, not the identity), else
    :class:`~drex.privacy.errors.InvalidPoint` (``setRegulatorKey`` only checks the curve equation)."""
    if point == IDENTITY or not in_subgroup(point):
        raise InvalidPoint(
            f"({point.x}, {point.y}) is not a usable regulator key (BabyJubJub subgroup point)"
        )
    return point


__all__ = [
    "KEY_FILE_KIND",
    "RegulatorKey",
    "Supervision",
    "check_regulator_key",
    "decrypt_supervision",
    "encrypt_supervision",
    "keystream",
    "pack_supervision",
]
