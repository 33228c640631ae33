// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {PoseidonT3} from "poseidon-solidity/PoseidonT3.sol";

/// @title NoteTree
/// @notice The shielded pools' note tree: an append-only LeanIMT (zk-kit's: a node without a right child is
/// its left child, the depth grows with the size, Poseidon(left, right) inside) whose roots are kept in a
/// ring of the last 256, indexed by the tree size they belong to.
/// @dev Why not `@zk-kit/lean-imt.sol`'s InternalLeanIMT, which the allow list uses: the note tree only
/// appends, and InternalLeanIMT's insertion also writes the leaf → index map (a new storage slot, 22,100
/// gas per private transfer) that only its update and removal need, and stores the root apart from any ring.
/// This is InternalLeanIMT's `_insert` loop without that map, with the size and depth in one slot and the
/// root written once, in the ring. The root at size s is `roots[s mod 256]`; the current root is the one at
/// the current size (0 for the empty tree). When the tree is full at depth d, the next insertion needs the
/// old root as the left node of level d: it is read from the ring and stored in `sideNodes[d]` then (where
/// InternalLeanIMT keeps it at every insertion). Same roots as InternalLeanIMT for the same leaves.
library NoteTree {
    /// @notice The note tree's storage.
    /// @param size The number of leaves.
    /// @param depth The current depth (the smallest d with 2^d ≥ size).
    /// @param sideNodes At each level below `depth`, the last node that is a left child (what later
    /// insertions hash with).
    /// @param roots The root at size s, at `s mod 256`.
    struct Data {
        uint64 size;
        uint64 depth;
        mapping(uint256 level => uint256) sideNodes;
        uint256[256] roots;
    }

    /// @notice How many recent roots the ring keeps.
    uint256 internal constant RING_SIZE = 256;

    /// @notice Appends `leaf` (a field element; the caller checks) and records the new root.
    /// @param self The tree.
    /// @param leaf The leaf.
    /// @return index The leaf's index.
    function insert(Data storage self, uint256 leaf) internal returns (uint256 index) {
        index = self.size;
        uint256 depth = self.depth;
        if (1 << depth < index + 1) {
            // The tree is full: its root becomes the left node of a new top level.
            self.sideNodes[depth] = self.roots[index & 255];
            ++depth;
        }
        uint256 node = leaf;
        for (uint256 level = 0; level < depth; ++level) {
            if ((index >> level) & 1 == 1) {
                node = PoseidonT3.hash([self.sideNodes[level], node]);
            } else {
                self.sideNodes[level] = node;
            }
        }
        (self.size, self.depth) = (uint64(index + 1), uint64(depth));
        self.roots[(index + 1) & 255] = node;
    }

    /// @notice The current root (0 while the tree is empty).
    /// @param self The tree.
    /// @return The root.
    function root(Data storage self) internal view returns (uint256) {
        return self.roots[self.size & 255];
    }

    /// @notice Whether the tree had `size` leaves within the last 256 insertions (never size 0).
    /// @param self The tree.
    /// @param size The tree size.
    /// @return True when `rootAt(size)` is still in the ring.
    function inWindow(Data storage self, uint256 size) internal view returns (bool) {
        uint256 current = self.size;
        return size != 0 && size <= current && current - size < RING_SIZE;
    }

    /// @notice The root at `size` leaves if still in the ring, else 0.
    /// @param self The tree.
    /// @param size The tree size.
    /// @return The root.
    function rootAt(Data storage self, uint256 size) internal view returns (uint256) {
        return inWindow(self, size) ? self.roots[size & 255] : 0;
    }
}
