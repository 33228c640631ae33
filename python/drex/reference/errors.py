"""Errors raised by :mod:`drex.reference` on bad input.

:class:`ReferenceDataError` names the series and the offending value in the series' unit (for example
"SELIC: 0.0551234 % a.d. has more than 6 decimal places"). It derives from :class:`drex.errors.DrexError`,
so the CLI prints it as one line, and from :class:`ValueError` for callers that only know the standard
library.
"""

from __future__ import annotations

from drex.errors import DrexError


class ReferenceDataError(DrexError, ValueError):
    """A reference-data value, date or series name that the on-chain representation cannot hold."""
