"""The witness builder against the real circuit: circuits/joinsplit.circom compiled once for this module
with the pinned circom2, each witness computed by its wasm and checked against its r1cs with snarkjs.

Valid operations (a transfer spending two notes, a transfer spending one note and a zero-value input, a
TPFt withdrawal spending the second note of a leaf) satisfy every constraint, and the public signals
snarkjs computes are exactly the ones :func:`predict_public` predicted, in the verifier's order. Tampered
inputs that cheat (a note of another owner, a value above 2^64, an unbalanced transfer, a receiver not in
the allow list) do not. The regulator reads every valid operation; another key reads garbage.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from drex.privacy import WitnessError
from drex.privacy.crypto.babyjub import Point
from drex.privacy.crypto.field import P
from drex.privacy.crypto.keys import ShieldedKeys, derive_shielded_keys
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.notes import Note, allow_leaf, deposit_leaf, leaf, nullifier
from drex.privacy.regulator import RegulatorKey, Supervision
from drex.privacy.tree import LeanIMT
from drex.privacy.witness import (
    ContextKind,
    InputNote,
    OutputNote,
    PublicSignals,
    Witness,
    build_witness,
    context_of,
    params_hash,
    predict_public,
)

from .crypto_support import ROOT, CompiledCircuit, compile_circuit, snarkjs

#: One worker: the module's witness fixtures (19 s) run once, not once per worker.
pytestmark = pytest.mark.xdist_group("crypto_witness")

CHAIN_ID = 381660001
POOL = "0x" + "ab" * 20
TPFT = 42  # a TPFt id: the asset of the withdrawal
NOTES = bytes(320)
CIRCUIT = ROOT / "circuits" / "joinsplit.circom"


@pytest.fixture(scope="module")
def circuit(tmp_path_factory: pytest.TempPathFactory) -> CompiledCircuit:
    return compile_circuit(tmp_path_factory.mktemp("joinsplit"))


def _keys(n: int) -> ShieldedKeys:
    return derive_shielded_keys(Account.from_key((n + 1).to_bytes(32, "big")), CHAIN_ID)


@dataclass
class Pool:
    """A pool's state as the mirror sees it: owners A, B, C registered (numbers 1, 2, 3), and notes."""

    a: ShieldedKeys
    b: ShieldedKeys
    c: ShieldedKeys
    allow: LeanIMT
    notes: LeanIMT
    regulator: RegulatorKey

    def no(self, keys: ShieldedKeys) -> int:
        return {self.a.owner_id: 1, self.b.owner_id: 2, self.c.owner_id: 3}[keys.owner_id]

    def allow_proof(self, keys: ShieldedKeys) -> Any:
        return self.allow.proof_of(allow_leaf(keys.owner_id, self.no(keys)))

    def deposit(self, keys: ShieldedKeys, value: int, asset: int = 0) -> InputNote:
        note = Note.new(value, keys.owner_id, asset)
        self.notes.insert(deposit_leaf(note.commitment))
        return InputNote(note, side=0, sibling=0, proof=None)

    def pair(self, first: Note, second: Note) -> tuple[InputNote, InputNote]:
        """The two notes of one operation's leaf, as their owners will spend them."""
        self.notes.insert(leaf(first.commitment, second.commitment))
        return (InputNote(first, 0, second.commitment, None), InputNote(second, 1, first.commitment, None))

    def spendable(self, spent: InputNote) -> InputNote:
        """``spent`` with its proof against the current note root."""
        return InputNote(spent.note, spent.side, spent.sibling, self.notes.proof_of(spent.leaf))

    def pay(self, receiver: ShieldedKeys, value: int, asset: int = 0) -> OutputNote:
        return OutputNote(
            Note.new(value, receiver.owner_id, asset), self.no(receiver), self.allow_proof(receiver)
        )

    def witness(
        self, sender: ShieldedKeys, inputs: list[InputNote], outputs: list[OutputNote], **kw: Any
    ) -> Witness:
        return build_witness(
            sender,
            inputs=[self.spendable(i) for i in inputs],
            outputs=outputs,
            sender_no=self.no(sender),
            sender_allow_proof=self.allow_proof(sender),
            allow_root=self.allow.root,
            note_root=self.notes.root,
            regulator_key=kw.pop("regulator", self.regulator.public),
            **kw,
        )


@pytest.fixture(scope="module")
def pool() -> Pool:
    a, b, c = _keys(1), _keys(2), _keys(3)
    allow = LeanIMT()
    for no, keys in enumerate((a, b, c), start=1):
        allow.insert(allow_leaf(keys.owner_id, no))
    for filler in range(4, 9):  # more registered owners, so the allow proofs have a few levels
        allow.insert(allow_leaf(filler, filler))
    return Pool(a, b, c, allow, LeanIMT(), RegulatorKey.generate())


@dataclass(frozen=True)
class Case:
    witness: Witness
    sender: ShieldedKeys
    out_values: tuple[int, int]
    asset: int
    out_nos: tuple[int, int]


@pytest.fixture(scope="module")
def cases(pool: Pool) -> dict[str, Case]:
    a, b, c = pool.a, pool.b, pool.c
    dep100, dep50 = pool.deposit(a, 100_00), pool.deposit(a, 50_00)
    dep30 = pool.deposit(a, 30_00)
    tpft_b, tpft_a = pool.pair(Note.new(10, b.owner_id, TPFT), Note.new(90, a.owner_id, TPFT))
    for filler in range(20):  # other institutions' leaves, so the note proofs have a few levels
        pool.notes.insert(leaf(filler + 1, filler + 2))
    transfer = pool.witness(
        a, [dep100, dep50], [pool.pay(b, 120_00), pool.pay(a, 30_00)],
        context=context_of(ContextKind.TRANSFER, chain_id=CHAIN_ID, pool=POOL, notes=NOTES),
    )  # fmt: skip
    single = pool.witness(
        a, [dep30], [pool.pay(c, 25_00), pool.pay(a, 5_00)],
        context=context_of(ContextKind.TRANSFER, chain_id=CHAIN_ID, pool=POOL, notes=NOTES),
    )  # fmt: skip
    withdraw = pool.witness(
        a, [tpft_a], [pool.pay(a, 50, TPFT), OutputNote.dummy(a.owner_id, TPFT)], withdrawn=40,
        context=context_of(ContextKind.WITHDRAW, chain_id=CHAIN_ID, pool=POOL, recipient=POOL, notes=NOTES),
    )  # fmt: skip
    assert tpft_b.note.owner_id == b.owner_id
    return {
        "transfer": Case(transfer, a, (120_00, 30_00), 0, (2, 1)),
        "one note and a dummy": Case(single, a, (25_00, 5_00), 0, (3, 1)),
        "withdraw": Case(withdraw, a, (50, 0), TPFT, (1, 0)),
    }


def _witness_check(
    circuit: CompiledCircuit, inputs: dict[str, Any], tmp: Path
) -> tuple[bool, str, list[int]]:
    """(satisfied, what snarkjs said, the witness's public signals) for a circuit input: the wasm computes
    the witness (and stops at the first failed ``===``), then ``wtns check`` checks it against the r1cs."""
    (tmp / "input.json").write_text(json.dumps(inputs))
    calc = snarkjs("wtns", "calculate", circuit.wasm, tmp / "input.json", tmp / "w.wtns")
    if calc.returncode != 0 or not (tmp / "w.wtns").exists():
        return False, "calculate: " + calc.stderr + calc.stdout, []
    ok, said = _r1cs_check(circuit, tmp / "w.wtns")
    if not ok:
        return False, said, []
    assert snarkjs("wtns", "export", "json", tmp / "w.wtns", tmp / "w.json").returncode == 0
    signals = [int(v) for v in json.loads((tmp / "w.json").read_text())]
    assert signals[0] == 1  # the constant signal; the public signals follow it
    return True, said, signals[1:12]


def _r1cs_check(circuit: CompiledCircuit, wtns: Path) -> tuple[bool, str]:
    check = snarkjs("wtns", "check", circuit.r1cs, wtns)
    return (
        check.returncode == 0 and "WITNESS IS CORRECT" in check.stdout,
        "check: " + check.stdout + check.stderr,
    )


def _failed_line(said: str) -> str:
    """The line of circuits/joinsplit.circom whose constraint the wasm found false."""
    found = re.search(r"Error in template JoinSplit_\d+ line: (\d+)", said)
    assert found, said
    return CIRCUIT.read_text().splitlines()[int(found.group(1)) - 1].strip()


CASES = ["transfer", "one note and a dummy", "withdraw"]


@pytest.mark.parametrize("name", CASES)
def test_a_valid_operation_satisfies_the_circuit_with_the_predicted_public_signals(
    circuit: CompiledCircuit, cases: dict[str, Case], name: str, tmp_path: Path
) -> None:
    witness = cases[name].witness
    ok, said, public = _witness_check(circuit, witness.inputs, tmp_path)
    assert ok, said
    assert public == witness.public.as_list()
    assert PublicSignals.from_list(public) == witness.public == predict_public(witness.inputs)


def test_the_public_signals_are_in_the_order_of_the_design(circuit: CompiledCircuit) -> None:
    names = [line.split(",")[3] for line in circuit.sym.read_text().splitlines()[:11]]
    assert names == [
        "main.nullifier[0]", "main.nullifier[1]", "main.outLeaf", "main.ephemeralY",
        "main.cipher[0]", "main.cipher[1]", "main.cipher[2]",
        "main.noteRoot", "main.paramsHash", "main.context", "main.publicOut",
    ]  # fmt: skip


def test_the_nullifiers_are_the_spent_notes_and_the_withdrawal_names_its_asset(
    pool: Pool, cases: dict[str, Case]
) -> None:
    transfer = cases["transfer"].witness
    inputs = transfer.inputs
    commitments = [
        Note(int(inputs["inValue"][i]), pool.a.owner_id, int(inputs["inSalt"][i])).commitment for i in (0, 1)
    ]
    expected = tuple(nullifier(leaf(c, 0), 0, pool.a.nullifying_key) for c in commitments)
    assert transfer.public.nullifiers == expected
    assert cases["withdraw"].witness.public.public_out == 40 + TPFT * 2**64
    assert transfer.public.public_out == 0


def _tampered(witness: Witness, **changes: Any) -> dict[str, Any]:
    """The witness's circuit input with some signals changed: ``name=value`` or ``name=[v0, v1]``."""
    inputs = copy.deepcopy(witness.inputs)
    for name, value in changes.items():
        inputs[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return inputs


def test_cheating_inputs_do_not_satisfy_the_circuit(
    circuit: CompiledCircuit, pool: Pool, cases: dict[str, Case], tmp_path: Path
) -> None:
    w = cases["transfer"].witness
    out0, out1 = (int(v) for v in w.inputs["outValue"])
    total = out0 + out1
    other_key = RegulatorKey.generate().public
    # what is tampered -> the start of the circuit line whose constraint must fail
    cheats = {
        # B's key claims A's notes: the commitments it computes are not in the note tree
        "an input owned by another key": (
            _tampered(w, spendingKey=pool.b.spending_key),
            "RootIfEnabled(NOTE_DEPTH)",
        ),
        # balanced in the field (p - 1 is -1, and 2^64 is one too many) but out of range
        "a value above 2^64": (_tampered(w, outValue=[P - 1, total + 1]), "_ <== Num2Bits(64)(outValue[j])"),
        "a value of 2^64": (
            _tampered(w, outValue=[2**64, (total - 2**64) % P]),
            "_ <== Num2Bits(64)(outValue[j])",
        ),
        "an unbalanced transfer": (_tampered(w, outValue=[out0 + 1, out1]), "inValue[0] + inValue[1] ==="),
        "a receiver missing from the allow list": (
            _tampered(w, outOwner=[12345, w.inputs["outOwner"][1]]),
            "RootIfEnabled(ALLOW_DEPTH)(outAllowLeaf[j]",
        ),
        "a sender number of another owner": (
            _tampered(w, senderNo=3),
            "RootIfEnabled(ALLOW_DEPTH)(senderAllowLeaf",
        ),
        "an allow root that is not the pool's": (
            _tampered(w, allowRoot=pool.allow.root + 1),
            "RootIfEnabled(ALLOW_DEPTH)(senderAllowLeaf",
        ),
        "a regulator key the pool did not set": (
            _tampered(w, regulatorKey=[other_key.x, other_key.y]),
            "paramsHash === expectedParams",
        ),
        "a withdrawal of another asset": (
            _tampered(cases["withdraw"].witness, publicOut=40 + 7 * 2**64),
            "(withdrawnAsset - asset) * withdrawn",
        ),
        "a zero ephemeral key": (_tampered(w, ephemeralKey=0), "notIdentity * (ephemeral[1] - 1) === 1"),
    }
    for what, (inputs, line) in cheats.items():
        folder = tmp_path / re.sub(r"\W+", "-", what)
        folder.mkdir()
        ok, said, _ = _witness_check(circuit, inputs, folder)
        assert not ok, f"{what}: the circuit accepted it"
        assert _failed_line(said).startswith(line), f"{what}: {said}"


def test_one_note_twice_in_one_proof_satisfies_the_circuit_with_equal_nullifiers(
    circuit: CompiledCircuit, cases: dict[str, Case], tmp_path: Path
) -> None:
    """What the circuit does not prevent, so the pool must: the same note as both inputs doubles its
    value, and the only sign of it is that the two nullifiers are equal. The pool must refuse a proof
    whose nullifiers are equal (the witness builder refuses to build one)."""
    w = cases["one note and a dummy"].witness
    inputs = copy.deepcopy(w.inputs)
    for name in ("inValue", "inSalt", "inSide", "inSibling", "inDepth", "inIndices", "inSiblings"):
        inputs[name][1] = inputs[name][0]
    inputs["outValue"][0] = str(int(inputs["outValue"][0]) + int(inputs["inValue"][0]))
    ok, said, public = _witness_check(circuit, inputs, tmp_path)
    assert ok, said
    assert public[0] == public[1] == predict_public(inputs).nullifiers[0]


def test_a_low_order_regulator_key_would_make_the_supervision_words_public(
    circuit: CompiledCircuit, pool: Pool, cases: dict[str, Case], tmp_path: Path
) -> None:
    """What the circuit does not prevent, so ``setRegulatorKey`` must: with the curve's identity (0, 1) as
    the regulator key (a point on the curve) the shared point is the identity whatever ``r`` is, and
    everyone can remove the keystream. The pool must accept only a key in the prime subgroup (at least not
    of small order); :func:`~drex.privacy.regulator.check_regulator_key` is that check, and the witness
    builder applies it."""
    w = cases["transfer"].witness
    inputs = _tampered(w, regulatorKey=[0, 1], paramsHash=params_hash(pool.allow.root, Point(0, 1)))
    ok, said, public = _witness_check(circuit, inputs, tmp_path)
    assert ok, said
    words = [(c - poseidon(1, k)) % P for k, c in enumerate(public[4:7])]
    assert Supervision.from_plain((words[0], words[1], words[2])).out_values == (120_00, 30_00)
    with pytest.raises(WitnessError, match="not a usable regulator key"):
        pool.witness(pool.a, [], [OutputNote.dummy(pool.a.owner_id, 0)] * 2, context=1, regulator=Point(0, 1))


def test_the_r1cs_refuses_a_witness_the_wasm_did_not_compute(
    circuit: CompiledCircuit, cases: dict[str, Case], tmp_path: Path
) -> None:
    """The wasm's asserts are not the only guard: a valid witness with one value changed afterwards (one
    more centavo to the receiver) fails ``wtns check`` against the r1cs."""
    ok, said, _ = _witness_check(circuit, cases["transfer"].witness.inputs, tmp_path)
    assert ok, said
    wire = next(
        int(line.split(",")[1])
        for line in circuit.sym.read_text().splitlines()
        if line.endswith(",main.outValue[0]")
    )
    data = bytearray((tmp_path / "w.wtns").read_bytes())
    offset = _wtns_values_offset(bytes(data)) + 32 * wire
    value = int.from_bytes(data[offset : offset + 32], "little")
    assert value == 120_00
    data[offset : offset + 32] = (value + 1).to_bytes(32, "little")
    (tmp_path / "cheat.wtns").write_bytes(bytes(data))
    ok, said = _r1cs_check(circuit, tmp_path / "cheat.wtns")
    assert not ok, said


def _wtns_values_offset(data: bytes) -> int:
    """Where the witness values start in a .wtns file (section 2, 32-byte little-endian elements)."""
    assert data[:4] == b"wtns"
    n_sections = int.from_bytes(data[8:12], "little")
    position = 12
    for _ in range(n_sections):
        kind = int.from_bytes(data[position : position + 4], "little")
        size = int.from_bytes(data[position + 4 : position + 12], "little")
        if kind == 2:
            return position + 12
        position += 12 + size
    raise AssertionError("no witness section in the .wtns file")


@pytest.mark.parametrize("name", CASES)
def test_the_regulator_reads_every_operation_and_another_key_reads_garbage(
    pool: Pool, cases: dict[str, Case], name: str
) -> None:
    case = cases[name]
    public = case.witness.public
    seen = pool.regulator.decrypt(public.ephemeral_y, public.cipher)
    assert seen.plausible()
    assert seen.out_values == case.out_values and seen.asset == case.asset
    assert seen.sender_no == pool.no(case.sender) and seen.out_nos == case.out_nos
    assert seen.nullifying_key == case.sender.nullifying_key
    # with nk the bank recognises the spent notes' nullifiers
    spent = [int(v) for v in case.witness.inputs["inValue"]]
    if spent[0]:
        assert public.nullifiers[0] in {
            nullifier(lf, side, seen.nullifying_key) for lf in pool.notes.leaves for side in (0, 1) if lf
        }
    for _ in range(3):
        assert not RegulatorKey.generate().decrypt(public.ephemeral_y, public.cipher).plausible()


def test_the_builder_refuses_what_the_circuit_would_refuse(pool: Pool, cases: dict[str, Case]) -> None:
    a, b = pool.a, pool.b
    note = pool.deposit(a, 7_00)
    context = 1
    with pytest.raises(WitnessError, match="belongs to another owner"):
        pool.witness(b, [note], [pool.pay(a, 7_00), OutputNote.dummy(b.owner_id, 0)], context=context)
    with pytest.raises(WitnessError, match="worth 700 but the outputs and withdrawal 800"):
        pool.witness(a, [note], [pool.pay(b, 8_00), OutputNote.dummy(a.owner_id, 0)], context=context)
    stranger = OutputNote(Note.new(7_00, 999, 0), 2, pool.allow_proof(b))
    with pytest.raises(WitnessError, match="not for its receiver"):
        pool.witness(a, [note], [stranger, OutputNote.dummy(a.owner_id, 0)], context=context)
    with pytest.raises(WitnessError, match="same asset"):
        pool.witness(
            a, [note], [pool.pay(b, 7_00, TPFT), OutputNote.dummy(a.owner_id, TPFT)], context=context
        )
    with pytest.raises(WitnessError, match="spent twice"):
        pool.witness(a, [note, note], [pool.pay(b, 14_00), OutputNote.dummy(a.owner_id, 0)], context=context)
    with pytest.raises(WitnessError, match="not in the note tree"):
        build_witness(
            a, inputs=[pool.spendable(note)], outputs=[pool.pay(b, 7_00), OutputNote.dummy(a.owner_id, 0)],
            sender_no=1, sender_allow_proof=pool.allow_proof(a), allow_root=pool.allow.root,
            note_root=pool.notes.root + 1, regulator_key=pool.regulator.public, context=context,
        )  # fmt: skip
