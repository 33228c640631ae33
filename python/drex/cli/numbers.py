"""Strict parsing of the whole numbers typed on the command line: ids, block numbers, ranges.

Typer's own ``int`` accepts ``1_000``, `` 7 `` and ``+7`` (Python's ``int()``); an id typed that way is
more likely a slip than an intent, so these parameter types accept ASCII digits only, with a message naming
what was expected, as drex's usual one-line error (``drex: error: proposal id '1_000' is not valid: write
digits only, e.g. 42``). Only Typer and the light validation helpers of :mod:`drex.sdk.values` are
imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from drex.errors import DrexError
from drex.sdk.errors import InvalidInput
from drex.sdk.values import to_uint


def whole_number(what: str) -> Callable[[str | int], int]:
    """A Typer ``parser`` accepting only ASCII digits; ``what`` names the value in the error."""

    def parse(text: str | int) -> int:
        if isinstance(text, int) and not isinstance(text, bool):
            return text  # a default value
        try:
            return to_uint(text, what)
        except InvalidInput as exc:
            # not a ValueError: Typer would wrap one in a usage error; a DrexError is drex's one-line error
            raise DrexError(str(exc)) from None

    return parse


def positive_number(what: str) -> Callable[[str | int], int]:
    """As :func:`whole_number`, refusing 0 (operation ids)."""
    digits = whole_number(what)

    def parse(text: str | int) -> int:
        value = digits(text)
        if value == 0:
            raise DrexError(f"{what} must be a positive integer, not 0")
        return value

    return parse


ProposalId = Annotated[int, typer.Argument(parser=whole_number("proposal id"))]
OperationId = Annotated[int, typer.Argument(parser=positive_number("operation id"))]
FromBlock = Annotated[
    int, typer.Option("--from-block", help="first block to scan", parser=whole_number("block"))
]
ToBlock = Annotated[
    int | None,
    typer.Option("--to-block", help="last block to scan (default: the latest)", parser=whole_number("block")),
]
