"""Errors of the circuit build and of the trusted-setup ceremony."""

from __future__ import annotations

from drex.errors import DrexError


class CircuitError(DrexError):
    """A circuit that does not compile, or a checkout without the circom toolchain."""


class CeremonyError(DrexError):
    """A ceremony step that failed (the message names the step), or one run out of order."""


class SetupMismatch(DrexError):
    """``circuits/setup/`` holds no trusted setup for the compiled circuit, or one made for another one."""


__all__ = ["CeremonyError", "CircuitError", "SetupMismatch"]
