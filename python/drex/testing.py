"""Testing helpers for code that drives the platform's contracts (ours, and institutions' own tests).

:func:`reverts` expects a call to revert with a given contract error, by name and optionally with
exactly the given arguments (addresses compared case-insensitively, since decoded ones come back in
lowercase and accounts' in checksum case). It needs no test framework: a missing or different revert
fails with an ``AssertionError`` naming what was expected and what happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from drex.chain.reverts import ContractRevert


@dataclass
class RevertInfo:
    """Filled in when the block under :func:`reverts` exits: the revert that happened."""

    value: ContractRevert | None = None


def _norm(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.lower() if isinstance(v, str) and v.startswith("0x") else v for v in values)


@contextmanager
def reverts(error_name: str, *args: Any) -> Iterator[RevertInfo]:
    """Expect the block to raise :class:`ContractRevert` named ``error_name`` (with ``args`` if given)."""
    info = RevertInfo()
    try:
        yield info
    except ContractRevert as exc:
        info.value = exc
        assert exc.error_name == error_name, f"expected {error_name}, got {exc}"
        if args:
            assert _norm(tuple(exc.args)) == _norm(args), f"expected {error_name}{args}, got {exc}"
    else:
        raise AssertionError(f"expected a revert with {error_name}, but the call succeeded")
