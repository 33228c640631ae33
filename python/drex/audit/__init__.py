"""The auditor's toolkit (``drex audit``): checks of a deployed platform from its manifest (or an
AddressDiscovery address) and an RPC URL.

* :mod:`drex.audit.verify`: each deployed contract is the build it claims to be (creation input with the
  plan's constructor arguments, runtime code with its immutables, exact or partial metadata match);
  :mod:`drex.audit.sourcify` writes the verified contracts' metadata in Sourcify's repository layout.

The other checks read the event index (:mod:`drex.index`), an existing one (``--db URL``) or a temporary
SQLite one synchronised from the node before answering, and confirm what the events say against the chain's
state at the index's cursor:

* :mod:`drex.audit.roles`: the role matrix of every AccessControl contract, diffed against the expected
  policy shipped with drex (:mod:`drex.audit.policy`), with every account that can mint, burn, move,
  freeze, pause or re-map an address highlighted;
* :mod:`drex.audit.supply`: per token, minted minus burned = total supply = sum of balances, frozen within
  balance, each Real Tokenizado backed by its bank's Real Digital reserve, and the first block where an
  invariant breaks;
* :mod:`drex.audit.history`: every movement of one account across the platform;
* :mod:`drex.audit.report`: the above in one self-contained HTML file, reproducible byte for byte.

:mod:`drex.audit.summary` runs roles and supply from Python and says the outcome in one line. See
docs/audit.md (verify) and docs/audit-toolkit.md (the rest).
"""

from __future__ import annotations

from drex.audit.deployment import AuditInputError, Deployment, open_deployment
from drex.audit.errors import AuditError, PolicyError
from drex.audit.sourcify import SourceMismatch, write_sourcify
from drex.audit.verify import VerifyReport, packaged_build, rebuild, verify

__all__ = [
    "AuditError",
    "AuditInputError",
    "Deployment",
    "PolicyError",
    "SourceMismatch",
    "VerifyReport",
    "open_deployment",
    "packaged_build",
    "rebuild",
    "verify",
    "write_sourcify",
]
