"""Errors of the compliance service, in the compliance officer's terms."""

from __future__ import annotations

from drex.errors import DrexError


class ComplianceError(DrexError):
    """Base class of the compliance service's errors."""


class RuleFileError(ComplianceError):
    """A rule file is not valid: the message names the file, the field and what was expected."""


class RuleModeError(ComplianceError):
    """A rule cannot change to the requested mode (e.g. ACTIVE without a backtest of that version)."""


class UnknownRecord(ComplianceError):
    """No rule, alert, case or action with that id."""


class CaseStateError(ComplianceError):
    """The case or action is not in a state that allows the requested decision."""


class FourEyesViolation(ComplianceError):
    """The officer approving a freeze or unfreeze is the one who requested it."""


class ListFileError(ComplianceError):
    """A screening list (UN consolidated XML or internal CSV) or a reference price file is not valid."""


class ExportError(ComplianceError):
    """The SISCOAF export cannot be written: invalid against the schema, or customer data is missing."""


__all__ = [
    "CaseStateError",
    "ComplianceError",
    "ExportError",
    "FourEyesViolation",
    "ListFileError",
    "RuleFileError",
    "RuleModeError",
    "UnknownRecord",
]
