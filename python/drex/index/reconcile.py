"""Derived balances and supplies against the contracts themselves.

:func:`reconcile` reads, at the block of the index's cursor, ``totalSupply`` and every indexed account's
``balanceOf`` and ``frozenBalanceOf`` of Real Digital, each Real Tokenizado and each TPFt id the index
has seen, and compares them with the index's derived state: the supply (minted - burned), the sum of the
derived balances, each balance and each frozen amount. Every difference is reported with both exact
integers (token units: centavos for Real Digital and Real Tokenizado, hundredths of a bond for TPFt).

A node that keeps no historical state (Besu Bonsai) answers only at the head: sync the index to the head
first (``drex index reconcile`` does) so the cursor's block is the head.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from drex.index.decode import platform_contracts
from drex.index.store import IndexStore

if TYPE_CHECKING:
    from drex.sdk import Platform

#: Artifacts whose contracts are ERC-20 tokens with ``frozenBalanceOf(account)``.
ERC20_ARTIFACTS = ("RealDigital", "RealTokenizado")
#: Artifact of the ERC-1155 bond token with ``frozenBalanceOf(account, id)`` and ``totalSupply(id)``.
TPFT_ARTIFACT = "TPFt"
CALLS_PER_BATCH = 200


@dataclass(frozen=True)
class Difference:
    """One value the index derives differently from the contract (``account`` None for a supply)."""

    token: str
    address: str
    token_id: int
    account: str | None
    what: str
    indexed: int
    on_chain: int

    def __str__(self) -> str:
        who = f" of {self.account}" if self.account else ""
        tid = f" id {self.token_id}" if self.token_id else ""
        return f"{self.token}{tid}: {self.what}{who} is {self.on_chain} on chain, {self.indexed} in the index"


@dataclass
class Reconciliation:
    """The result: the block compared at, how many tokens and balances were compared, the differences."""

    block: int
    tokens: int = 0
    balances: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "tokens": self.tokens,
            "balances": self.balances,
            "ok": self.ok,
            "differences": [d.__dict__ for d in self.differences],
        }


def _call_all(platform: Platform, fns: list[Any], block: int) -> list[int]:
    """``fn.call(block_identifier=block)`` of each ``fn``, in JSON-RPC batches when the provider has them."""
    w3 = platform.chain.w3
    if not hasattr(w3.provider, "make_batch_request"):
        return [int(fn.call(block_identifier=block)) for fn in fns]
    out: list[int] = []
    for start in range(0, len(fns), CALLS_PER_BATCH):
        with w3.batch_requests() as batch:
            for fn in fns[start : start + CALLS_PER_BATCH]:
                batch.add(fn.call(block_identifier=block))
            out.extend(int(cast(Any, v)) for v in batch.execute())
    return out


def reconcile(platform: Platform, store: IndexStore) -> Reconciliation:
    """Compare the index's derived state with the contracts at the cursor's block."""
    cursor = store.cursor()
    if cursor is None:
        from drex.index.errors import ChainIndexError

        raise ChainIndexError(f"the index {store.url} is empty: run `drex index run` first")
    block = cursor.block_number
    result = Reconciliation(block)
    contracts = platform_contracts(platform)
    for name, artifact in sorted(contracts.items()):
        if artifact in ERC20_ARTIFACTS:
            _token(platform, store, result, name, 0, erc1155=False)
        elif artifact == TPFT_ARTIFACT:
            address = str(platform.address_of(name))
            for token, token_id in store.tokens():
                if token == address:
                    _token(platform, store, result, name, token_id, erc1155=True)
    return result


def _token(
    platform: Platform, store: IndexStore, result: Reconciliation, name: str, token_id: int, *, erc1155: bool
) -> None:
    contract = platform.contract(name)
    address = str(contract.address)
    f = contract.functions
    rows = store.balances(address, token_id)
    accounts = sorted(rows)
    minted, burned = store.supply(address, token_id)
    if erc1155:
        fns = [f.totalSupply(token_id)]
        fns += [f.balanceOf(a, token_id) for a in accounts] + [
            f.frozenBalanceOf(a, token_id) for a in accounts
        ]
    else:
        fns = (
            [f.totalSupply()] + [f.balanceOf(a) for a in accounts] + [f.frozenBalanceOf(a) for a in accounts]
        )
    values = _call_all(platform, fns, result.block)
    supply, chain_balances, chain_frozen = (
        values[0],
        values[1 : 1 + len(accounts)],
        values[1 + len(accounts) :],
    )
    result.tokens += 1
    result.balances += len(accounts)

    def differs(account: str | None, what: str, indexed: int, on_chain: int) -> None:
        if indexed != on_chain:
            result.differences.append(Difference(name, address, token_id, account, what, indexed, on_chain))

    differs(None, "total supply (minted - burned)", minted - burned, supply)
    differs(None, "total supply (sum of balances)", sum(b for b, _ in rows.values()), supply)
    for account, balance, frozen in zip(accounts, chain_balances, chain_frozen, strict=True):
        differs(account, "balance", rows[account][0], balance)
        differs(account, "frozen balance", rows[account][1], frozen)


__all__ = ["Difference", "Reconciliation", "reconcile"]
