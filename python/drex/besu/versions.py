"""The Besu releases the generated files are written for, and what differs between them.

The pilot runs Besu 23.10.1. Its transaction pool for permissioned chains is the FIFO pool that 23.10.1
calls ``legacy``; 23.10.3 added the name ``sequenced`` for it (``TransactionPoolConfiguration.Implementation``
gained ``SEQUENCED``, a synonym of ``LEGACY``), which is the name the pilot's hardening uses. The default is
therefore 23.10.3, the closest release to the pilot's that accepts every option the files use; 23.10.1 can be
targeted exactly, with the old name. Option names were checked against both releases' CLI sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from drex.errors import DrexError


@dataclass(frozen=True)
class BesuVersion:
    """A supported Besu release: its official image tag and version-specific option values."""

    version: str
    tx_pool: str

    @property
    def image(self) -> str:
        """The official image, pinned to the exact release."""
        return f"hyperledger/besu:{self.version}"


SUPPORTED: dict[str, BesuVersion] = {
    "23.10.3": BesuVersion("23.10.3", tx_pool="sequenced"),
    "23.10.1": BesuVersion("23.10.1", tx_pool="legacy"),
}
DEFAULT_VERSION = "23.10.3"
PILOT_VERSION = "23.10.1"


def besu_version(version: str) -> BesuVersion:
    """The supported release ``version``; raises DrexError for any other."""
    try:
        return SUPPORTED[version]
    except KeyError:
        raise DrexError(
            f"unsupported Besu version {version!r}: the generated files were checked against "
            f"{', '.join(sorted(SUPPORTED))}"
        ) from None
