"""Helpers of the TPFt SDK tests: expecting decoded reverts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from drex.chain import ContractRevert


@contextmanager
def reverts(error_name: str, *args: Any) -> Iterator[pytest.ExceptionInfo[ContractRevert]]:
    """Expect a :class:`ContractRevert` named ``error_name`` (with exactly ``args`` when given)."""
    with pytest.raises(ContractRevert) as info:
        yield info
    assert info.value.error_name == error_name, str(info.value)
    if args:
        assert _norm(tuple(info.value.args)) == _norm(args), str(info.value)


def _norm(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v.lower() if isinstance(v, str) and v.startswith("0x") else v for v in values)
