"""The LeanIMT mirror against a naive recomputation from its leaves, under random inserts, batch inserts,
updates and removals (tests/privacy/test_crypto_onchain.py checks it against the Solidity library)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hypothesis_profiles
from drex.privacy import TreeError
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.tree import LeanIMT, MerkleProof


def naive_root(leaves: list[int]) -> int:
    """The LeanIMT root by definition: pair up each level, a lone last node moves up unhashed."""
    level = list(leaves)
    if not level:
        return 0
    while len(level) > 1:
        level = [
            poseidon(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
            for i in range(0, len(level), 2)
        ]
    return level[0]


def naive_depth(size: int) -> int:
    depth = 0
    while (1 << depth) < size:
        depth += 1
    return depth


# operations: ("insert", k), ("many", [k...]), ("update", i, k), ("remove", i); k makes a fresh leaf
operation = st.one_of(
    st.tuples(st.just("insert"), st.integers(1, 10**9)),
    st.tuples(st.just("many"), st.lists(st.integers(1, 10**9), min_size=1, max_size=6)),
    st.tuples(st.just("update"), st.integers(0, 10**6), st.integers(1, 10**9)),
    st.tuples(st.just("remove"), st.integers(0, 10**6)),
)


@hypothesis_profiles.examples(40)
@given(st.lists(operation, min_size=1, max_size=14), st.data())
def test_the_mirror_equals_a_naive_recomputation(ops: list[tuple[object, ...]], data: st.DataObject) -> None:
    tree, leaves = LeanIMT(), list[int]()
    used: set[int] = set()

    def fresh(k: object) -> int:
        value = int(str(k)) + len(used) * 10**9  # distinct leaves, as the library requires
        used.add(value)
        return value

    for op in ops:
        live = [i for i, leaf in enumerate(leaves) if leaf]
        if op[0] == "insert":
            leaf = fresh(op[1])
            assert tree.insert(leaf) == naive_root([*leaves, leaf])
            leaves.append(leaf)
        elif op[0] == "many":
            batch = [fresh(k) for k in op[1]]  # type: ignore[attr-defined]
            assert tree.insert_many(batch) == naive_root(leaves + batch)
            leaves += batch
        elif op[0] == "update" and live:
            i = live[int(str(op[1])) % len(live)]
            new = fresh(op[2])
            tree.update(leaves[i], new)
            leaves[i] = new
        elif op[0] == "remove" and live:
            i = live[int(str(op[1])) % len(live)]
            tree.remove(leaves[i])
            leaves[i] = 0
        assert tree.root == naive_root(leaves)
        assert (tree.size, tree.depth, list(tree.leaves)) == (len(leaves), naive_depth(len(leaves)), leaves)
    if leaves:
        index = data.draw(st.integers(0, len(leaves) - 1))
        proof = tree.proof(index)
        assert proof.leaf == leaves[index] and proof.verify() and proof.root == naive_root(leaves)
        assert proof.depth <= tree.depth
        # the circuit's form: padded with zeros, and the same root through BinaryMerkleRoot's rule
        depth, indices, siblings = proof.circuit_inputs(24)
        assert len(indices) == len(siblings) == 24 and depth == proof.depth
        assert MerkleProof(
            proof.leaf, index, proof.root, tuple(siblings[:depth]), tuple(indices[:depth])
        ).verify()


def test_proofs_skip_the_levels_without_a_sibling() -> None:
    leaves = [poseidon(k) for k in range(1, 6)]  # 5 leaves: depth 3, the fifth has no sibling below the top
    tree = LeanIMT(leaves)
    proof = tree.proof(4)
    assert tree.depth == 3 and proof.depth == 1 and proof.path == (1,)
    assert proof.siblings == (poseidon(poseidon(leaves[0], leaves[1]), poseidon(leaves[2], leaves[3])),)
    assert tree.update_siblings(leaves[4]) == list(proof.siblings)
    assert tree.proof(0).depth == 3 and tree.proof(0).path == (0, 0, 0)


def test_a_removed_leaf_is_a_zero_that_is_still_hashed_and_can_come_back() -> None:
    a, b, c = poseidon(1), poseidon(2), poseidon(3)
    tree = LeanIMT([a, b, c])
    assert tree.remove(c) == poseidon(poseidon(a, b), 0)  # Solidity hashes the zero (zk-kit's TS skips it)
    assert not tree.has(c) and tree.size == 3
    with pytest.raises(TreeError, match="not in the tree"):
        tree.remove(c)
    tree.insert(c)  # an unfrozen owner comes back as a new leaf
    assert tree.index_of(c) == 3 and tree.root == naive_root([a, b, 0, c])


def test_the_mirror_refuses_what_the_library_refuses() -> None:
    tree = LeanIMT([poseidon(1)])
    with pytest.raises(TreeError, match="cannot be zero"):
        tree.insert(0)
    with pytest.raises(TreeError, match="already in the tree"):
        tree.insert(poseidon(1))
    with pytest.raises(TreeError, match="given twice"):
        tree.insert_many([5, 5])
    with pytest.raises(TreeError, match="no leaves"):
        tree.insert_many([])
    with pytest.raises(TreeError, match="no leaf at position 1"):
        tree.proof(1)
    assert tree.size == 1  # a refused batch inserts nothing
    assert LeanIMT().root == 0 and LeanIMT([7]).root == 7 and LeanIMT([7]).proof(0).depth == 0
    with pytest.raises(TreeError, match="more than the circuit's 1"):
        LeanIMT([1, 2, 3]).proof(0).circuit_inputs(1)
