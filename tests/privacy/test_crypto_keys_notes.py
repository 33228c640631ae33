"""Shielded keys (derived as docs/privacy.md says), note encryption to receivers, notes, and the
regulator's key file and decryption."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import keccak
from hypothesis import given
from hypothesis import strategies as st

import hypothesis_profiles
from drex.privacy import NotesPayloadError, PrivacyError, RegulatorKeyError
from drex.privacy.crypto.babyjub import BASE8, SUBGROUP_ORDER, mul, random_scalar
from drex.privacy.crypto.field import P
from drex.privacy.crypto.keys import ShieldedKeys, derive_shielded_keys
from drex.privacy.crypto.noteenc import (
    OUTPUT_SIZE,
    PAYLOAD_SIZE,
    NoteOpening,
    decode_notes,
    decrypt_note,
    decrypt_notes,
    encode_notes,
    encrypt_note,
    encrypt_notes,
    public_bytes,
)
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.notes import Note, deposit_leaf, leaf, nullifier, side_in_leaf
from drex.privacy.regulator import (
    RegulatorKey,
    Supervision,
    decrypt_supervision,
    encrypt_supervision,
    pack_supervision,
)

CHAIN_ID = 381660001
ACCOUNT = Account.from_key("0x" + "42" * 32)


def test_keys_are_derived_from_the_wallet_signature_as_the_design_says() -> None:
    keys = derive_shielded_keys(ACCOUNT, CHAIN_ID)
    signature = ACCOUNT.sign_message(
        encode_defunct(text=f"DREX shielded keys v1\nchain {CHAIN_ID}")
    ).signature
    seed = keccak(bytes(signature))
    sk = int.from_bytes(keccak(seed + b"spend"), "big") % P
    assert keys.spending_key == sk
    assert keys.owner_id == poseidon(sk, 0) and keys.nullifying_key == poseidon(sk, 1)
    note_key = X25519PrivateKey.from_private_bytes(keccak(seed + b"notes"))
    assert keys.note_public_key == public_bytes(note_key) == public_bytes(keys.note_private_key)
    # the same wallet gets the same keys after a restart; another chain or wallet gets others
    assert derive_shielded_keys(Account.from_key("0x" + "42" * 32), CHAIN_ID) == keys
    assert derive_shielded_keys(ACCOUNT, 1).owner_id != keys.owner_id
    assert derive_shielded_keys(Account.create(), CHAIN_ID).owner_id != keys.owner_id
    assert str(sk) not in repr(keys) and keys.note_secret.hex() not in repr(keys)


openings = st.builds(
    NoteOpening,
    value=st.integers(0, 2**64 - 1),
    asset=st.integers(0, 2**64 - 1),
    salt=st.integers(0, P - 1),
    sibling=st.integers(0, P - 1),
)


@hypothesis_profiles.examples(40)
@given(openings, openings)
def test_notes_round_trip_to_their_receiver_only(first: NoteOpening, second: NoteOpening) -> None:
    alice, bob, eve = (derive_shielded_keys(Account.from_key(bytes([n]) * 32), CHAIN_ID) for n in (1, 2, 3))
    payload = encrypt_notes([(bob.note_public_key, first), (alice.note_public_key, second)])
    assert len(payload) == PAYLOAD_SIZE == 320
    assert decrypt_notes(bob.note_private_key, payload) == (first, None)
    assert decrypt_notes(alice.note_private_key, payload) == (None, second)
    assert decrypt_notes(eve.note_private_key, payload) == (None, None)


def test_a_tampered_or_malformed_note_is_not_opened() -> None:
    key = X25519PrivateKey.generate()
    output = bytearray(encrypt_note(public_bytes(key), NoteOpening(1, 2, 3, 4)))
    assert len(output) == OUTPUT_SIZE == 160
    for position in (0, 40, OUTPUT_SIZE - 1):  # the ephemeral key, the ciphertext, the tag
        changed = bytearray(output)
        changed[position] ^= 1
        assert decrypt_note(key, bytes(changed)) is None
    low_order = bytes(32)  # X25519 refuses it: an all-zero shared secret
    assert decrypt_note(key, low_order + bytes(output[32:])) is None
    with pytest.raises(NotesPayloadError, match="not a usable X25519 key"):
        encrypt_note(low_order, NoteOpening(1, 2, 3, 4))
    with pytest.raises(NotesPayloadError, match="320 bytes, not 319"):
        decode_notes(bytes(319))
    with pytest.raises(NotesPayloadError, match="two encrypted notes of 160 bytes"):
        encode_notes([bytes(output)])
    with pytest.raises(NotesPayloadError, match="value does not fit"):
        encrypt_note(public_bytes(key), NoteOpening(2**64, 0, 0, 0))
    assert NoteOpening.from_bytes(NoteOpening(1, 2, 3, 4).to_bytes()[:-1] + b"\x01") is None  # reserved bytes


def test_notes_commitments_leaves_and_nullifiers() -> None:
    keys = derive_shielded_keys(ACCOUNT, CHAIN_ID)
    note = Note.new(250_00, keys.owner_id)
    other = Note.new(5_00, 12345)
    assert note.commitment == poseidon(250_00, keys.owner_id, note.salt, 0)
    assert Note.new(1, 1).salt != Note.new(1, 1).salt  # fresh random salts
    L = leaf(other.commitment, note.commitment)
    assert side_in_leaf(note.commitment, other.commitment, L) == 1
    assert side_in_leaf(note.commitment, other.commitment, deposit_leaf(note.commitment)) is None
    assert side_in_leaf(note.commitment, 0, deposit_leaf(note.commitment)) == 0
    assert nullifier(L, 1, keys.nullifying_key) == poseidon(L, 1, keys.nullifying_key)
    assert Note.from_opening(note.opening(other.commitment), keys.owner_id) == note
    with pytest.raises(PrivacyError, match="2\\^64 - 1 centavos"):
        Note(2**64, 1, 1)
    with pytest.raises(PrivacyError, match="TPFt id below 2\\^64"):
        Note(1, 1, 1, asset=2**64)
    with pytest.raises(PrivacyError, match="side in its leaf is 0 or 1"):
        nullifier(L, 2, 1)


def test_the_regulator_key_file_round_trips_and_is_private(tmp_path: Path) -> None:
    key = RegulatorKey.generate()
    assert key.public == mul(key.private_scalar, BASE8)
    path = tmp_path / "regulator.json"
    key.save(path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert RegulatorKey.load(path) == key
    assert str(key.private_scalar) not in repr(key)
    with pytest.raises(RegulatorKeyError, match="already exists"):
        key.save(path)
    forged = tmp_path / "forged.json"
    data = key.to_json()
    data["privateScalar"] = str(key.private_scalar + 1)
    forged.write_text(json.dumps(data))
    with pytest.raises(RegulatorKeyError, match="does not belong"):
        RegulatorKey.load(forged)
    (tmp_path / "junk.json").write_text("{")
    with pytest.raises(RegulatorKeyError, match="cannot read"):
        RegulatorKey.load(tmp_path / "junk.json")
    with pytest.raises(RegulatorKeyError):
        RegulatorKey(SUBGROUP_ORDER)


supervised = st.tuples(
    st.tuples(st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1)),
    st.integers(0, 2**64 - 1),
    st.integers(1, 2**32 - 1),
    st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    st.integers(0, P - 1),
)


@hypothesis_profiles.examples(15)
@given(supervised)
def test_supervision_decrypts_with_the_key_and_is_garbage_without(
    fields: tuple[tuple[int, int], int, int, tuple[int, int], int],
) -> None:
    regulator = RegulatorKey.generate()
    ephemeral_y, cipher = encrypt_supervision(random_scalar(), regulator.public, pack_supervision(*fields))
    seen = decrypt_supervision(regulator.private_scalar, ephemeral_y, cipher)
    assert (seen.out_values, seen.asset, seen.sender_no, seen.out_nos, seen.nullifying_key) == fields
    assert seen.plausible()
    assert not RegulatorKey.generate().decrypt(ephemeral_y, cipher).plausible()


def test_plausibility_looks_at_every_bit_above_the_fields() -> None:
    good = pack_supervision((1, 2), 3, 4, (5, 6), 7)
    assert Supervision.from_plain(good).plausible()
    assert not Supervision.from_plain((good[0] + 2**192, good[1], good[2])).plausible()
    assert not Supervision.from_plain((good[0], good[1] + 2**96, good[2])).plausible()
    assert not Supervision.from_plain(pack_supervision((1, 2), 3, 0, (5, 6), 7)).plausible()  # no sender
    with pytest.raises(PrivacyError, match="below 2\\^64"):
        pack_supervision((2**64, 0), 0, 1, (0, 0), 0)
    with pytest.raises(PrivacyError, match="below 2\\^32"):
        pack_supervision((0, 0), 0, 2**32, (0, 0), 0)


def test_shielded_keys_from_a_seed_are_the_keys_of_that_seed() -> None:
    assert ShieldedKeys.from_seed(b"\x01" * 32) == ShieldedKeys.from_seed(b"\x01" * 32)
    assert ShieldedKeys.from_seed(b"\x01" * 32) != ShieldedKeys.from_seed(b"\x02" * 32)
