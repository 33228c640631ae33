"""Errors of the event index, in the terms of the chain being followed."""

from __future__ import annotations

from drex.errors import DrexError


class ChainIndexError(DrexError):
    """Base of the index's errors."""


class WrongChain(ChainIndexError):
    """The database indexes another chain (another chain id or another genesis block)."""


class IncompleteBlock(ChainIndexError):
    """The node's answer for a block is incomplete or inconsistent (missing receipts, logs that do not
    match the receipts, a block changing while it was read); nothing of the batch was stored."""


class UnsettledChain(ChainIndexError):
    """The blocks of a batch kept changing or vanishing on the node while they were read (a
    reorganisation still going on, or a load balancer whose backends disagree); nothing of it was
    stored. Following tries again at the next poll."""


__all__ = ["ChainIndexError", "IncompleteBlock", "UnsettledChain", "WrongChain"]
