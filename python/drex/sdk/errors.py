"""Errors of the institution SDK: bad input is rejected before anything is signed or sent.

Every class derives from :class:`~drex.errors.DrexError` (the CLI prints it as one line) and, for input
validation, also from :class:`ValueError`, so library callers can catch whichever they prefer. Reverts
of the contracts themselves are :class:`~drex.chain.reverts.ContractRevert` (exported by ``drex.sdk``), and
an empty KeyDictionary read its subclass :class:`~drex.sdk.keys.NotRegistered` (exported by ``drex.sdk``);
this module imports nothing heavy, so validating input never loads web3.
"""

from __future__ import annotations

from drex.errors import DrexError


class InvalidInput(DrexError, ValueError):
    """An argument was rejected by the SDK before any transaction was built."""


class InvalidAmount(InvalidInput):
    """An amount of reais that is not a finite, non-negative number with at most 2 decimal places."""


class InvalidAddress(InvalidInput):
    """An address that is not 20 bytes of hex, or whose mixed-case checksum (EIP-55) is wrong."""


class InvalidCnpj8(InvalidInput):
    """A CNPJ8 (the 8-digit root of an institution's CNPJ) that is not exactly 8 digits, or all zeros."""


class InvalidKey(InvalidInput):
    """A customer key that is empty, or a key hash that is not 32 bytes."""


class InvalidQuantity(InvalidInput):
    """A TPFt quantity that is not a non-negative number with at most 2 decimal places."""


class InvalidPrice(InvalidInput):
    """A unit price that is not a non-negative number with at most 8 decimal places."""


class InvalidSeries(InvalidInput):
    """A bond series with an empty acronym or code, or a maturity that is not a positive timestamp."""


class InvalidOperationId(InvalidInput):
    """An operation id that is not a positive integer ending in a valid yyyyMMdd date."""


class UnknownSeries(DrexError):
    """No bond series matches the given id or data."""


class UnknownContract(DrexError):
    """A contract name that neither the manifest nor AddressDiscovery knows."""


class UnknownProposal(DrexError):
    """A swap proposal id that was never started."""


class NoSigner(DrexError):
    """A state-changing call on a :class:`~drex.sdk.Platform` that has no signer."""


__all__ = [
    "InvalidAddress",
    "InvalidAmount",
    "InvalidCnpj8",
    "InvalidInput",
    "InvalidKey",
    "InvalidOperationId",
    "InvalidPrice",
    "InvalidQuantity",
    "InvalidSeries",
    "NoSigner",
    "UnknownContract",
    "UnknownProposal",
    "UnknownSeries",
]
