"""QBFT validator governance, both ways Besu supports (``drex validators``).

Block-header voting: validators vote through Besu's ``qbft_*`` JSON-RPC methods (the node needs ``QBFT`` in
``rpc-http-api``); a proposal takes effect once more than half of the validators have included it in blocks
they proposed. Contract selection: in ``validatorcontractaddress`` mode Besu reads ``getValidators()`` from
the contract after each block, and the contract's admin adds and removes validators with transactions. The
genesis ``transitions`` entry that moves a running network from one mode to the other is written by
:func:`drex.besu.genesis.add_transition`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drex.besu.addresses import VALIDATOR_CONTRACT_ADDRESS, parse_address
from drex.besu.rpc import RpcError, request, transact

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3
    from web3.types import TxReceipt


def _block(block: str | int) -> str:
    if isinstance(block, int):
        return hex(block)
    if block in ("latest", "earliest", "pending"):
        return block
    if block.isdigit():
        return hex(int(block))
    if block.startswith("0x"):
        return block
    raise RpcError(f"bad block {block!r}: a number, 0x-hex, latest, earliest or pending")


def qbft_request(method: str, *params: Any) -> dict[str, Any]:
    """The JSON-RPC request body Besu's documentation gives for ``method``."""
    return {"jsonrpc": "2.0", "method": method, "params": list(params), "id": 1}


def header_validators(w3: Web3, block: str | int = "latest") -> list[str]:
    """``qbft_getValidatorsByBlockNumber``: the validators of ``block``."""
    result = request(w3, "qbft_getValidatorsByBlockNumber", [_block(block)])
    return [parse_address(a) for a in result]


def pending_votes(w3: Web3) -> dict[str, bool]:
    """``qbft_getPendingVotes``: this node's proposals (address -> add)."""
    result = request(w3, "qbft_getPendingVotes", [])
    return {parse_address(a): bool(v) for a, v in (result or {}).items()}


def propose(w3: Web3, address: str, add: bool) -> bool:
    """``qbft_proposeValidatorVote``: this validator proposes adding (or removing) ``address``."""
    return bool(request(w3, "qbft_proposeValidatorVote", [parse_address(address), add]))


def discard(w3: Web3, address: str) -> bool:
    """``qbft_discardValidatorVote``: withdraw this node's proposal about ``address``."""
    return bool(request(w3, "qbft_discardValidatorVote", [parse_address(address)]))


class ValidatorContract:
    """The ``QbftValidatorSet`` contract (``getValidators()`` for Besu, admin add/remove)."""

    def __init__(
        self, w3: Web3, address: str = VALIDATOR_CONTRACT_ADDRESS, account: LocalAccount | None = None
    ):
        from drex.build import load_artifact

        self.w3 = w3
        self.account = account
        checksum = w3.to_checksum_address(parse_address(address, "validator contract address"))
        if not w3.eth.get_code(checksum):
            raise RpcError(f"no validator contract at {checksum} on this chain")
        self.contract = w3.eth.contract(address=checksum, abi=load_artifact("QbftValidatorSet")["abi"])

    def validators(self, block: str | int = "latest") -> list[str]:
        """``getValidators()`` at ``block``, as Besu calls it."""
        tag = _block(block)
        identifier: str | int = int(tag, 16) if tag.startswith("0x") else tag
        # web3 types a block tag as a Literal of its names; ``_block`` has checked this one is one of them
        result = self.contract.functions.getValidators().call(block_identifier=identifier)  # type: ignore[arg-type]
        return [a.lower() for a in result]

    def _send(self, fn_name: str, address: str) -> TxReceipt:
        if self.account is None:
            raise RpcError("this change needs the validator contract admin's keystore (--keystore)")
        fn = getattr(self.contract.functions, fn_name)(self.w3.to_checksum_address(parse_address(address)))
        return transact(self.w3, self.account, fn, self.contract.abi)

    def add(self, address: str) -> TxReceipt:
        """Add a validator (effective from the next block)."""
        return self._send("addValidator", address)

    def remove(self, address: str) -> TxReceipt:
        """Remove a validator."""
        return self._send("removeValidator", address)
