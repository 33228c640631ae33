"""Errors of the oracle reporter: its signing journal and its rounds.

Each names the series, the reference date and the values in the series' unit, so the one error line the
CLI prints says what happened in business terms. They derive from :class:`drex.errors.DrexError`.
"""

from __future__ import annotations

from drex.errors import DrexError


class JournalError(DrexError):
    """The signing journal cannot be used: unreadable, corrupt before its last line, held by another
    process, or written by another reporter. The reporter does not sign anything until it is fixed."""


class ConflictingObservation(DrexError):
    """The source now gives a different observation for a round this reporter already signed.

    The reporter never signs a second value for one (chain, contract, configuration version, series,
    reference date): its journaled vote stands and is the one shared. ``journaled`` is that entry (a
    :class:`drex.oracle.journal.JournalEntry`); ``value`` and ``source_hash`` what the source says now.
    """

    def __init__(self, message: str, journaled: object, value: object, source_hash: bytes):
        super().__init__(message)
        self.journaled = journaled
        self.value = value
        self.source_hash = source_hash


class ReporterError(DrexError):
    """A reporter cannot run as configured: no reporter set on chain, this signer not a reporter, a
    series not configured on chain, a share folder that cannot be used."""


__all__ = ["ConflictingObservation", "JournalError", "ReporterError"]
