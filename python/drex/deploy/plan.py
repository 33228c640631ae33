"""The deployment plan: an ordered list of steps, contributed by each domain of the platform.

A :class:`Deploy` step deploys a compiled contract and registers it in ``AddressDiscovery`` under
keccak256 of its registry name, as the pilot does; a :class:`Call` step makes one state-changing call
(role grants, enabling accounts). Steps have stable ids, so a manifest records which ones ran and an
interrupted deployment resumes at the first one that did not. Domains add their steps in
``drex.deploy.steps.<domain>``; :func:`full_plan` strings them together in dependency order.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class DeployContext(Protocol):
    """What the ``args`` callables of a step can see while the plan runs."""

    participants: dict[str, str]

    def address(self, name: str) -> str:
        """Address of an already deployed registry name."""
        ...

    def account(self, role: str) -> str:
        """Address of a role (``"BCB"``, ``"STN"``, ``"BANK_A"``...)."""
        ...

    def call(self, name: str, fn: str, *args: Any) -> Any:
        """A read-only call on an already deployed contract."""
        ...


def _no_args(ctx: DeployContext) -> Sequence[Any]:
    return ()


@dataclass(frozen=True)
class Deploy:
    """Deploy ``artifact`` and register it in AddressDiscovery as ``name``."""

    name: str
    artifact: str
    args: Callable[[DeployContext], Sequence[Any]] = field(default=_no_args)
    sender: str = "BCB"

    @property
    def id(self) -> str:
        return f"deploy:{self.name}"


@dataclass(frozen=True)
class Call:
    """Call ``fn`` on the contract registered as ``contract``, once."""

    id: str
    contract: str
    fn: str
    args: Callable[[DeployContext], Sequence[Any]] = field(default=_no_args)
    sender: str = "BCB"


Step = Deploy | Call

#: Domains in dependency order; each is a module ``drex.deploy.steps.<domain>`` exporting ``STEPS``.
DOMAINS = ("registry", "realdigital", "tpft", "privacy", "oracles")


def full_plan(domains: Sequence[str] = DOMAINS) -> list[Step]:
    """Every step of every domain that exists in this checkout, in order; ids must be unique."""
    steps: list[Step] = []
    for domain in domains:
        try:
            module = importlib.import_module(f"drex.deploy.steps.{domain}")
        except ModuleNotFoundError as exc:
            if exc.name == f"drex.deploy.steps.{domain}":
                continue  # that domain is not part of this build of the platform
            raise
        steps.extend(module.STEPS)
    ids = [s.id for s in steps]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate deployment step ids: {sorted(dupes)}")
    return steps
