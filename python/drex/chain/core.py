"""One abstraction over the three kinds of chain: embedded py-evm, local anvil, any JSON-RPC node.

:class:`Chain` wraps a web3.py ``Web3`` with what deployment, the SDK and the tests need: dev accounts
by role, deploying and binding compiled artifacts, signing and sending transactions locally with a
per-signer nonce cache, decoding reverts into :class:`~drex.chain.reverts.ContractRevert`, and
snapshots and time travel on the two development chains.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import Any, Literal, cast

from eth_account.signers.local import LocalAccount
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import ContractLogicError, TimeExhausted
from web3.types import TxReceipt

from drex.build.artifacts import load_artifact
from drex.chain.accounts import dev_account, dev_accounts
from drex.chain.reverts import decode_revert
from drex.errors import DrexError

Kind = Literal["embedded", "local", "rpc"]


class TransactionFailed(DrexError):
    """A transaction was mined with status 0 and no revert reason could be recovered."""


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

    def __init__(self, w3: Web3, kind: Kind, name: str, *, receipt_timeout: float = 120.0):
        self.w3 = w3
        self.kind = kind
        self.name = name
        self.chain_id: int = w3.eth.chain_id
        self.receipt_timeout = receipt_timeout
        self._nonces: dict[str, int] = {}
        self._lock = threading.Lock()

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

    def deploy(self, artifact: str, *args: Any, sender: LocalAccount) -> Contract:
        """Deploy the compiled ``artifact`` with constructor ``args``; returns the bound contract."""
        contract, _ = self.deploy_with_receipt(artifact, *args, sender=sender)
        return contract

    def deploy_with_receipt(
        self, artifact: str, *args: Any, sender: LocalAccount
    ) -> tuple[Contract, TxReceipt]:
        art = load_artifact(artifact)
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        receipt = self.transact(factory.constructor(*args), sender=sender)
        address = receipt["contractAddress"]
        if address is None:
            raise TransactionFailed(f"deploying {artifact} returned no contract address")
        return self.at(artifact, address), receipt

    # ------------------------------------------------------------- transactions
    def next_nonce(self, address: str) -> int:
        """The next nonce for ``address``: read from the node once, then counted locally."""
        with self._lock:
            if address not in self._nonces:
                self._nonces[address] = self.w3.eth.get_transaction_count(
                    Web3.to_checksum_address(address), "pending"
                )
            n = self._nonces[address]
            self._nonces[address] = n + 1
            return n

    def forget_nonce(self, address: str) -> None:
        """Drop the cached nonce (after a failed send) so the next one is read from the node."""
        with self._lock:
            self._nonces.pop(address, None)

    def gas_price(self) -> int:
        return int(self.w3.eth.gas_price)

    def build(
        self, fn: ContractFunction | ContractConstructor, sender: LocalAccount, gas: int | None = None
    ) -> dict[str, Any]:
        """Estimate gas (decoding a revert into :class:`ContractRevert`) and build a legacy transaction."""
        params: dict[str, Any] = {
            "from": sender.address,
            "chainId": self.chain_id,
            "gasPrice": self.gas_price(),
        }
        try:
            if gas is None:
                gas = int(fn.estimate_gas(cast(Any, params)))
                gas = gas + gas // 5 + 10_000  # headroom: estimation is exact only for the current state
            params["gas"] = gas
            params["nonce"] = 0
            tx = dict(fn.build_transaction(cast(Any, params)))
        except Exception as exc:
            data = revert_data(exc)
            if data is None:
                raise
            raise decode_revert(data) from None
        tx["nonce"] = self.next_nonce(sender.address)
        return tx

    def call(self, fn: ContractFunction, *, sender: str | None = None) -> Any:
        """A read-only call, with a revert decoded into :class:`ContractRevert`."""
        try:
            return fn.call({"from": sender} if sender else None)
        except Exception as exc:
            data = revert_data(exc)
            if data is None:
                raise
            raise decode_revert(data) from None

    def transact(
        self, fn: ContractFunction | ContractConstructor, *, sender: LocalAccount, gas: int | None = None
    ) -> TxReceipt:
        """Sign ``fn`` with ``sender``'s key, send it, wait for the receipt; raise on revert."""
        tx = self.build(fn, sender, gas)
        return self.send_signed(sender.sign_transaction(tx).raw_transaction, tx, sender)

    def send_signed(self, raw: bytes, tx: dict[str, Any], sender: LocalAccount) -> TxReceipt:
        try:
            tx_hash = self.w3.eth.send_raw_transaction(raw)
        except Exception as exc:
            self.forget_nonce(sender.address)
            data = revert_data(exc)
            if data is None:
                raise
            raise decode_revert(data) from None
        try:
            receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=self.receipt_timeout)
        except TimeExhausted:
            raise DrexError(f"no receipt for {tx_hash.hex()} after {self.receipt_timeout:.0f}s") from None
        if receipt["status"] != 1:
            raise self._failure_reason(tx, receipt)
        return receipt

    def _failure_reason(self, tx: dict[str, Any], receipt: TxReceipt) -> DrexError:
        call = {k: tx[k] for k in ("from", "to", "data", "value") if k in tx}
        try:
            self.w3.eth.call(cast(Any, call), receipt["blockNumber"] - 1)
        except Exception as exc:
            data = revert_data(exc)
            if data is not None:
                return decode_revert(data)
            return TransactionFailed(f"transaction {receipt['transactionHash'].hex()} failed: {exc}")
        return TransactionFailed(f"transaction {receipt['transactionHash'].hex()} failed (status 0)")

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
        with self._lock:
            self._nonces.clear()

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


def revert_data(exc: BaseException) -> bytes | str | None:
    """The raw revert data carried by a web3.py or eth-tester exception, or None if it is no revert.

    web3.py puts it in ``ContractLogicError.data`` (JSON-RPC nodes); eth-tester raises its own
    ``TransactionFailed`` whose cause carries the bytes.
    """
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, ContractLogicError):
            return e.data if isinstance(e.data, (str, bytes)) else b""
        if type(e).__name__ == "TransactionFailed" and e.args:
            arg = e.args[0]
            if isinstance(arg, bytes):
                return arg
            if isinstance(arg, str) and "revert" in arg:
                return _bytes_from_text(arg)
        e = e.__cause__ or e.__context__
    return None


def _bytes_from_text(text: str) -> bytes | str:
    """eth-tester's message 'execution reverted: b"..."' carries the bytes as a Python literal."""
    import ast

    _, _, tail = text.partition(": ")
    if tail.startswith(("b'", 'b"')):
        try:
            value = ast.literal_eval(tail)
            if isinstance(value, bytes):
                return value
        except (ValueError, SyntaxError):
            pass
    if tail.startswith("0x"):
        return tail
    return b""


def to_checksum(addresses: Sequence[str]) -> list[str]:
    return [Web3.to_checksum_address(a) for a in addresses]
