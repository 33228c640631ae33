"""The audit in one line, for a caller that is not the ``drex audit`` command (the demo's summary).

:func:`audit_deployment` runs ``roles`` and ``supply`` on a chain and its manifest (over a temporary index
unless ``db_url`` names one) and returns an :class:`AuditSummary`, whose :meth:`~AuditSummary.line` is what a
report prints last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drex.chain import Chain
    from drex.deploy import Manifest


@dataclass(frozen=True)
class AuditSummary:
    """The outcome of the roles and supply audits of one deployment at one block."""

    block: int
    block_hash: str
    holdings: int
    differences: int
    disagreements: int
    tokens: int
    breaks: int

    @property
    def clean(self) -> bool:
        return self.differences == 0 and self.disagreements == 0 and self.breaks == 0

    def line(self) -> str:
        roles = (
            f"roles as the policy expects ({self.holdings} grants)"
            if self.differences == 0 and self.disagreements == 0
            else f"{self.differences} role difference(s) from the policy, {self.disagreements} event/state "
            "disagreement(s)"
        )
        supply = (
            f"supply invariants hold ({self.tokens} tokens)"
            if self.breaks == 0
            else f"{self.breaks} supply invariant(s) broken"
        )
        return f"audit at block {self.block}: {roles}; {supply}"


def audit_deployment(
    chain: Chain,
    manifest: Manifest,
    *,
    manifest_path: Path | None = None,
    db_url: str | None = None,
    policy_path: Path | None = None,
) -> AuditSummary:
    """Audit roles and supply of the deployment ``manifest`` describes on ``chain``."""
    from drex.audit import policy
    from drex.audit.roles import audit_roles
    from drex.audit.source import open_audit
    from drex.audit.supply import audit_supply

    expected = policy.load(policy_path)
    with open_audit(chain, manifest=manifest, manifest_path=manifest_path, db_url=db_url) as audit:
        roles = audit_roles(audit, expected)
        supply = audit_supply(audit)
        return AuditSummary(
            audit.block,
            audit.block_hash,
            len(roles.held),
            # a manifest account that lies, a policy role without an address: not as expected either
            len(roles.differences) + len(roles.account_problems) + len(roles.unresolved),
            len(roles.disagreements),
            len(supply.tokens),
            len(supply.breaks),
        )


__all__ = ["AuditSummary", "audit_deployment"]
