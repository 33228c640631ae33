"""The TPFtDvP client: who counts as a customer, whether a wallet can settle, and the settlements made."""

from __future__ import annotations

from drex.sdk.events import chain_order, fetch_logs
from drex.sdk.platform import ContractClient, Platform
from drex.sdk.tpft_events import DvPSettlement
from drex.sdk.values import ZERO_ADDRESS, to_address


class TPFtDvP(ContractClient):
    """TPFtDvP: who counts as a customer, whether a wallet can settle, and the settlements made."""

    def __init__(self, platform: Platform):
        super().__init__(platform, "TPFtDvP")

    def is_customer(self, wallet: str) -> bool:
        """Whether ``wallet`` is a customer (in KeyDictionary); any other wallet is a participant."""
        return bool(self._call(self.contract.functions.isCustomer(to_address(wallet, "wallet"))))

    def check_party(self, wallet: str, token: str | None = None) -> bool:
        """Whether ``wallet`` is a customer; raises the decoded ContractRevert when it cannot settle with
        ``token`` (not enabled in TPFt, Real Digital or its Real Tokenizado, wrong token...)."""
        fn = self.contract.functions.checkParty(
            to_address(wallet, "wallet"), ZERO_ADDRESS if token is None else to_address(token, "token")
        )
        return bool(self._call(fn))

    def check_participant(self, wallet: str) -> None:
        """Raise the decoded ContractRevert unless ``wallet`` is a participant enabled in TPFt and Real
        Digital."""
        self._call(self.contract.functions.checkParticipant(to_address(wallet, "wallet")))

    def settlements(
        self, operation_id: int | None = None, *, from_block: int = 0, to_block: int | str = "latest"
    ) -> list[DvPSettlement]:
        """``DvPSettled`` events in chain order, optionally of one operation."""
        filters = None if operation_id is None else {"operationId": int(operation_id)}
        logs = fetch_logs(self.contract.events.DvPSettled(), filters, from_block, to_block)
        return chain_order(DvPSettlement.from_log(log) for log in logs)


__all__ = ["TPFtDvP"]
