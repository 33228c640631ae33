"""QBFT ``extraData``: the RLP structure Besu keeps in every block header, and the genesis one.

The encoding follows Besu's ``QbftExtraDataCodec``: ``RLP([vanity(32 bytes), [validators], vote, round,
[seals]])`` where ``vote`` is an empty list or ``[recipient, 0xff]`` (add) / ``[recipient, 0x]`` (drop), the
round is an RLP scalar (no leading zeros) and each seal is a 65-byte signature. A genesis has zero vanity, no
vote, round 0 and no seals, which is exactly what ``besu rlp encode --type=QBFT_EXTRA_DATA`` prints for a
JSON list of addresses (validators kept in the given order). Tests check it against the vectors of Besu's
``RLPSubCommandTest`` and ``QbftExtraDataCodecTest`` and of Besu's QBFT documentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import rlp

from drex.besu.addresses import parse_address, parse_address_list
from drex.errors import DrexError

VANITY_LENGTH = 32
SEAL_LENGTH = 65
_ADD_BYTE = b"\xff"


class ExtraDataError(DrexError):
    """The extraData is not a valid QBFT structure."""


@dataclass(frozen=True)
class Vote:
    """A validator vote carried in a block header: add (``add=True``) or drop ``recipient``."""

    recipient: str
    add: bool


@dataclass(frozen=True)
class QbftExtraData:
    """Decoded QBFT extraData; addresses are lowercase 0x-prefixed."""

    validators: tuple[str, ...]
    vanity: bytes = bytes(VANITY_LENGTH)
    vote: Vote | None = None
    round: int = 0
    seals: tuple[bytes, ...] = field(default_factory=tuple)


def encode_extradata(
    validators: Sequence[str],
    *,
    vanity: bytes = bytes(VANITY_LENGTH),
    vote: Vote | None = None,
    round: int = 0,
    seals: Sequence[bytes] = (),
) -> str:
    """The 0x-prefixed hex extraData for ``validators`` (in order); raises on malformed or duplicate ones."""
    addresses = parse_address_list(validators, "validator address")
    if len(vanity) != VANITY_LENGTH:
        raise ExtraDataError(f"vanity must be {VANITY_LENGTH} bytes, got {len(vanity)}")
    if round < 0 or round >= 2**32:
        raise ExtraDataError(f"round {round} is outside 0..2^32-1")
    for seal in seals:
        if len(seal) != SEAL_LENGTH:
            raise ExtraDataError(f"a seal must be {SEAL_LENGTH} bytes, got {len(seal)}")
    vote_item: list[bytes] = []
    if vote is not None:
        vote_item = [
            bytes.fromhex(parse_address(vote.recipient, "vote recipient")[2:]),
            _ADD_BYTE if vote.add else b"",
        ]
    item = [vanity, [bytes.fromhex(a[2:]) for a in addresses], vote_item, round, list(seals)]
    encoded: bytes = rlp.encode(item)
    return "0x" + encoded.hex()


def _hex_bytes(text: str) -> bytes:
    value = text.strip()
    if value.startswith(("0x", "0X")):
        value = value[2:]
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise ExtraDataError(f"extraData is not hex: {exc}") from None


def _address(raw: object, what: str) -> str:
    if not isinstance(raw, bytes) or len(raw) != 20:
        raise ExtraDataError(f"{what} is not a 20-byte address")
    return "0x" + raw.hex()


def decode_extradata(text: str) -> QbftExtraData:
    """Parse a QBFT extraData (0x-prefixed or bare hex), as Besu's ``QbftExtraDataCodec.decodeRaw`` does."""
    data = _hex_bytes(text)
    if not data:
        raise ExtraDataError("empty extraData: a QBFT header needs an RLP list")
    try:
        item = rlp.decode(data, strict=True)
    except rlp.exceptions.DecodingError as exc:
        raise ExtraDataError(f"extraData is not valid RLP: {exc}") from None
    if not isinstance(item, list) or len(item) != 5:
        raise ExtraDataError(
            "extraData must be an RLP list of 5 items (vanity, validators, vote, round, seals)"
        )
    vanity, validators, vote_item, round_raw, seals = item
    if not isinstance(vanity, bytes):
        raise ExtraDataError("vanity must be a byte string")
    if not isinstance(validators, list):
        raise ExtraDataError("validators must be an RLP list")
    decoded_validators = tuple(_address(v, "a validator") for v in validators)
    vote: Vote | None = None
    if not isinstance(vote_item, list):
        raise ExtraDataError("vote must be an RLP list")
    if vote_item:
        if len(vote_item) != 2:
            raise ExtraDataError("vote must be [recipient, type]")
        recipient = _address(vote_item[0], "the vote recipient")
        if vote_item[1] == _ADD_BYTE:
            vote = Vote(recipient, True)
        elif vote_item[1] == b"":
            vote = Vote(recipient, False)
        else:
            raise ExtraDataError("vote type must be 0xff (add) or empty (drop)")
    if not isinstance(round_raw, bytes) or len(round_raw) > 4 or round_raw.startswith(b"\x00"):
        raise ExtraDataError("round must be an RLP scalar of at most 4 bytes without leading zeros")
    if not isinstance(seals, list) or any(not isinstance(s, bytes) or len(s) != SEAL_LENGTH for s in seals):
        raise ExtraDataError(f"seals must be a list of {SEAL_LENGTH}-byte signatures")
    return QbftExtraData(
        validators=decoded_validators,
        vanity=vanity,
        vote=vote,
        round=int.from_bytes(round_raw, "big"),
        seals=tuple(seals),
    )
