"""Clients of the shielded pools (``ShieldedRealDigitalPool``, ``ShieldedTPFtPool``) and ``PrivateDvP``.

Thin typed wrappers over the contracts: the calls an institution makes (register, deposit, transfer,
withdraw; BCB's freeze, unfreeze and regulator key) and the reads a wallet needs. Building proofs and
choosing notes is :mod:`drex.sdk.private.wallet`'s job; this module only moves values to and from the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_typing import ChecksumAddress

from drex.privacy.prover.proof import Proof
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tx import TxResult
from drex.sdk.values import to_address

#: Registry names of the pools, by the short name the CLI and the wallet use.
POOLS = {"rd": "ShieldedRealDigitalPool", "tpft": "ShieldedTPFtPool"}
DVP = "PrivateDvP"

#: Gas limits of the calls that verify a proof or hash into a tree, sent without an estimate: estimating
#: would run the proof check (or the Poseidon hashing) twice, and each is the costly part. The limits cover
#: the deepest trees the circuit allows (2^24 leaves); a call that fails is still explained, by the replay
#: of the mined transaction.
GAS = {
    "register": 1_000_000,
    "deposit": 900_000,
    "joinsplit": 1_500_000,
    "propose": 600_000,
    "settle": 3_000_000,
}


@dataclass(frozen=True)
class Spend:
    """The public values of one JoinSplit the pool checks and records (the contract's ``Spend``)."""

    nullifiers: tuple[int, int]
    out_leaf: int
    ephemeral_y: int
    cipher: tuple[int, int, int]
    note_root: int
    note_root_size: int
    params_hash: int

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.nullifiers[0],
            self.nullifiers[1],
            self.out_leaf,
            self.ephemeral_y,
            list(self.cipher),
            self.note_root,
            self.note_root_size,
            self.params_hash,
        )

    @classmethod
    def from_event(cls, value: Any) -> Spend:
        """The ``spend`` argument of a decoded pool event (a tuple or a web3 AttributeDict)."""
        v = tuple(value.values()) if hasattr(value, "values") else tuple(value)
        return cls(
            (int(v[0]), int(v[1])),
            int(v[2]),
            int(v[3]),
            tuple(int(x) for x in v[4]),  # type: ignore[arg-type]
            int(v[5]),
            int(v[6]),
            int(v[7]),
        )


@dataclass(frozen=True)
class RegisteredOwner:
    """A wallet's registration in a pool (the contract's ``Owner``)."""

    owner_id: int
    owner_no: int
    note_key: bytes
    listed: bool
    frozen: bool


def _proof_args(proof: Proof) -> tuple[Any, ...]:
    return (list(proof.a), [list(proof.b[0]), list(proof.b[1])], list(proof.c))


class ShieldedPool(ContractClient):
    """One shielded pool of a :class:`~drex.sdk.platform.Platform`: ``pool = "rd"`` or ``"tpft"``."""

    def __init__(self, platform: Platform, pool: str):
        if pool not in POOLS:
            from drex.errors import DrexError

            raise DrexError(f"unknown shielded pool {pool!r}: use one of {', '.join(POOLS)}")
        super().__init__(platform, POOLS[pool])
        self.kind = pool

    # ------------------------------------------------------------------ reads
    def token(self) -> ChecksumAddress:
        return to_address(self._call(self.contract.functions.token()))

    def owner_of(self, wallet: str) -> RegisteredOwner | None:
        """The wallet's registration, or None when it never registered."""
        raw = self._call(self.contract.functions.ownerOf(to_address(wallet)))
        values = tuple(raw.values()) if hasattr(raw, "values") else tuple(raw)
        owner = RegisteredOwner(
            int(values[0]), int(values[2]), bytes(values[1]), bool(values[3]), bool(values[4])
        )
        return owner if owner.owner_no else None

    def current_root(self) -> tuple[int, int]:
        """The note tree's root and size now."""
        fns = self.contract.functions
        return int(self._call(fns.currentRoot())), int(self._call(fns.noteTreeSize()))

    def current_params_hash(self) -> int:
        return int(self._call(self.contract.functions.currentParamsHash()))

    def regulator_key(self) -> tuple[int, int]:
        x, y = self._call(self.contract.functions.regulatorKey())
        return int(x), int(y)

    def allow_root(self) -> int:
        return int(self._call(self.contract.functions.allowRoot()))

    def shielded_supply(self, asset: int = 0) -> int:
        """Units of ``asset`` held in notes (deposits minus withdrawals)."""
        return int(self._call(self.contract.functions.shieldedSupply(asset)))

    def nullifier_used(self, nullifier: int) -> bool:
        return bool(self._call(self.contract.functions.nullifierUsed(nullifier)))

    # ------------------------------------------------------------------ an institution's calls
    def register(self, owner_id: int, note_key: bytes) -> TxResult:
        return self._send(self.contract.functions.register(owner_id, note_key), gas=GAS["register"])

    def deposit(self, asset: int, amount: int, salt: int) -> TxResult:
        return self._send(self.contract.functions.deposit(asset, amount, salt), gas=GAS["deposit"])

    def transfer(self, proof: Proof, spend: Spend, notes: bytes) -> TxResult:
        fn = self.contract.functions.transfer(_proof_args(proof), spend.as_tuple(), notes)
        return self._send(fn, gas=GAS["joinsplit"])

    def withdraw(
        self, proof: Proof, spend: Spend, notes: bytes, recipient: str, asset: int, amount: int
    ) -> TxResult:
        fn = self.contract.functions.withdraw(
            _proof_args(proof), spend.as_tuple(), notes, to_address(recipient), asset, amount
        )
        return self._send(fn, gas=GAS["joinsplit"])

    # ------------------------------------------------------------------ BCB's calls
    def set_regulator_key(self, x: int, y: int) -> TxResult:
        return self._send(self.contract.functions.setRegulatorKey(x, y))

    def freeze(self, wallet: str, siblings: list[int]) -> TxResult:
        return self._send(self.contract.functions.freeze(to_address(wallet), siblings))

    def send_revoke(self, wallet: str, siblings: list[int]) -> TxResult:
        """Take ``wallet`` off the allow list because the token no longer enables it (anyone may)."""
        return self._send(self.contract.functions.revokeDisabled(to_address(wallet), siblings))

    def unfreeze(self, wallet: str) -> TxResult:
        return self._send(self.contract.functions.unfreeze(to_address(wallet)))

    def pause(self) -> TxResult:
        return self._send(self.contract.functions.pause())

    def unpause(self) -> TxResult:
        return self._send(self.contract.functions.unpause())


__all__ = ["DVP", "GAS", "POOLS", "RegisteredOwner", "ShieldedPool", "Spend"]
