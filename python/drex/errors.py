"""Exception hierarchy shared by every part of drex.

Every error a user can cause derives from :class:`DrexError`, so the CLI can print one clear line for
any of them and exit non-zero, and library callers can catch one base class.
"""

from __future__ import annotations


class DrexError(Exception):
    """Base class of every error drex raises on purpose (bad input, unreachable node, reverts...)."""
