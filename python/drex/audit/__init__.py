"""The auditor's toolkit (``drex audit``): checks of a deployed platform from its manifest and an RPC URL.

Every check reads the event index (:mod:`drex.index`), an existing one (``--db URL``) or a temporary SQLite
one synchronised from the node before answering, and confirms what the events say against the chain's state
at the head:

* :mod:`drex.audit.roles`: the role matrix of every AccessControl contract, diffed against the expected
  policy shipped with drex (:mod:`drex.audit.policy`), with every account that can mint, burn, move,
  freeze, pause or re-map an address highlighted;
* :mod:`drex.audit.supply`: per token, minted minus burned = total supply = sum of balances, frozen within
  balance, each Real Tokenizado backed by its bank's Real Digital reserve, and the first block where an
  invariant breaks;
* :mod:`drex.audit.history`: every movement of one account across the platform;
* :mod:`drex.audit.report`: the above in one self-contained HTML file, reproducible byte for byte.

:mod:`drex.audit.summary` runs roles and supply from Python and says the outcome in one line. See
docs/audit-toolkit.md.
"""

from __future__ import annotations

from drex.audit.errors import AuditError, PolicyError

__all__ = ["AuditError", "PolicyError"]
