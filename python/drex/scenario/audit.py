"""The demo's closing audit: what an auditor and the compliance service say about the chain the scenario left.

After the last phase, :func:`audit_scenario` indexes the whole chain into a temporary SQLite index
(:mod:`drex.index`) and reconciles it with the contracts, verifies every deployed contract against the build
packaged with drex (:mod:`drex.audit.verify`), audits roles against the shipped policy and the supply
invariants (:mod:`drex.audit.summary`), and runs the compliance service's starter catalogue over the indexed
history: each rule is loaded in TEST, backtested, made ACTIVE, then evaluated on the stream
(:mod:`drex.compliance`). The summary of ``drex demo`` ends with these lines.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drex.scenario import Session


@dataclass
class AuditOutcome:
    """The closing audit of the demo, in numbers (and the lines the summary prints)."""

    block: int
    block_hash: str
    events: int
    blocks: int
    reconcile_differences: int
    contracts: int
    matched: int
    mismatched: list[str]
    audit_line: str
    audit_clean: bool
    rules: int
    alerts: int
    cases: int
    alerts_by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return self.reconcile_differences == 0 and not self.mismatched and self.audit_clean

    def lines(self) -> list[str]:
        verify = (
            f"{self.matched} of {self.contracts} contracts MATCH the packaged build"
            if not self.mismatched
            else f"MISMATCH: {', '.join(self.mismatched)}"
        )
        by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(self.alerts_by_rule.items()))
        return [
            f"index       {self.events} events in {self.blocks} blocks, reconciled with the contracts: "
            + (
                "no difference"
                if self.reconcile_differences == 0
                else f"{self.reconcile_differences} differences"
            ),
            f"verify      {verify}",
            f"audit       {self.audit_line}",
            f"compliance  {self.rules} rules of the starter catalogue backtested and ACTIVE (dvp-price stays "
            f"TEST: no reference prices here): {self.alerts} "
            f"alert(s), {self.cases} case(s) opened" + (f" ({by_rule})" if by_rule else ""),
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "blockHash": self.block_hash,
            "events": self.events,
            "reconcileDifferences": self.reconcile_differences,
            "contracts": self.contracts,
            "matched": self.matched,
            "mismatched": self.mismatched,
            "audit": self.audit_line,
            "auditClean": self.audit_clean,
            "rules": self.rules,
            "alerts": self.alerts,
            "alertsByRule": self.alerts_by_rule,
            "cases": self.cases,
        }


def audit_scenario(session: Session) -> AuditOutcome:
    """Index, verify, audit and screen the chain of ``session`` (see the module docstring)."""
    from drex.audit.deployment import open_deployment
    from drex.audit.summary import audit_deployment
    from drex.audit.verify import packaged_build, verify
    from drex.compliance.rules import catalogue
    from drex.compliance.service import ComplianceService
    from drex.compliance.store import ComplianceStore
    from drex.index import Indexer, IndexStore, reconcile
    from drex.sdk import Platform

    chain, manifest = session.chain, session.manifest
    with tempfile.TemporaryDirectory(prefix="drex-demo-index-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'index.sqlite'}"
        store = IndexStore(url)
        try:
            indexer = Indexer(Platform.from_manifest(chain, manifest), store)
            try:
                indexer.sync()
            finally:
                indexer.close()
            cursor = store.cursor()
            assert cursor is not None
            counts = store.counts()
            differences = len(reconcile(Platform.from_manifest(chain, manifest), store).differences)

            checked = verify(open_deployment(chain.name, manifest, chain=chain), packaged_build())
            summary = audit_deployment(chain, manifest, db_url=url)

            service = ComplianceService(ComplianceStore(engine=store.engine), store)
            rules = catalogue()
            service.load_rules(rules)
            active = [r for r in rules if r.kind != "dvp_price"]  # no reference prices here: it stays TEST
            for rule in rules:
                service.backtest(rule.id, rule.version)
            for rule in active:
                service.set_mode(rule.id, "ACTIVE", rule.version)
            run = service.run()
            by_rule = Counter(alert.rule_id for alert in service.alerts(test=False))
        finally:
            store.close()
    return AuditOutcome(
        block=cursor.block_number,
        block_hash=cursor.block_hash,
        events=int(counts.get("events", 0)),
        blocks=int(counts.get("blocks", 0)),
        reconcile_differences=differences,
        contracts=len(checked.contracts),
        matched=sum(1 for c in checked.contracts if c.status == "MATCH"),
        mismatched=[c.name for c in checked.contracts if c.status != "MATCH"],
        audit_line=summary.line(),
        audit_clean=summary.clean,
        rules=len(active),
        alerts=run.alerts,
        cases=run.cases,
        alerts_by_rule=dict(by_rule),
    )


__all__ = ["AuditOutcome", "audit_scenario"]
