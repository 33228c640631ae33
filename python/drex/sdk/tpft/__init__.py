"""The institution SDK for tokenized federal bonds (TPFt): token, DvP, operation ids and pending commands.

:class:`TPFtPlatform` wraps a :class:`~drex.sdk.platform.Platform` (same chain, directory and signer) and
gives one client per TPFt contract: :attr:`~TPFtPlatform.tpft` (the ERC-1155 of bond series: create,
mint, direct placement, enable wallets, pause, per-series pause, freeze, balances by series),
:attr:`~TPFtPlatform.dvp`, the operations 1002, 1052, 1054, 1056 and 1012, and
:attr:`~TPFtPlatform.reserve` (TPFtRepaymentReserve). It also does what the pilot leaves to each
participant: building operation ids (:class:`OperationIdBuilder`: the participant's range, by default its
CNPJ8, a daily sequence and the Brasília date, skipping ids its participant already used in
TPFtOperationId, where ids are kept per participant: :meth:`TPFtPlatform.id_scope`), the approvals
TPFtDvP needs before it can settle for a wallet (:meth:`TPFtPlatform.approve_dvp`: ``setApprovalForAll``
on TPFt for the bonds, ``approve`` on Real Digital or the wallet's Real Tokenizado for the money),
resolving a wallet into a :class:`~drex.sdk.tpft_ops.Party` (customers are the wallets in KeyDictionary,
paired with their bank's Real Tokenizado), and matching double commands:
:meth:`TPFtPlatform.pending_operations` scans the operation contracts' events for registered commands
still pending on chain that await a given wallet's counterpart command, and :meth:`TPFtPlatform.match`
sends that command with the same terms.

On the embedded chain with the whole platform deployed: the Treasury (STN) creates an LTN series maturing
in two years and places 300.00 bonds with BANK_A; BCB offers it 10 more in a public offering (1002, first
command), which BANK_A finds pending and matches, settling delivery-versus-payment against its Real
Digital:

>>> import datetime
>>> from drex.chain import connect
>>> from drex.deploy import deploy_platform
>>> from drex.sdk import Platform
>>> chain = connect("embedded")
>>> platform = Platform.from_manifest(chain, deploy_platform(chain))
>>> stn, bcb, bank = (TPFtPlatform(platform.as_signer(chain.account(r))) for r in ("STN", "BCB", "BANK_A"))
>>> ltn = Series.of("LTN", "100000", datetime.date(bank.today().year + 2, 1, 1))
>>> ltn_id = stn.tpft.create(ltn)
>>> done = stn.tpft.mint(stn.address, ltn, 1000)
>>> done = stn.tpft.direct_placement(stn.address, bank.address, ltn, 300)
>>> done = stn.tpft.direct_placement(stn.address, bcb.address, ltn, 10)
>>> done = bank.platform.real_digital.request_mint(100_000)
>>> done = bank.approve_dvp(100_000)                  # TPFtDvP may move BANK_A's bonds and Real Digital
>>> bank.tpft.balance_of(bank.address, ltn)
Decimal('300.00')
>>> offer = bcb.op1002.place(bcb.next_operation_id(), "11111111", "sender", ltn, 10, "850.12345678")
>>> for pending in bank.pending_operations():
...     print(bank.match(pending).settled)
True
>>> bank.tpft.balance_of(bank.address, ltn), bank.platform.real_digital.balance_of(bank.address)
(Decimal('310.00'), Decimal('91498.77'))
"""

from __future__ import annotations

from drex.sdk.errors import UnknownSeries
from drex.sdk.tpft.bonds import TPFT_ROLES, SeriesRef, TPFt, tpft_role_id
from drex.sdk.tpft.dvp import TPFtDvP
from drex.sdk.tpft.ids import WALLET_SCOPE_FLAG, IdRegistration, OperationIdBuilder, describe_scope
from drex.sdk.tpft.pending import PendingOperation
from drex.sdk.tpft.platform import TPFtPlatform
from drex.sdk.tpft_ops import OPERATIONS, Party
from drex.sdk.tpft_values import CallerPart, Series

__all__ = [
    "OPERATIONS",
    "TPFT_ROLES",
    "CallerPart",
    "WALLET_SCOPE_FLAG",
    "IdRegistration",
    "OperationIdBuilder",
    "Party",
    "PendingOperation",
    "Series",
    "SeriesRef",
    "TPFt",
    "TPFtDvP",
    "TPFtPlatform",
    "UnknownSeries",
    "describe_scope",
    "tpft_role_id",
]
