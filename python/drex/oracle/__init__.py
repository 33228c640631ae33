"""Reference-data oracles off chain: the sources (:mod:`drex.oracle.sources`), the reporter that signs and
shares observations (:mod:`drex.oracle.reporter`), its signing journal (:mod:`drex.oracle.journal`) and
the status of the rounds (:mod:`drex.oracle.status`).

Only the errors are imported here, so ``import drex.oracle`` stays cheap.
"""

from __future__ import annotations

from drex.oracle.errors import ConflictingObservation, JournalError, ReporterError

__all__ = ["ConflictingObservation", "JournalError", "ReporterError"]
