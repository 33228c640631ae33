"""The compliance service: rules on the index's event stream, alerts, cases, four-eyes freezes and the
SISCOAF export (docs/compliance.md).

Modules: :mod:`~drex.compliance.rules` (YAML rule files), :mod:`~drex.compliance.detectors` and
:mod:`~drex.compliance.engine` (evaluation and backtest), :mod:`~drex.compliance.store` (its tables, in
the index's database or its own), :mod:`~drex.compliance.service` (the stream consumer, cases and
actions), :mod:`~drex.compliance.lists` (screening lists), :mod:`~drex.compliance.prices` (reference
prices) and :mod:`~drex.compliance.siscoaf` (the export).
"""

from __future__ import annotations

from drex.compliance.errors import (
    CaseStateError,
    ComplianceError,
    ExportError,
    FourEyesViolation,
    ListFileError,
    RuleFileError,
    RuleModeError,
    UnknownRecord,
)

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
