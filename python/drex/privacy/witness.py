"""The JoinSplit circuit's input (``circuits/joinsplit.circom``) and the public signals it will produce.

:func:`build_witness` turns notes, Merkle proofs and keys into the circuit's input JSON (every signal,
decimal strings) after checking everything the circuit will check, so a mistake is a
:class:`~drex.privacy.errors.WitnessError` in business terms rather than a failed proof.
:func:`predict_public` computes, from such an input, the public signals the proof will carry, in the
verifier's order ``[nullifier0, nullifier1, outLeaf, ephemeralY, cipher0..2, noteRoot, paramsHash,
context, publicOut]``. :func:`context_of` computes what binds a proof to its purpose (docs/privacy.md,
"Context").

Fewer than two inputs are completed with zero-value inputs (a random salt and sibling, so their
nullifiers are fresh; the circuit enforces no membership for a zero value). A zero-value output needs
no allow-list proof (:meth:`OutputNote.dummy`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from drex.privacy.crypto.babyjub import BASE8, SUBGROUP_ORDER, Point, mul, random_scalar
from drex.privacy.crypto.field import P, random_element
from drex.privacy.crypto.keys import ShieldedKeys
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.errors import PrivacyError, TreeError, WitnessError
from drex.privacy.notes import ASSET_LIMIT, OWNER_NO_LIMIT, VALUE_LIMIT, Note, allow_leaf, leaf, nullifier
from drex.privacy.regulator import check_regulator_key, keystream
from drex.privacy.tree import MerkleProof

#: The circuit's template parameters: ``JoinSplit(NOTE_DEPTH, ALLOW_DEPTH)``.
NOTE_DEPTH = 24
ALLOW_DEPTH = 16


class ContextKind(IntEnum):
    """What a proof is for (the ``kind`` word of the context)."""

    TRANSFER = 1
    WITHDRAW = 2
    DVP_PROPOSE = 3
    DVP_ACCEPT = 4


def context_of(
    kind: ContextKind,
    *,
    chain_id: int,
    pool: str,
    notes: bytes,
    recipient: str | None = None,
    dvp: str | None = None,
    trade_id: int | bytes | None = None,
    expected_commitment: int | None = None,
    counter_pool: str | None = None,
) -> int:
    """``uint(keccak256(abi.encode(chainId, pool, kind, ...))) mod p``, with the fields of ``kind``:

    - transfer: ``(chainId, pool, 1, keccak256(notes))``
    - withdraw: ``(chainId, pool, 2, recipient, keccak256(notes))``
    - DvP proposer's leg:
      ``(chainId, pool, 3, dvp, tradeId, expectedCommitment, counterPool, keccak256(notes))``
    - DvP acceptor's leg: ``(chainId, pool, 4, dvp, tradeId, keccak256(notes))``

    Every field is one 32-byte word (``tradeId`` as a ``uint256``; a ``bytes32`` of the same bytes
    encodes the same).

    >>> zero = "0x" + "00" * 20
    >>> context_of(ContextKind.TRANSFER, chain_id=1, pool=zero, notes=b"") < P
    True
    >>> context_of(ContextKind.WITHDRAW, chain_id=1, pool=zero, notes=b"")
    Traceback (most recent call last):
    drex.privacy.errors.WitnessError: a withdraw context needs recipient
    """
    given = {"recipient": recipient, "dvp": dvp, "trade_id": trade_id,
             "expected_commitment": expected_commitment, "counter_pool": counter_pool}  # fmt: skip
    needs = {
        ContextKind.TRANSFER: (),
        ContextKind.WITHDRAW: ("recipient",),
        ContextKind.DVP_PROPOSE: ("dvp", "trade_id", "expected_commitment", "counter_pool"),
        ContextKind.DVP_ACCEPT: ("dvp", "trade_id"),
    }[kind]
    label = kind.name.lower().replace("_", " ")
    missing = [name for name in needs if given[name] is None]
    extra = [name for name, value in given.items() if value is not None and name not in needs]
    if missing or extra:
        problem = f"needs {', '.join(missing)}" if missing else f"takes no {', '.join(extra)}"
        raise WitnessError(f"a {label} context {problem}")
    types: list[str] = ["uint256", "address", "uint256"]
    values: list[Any] = [chain_id, to_checksum_address(pool), int(kind)]
    for name in needs:
        value = given[name]
        if name in ("recipient", "dvp", "counter_pool"):
            types.append("address")
            values.append(to_checksum_address(str(value)))
        else:
            types.append("uint256")
            values.append(int.from_bytes(value, "big") if isinstance(value, bytes) else value)
    types.append("bytes32")
    values.append(keccak(notes))
    return int.from_bytes(keccak(encode(types, values)), "big") % P


def params_hash(allow_root: int, regulator_key: Point) -> int:
    """``Poseidon(allowRoot, Poseidon(regulatorKeyX, regulatorKeyY))``: what the pool accepts."""
    return poseidon(allow_root, poseidon(regulator_key.x, regulator_key.y))


def public_out(withdrawn: int, asset: int) -> int:
    """``withdrawn + asset·2^64``, 0 when nothing is withdrawn (a transfer)."""
    if not 0 <= withdrawn < VALUE_LIMIT or not 0 <= asset < ASSET_LIMIT:
        raise WitnessError("the withdrawn amount and the asset must each be below 2^64")
    return withdrawn + (asset << 64) if withdrawn else 0


@dataclass(frozen=True)
class InputNote:
    """A note to spend: the note, its side in its leaf, the other commitment of that leaf (0 for a
    deposit's leaf) and the Merkle proof of the leaf in the note tree (``None`` only for value 0)."""

    note: Note
    side: int
    sibling: int
    proof: MerkleProof | None

    @property
    def leaf(self) -> int:
        """The note tree leaf the note is in."""
        c = self.note.commitment
        return leaf(c, self.sibling) if self.side == 0 else leaf(self.sibling, c)

    @classmethod
    def dummy(cls, owner_id: int, asset: int) -> InputNote:
        """A zero-value input with a random salt and sibling (its nullifier is fresh and meaningless)."""
        return cls(Note.new(0, owner_id, asset), side=0, sibling=random_element(), proof=None)


@dataclass(frozen=True)
class OutputNote:
    """A note to create: the note (its ``owner_id`` is the receiver's), the receiver's owner number and
    the proof of the receiver's allow-list leaf (``None`` and number 0 only for value 0)."""

    note: Note
    owner_no: int
    allow_proof: MerkleProof | None

    @classmethod
    def dummy(cls, owner_id: int, asset: int) -> OutputNote:
        """A zero-value output owned by ``owner_id`` (usually the sender), owner number 0."""
        return cls(Note.new(0, owner_id, asset), owner_no=0, allow_proof=None)


@dataclass(frozen=True)
class PublicSignals:
    """The proof's public signals (:meth:`as_list` is the verifier's order)."""

    nullifiers: tuple[int, int]
    out_leaf: int
    ephemeral_y: int
    cipher: tuple[int, int, int]
    note_root: int
    params_hash: int
    context: int
    public_out: int

    def as_list(self) -> list[int]:
        """``[nullifier0, nullifier1, outLeaf, ephemeralY, cipher0, cipher1, cipher2, noteRoot,
        paramsHash, context, publicOut]``."""
        return [*self.nullifiers, self.out_leaf, self.ephemeral_y, *self.cipher,
                self.note_root, self.params_hash, self.context, self.public_out]  # fmt: skip

    @classmethod
    def from_list(cls, values: Sequence[int | str]) -> PublicSignals:
        """The signals of a list in the verifier's order (snarkjs' ``public.json`` gives strings)."""
        v = [int(x) for x in values]
        if len(v) != 11:
            raise WitnessError(f"the JoinSplit proof has 11 public signals, not {len(v)}")
        return cls((v[0], v[1]), v[2], v[3], (v[4], v[5], v[6]), v[7], v[8], v[9], v[10])


@dataclass(frozen=True)
class Witness:
    """The circuit input (signal name -> decimal string or nested lists of them), the public signals the
    proof of it will have, and the ephemeral key used (secret: it decrypts the supervision words)."""

    inputs: dict[str, Any]
    public: PublicSignals
    ephemeral_key: int

    def to_json(self) -> str:
        """The input as the JSON ``snarkjs wtns calculate`` and the prover read."""
        return json.dumps(self.inputs)


def _merkle(proof: MerkleProof | None, max_depth: int) -> tuple[int, list[int], list[int]]:
    try:
        return proof.circuit_inputs(max_depth) if proof is not None else MerkleProof.empty_inputs(max_depth)
    except TreeError as exc:
        raise WitnessError(str(exc)) from None


def _check_inputs(keys: ShieldedKeys, inputs: Sequence[InputNote], note_root: int) -> None:
    if len(inputs) > 2:
        raise WitnessError(f"a private operation spends at most 2 notes, not {len(inputs)}")
    for n, spent in enumerate(inputs):
        if spent.note.owner_id != keys.owner_id:
            raise WitnessError(f"input note {n} belongs to another owner: only its owner's key can spend it")
        if spent.side not in (0, 1):
            raise WitnessError(f"input note {n} has side {spent.side}; a note is on side 0 or 1 of its leaf")
        if spent.note.value == 0:
            continue
        if spent.proof is None or spent.proof.leaf != spent.leaf:
            raise WitnessError(f"input note {n} needs the note tree proof of its own leaf")
        if not spent.proof.verify(note_root):
            raise WitnessError(f"input note {n} is not in the note tree whose root is {note_root}")
    spent_ids = [(i.leaf, i.side) for i in inputs if i.note.value]
    if len(set(spent_ids)) != len(spent_ids):
        raise WitnessError("the same note cannot be spent twice in one operation")


def _check_outputs(outputs: Sequence[OutputNote], allow_root: int) -> None:
    if len(outputs) != 2:
        raise WitnessError(f"a private operation creates exactly 2 notes, not {len(outputs)}")
    for n, out in enumerate(outputs):
        if not 0 <= out.owner_no < OWNER_NO_LIMIT:
            raise WitnessError(f"output {n}'s receiver number {out.owner_no} is not below 2^32")
        if out.note.value == 0:
            continue
        if out.allow_proof is None or out.owner_no == 0:
            raise WitnessError(f"output {n} pays a receiver and needs the receiver's allow-list proof")
        if out.allow_proof.leaf != allow_leaf(out.note.owner_id, out.owner_no):
            raise WitnessError(
                f"output {n}'s allow-list proof is not for its receiver (owner number {out.owner_no})"
            )
        if not out.allow_proof.verify(allow_root):
            raise WitnessError(
                f"output {n}'s receiver is not in the pool's allow list (frozen or not registered)"
            )


def build_witness(
    keys: ShieldedKeys,
    *,
    inputs: Sequence[InputNote],
    outputs: Sequence[OutputNote],
    sender_no: int,
    sender_allow_proof: MerkleProof,
    allow_root: int,
    note_root: int,
    regulator_key: Point,
    context: int,
    withdrawn: int = 0,
    ephemeral_key: int | None = None,
) -> Witness:
    """The circuit input of spending ``inputs`` (0 to 2 notes of ``keys``' owner) into two ``outputs``
    and ``withdrawn`` out of the pool, with every check the circuit makes done first.

    ``note_root`` is the note tree root the input proofs are against, ``allow_root`` the allow list's;
    ``ephemeral_key`` (the supervision encryption's ``r``) is drawn at random when not given.
    """
    _check_inputs(keys, inputs, note_root)
    _check_outputs(outputs, allow_root)
    notes = [i.note for i in inputs] + [o.note for o in outputs]
    asset = outputs[0].note.asset
    if any(n.asset != asset for n in notes):
        raise WitnessError("every note of one operation must be of the same asset (Real Digital or one TPFt)")
    spent = sum(i.note.value for i in inputs)
    created = sum(o.note.value for o in outputs) + withdrawn
    if spent != created:
        raise WitnessError(f"the inputs are worth {spent} but the outputs and withdrawal {created}")
    try:
        sender_leaf = allow_leaf(keys.owner_id, sender_no)
    except PrivacyError:
        raise WitnessError(f"the sender's owner number {sender_no} is not a registered number") from None
    if sender_allow_proof.leaf != sender_leaf or not sender_allow_proof.verify(allow_root):
        raise WitnessError(
            "the sender is not in the pool's allow list (frozen, or the proof is for someone else)"
        )
    try:
        check_regulator_key(regulator_key)
    except PrivacyError as exc:
        raise WitnessError(str(exc)) from None
    if not 0 <= context < P:
        raise WitnessError("the context must be reduced mod p")
    r = random_scalar() if ephemeral_key is None else ephemeral_key
    if not 0 < r < SUBGROUP_ORDER:
        raise WitnessError("the ephemeral key must be between 1 and the BabyJubJub subgroup order")

    padded = list(inputs) + [InputNote.dummy(keys.owner_id, asset) for _ in range(2 - len(inputs))]
    note_paths = [_merkle(i.proof if i.note.value else None, NOTE_DEPTH) for i in padded]
    out_paths = [_merkle(o.allow_proof if o.note.value else None, ALLOW_DEPTH) for o in outputs]
    sender_path = _merkle(sender_allow_proof, ALLOW_DEPTH)
    values: dict[str, Any] = {
        "noteRoot": note_root,
        "paramsHash": params_hash(allow_root, regulator_key),
        "context": context,
        "publicOut": public_out(withdrawn, asset),
        "spendingKey": keys.spending_key,
        "asset": asset,
        "inValue": [i.note.value for i in padded],
        "inSalt": [i.note.salt for i in padded],
        "inSide": [i.side for i in padded],
        "inSibling": [i.sibling for i in padded],
        "inDepth": [path[0] for path in note_paths],
        "inIndices": [path[1] for path in note_paths],
        "inSiblings": [path[2] for path in note_paths],
        "outValue": [o.note.value for o in outputs],
        "outOwner": [o.note.owner_id for o in outputs],
        "outSalt": [o.note.salt for o in outputs],
        "senderNo": sender_no,
        "outNo": [o.owner_no for o in outputs],
        "allowRoot": allow_root,
        "senderAllowDepth": sender_path[0],
        "senderAllowIndices": sender_path[1],
        "senderAllowSiblings": sender_path[2],
        "outAllowDepth": [path[0] for path in out_paths],
        "outAllowIndices": [path[1] for path in out_paths],
        "outAllowSiblings": [path[2] for path in out_paths],
        "regulatorKey": [regulator_key.x, regulator_key.y],
        "ephemeralKey": r,
    }
    circuit_input = {name: _decimal(value) for name, value in values.items()}
    return Witness(inputs=circuit_input, public=predict_public(circuit_input), ephemeral_key=r)


def _decimal(value: Any) -> Any:
    """Numbers as decimal strings, in nested lists as they are (what snarkjs reads)."""
    if isinstance(value, list):
        return [_decimal(v) for v in value]
    return str(value)


def predict_public(circuit_input: Mapping[str, Any]) -> PublicSignals:
    """The public signals a proof of ``circuit_input`` will have, computed as the circuit computes them
    (field arithmetic, no range checks: an input the circuit refuses still gets a prediction)."""

    def get(name: str, i: int | None = None) -> int:
        value = circuit_input[name] if i is None else circuit_input[name][i]
        return int(value) % P

    sk, asset = get("spendingKey"), get("asset")
    owner_id, nk = poseidon(sk, 0), poseidon(sk, 1)
    nullifiers = []
    for i in range(2):
        c = poseidon(get("inValue", i), owner_id, get("inSalt", i), asset)
        side, sibling = get("inSide", i), get("inSibling", i)
        in_leaf = leaf(c, sibling) if side == 0 else leaf(sibling, c)
        nullifiers.append(nullifier(in_leaf, side, nk))
    out_commitments = [
        poseidon(get("outValue", j), get("outOwner", j), get("outSalt", j), asset) for j in range(2)
    ]
    r = get("ephemeralKey")
    regulator = Point(get("regulatorKey", 0), get("regulatorKey", 1))
    stream = keystream(mul(r, regulator))
    plain = (
        (get("outValue", 0) + (get("outValue", 1) << 64) + (asset << 128)) % P,
        (get("senderNo") + (get("outNo", 0) << 32) + (get("outNo", 1) << 64)) % P,
        nk,
    )
    return PublicSignals(
        nullifiers=(nullifiers[0], nullifiers[1]),
        out_leaf=leaf(out_commitments[0], out_commitments[1]),
        ephemeral_y=mul(r, BASE8).y,
        cipher=((plain[0] + stream[0]) % P, (plain[1] + stream[1]) % P, (plain[2] + stream[2]) % P),
        note_root=get("noteRoot"),
        params_hash=get("paramsHash"),
        context=get("context"),
        public_out=get("publicOut"),
    )


__all__ = [
    "ALLOW_DEPTH",
    "NOTE_DEPTH",
    "ContextKind",
    "InputNote",
    "OutputNote",
    "PublicSignals",
    "Witness",
    "build_witness",
    "context_of",
    "params_hash",
    "predict_public",
    "public_out",
]
