"""JSON-RPC plumbing for the Besu admin commands: connection, keystores, signed transactions, reverts.

Signing keys come only from encrypted keystore files (eth-account's format) unlocked with a password, never
from plaintext keys. Transactions are simulated first, so a rule violation is reported with the contract's
custom error name (``NotAuthorizedAdmin(0x...)``) instead of a bare revert, then signed as legacy
transactions at the node's gas price (zero on a ``zeroBaseFee`` network with ``min-gas-price=0``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drex.errors import DrexError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount
    from web3 import Web3
    from web3.contract.contract import ContractFunction
    from web3.types import TxReceipt


class RpcError(DrexError):
    """The node could not be reached, refused a call, or a transaction failed."""


def connect(url: str) -> Web3:
    """A Web3 on ``url``; raises when nothing answers there."""
    from web3 import HTTPProvider, Web3

    w3 = Web3(HTTPProvider(url, request_kwargs={"timeout": 30}))
    try:
        w3.eth.chain_id  # noqa: B018 - a cheap call that proves the endpoint answers
    except Exception as exc:  # requests/aiohttp/web3 raise many unrelated types
        reason = "connection refused" if "refused" in str(exc).lower() else type(exc).__name__
        raise RpcError(f"no JSON-RPC node answers at {url} ({reason})") from None
    return w3


def request(w3: Web3, method: str, params: Sequence[Any]) -> Any:
    """Raw JSON-RPC call; a JSON-RPC error becomes an :class:`RpcError` naming the method."""
    from web3.types import RPCEndpoint

    try:
        response = w3.provider.make_request(RPCEndpoint(method), list(params))
    except Exception as exc:
        message = str(exc)
        if "-32601" in message or "not found" in message.lower() or "not supported" in message.lower():
            raise RpcError(
                f"the node does not serve {method}: enable its API group (e.g. QBFT) in rpc-http-api"
            ) from None
        raise RpcError(f"{method} failed: {message}") from None
    error = response.get("error")
    if error:
        code = error.get("code") if isinstance(error, Mapping) else None
        text = error.get("message") if isinstance(error, Mapping) else str(error)
        if code == -32601:
            raise RpcError(
                f"the node does not serve {method}: enable its API group (e.g. QBFT) in rpc-http-api"
            )
        raise RpcError(f"{method} failed: {text}")
    return response.get("result")


def load_keystore(path: Path, password: str) -> LocalAccount:
    """Unlock an eth-account keystore file."""
    from eth_account import Account

    try:
        keystore = json.loads(path.read_text())
    except OSError as exc:
        raise RpcError(f"cannot read keystore {path}: {exc.strerror}") from None
    except json.JSONDecodeError:
        raise RpcError(f"{path} is not a JSON keystore") from None
    try:
        key = Account.decrypt(keystore, password)
    except ValueError:
        raise RpcError(f"wrong password for keystore {path}") from None
    account: LocalAccount = Account.from_key(key)
    return account


def decode_revert(abi: Sequence[Mapping[str, Any]], data: str | bytes | None) -> str:
    """``ErrorName(arg, ...)`` for revert ``data`` under ``abi`` (or ``Error``/``Panic``, or raw hex)."""
    from eth_abi.abi import decode as abi_decode
    from eth_utils.abi import function_signature_to_4byte_selector

    if data is None:
        return "reverted without data"
    raw = bytes.fromhex(data[2:] if data.startswith("0x") else data) if isinstance(data, str) else data
    if len(raw) < 4:
        return "reverted without data"
    errors = [e for e in abi if e.get("type") == "error"] + [
        {"name": "Error", "inputs": [{"type": "string"}]},
        {"name": "Panic", "inputs": [{"type": "uint256"}]},
    ]
    for error in errors:
        types = [i["type"] for i in error.get("inputs", [])]
        if function_signature_to_4byte_selector(f"{error['name']}({','.join(types)})") == raw[:4]:
            try:
                values = abi_decode(types, raw[4:])
            except Exception:
                break
            shown = ", ".join(v if isinstance(v, str) else str(v) for v in values)
            return f"{error['name']}({shown})"
    return "reverted with data 0x" + raw.hex()


def _revert_data(exc: Exception) -> str | None:
    data = getattr(exc, "data", None)
    if isinstance(data, str):
        return data
    if isinstance(data, Mapping):
        inner = data.get("data")
        return inner if isinstance(inner, str) else None
    return None


def transact(
    w3: Web3,
    account: LocalAccount,
    fn: ContractFunction,
    abi: Sequence[Mapping[str, Any]],
    timeout: float = 120,
) -> TxReceipt:
    """Simulate, sign and send ``fn`` from ``account``; wait for the receipt; raise on revert."""
    from web3.exceptions import ContractCustomError, ContractLogicError, ContractPanicError

    from drex.chain.tx.engine import TxEngine
    from drex.chain.tx.receipts import wait_for_receipt

    sender = account.address
    try:
        fn.call({"from": sender})
        gas = fn.estimate_gas({"from": sender})
    except (ContractCustomError, ContractLogicError, ContractPanicError) as exc:
        raise RpcError(f"{fn.fn_name} would revert: {decode_revert(abi, _revert_data(exc))}") from None
    except Exception as exc:
        raise RpcError(f"{fn.fn_name} cannot be sent: {exc}") from None
    engine = TxEngine(w3, int(w3.eth.chain_id), receipt_timeout=timeout)  # drex's one sending path
    try:
        prepared = engine.prepare(fn, account, gas + gas // 5 + 10_000)
        tx_hash = engine.send(prepared).tx_hash
        receipt = wait_for_receipt(w3, tx_hash, timeout)
    except Exception as exc:
        raise RpcError(f"{fn.fn_name} failed: {exc}") from None
    if receipt["status"] != 1:
        raise RpcError(f"{fn.fn_name} reverted on chain (transaction {tx_hash})")
    return receipt
