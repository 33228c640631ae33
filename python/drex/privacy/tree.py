"""A mirror of the pools' LeanIMTs (zk-kit's ``@zk-kit/lean-imt.sol``): the note tree and the allow list.

A LeanIMT is a binary Merkle tree whose depth grows with its size (``ceil(log2(size))``) and that has no
zero padding: a node without a right child takes its left child's value, and a level with one node is
the root. Removing a leaf sets it to zero, and the zero is then hashed like any other value. This class
keeps every level, as zk-kit's TypeScript ``LeanIMT`` does, and follows the Solidity library where the two
differ: a leaf exists by its position, not by being non-zero (the TypeScript ``update`` skips a zero right
sibling, the Solidity ``_update`` hashes it, and the chain is what proofs must match).

Proofs are in the compressed form zk-kit's ``binary-merkle-root.circom`` takes: a sibling only at the
levels where one exists, the index bit of each of those levels, and ``depth`` = the number of siblings;
:meth:`MerkleProof.circuit_inputs` pads them to the circuit's maximum depth. The same sibling list is
what the Solidity ``_update`` and ``_remove`` take (:meth:`LeanIMT.update_siblings`).

>>> tree = LeanIMT([1, 2, 3])
>>> tree.size, tree.depth, tree.root == poseidon(poseidon(1, 2), 3)
(3, 2, True)
>>> proof = tree.proof(2)
>>> proof.siblings == (poseidon(1, 2),) and proof.path == (1,) and proof.compute_root() == tree.root
True
>>> tree.remove(2) == poseidon(poseidon(1, 0), 3)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from drex.privacy.crypto.field import P
from drex.privacy.crypto.poseidon import poseidon
from drex.privacy.errors import TreeError


@dataclass(frozen=True)
class MerkleProof:
    """A compressed LeanIMT membership proof: ``siblings[i]`` is hashed on the left of the running node
    when ``path[i]`` is 1, on its right when 0."""

    leaf: int
    index: int
    root: int
    siblings: tuple[int, ...]
    path: tuple[int, ...]

    @property
    def depth(self) -> int:
        """The number of siblings (the circuit's ``depth`` input)."""
        return len(self.siblings)

    def compute_root(self) -> int:
        """The root these siblings give for :attr:`leaf`."""
        node = self.leaf
        for sibling, bit in zip(self.siblings, self.path, strict=True):
            node = poseidon(sibling, node) if bit else poseidon(node, sibling)
        return node

    def verify(self, root: int | None = None) -> bool:
        """Whether the proof gives ``root`` (its own :attr:`root` by default)."""
        return self.compute_root() == (self.root if root is None else root)

    def circuit_inputs(self, max_depth: int) -> tuple[int, list[int], list[int]]:
        """``(depth, indices, siblings)`` padded with zeros to ``max_depth`` for ``BinaryMerkleRoot``."""
        if self.depth > max_depth:
            raise TreeError(f"the tree is {self.depth} levels deep, more than the circuit's {max_depth}")
        pad = [0] * (max_depth - self.depth)
        return self.depth, [*self.path, *pad], [*self.siblings, *pad]

    @staticmethod
    def empty_inputs(max_depth: int) -> tuple[int, list[int], list[int]]:
        """The inputs of a membership the circuit does not enforce (a zero-value note): all zeros."""
        return 0, [0] * max_depth, [0] * max_depth


def _parent(level: Sequence[int], position: int) -> int:
    left = level[2 * position]
    return poseidon(left, level[2 * position + 1]) if 2 * position + 1 < len(level) else left


class LeanIMT:
    """The mirror of one on-chain LeanIMT, with the same checks as the Solidity library (a leaf is
    non-zero, below ``p`` and not already in the tree)."""

    def __init__(self, leaves: Iterable[int] = ()) -> None:
        self._levels: list[list[int]] = [[]]
        self._index: dict[int, int] = {}
        initial = list(leaves)
        if initial:
            self.insert_many(initial)

    # ------------------------------------------------------------------ reading
    @property
    def size(self) -> int:
        """The number of leaves ever inserted (removed ones stay, as zeros)."""
        return len(self._levels[0])

    @property
    def depth(self) -> int:
        """``ceil(log2(size))`` (0 for a tree of 0 or 1 leaves)."""
        return len(self._levels) - 1

    @property
    def root(self) -> int:
        """The root (0 for the empty tree, the leaf itself for a tree of one leaf)."""
        top = self._levels[-1]
        return top[0] if top else 0

    @property
    def leaves(self) -> tuple[int, ...]:
        """Every leaf in insertion order, zeros for removed ones."""
        return tuple(self._levels[0])

    def has(self, leaf: int) -> bool:
        """Whether ``leaf`` is in the tree (a removed leaf is not)."""
        return leaf in self._index

    def index_of(self, leaf: int) -> int:
        """The position of ``leaf``; :class:`TreeError` if it is not in the tree."""
        try:
            return self._index[leaf]
        except KeyError:
            raise TreeError(f"leaf {leaf} is not in the tree") from None

    # ------------------------------------------------------------------ changing
    def _check_new(self, leaf: int) -> None:
        if not 0 <= leaf < P:
            raise TreeError(f"leaf {leaf} is not below the SNARK field order p")
        if leaf == 0:
            raise TreeError("a leaf cannot be zero")
        if leaf in self._index:
            raise TreeError(f"leaf {leaf} is already in the tree")

    def insert(self, leaf: int) -> int:
        """Append ``leaf`` (``_insert``) and return the new root."""
        return self.insert_many([leaf])

    def insert_many(self, leaves: Sequence[int]) -> int:
        """Append ``leaves`` in order (``_insertMany``: all are checked before any is inserted) and return
        the new root."""
        if not leaves:
            raise TreeError("there are no leaves to insert")
        seen: set[int] = set()
        for leaf in leaves:
            self._check_new(leaf)
            if leaf in seen:
                raise TreeError(f"leaf {leaf} is given twice")
            seen.add(leaf)
        start = self.size
        for offset, leaf in enumerate(leaves):
            self._index[leaf] = start + offset
        self._levels[0].extend(leaves)
        while (1 << self.depth) < self.size:
            self._levels.append([])
        self._recompute(start)
        return self.root

    def _recompute(self, first: int) -> None:
        """Recompute every node above positions ``>= first`` of level 0 (all that an append changes)."""
        position = first
        for level in range(self.depth):
            below, above = self._levels[level], self._levels[level + 1]
            position >>= 1
            del above[position:]
            above.extend(_parent(below, p) for p in range(position, (len(below) + 1) // 2))

    def update(self, old_leaf: int, new_leaf: int) -> int:
        """Replace ``old_leaf`` by ``new_leaf`` (``_update``; ``new_leaf`` 0 removes) and return the root."""
        if not 0 <= new_leaf < P:
            raise TreeError(f"leaf {new_leaf} is not below the SNARK field order p")
        index = self.index_of(old_leaf)
        if new_leaf != 0 and new_leaf in self._index:
            raise TreeError(f"leaf {new_leaf} is already in the tree")
        del self._index[old_leaf]
        if new_leaf != 0:
            self._index[new_leaf] = index
        self._levels[0][index] = new_leaf
        position = index
        for level in range(self.depth):
            position >>= 1
            self._levels[level + 1][position] = _parent(self._levels[level], position)
        return self.root

    def remove(self, leaf: int) -> int:
        """Set ``leaf`` to zero (``_remove``) and return the new root."""
        return self.update(leaf, 0)

    # ------------------------------------------------------------------ proofs
    def proof(self, index: int) -> MerkleProof:
        """The compressed membership proof of the leaf at ``index``."""
        if not 0 <= index < self.size:
            raise TreeError(f"there is no leaf at position {index} (the tree has {self.size})")
        siblings: list[int] = []
        path: list[int] = []
        position = index
        for level in range(self.depth):
            nodes = self._levels[level]
            sibling = position ^ 1
            if sibling < len(nodes):
                siblings.append(nodes[sibling])
                path.append(position & 1)
            position >>= 1
        return MerkleProof(self._levels[0][index], index, self.root, tuple(siblings), tuple(path))

    def proof_of(self, leaf: int) -> MerkleProof:
        """The membership proof of ``leaf`` (a value in the tree)."""
        return self.proof(self.index_of(leaf))

    def update_siblings(self, leaf: int) -> list[int]:
        """The ``siblingNodes`` the Solidity ``_update``/``_remove`` of ``leaf`` takes."""
        return list(self.proof_of(leaf).siblings)


__all__ = ["LeanIMT", "MerkleProof"]
