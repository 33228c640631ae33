"""Errors of the audit toolkit, in the auditor's terms."""

from __future__ import annotations

from drex.errors import DrexError


class AuditError(DrexError):
    """The audit cannot run: no index for this chain, a manifest for another chain, an unreadable input."""


class PolicyError(AuditError):
    """The expected-roles policy file is unreadable or malformed."""


__all__ = ["AuditError", "PolicyError"]
