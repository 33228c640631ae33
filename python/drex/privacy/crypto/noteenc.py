"""Receiver note delivery (docs/privacy.md, "Receiver note delivery"): each output's opening, encrypted to
its receiver's registered X25519 note key.

For each output: a fresh X25519 ephemeral key ``e``; ``key = HKDF-SHA256(X25519(e, receiverNoteKey),
info="drex-note")``; ChaCha20-Poly1305 with a zero nonce (every key is used once) over the fixed-size
opening ``value (8) ‖ asset (8) ‖ salt (32) ‖ sibling commitment (32) ‖ reserved (32, zero)``, all
big-endian. An output is ``ephemeral public key (32) ‖ ciphertext (112 + 16)`` = 160 bytes and an
operation's ``notes`` payload is its two outputs, 320 bytes, whoever the receivers are.

The design gives the plaintext size as 112 bytes while its fields add up to 80: the 32 remaining bytes
are reserved, written as zeros and required to be zeros on decryption.

>>> from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
>>> alice = X25519PrivateKey.generate()
>>> opening = NoteOpening(value=150_00, asset=0, salt=7, sibling=9)
>>> output = encrypt_note(public_bytes(alice), opening)
>>> len(output), decrypt_note(alice, output) == opening
(160, True)
>>> decrypt_note(X25519PrivateKey.generate(), output) is None  # not mine
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drex.privacy.crypto.field import P
from drex.privacy.errors import NotesPayloadError

#: HKDF's ``info``.
HKDF_INFO = b"drex-note"
#: Sizes in bytes: an X25519 public key, the plaintext opening, the Poly1305 tag, one output, a payload.
KEY_SIZE = 32
OPENING_SIZE = 112
TAG_SIZE = 16
OUTPUT_SIZE = KEY_SIZE + OPENING_SIZE + TAG_SIZE
PAYLOAD_SIZE = 2 * OUTPUT_SIZE
_NONCE = bytes(12)
_RESERVED = bytes(OPENING_SIZE - 80)
_U64 = 1 << 64


@dataclass(frozen=True)
class NoteOpening:
    """What the receiver needs to open a note it owns: value, asset, salt and the commitment of the other
    note of the same leaf (0 for a deposit's leaf)."""

    value: int
    asset: int
    salt: int
    sibling: int

    def to_bytes(self) -> bytes:
        """The fixed 112-byte plaintext."""
        for name, value, bound in (
            ("value", self.value, _U64),
            ("asset", self.asset, _U64),
            ("salt", self.salt, P),
            ("sibling commitment", self.sibling, P),
        ):
            if not 0 <= value < bound:
                raise NotesPayloadError(f"a note's {name} does not fit its field: {value}")
        return (
            self.value.to_bytes(8, "big")
            + self.asset.to_bytes(8, "big")
            + self.salt.to_bytes(32, "big")
            + self.sibling.to_bytes(32, "big")
            + _RESERVED
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> NoteOpening | None:
        """The opening of a 112-byte plaintext, or ``None`` if it is not one (wrong size, reserved bytes
        not zero, salt or sibling not field elements)."""
        if len(data) != OPENING_SIZE or data[80:] != _RESERVED:
            return None
        salt, sibling = int.from_bytes(data[16:48], "big"), int.from_bytes(data[48:80], "big")
        if salt >= P or sibling >= P:
            return None
        return cls(int.from_bytes(data[:8], "big"), int.from_bytes(data[8:16], "big"), salt, sibling)


def public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    """The raw 32 bytes of an X25519 public key (of a private key's public half)."""
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _aead(private: X25519PrivateKey, public: X25519PublicKey) -> ChaCha20Poly1305:
    shared = private.exchange(public)
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=HKDF_INFO).derive(shared)
    return ChaCha20Poly1305(key)


def encrypt_note(receiver_note_key: bytes, opening: NoteOpening) -> bytes:
    """One output (160 bytes) for the receiver whose registered note key is ``receiver_note_key``."""
    if len(receiver_note_key) != KEY_SIZE:
        raise NotesPayloadError(f"a note key is {KEY_SIZE} bytes, not {len(receiver_note_key)}")
    ephemeral = X25519PrivateKey.generate()
    try:
        aead = _aead(ephemeral, X25519PublicKey.from_public_bytes(receiver_note_key))
    except ValueError:  # a low-order key: X25519 would give the all-zero secret
        raise NotesPayloadError("the receiver's note key is not a usable X25519 key") from None
    return public_bytes(ephemeral) + aead.encrypt(_NONCE, opening.to_bytes(), None)


def decrypt_note(note_key: X25519PrivateKey, output: bytes) -> NoteOpening | None:
    """The opening in one output if it was encrypted to ``note_key``, else ``None`` ("not mine")."""
    if len(output) != OUTPUT_SIZE:
        raise NotesPayloadError(f"an encrypted note is {OUTPUT_SIZE} bytes, not {len(output)}")
    try:
        aead = _aead(note_key, X25519PublicKey.from_public_bytes(output[:KEY_SIZE]))
        plain = aead.decrypt(_NONCE, output[KEY_SIZE:], None)
    except (InvalidTag, ValueError):  # wrong key, or a low-order ephemeral key
        return None
    return NoteOpening.from_bytes(plain)


def encode_notes(outputs: Sequence[bytes]) -> bytes:
    """The ``notes`` payload of an operation: its two encrypted outputs (160 bytes each), concatenated."""
    if len(outputs) != 2 or any(len(o) != OUTPUT_SIZE for o in outputs):
        sizes = [len(o) for o in outputs]
        raise NotesPayloadError(f"a notes payload is two encrypted notes of {OUTPUT_SIZE} bytes, got {sizes}")
    return outputs[0] + outputs[1]


def decode_notes(payload: bytes) -> tuple[bytes, bytes]:
    """The two encrypted outputs of a ``notes`` payload (which must be exactly 320 bytes)."""
    if len(payload) != PAYLOAD_SIZE:
        raise NotesPayloadError(f"a notes payload is {PAYLOAD_SIZE} bytes, not {len(payload)}")
    return payload[:OUTPUT_SIZE], payload[OUTPUT_SIZE:]


def encrypt_notes(outputs: Sequence[tuple[bytes, NoteOpening]]) -> bytes:
    """The ``notes`` payload for two ``(receiver note key, opening)`` pairs."""
    return encode_notes([encrypt_note(key, opening) for key, opening in outputs])


def decrypt_notes(
    note_key: X25519PrivateKey, payload: bytes
) -> tuple[NoteOpening | None, NoteOpening | None]:
    """Each output of ``payload`` opened with ``note_key``, ``None`` for those not encrypted to it."""
    first, second = decode_notes(payload)
    return decrypt_note(note_key, first), decrypt_note(note_key, second)


__all__ = [
    "HKDF_INFO",
    "OPENING_SIZE",
    "OUTPUT_SIZE",
    "PAYLOAD_SIZE",
    "NoteOpening",
    "decode_notes",
    "decrypt_note",
    "decrypt_notes",
    "encode_notes",
    "encrypt_note",
    "encrypt_notes",
    "public_bytes",
]
