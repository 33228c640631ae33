"""Registry domain: AddressDiscovery first, so every later contract is registered in it.

BCB is both authority (may update addresses) and admin (may replace the authority), as in the pilot.
"""

from __future__ import annotations

from drex.deploy.plan import Deploy, Step

STEPS: list[Step] = [
    Deploy("AddressDiscovery", "AddressDiscovery", lambda ctx: (ctx.account("BCB"), ctx.account("BCB"))),
]
