"""The EIP-712 observation a reporter signs, built, signed and recovered with ``eth_account`` (no chain).

The ``ReferenceData`` contract recovers each vote's signer over the EIP-712 digest of
``Observation(bytes32 series,uint32 referenceDate,int256 value,bytes32 sourceHash,uint64 observedAt,
uint64 configVersion)`` in the domain ("DrexReferenceData", "1", chain id, contract address). The domain
binds a signature to one chain and one contract, ``configVersion`` to one reporter configuration.

>>> from eth_account import Account
>>> reporter = Account.from_key(b"\\x01" * 32)
>>> fields = dict(chain_id=1, contract="0x" + "11" * 20, series_id=bytes(32), reference_date=20362,
...               value=55131, source_hash=bytes(32), observed_at=1_760_000_000, config_version=1)
>>> signature = sign_observation(reporter, **fields)
>>> recover_observation(signature, **fields) == reporter.address
True
"""

from __future__ import annotations

from typing import Any, Protocol

from eth_account import Account
from eth_account.datastructures import SignedMessage
from eth_account.messages import SignableMessage, encode_typed_data
from eth_utils import keccak, to_checksum_address

from drex.reference.errors import ReferenceDataError

#: The EIP-712 domain's name and version (the contract's constructor sets the same).
DOMAIN_NAME = "DrexReferenceData"
DOMAIN_VERSION = "1"

#: The signed struct, field by field, in the contract's order.
OBSERVATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("series", "bytes32"),
    ("referenceDate", "uint32"),
    ("value", "int256"),
    ("sourceHash", "bytes32"),
    ("observedAt", "uint64"),
    ("configVersion", "uint64"),
)


class MessageSigner(Protocol):
    """What signs a vote: an ``eth_account`` ``LocalAccount`` (a keystore's, a dev account)."""

    @property
    def address(self) -> str: ...

    def sign_message(self, signable_message: SignableMessage) -> SignedMessage: ...


def _bytes32(value: bytes, what: str) -> bytes:
    if not isinstance(value, bytes | bytearray) or len(value) != 32:
        raise ReferenceDataError(f"{what} must be 32 bytes, got {value!r}")
    return bytes(value)


def observation_typed_data(
    *,
    chain_id: int,
    contract: str,
    series_id: bytes,
    reference_date: int,
    value: int,
    source_hash: bytes,
    observed_at: int,
    config_version: int,
) -> dict[str, Any]:
    """The full EIP-712 message (types, domain, message) of one observation, as ``encode_typed_data`` takes
    it; ``value`` is the scaled integer, ``reference_date`` the day number."""
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Observation": [{"name": n, "type": t} for n, t in OBSERVATION_FIELDS],
        },
        "primaryType": "Observation",
        "domain": {
            "name": DOMAIN_NAME,
            "version": DOMAIN_VERSION,
            "chainId": int(chain_id),
            "verifyingContract": to_checksum_address(contract),
        },
        "message": {
            "series": _bytes32(series_id, "series id"),
            "referenceDate": int(reference_date),
            "value": int(value),
            "sourceHash": _bytes32(source_hash, "source hash"),
            "observedAt": int(observed_at),
            "configVersion": int(config_version),
        },
    }


def _signable(**fields: Any) -> SignableMessage:
    return encode_typed_data(full_message=observation_typed_data(**fields))


def observation_digest(**fields: Any) -> bytes:
    """The 32-byte EIP-712 digest of an observation (what the contract's ``observationDigest`` returns)."""
    message = _signable(**fields)
    return bytes(keccak(b"\x19" + message.version + message.header + message.body))


def sign_observation(signer: MessageSigner, **fields: Any) -> bytes:
    """``signer``'s 65-byte signature (r, s, v) over the observation (fields of
    :func:`observation_typed_data`)."""
    return bytes(signer.sign_message(_signable(**fields)).signature)


def recover_observation(signature: bytes, **fields: Any) -> str:
    """The checksummed address that made ``signature`` over the observation."""
    return str(Account.recover_message(_signable(**fields), signature=signature))
