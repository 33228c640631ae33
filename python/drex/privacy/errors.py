"""Errors of the shielded pools' cryptography: bad keys, points, notes, trees and witnesses.

Every class derives from :class:`~drex.errors.DrexError` (the CLI prints it as one line); the messages
speak of notes, owners and the central bank's key, not of field elements where that can be avoided.
"""

from __future__ import annotations

from drex.errors import DrexError


class PrivacyError(DrexError):
    """Base class of the errors of :mod:`drex.privacy`."""


class InvalidPoint(PrivacyError, ValueError):
    """A BabyJubJub point that is not on the curve, not in its prime subgroup, or a y with no x."""


class TreeError(PrivacyError):
    """A LeanIMT operation the on-chain library would refuse (zero or duplicate leaf, unknown leaf...)."""


class NotesPayloadError(PrivacyError, ValueError):
    """An encrypted note payload of the wrong size, or a note that does not fit its fixed fields."""


class WitnessError(PrivacyError, ValueError):
    """Circuit inputs that no valid proof could come from (unbalanced values, a foreign note...)."""


class RegulatorKeyError(PrivacyError):
    """A regulator key file that cannot be read, or a private scalar outside the subgroup order."""


__all__ = [
    "InvalidPoint",
    "NotesPayloadError",
    "PrivacyError",
    "RegulatorKeyError",
    "TreeError",
    "WitnessError",
]
