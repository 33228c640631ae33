"""Notes of the shielded pools (docs/privacy.md, "Notes"): commitments, leaves and nullifiers.

A note is ``(value, ownerId, salt, asset)`` with ``value < 2^64`` (centavos of Real Digital, units of
TPFt) and ``asset < 2^64`` (0 for Real Digital, the TPFt id for TPFt); its commitment is
``C = Poseidon(value, ownerId, salt, asset)``. Every operation that creates notes creates two and the
pool appends one leaf for them, ``Poseidon(C0, C1)`` (a deposit's leaf is ``Poseidon(C, 0)``). A note is
identified by its leaf and its side (0 or 1); its nullifier ``Poseidon(leaf, side, nk)`` only its owner
can compute.

>>> a = Note(value=100_00, owner_id=1, salt=2, asset=0)
>>> b = Note(value=0, owner_id=1, salt=3, asset=0)
>>> L = leaf(a.commitment, b.commitment)
>>> side_in_leaf(b.commitment, a.commitment, L)
1
>>> nullifier(L, 0, 5) != nullifier(L, 1, 5)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from drex.privacy.crypto.field import P, random_element
from drex.privacy.crypto.noteenc import NoteOpening
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.errors import PrivacyError

#: Values and assets are below 2^64 (the circuit's range checks); owner numbers below 2^32.
VALUE_LIMIT = 1 << 64
ASSET_LIMIT = 1 << 64
OWNER_NO_LIMIT = 1 << 32


@dataclass(frozen=True)
class Note:
    """A note: ``value`` of ``asset`` owned by ``owner_id``, hidden by ``salt``."""

    value: int
    owner_id: int
    salt: int
    asset: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.value < VALUE_LIMIT:
            raise PrivacyError(
                f"a note's value must be between 0 and 2^64 - 1 centavos or units, got {self.value}"
            )
        if not 0 <= self.asset < ASSET_LIMIT:
            raise PrivacyError(
                f"a note's asset must be 0 (Real Digital) or a TPFt id below 2^64, got {self.asset}"
            )
        if not (0 <= self.owner_id < P and 0 <= self.salt < P):
            raise PrivacyError("a note's owner id and salt must be numbers below the SNARK field order p")

    @classmethod
    def new(cls, value: int, owner_id: int, asset: int = 0) -> Note:
        """A note with a fresh random salt (from :mod:`secrets`)."""
        return cls(value=value, owner_id=owner_id, salt=random_element(), asset=asset)

    @property
    def commitment(self) -> int:
        """``Poseidon(value, ownerId, salt, asset)``."""
        return poseidon(self.value, self.owner_id, self.salt, self.asset)

    def opening(self, sibling: int) -> NoteOpening:
        """What the receiver is sent (encrypted): value, asset, salt and the other note's commitment."""
        return NoteOpening(value=self.value, asset=self.asset, salt=self.salt, sibling=sibling)

    @classmethod
    def from_opening(cls, opening: NoteOpening, owner_id: int) -> Note:
        """The note a receiver with ``owner_id`` decrypted."""
        return cls(value=opening.value, owner_id=owner_id, salt=opening.salt, asset=opening.asset)


def leaf(c0: int, c1: int) -> int:
    """The note tree leaf of an operation's two output commitments, ``Poseidon(C0, C1)``."""
    return poseidon(c0, c1)


def deposit_leaf(commitment: int) -> int:
    """The leaf a deposit appends for its one note, ``Poseidon(C, 0)``."""
    return poseidon(commitment, 0)


def nullifier(leaf_value: int, side: int, nullifying_key: int) -> int:
    """The nullifier of the note on ``side`` (0 or 1) of ``leaf_value``: ``Poseidon(L, side, nk)``."""
    if side not in (0, 1):
        raise PrivacyError(f"a note's side in its leaf is 0 or 1, not {side}")
    return poseidon(leaf_value, side, nullifying_key)


def side_in_leaf(commitment: int, sibling: int, leaf_value: int) -> int | None:
    """The side of ``commitment`` in ``leaf_value`` given the other commitment, or ``None`` when the
    pair does not make that leaf (the opening a receiver decrypted is not the note on chain)."""
    if poseidon(commitment, sibling) == leaf_value:
        return 0
    if poseidon(sibling, commitment) == leaf_value:
        return 1
    return None


def allow_leaf(owner_id: int, owner_no: int) -> int:
    """An owner's leaf in a pool's allow list, ``Poseidon(ownerId, ownerNo)``."""
    if not 0 < owner_no < OWNER_NO_LIMIT:
        raise PrivacyError(f"an owner number is between 1 and 2^32 - 1, got {owner_no}")
    return poseidon(owner_id, owner_no)


__all__ = [
    "ASSET_LIMIT",
    "OWNER_NO_LIMIT",
    "VALUE_LIMIT",
    "Note",
    "allow_leaf",
    "deposit_leaf",
    "leaf",
    "nullifier",
    "side_in_leaf",
]
