"""One HTTP GET with bounded retries, as both official sources (SGS, PTAX OData) need it.

Connection failures, timeouts, server errors (5xx) and rate limiting (429) are retried up to
:attr:`RetryPolicy.retries` times, waiting ``backoff * 2**(n-1)`` seconds before the n-th retry (at most
``max_backoff``), or, after a 429, the seconds its ``Retry-After`` asks for; any other answer is returned
to the caller to interpret. When the retries run out, :class:`~drex.oracle.sources.base.SourceUnavailable`
names what was being read and what the last attempt got.

Written here rather than mounting urllib3's ``Retry`` on the session because the reporter needs what that
does not give: an injectable sleep (tests do not wait; a reporter may want to), a ceiling on the
``Retry-After`` it agrees to honour (urllib3 waits whatever the server says) and errors that name the
series and date being read rather than a URL.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import requests

from drex import __version__
from drex.oracle.sources.base import SourceUnavailable, answer_summary

#: Errors of the transport worth another attempt (the server may be back, the body may arrive whole).
_TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry one request."""

    #: Retries after the first attempt (so at most ``retries + 1`` requests).
    retries: int = 4
    #: Seconds before the first retry; doubled for each further one.
    backoff: float = 1.0
    #: Longest wait between two attempts, and the longest ``Retry-After`` honoured.
    max_backoff: float = 30.0
    #: How to wait (``time.sleep``; tests pass a recorder).
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        if self.retries < 0 or self.backoff < 0 or self.max_backoff < 0:
            raise ValueError(f"retry policy needs non-negative numbers, got {self}")

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first) when the server gives no
        ``Retry-After``."""
        return float(min(self.max_backoff, self.backoff * 2 ** (retry - 1)))


def new_session() -> requests.Session:
    """A session for a source that was given none: JSON asked for, drex named in the User-Agent."""
    session = requests.Session()
    session.headers.update({"Accept": "application/json", "User-Agent": f"drex-oracle/{__version__}"})
    return session


def _retry_after(response: requests.Response) -> float | None:
    """The seconds a ``Retry-After: <seconds>`` header asks for (None when absent or an HTTP date)."""
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if re.fullmatch(r"[0-9]+", value) else None


def get(
    session: requests.Session,
    url: str,
    *,
    timeout: float,
    policy: RetryPolicy,
    what: str,
    source: str,
) -> requests.Response:
    """GET ``url``, retrying transient failures under ``policy``; the first answer that is neither a 429
    nor a 5xx. ``what`` names what is read ("SELIC (SGS code 11) for 02/01/2025 (2025-01-02)") and
    ``source`` who answers ("the SGS"), for the messages."""
    attempts = policy.retries + 1
    failure = ""
    for attempt in range(1, attempts + 1):
        wait: float | None = None
        try:
            response = session.get(url, timeout=timeout)
        except _TRANSIENT as exc:
            failure = f"no answer ({type(exc).__name__}: {exc})"
        except requests.RequestException as exc:  # an invalid URL, a bad scheme: retrying cannot help
            raise SourceUnavailable(f"{what}: cannot ask {source} at {url}: {exc}") from exc
        else:
            status = response.status_code
            if status != 429 and status < 500:
                return response
            failure = answer_summary(status, response.headers.get("Content-Type"), response.content)
            if status == 429:
                wait = _retry_after(response)
                if wait is not None and wait > policy.max_backoff:
                    raise SourceUnavailable(
                        f"{what}: {source} is rate limiting (429) and asks to retry after {wait:g} s, "
                        f"longer than this client waits ({policy.max_backoff:g} s); try again later. "
                        f"Answer: {failure}"
                    )
        if attempt == attempts:
            break
        policy.sleep(wait if wait is not None else policy.delay(attempt))
    raise SourceUnavailable(
        f"{what}: {source} did not answer usefully after {attempts} attempt(s) at {url}; last: {failure}"
    )


class HttpSource:
    """What the HTTP sources share: the base URL, the session (a session given is used as is and left
    open; one made here is closed by :meth:`close` or by leaving a ``with`` block), the timeout and the
    :class:`RetryPolicy` built from ``retries``, ``backoff``, ``max_backoff`` and ``sleep``."""

    def __init__(
        self,
        base_url: str,
        session: requests.Session | None,
        timeout: float,
        retries: int,
        backoff: float,
        max_backoff: float,
        sleep: Callable[[float], None],
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else new_session()
        self._owns_session = session is None
        self.timeout = timeout
        self.policy = RetryPolicy(retries, backoff, max_backoff, sleep)

    def close(self) -> None:
        """Close the HTTP session if this source made it."""
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
