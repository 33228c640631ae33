"""The shielded keys of a wallet, derived from its Ethereum key (docs/privacy.md, "Keys").

Nothing new needs to be kept safe and a restart loses nothing: the wallet signs a fixed message with its
own key (EIP-191; eth-account's ECDSA signatures are deterministic, RFC 6979) and everything is derived
from the hash of that signature:

- ``seed = keccak256(sign_eip191("DREX shielded keys v1\\nchain " + chainId))``
- spending key ``sk = uint(keccak256(seed ‖ "spend")) mod p``
- owner id ``ownerId = Poseidon(sk, 0)``, nullifying key ``nk = Poseidon(sk, 1)``
- note key: the X25519 private key ``keccak256(seed ‖ "notes")``; its public key is registered on chain.

>>> from eth_account import Account
>>> keys = derive_shielded_keys(Account.from_key("0x" + "11" * 32), chain_id=381660001)
>>> keys == derive_shielded_keys(Account.from_key("0x" + "11" * 32), chain_id=381660001)
True
>>> keys.owner_id == poseidon(keys.spending_key, 0), len(keys.note_public_key)
(True, 32)
>>> "spending_key" in repr(keys)  # secrets stay out of logs
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from drex.privacy.crypto.field import P
from drex.privacy.crypto.poseidon import poseidon


def key_message(chain_id: int) -> str:
    """The text a wallet signs (EIP-191 personal message) to derive its shielded keys on ``chain_id``.

    >>> key_message(1)
    'DREX shielded keys v1\\nchain 1'
    """
    return f"DREX shielded keys v1\nchain {chain_id}"


@dataclass(frozen=True)
class ShieldedKeys:
    """A wallet's shielded keys. ``spending_key`` and ``note_secret`` are secrets (kept out of ``repr``);
    ``owner_id`` and ``note_public_key`` are what the wallet registers in a pool."""

    spending_key: int = field(repr=False)
    owner_id: int
    nullifying_key: int = field(repr=False)
    note_secret: bytes = field(repr=False)
    note_public_key: bytes

    @classmethod
    def from_seed(cls, seed: bytes) -> ShieldedKeys:
        """The keys of a 32-byte ``seed`` (the hash of the wallet's signature)."""
        spending_key = int.from_bytes(keccak(seed + b"spend"), "big") % P
        note_secret = keccak(seed + b"notes")
        public = X25519PrivateKey.from_private_bytes(note_secret).public_key()
        return cls(
            spending_key=spending_key,
            owner_id=poseidon(spending_key, 0),
            nullifying_key=poseidon(spending_key, 1),
            note_secret=note_secret,
            note_public_key=public.public_bytes(Encoding.Raw, PublicFormat.Raw),
        )

    @cached_property
    def note_private_key(self) -> X25519PrivateKey:
        """The X25519 key that opens the notes sent to this wallet."""
        return X25519PrivateKey.from_private_bytes(self.note_secret)


def derive_shielded_keys(account: LocalAccount, chain_id: int) -> ShieldedKeys:
    """The shielded keys of ``account`` on ``chain_id`` (the same every time: the signature is
    deterministic)."""
    signature = account.sign_message(encode_defunct(text=key_message(chain_id))).signature
    return ShieldedKeys.from_seed(keccak(bytes(signature)))


__all__ = ["ShieldedKeys", "derive_shielded_keys", "key_message"]
