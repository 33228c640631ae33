"""Reference-data oracles off chain: the sources reporters read (:mod:`drex.oracle.sources`: the central
bank's SGS API, the PTAX OData service, an operator's CSV file) and the reporters that sign what they read
and publish it to the ``ReferenceData`` contract (:mod:`drex.oracle.reporter`), with their signing journal
(:mod:`drex.oracle.journal`), the ways they share votes (:mod:`drex.oracle.share`) and the status of the
rounds (:mod:`drex.oracle.status`).

Only the reporter's errors are imported here, so ``import drex.oracle`` stays cheap.
"""

from __future__ import annotations

from drex.oracle.errors import ConflictingObservation, JournalError, ReporterError

__all__ = ["ConflictingObservation", "JournalError", "ReporterError"]
