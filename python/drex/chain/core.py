"""One abstraction over the three kinds of chain: embedded py-evm, local anvil, any JSON-RPC node.

:class:`Chain` wraps a web3.py ``Web3`` with what deployment, the SDK and the tests need: dev accounts
by role, deploying and binding compiled artifacts, transactions through its one
:class:`~drex.chain.tx.engine.TxEngine` (``chain.engine``: the per-signer nonce manager, legacy or
EIP-1559 signing, reverts decoded into :class:`~drex.chain.reverts.ContractRevert`), and snapshots and
time travel on the two development chains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.types import TxReceipt

from drex.build.artifacts import linked_bytecode, load_artifact
from drex.chain.accounts import dev_account, dev_accounts
from drex.chain.signers import Signer
from drex.chain.tx.encoding import keccak
from drex.chain.tx.engine import Prepared, TxEngine
from drex.chain.tx.receipts import TransactionFailed, revert_data
from drex.chain.tx.signing import TxType
from drex.errors import DrexError

__all__ = ["Chain", "ClockBackwards", "Kind", "TransactionFailed", "revert_data", "to_checksum"]

Kind = Literal["embedded", "local", "rpc"]


class ClockBackwards(DrexError):
    """:meth:`Chain.set_time` was asked for a time before the latest block's."""

    def __init__(self, now: int, target: int):
        self.now = now
        self.target = target
        super().__init__(
            f"the chain's clock cannot go back: it is at {_brasilia(now)}, later than {_brasilia(target)}"
        )


def _brasilia(timestamp: int) -> str:
    """ISO 8601 in Brasília time (UTC-3), as :func:`drex.sdk.display.moment` shows times."""
    zone = dt.timezone(dt.timedelta(hours=-3))
    return dt.datetime.fromtimestamp(timestamp, zone).isoformat()


class Chain:
    """A connected chain. Create it with :func:`drex.chain.connect`."""

    def __init__(
        self,
        w3: Web3,
        kind: Kind,
        name: str,
        *,
        receipt_timeout: float = 120.0,
        tx_type: TxType | None = None,
    ):
        self.w3 = w3
        self.kind = kind
        self.name = name
        self.chain_id: int = w3.eth.chain_id
        self.engine = TxEngine(w3, self.chain_id, tx_type=tx_type, receipt_timeout=receipt_timeout)
        """The transaction engine: the one nonce manager, signing, sending, receipts."""

    # ----------------------------------------------------------------- accounts
    @property
    def is_dev(self) -> bool:
        """True on the embedded and local chains, where the public test mnemonic's accounts are used."""
        return self.kind in ("embedded", "local")

    @property
    def accounts(self) -> list[LocalAccount]:
        self._require_dev("dev accounts")
        return list(dev_accounts())

    def account(self, role: str | int) -> LocalAccount:
        """A dev account by role (``"BCB"``, ``"BANK_A"``...) or index. Only on embedded/local."""
        self._require_dev("dev accounts")
        return dev_account(role)

    def _require_dev(self, what: str) -> None:
        if not self.is_dev:
            raise DrexError(f"{what} exist only on the embedded and local chains, not on {self.name}")

    # ---------------------------------------------------------------- contracts
    def at(self, artifact: str, address: str) -> Contract:
        """A web3.py contract for the compiled ``artifact`` at ``address``."""
        art = load_artifact(artifact)
        return self.w3.eth.contract(address=Web3.to_checksum_address(address), abi=art["abi"])

    def deploy(
        self, artifact: str, *args: Any, sender: Signer, libraries: Mapping[str, str] | None = None
    ) -> Contract:
        """Deploy the compiled ``artifact`` with constructor ``args``; returns the bound contract.

        ``libraries`` maps the name of each library the contract calls (``"PoseidonT3"``) to its deployed
        address (see :func:`drex.build.artifacts.linked_bytecode`)."""
        contract, _ = self.deploy_with_receipt(artifact, *args, sender=sender, libraries=libraries)
        return contract

    def deploy_with_receipt(
        self, artifact: str, *args: Any, sender: Signer, libraries: Mapping[str, str] | None = None
    ) -> tuple[Contract, TxReceipt]:
        art = load_artifact(artifact)
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=linked_bytecode(art, libraries or {}))
        receipt = self.transact(factory.constructor(*args), sender=sender)
        address = receipt["contractAddress"]
        if address is None:
            raise TransactionFailed(f"deploying {artifact} returned no contract address")
        return self.at(artifact, address), receipt

    # ------------------------------------------------------------- transactions
    # Thin conveniences over ``self.engine`` (drex.chain.tx): its nonce manager is the only nonce cache.
    @property
    def receipt_timeout(self) -> float:
        """Seconds to wait for a receipt (the engine's)."""
        return self.engine.receipt_timeout

    @receipt_timeout.setter
    def receipt_timeout(self, value: float) -> None:
        self.engine.receipt_timeout = value

    def next_nonce(self, address: str) -> int:
        """The next nonce for ``address`` from the engine's nonce manager."""
        return self.engine.nonces.next(address)

    def forget_nonce(self, address: str) -> None:
        """Drop the cached nonce (after a failed send) so the next one is read from the node."""
        self.engine.nonces.forget(address)

    def gas_price(self) -> int:
        return self.engine.gas_price()

    def build(
        self, fn: ContractFunction | ContractConstructor, sender: Signer, gas: int | None = None
    ) -> dict[str, Any]:
        """Estimate gas (decoding a revert into :class:`ContractRevert`) and build a transaction of the
        engine's type with the sender's next nonce."""
        return self.engine.build(fn, sender.address, gas)

    def call(self, fn: ContractFunction, *, sender: str | None = None) -> Any:
        """A read-only call, with a revert decoded into :class:`ContractRevert`."""
        return self.engine.call(fn, sender=sender)

    def transact(
        self, fn: ContractFunction | ContractConstructor, *, sender: Signer, gas: int | None = None
    ) -> TxReceipt:
        """Sign ``fn`` with ``sender``, send it, wait for the receipt; raise on failure (decoded)."""
        return self.engine.transact(fn, sender, gas=gas).receipt

    def send_signed(self, raw: bytes, tx: dict[str, Any], sender: Signer) -> TxReceipt:
        """Send a transaction built by :meth:`build` and signed, and wait for it; raise on failure."""
        prepared = Prepared(tx, bytes(raw), "0x" + keccak(bytes(raw)).hex(), str(sender.address))
        return self.engine.send(prepared).wait().receipt

    # ------------------------------------------------------ dev-chain utilities
    def snapshot(self) -> Any:
        """Snapshot the chain state (embedded/local only); returns an id for :meth:`revert`."""
        self._require_dev("snapshots")
        if self.kind == "embedded":
            return cast(Any, self.w3).testing.snapshot()
        return self.w3.provider.make_request(cast(Any, "evm_snapshot"), [])["result"]

    def revert(self, snapshot_id: Any) -> None:
        """Return to a snapshot taken with :meth:`snapshot`; nonce caches are dropped."""
        self._require_dev("snapshots")
        if self.kind == "embedded":
            cast(Any, self.w3).testing.revert(snapshot_id)
        else:
            self.w3.provider.make_request(cast(Any, "evm_revert"), [snapshot_id])
        self.engine.nonces.forget_all()

    def timestamp(self) -> int:
        return int(self.w3.eth.get_block("latest")["timestamp"])

    def increase_time(self, seconds: int) -> None:
        """Mine a block ``seconds`` after the latest one (embedded/local only)."""
        self._require_dev("time travel")
        if self.kind == "embedded":
            # eth-tester mines a block at target - 1 and makes target the pending block's time; after a
            # revert the pending block follows the wall clock and may already be past the target.
            target = self.timestamp() + int(seconds)
            pending = int(self.w3.eth.get_block("pending")["timestamp"])
            if target > pending:
                cast(Any, self.w3).testing.timeTravel(target)
            self.mine()
        else:
            self.w3.provider.make_request(cast(Any, "evm_increaseTime"), [int(seconds)])
            self.mine()

    def set_time(self, timestamp: int) -> int:
        """Move the clock forward: mine a block at ``timestamp`` (embedded/local only); returns the new
        latest block's time. A time before the latest block's is refused with :class:`ClockBackwards`
        (a chain's clock never goes back); the latest block's own time mines nothing."""
        self._require_dev("time travel")
        now = self.timestamp()
        target = int(timestamp)
        if target < now:
            raise ClockBackwards(now, target)
        if target == now:
            return now
        if self.kind == "embedded":
            # eth-tester mines a block at target - 1 and makes target the pending block's time.
            if target > int(self.w3.eth.get_block("pending")["timestamp"]):
                cast(Any, self.w3).testing.timeTravel(target)
            self.mine()
        else:
            self.w3.provider.make_request(cast(Any, "evm_setNextBlockTimestamp"), [target])
            self.mine()
        return self.timestamp()

    def mine(self) -> None:
        self._require_dev("mining on demand")
        if self.kind == "embedded":
            cast(Any, self.w3).testing.mine()
        else:
            self.w3.provider.make_request(cast(Any, "evm_mine"), [])

    def close(self) -> None:
        """Release what the chain holds (the anvil process, for a node this object started)."""


def to_checksum(addresses: Sequence[str]) -> list[str]:
    return [Web3.to_checksum_address(a) for a in addresses]
