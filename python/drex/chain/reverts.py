"""Decoding contract reverts into Python exceptions that carry the error's name and arguments.

Every custom error in every compiled artifact is indexed by its 4-byte selector, so a revert from any
platform contract (or an OpenZeppelin error it inherits) turns into :class:`ContractRevert` with
``error_name`` and decoded ``args``. ``Error(string)`` reverts keep their message, ``Panic(uint256)``
their code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from eth_abi.abi import decode
from eth_utils.crypto import keccak

from drex.errors import DrexError

ERROR_STRING_SELECTOR = bytes.fromhex("08c379a0")
PANIC_SELECTOR = bytes.fromhex("4e487b71")


class ContractRevert(DrexError):
    """A transaction or call reverted. ``error_name`` is the custom error's name, or ``"Error"`` for a
    revert string and ``"Panic"`` for a Solidity panic; ``args`` are the decoded arguments."""

    def __init__(self, error_name: str, args: tuple[Any, ...] = (), message: str = "", data: bytes = b""):
        self.error_name = error_name
        self.args_ = args
        self.message = message
        self.data = data
        if error_name == "Error":
            text = f"reverted: {message}"
        elif args:
            text = f"reverted with {error_name}({', '.join(_fmt(a) for a in args)})"
        else:
            text = f"reverted with {error_name}()"
        super().__init__(text)

    @property
    def args(self) -> tuple[Any, ...]:
        return self.args_

    @args.setter
    def args(self, value: Any) -> None:  # BaseException.__init__ assigns .args
        pass


def _fmt(a: Any) -> str:
    if isinstance(a, bytes):
        return "0x" + a.hex()
    return str(a)


def _canonical(p: dict[str, Any]) -> str:
    t = str(p["type"])
    if t.startswith("tuple"):
        return "(" + ",".join(_canonical(c) for c in p.get("components", [])) + ")" + t[5:]
    return t


def error_selectors(abis: Iterable[list[dict[str, Any]]]) -> dict[bytes, tuple[str, list[str]]]:
    """Selector -> (error name, canonical argument types) for every error in the given ABIs."""
    out: dict[bytes, tuple[str, list[str]]] = {}
    for abi in abis:
        for item in abi:
            if item.get("type") != "error":
                continue
            types = [_canonical(i) for i in item.get("inputs", [])]
            sig = f"{item['name']}({','.join(types)})"
            out[keccak(text=sig)[:4]] = (item["name"], types)
    return out


@lru_cache(maxsize=8)
def _registry_for(directory: str, input_hash: str) -> dict[bytes, tuple[str, list[str]]]:
    from drex.build.artifacts import contract_names, load_artifact

    return error_selectors(load_artifact(name)["abi"] for name in contract_names())


def _registry() -> dict[bytes, tuple[str, list[str]]]:
    """Every error of every contract artifact (the loader's; none without artifacts)."""
    from drex.build.artifacts import artifacts_dir, build_info

    try:
        return _registry_for(str(artifacts_dir()), str(build_info()["inputHash"]))
    except DrexError:  # no (or stale) artifacts: errors are reported by selector
        return {}


def decode_revert(data: bytes | str | None) -> ContractRevert:
    """Turn raw revert data into a :class:`ContractRevert`."""
    if isinstance(data, str):
        data = bytes.fromhex(data[2:] if data.startswith("0x") else data)
    data = data or b""
    if len(data) < 4:
        return ContractRevert("Revert", (), "reverted without a reason", data)
    sel, body = data[:4], data[4:]
    try:
        if sel == ERROR_STRING_SELECTOR:
            (msg,) = decode(["string"], body)
            return ContractRevert("Error", (msg,), msg, data)
        if sel == PANIC_SELECTOR:
            (code,) = decode(["uint256"], body)
            return ContractRevert("Panic", (code,), f"panic 0x{code:02x}", data)
        known = _registry().get(sel)
        if known:
            name, types = known
            return ContractRevert(name, tuple(decode(types, body)), "", data)
    except Exception:  # undecodable body: report the selector rather than hide the revert
        pass
    return ContractRevert(f"UnknownError_0x{sel.hex()}", (body,), "", data)
