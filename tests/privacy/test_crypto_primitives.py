"""The primitives against circomlibjs, run in node from the checkout: Poseidon for every width drex uses
(circomlibjs' wasm Poseidon and its reference implementation), BabyJubJub (multiplication, addition,
curve and subgroup membership, point packing); the field's square root; and the build step that copies
Poseidon's constants into package data."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hypothesis_profiles
from drex.build.artifacts import MissingArtifacts, load_data
from drex.privacy import InvalidPoint, PrivacyError
from drex.privacy.crypto import babyjub as bj
from drex.privacy.crypto.constants import CONSTANTS_FILE, write_poseidon_constants
from drex.privacy.crypto.field import P, sqrt
from drex.privacy.crypto.poseidon import poseidon, poseidon_many

from .crypto_support import ROOT, node_json

RNG = random.Random(11)


def _vectors() -> list[list[int]]:
    vectors: list[list[int]] = []
    for n in range(1, 6):
        vectors += [[0] * n, [P - 1] * n, list(range(1, n + 1))]
        vectors += [[RNG.randrange(P) for _ in range(n)] for _ in range(4)]
        vectors += [[RNG.randrange(2**64) for _ in range(n)]]
    return vectors


def test_poseidon_equals_circomlibjs_for_one_to_five_inputs() -> None:
    vectors = _vectors()
    script = f"""
    const {{ buildPoseidon, buildPoseidonReference }} = require("circomlibjs");
    (async () => {{
      const fast = await buildPoseidon(), reference = await buildPoseidonReference();
      const vectors = {json.dumps([[str(v) for v in vec] for vec in vectors])};
      const out = vectors.map(v => [fast.F.toString(fast(v.map(BigInt))),
                                    reference.F.toString(reference(v.map(BigInt)))]);
      console.log(JSON.stringify(out));
    }})();
    """
    expected = node_json(script)
    assert len(expected) == len(vectors) == 5 * 8
    for vector, (fast, reference) in zip(vectors, expected, strict=True):
        assert poseidon_many(vector) == int(fast) == int(reference), vector


def test_poseidon_refuses_what_the_circuit_could_not_hash() -> None:
    with pytest.raises(PrivacyError, match="1 to 5 inputs"):
        poseidon()
    with pytest.raises(PrivacyError, match="1 to 5 inputs"):
        poseidon(1, 2, 3, 4, 5, 6)
    with pytest.raises(PrivacyError, match="below the SNARK field order"):
        poseidon(P)
    with pytest.raises(PrivacyError, match="below the SNARK field order"):
        poseidon(-1)


def test_babyjubjub_equals_circomlibjs() -> None:
    scalars = [1, 2, 7, bj.SUBGROUP_ORDER - 1, bj.SUBGROUP_ORDER, 2**253 - 1] + [
        RNG.randrange(bj.SUBGROUP_ORDER) for _ in range(6)
    ]
    pairs = [(RNG.randrange(bj.SUBGROUP_ORDER), RNG.randrange(bj.SUBGROUP_ORDER)) for _ in range(4)]
    scalars_js, pairs_js = (
        json.dumps([str(k) for k in scalars]),
        json.dumps([[str(a), str(b)] for a, b in pairs]),
    )
    script = f"""
    const {{ buildBabyjub }} = require("circomlibjs");
    (async () => {{
      const bj = await buildBabyjub(), F = bj.F, s = p => [F.toString(p[0]), F.toString(p[1])];
      const scalars = {scalars_js}, pairs = {pairs_js};
      const muls = scalars.map(k => bj.mulPointEscalar(bj.Base8, BigInt(k)));
      const sums = pairs.map(([a, b]) => bj.addPoint(bj.mulPointEscalar(bj.Base8, BigInt(a)),
                                                     bj.mulPointEscalar(bj.Base8, BigInt(b))));
      const packed = muls.map(p => Buffer.from(bj.packPoint(p)).toString("hex"));
      const unpack = h => bj.unpackPoint(Buffer.from(h, "hex"));
      const unpacked = packed.map(h => unpack(h) && s(unpack(h)));
      console.log(JSON.stringify({{ muls: muls.map(s), sums: sums.map(s), packed, unpacked,
        generator: s(bj.Generator), order: bj.order.toString(), subOrder: bj.subOrder.toString(),
        inSubgroup: bj.inSubgroup(bj.Generator), base8InSubgroup: bj.inSubgroup(bj.Base8) }}));
    }})();
    """
    js = node_json(script)
    assert int(js["order"]) == bj.CURVE_ORDER and int(js["subOrder"]) == bj.SUBGROUP_ORDER
    assert js["base8InSubgroup"] and bj.in_subgroup(bj.BASE8)
    generator = bj.Point(*map(int, js["generator"]))
    assert js["inSubgroup"] is bj.in_subgroup(generator) is False and bj.is_on_curve(generator)
    assert bj.mul(8, generator) == bj.BASE8
    for k, expected, packed, unpacked in zip(scalars, js["muls"], js["packed"], js["unpacked"], strict=True):
        point = bj.mul(k, bj.BASE8)
        assert point == bj.Point(*map(int, expected)) and bj.is_on_curve(point)
        assert bj.pack_point(point).hex() == packed
        if unpacked is None:  # circomlibjs cannot unpack a point with x = 0 (the identity, l·Base8)
            assert point == bj.IDENTITY and k == bj.SUBGROUP_ORDER
            assert bj.unpack_point(bytes.fromhex(packed)) == point
        else:
            assert bj.unpack_point(bytes.fromhex(packed)) == bj.Point(*map(int, unpacked)) == point
    for (a, b), expected in zip(pairs, js["sums"], strict=True):
        assert bj.add(bj.mul(a, bj.BASE8), bj.mul(b, bj.BASE8)) == bj.Point(*map(int, expected))
        assert bj.mul(a + b, bj.BASE8) == bj.Point(*map(int, expected))


@hypothesis_profiles.examples(30)
@given(st.integers(min_value=1, max_value=bj.SUBGROUP_ORDER - 1))
def test_a_point_is_recovered_from_its_y_up_to_the_sign_of_x(scalar: int) -> None:
    point = bj.public_key(scalar)
    recovered = bj.point_from_y(point.y)
    assert recovered in (point, bj.neg(point))
    assert bj.is_on_curve(recovered) and bj.in_subgroup(recovered)
    # what the regulator relies on: the shared secret's y is the same for R and -R
    other = bj.random_scalar()
    assert bj.mul(other, recovered).y == bj.mul(other, point).y


def test_points_off_the_curve_are_refused() -> None:
    y = next(y for y in range(2, 100) if bj.x_from_y(y) is None)
    with pytest.raises(InvalidPoint, match="no BabyJubJub point has y"):
        bj.point_from_y(y)
    with pytest.raises(InvalidPoint):
        bj.pack_point(bj.Point(1, 1))
    with pytest.raises(InvalidPoint):
        bj.unpack_point(y.to_bytes(32, "little"))
    with pytest.raises(InvalidPoint):
        bj.public_key(0)
    assert not bj.in_subgroup(bj.Point(0, P - 1))  # on the curve (order 2), not in the subgroup
    assert bj.is_on_curve(bj.Point(0, P - 1))


@hypothesis_profiles.examples(60)
@given(st.integers(min_value=0, max_value=P - 1))
def test_the_square_root_is_a_square_root_or_none_for_non_squares(a: int) -> None:
    root = sqrt(a)
    if root is None:
        assert pow(a, (P - 1) // 2, P) == P - 1
    else:
        assert root * root % P == a


def test_the_build_writes_poseidon_constants_as_package_data(tmp_path: Path) -> None:
    written = write_poseidon_constants(ROOT, tmp_path)
    assert written == tmp_path / CONSTANTS_FILE
    stamp = written.stat().st_mtime_ns
    assert write_poseidon_constants(ROOT, tmp_path).stat().st_mtime_ns == stamp  # unchanged: not rewritten
    data = load_data(CONSTANTS_FILE, tmp_path)
    assert sorted(data["widths"]) == ["2", "3", "4", "5", "6"] and data["fullRounds"] == 8
    assert data["source"].startswith("circomlibjs ")
    assert data == load_data(CONSTANTS_FILE)  # what `drex build` put in the checkout's artifacts
    with pytest.raises(MissingArtifacts, match="no privacy/poseidon_constants.json"):
        load_data(CONSTANTS_FILE, tmp_path / "elsewhere")
