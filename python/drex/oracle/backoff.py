"""Retrying a reporter's reads and transactions with exponential backoff, on an injectable clock.

The sources retry each HTTP request themselves (:mod:`drex.oracle.sources.retry`); this is the reporter's
outer loop around a whole read or a whole transaction: a source still unavailable after its own retries
(:class:`~drex.oracle.sources.SourceUnavailable`) or a node that does not answer (a connection refused or
reset, a timeout: ``OSError``, which ``requests``' errors are, and web3's connection errors) is tried
again after ``base * factor**(n-1)`` seconds (at most ``cap``), ``attempts`` times in all; then the last
error is raised for the reporter to report against the series. Anything else (a revert, a refused
request, a malformed answer) is not retried: trying again cannot change it.

Written here rather than taken from a retry library: none is among the project's dependencies (tenacity
and backoff are not installed), the loop is a dozen lines, and the reporter's tests need the sleep and
the record of waits injected.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from web3.exceptions import ProviderConnectionError, TimeExhausted

from drex.oracle.sources import SourceUnavailable

_T = TypeVar("_T")

#: Errors worth another attempt: the source or the node may be back.
TRANSIENT: tuple[type[BaseException], ...] = (
    SourceUnavailable,
    OSError,
    ProviderConnectionError,
    TimeExhausted,
)


@dataclass
class Backoff:
    """``attempts`` tries of a call, waiting ``base``, ``base*factor``, ... (at most ``cap``) seconds
    between them with ``sleep``; ``waits`` records every wait (for the step's report and for tests)."""

    attempts: int = 5
    base: float = 1.0
    factor: float = 2.0
    cap: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    waits: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.base < 0 or self.factor < 1 or self.cap < 0:
            raise ValueError(f"a backoff needs attempts >= 1, base >= 0, factor >= 1, cap >= 0: {self}")

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1 for the first)."""
        return float(min(self.cap, self.base * self.factor ** (attempt - 1)))

    def call(
        self,
        fn: Callable[[], _T],
        *,
        transient: tuple[type[BaseException], ...] = TRANSIENT,
        on_retry: Callable[[int, BaseException, float], None] | None = None,
    ) -> _T:
        """``fn()``, retried on ``transient`` errors; ``on_retry(attempt, error, wait)`` before each wait."""
        for attempt in range(1, self.attempts + 1):
            try:
                return fn()
            except transient as exc:
                if attempt == self.attempts:
                    raise
                wait = self.delay(attempt)
                if on_retry is not None:
                    on_retry(attempt, exc, wait)
                self.waits.append(wait)
                self.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")


__all__ = ["TRANSIENT", "Backoff"]
