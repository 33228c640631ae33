"""drex.sdk: the institution SDK for the DREX platform (Real Digital, Real Tokenizado, keys, swaps, TPFt).

Typed wrappers an institution uses to sign and send its calls: a :class:`Platform` session built from a
chain and the deployment manifest or AddressDiscovery alone, with a signer; one client per contract
(:class:`RealDigital`, :class:`RealTokenizado` by CNPJ8, :class:`KeyDictionary`, :class:`SwapOneStep`,
:class:`SwapTwoSteps`, :class:`SwapTwoStepsReserve`; bonds and their operations through
:class:`TPFtPlatform`); amounts as :class:`~decimal.Decimal` reais
converted exactly to 2-decimal units; transactions with nonce caching, gas estimation and reverts
decoded into :class:`ContractRevert`. Names are loaded lazily, so ``import drex.sdk`` does not load
web3 until a client or the platform is used; the validation helpers of :mod:`drex.sdk.values` never do.

On the embedded chain, with the whole platform deployed with the dev roles (``connect("local")`` and a
deployment manifest such as ``"deployment.json"`` work the same way):

>>> from drex.chain import connect
>>> from drex.deploy import deploy_platform
>>> from drex.sdk import Platform
>>> chain = connect("embedded")
>>> manifest = deploy_platform(chain)
>>> bank = Platform.from_manifest(chain, manifest, signer=chain.account("BANK_A"))
>>> minted = bank.real_digital.request_mint("1000.00")
>>> bank.real_digital.balance_of(bank.address)
Decimal('1000.00')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drex.lazy import lazy_getattr
from drex.sdk.errors import (
    InvalidAddress,
    InvalidAmount,
    InvalidCnpj8,
    InvalidInput,
    InvalidKey,
    InvalidOperationId,
    InvalidPrice,
    InvalidQuantity,
    InvalidSeries,
    NoSigner,
    UnknownContract,
    UnknownProposal,
    UnknownSeries,
)
from drex.sdk.values import (
    customer_key,
    format_reais,
    from_units,
    parse_key_hash,
    to_address,
    to_cnpj8,
    to_key_hash,
    to_units,
)

if TYPE_CHECKING:
    from drex.chain.reverts import ContractRevert
    from drex.chain.tx.engine import PendingTx, TxResult
    from drex.sdk.events import FrozenBalanceChanged, KeyRequest, SwapEvent, Transfer
    from drex.sdk.keys import CustomerData, KeyDictionary, KeyProposal, NotRegistered
    from drex.sdk.platform import Platform
    from drex.sdk.reference import (
        RecordedVote,
        ReferenceData,
        ReferenceDataRevert,
        ReporterSet,
        RoundInfo,
        SignedVote,
        StaleReferenceData,
    )
    from drex.sdk.reference_pricing import MissingReferenceRound, PriceOffReference, StaleReferenceRound
    from drex.sdk.swaps import (
        SwapOneStep,
        SwapOneStepFrom,
        SwapProposal,
        SwapStatus,
        SwapTwoSteps,
        SwapTwoStepsReserve,
    )
    from drex.sdk.tokens import RealDigital, RealTokenizado, Token
    from drex.sdk.tpft import TPFtPlatform
    from drex.sdk.tpft_ops import CommandResult, Party
    from drex.sdk.tpft_series import InvalidSelicCode, MaturityInPast, MaturityOffCalendar, UnknownBondTitle
    from drex.sdk.tpft_values import CallerPart, InvalidPrice, InvalidQuantity, InvalidSeries, Series
    from drex.sdk.tx import Transactor

_LAZY: dict[str, str] = {
    "ContractRevert": "drex.chain.reverts",
    "Platform": "drex.sdk.platform",
    "Transactor": "drex.sdk.tx",
    "PendingTx": "drex.sdk.tx",
    "TxResult": "drex.sdk.tx",
    "Token": "drex.sdk.tokens",
    "RealDigital": "drex.sdk.tokens",
    "RealTokenizado": "drex.sdk.tokens",
    "KeyDictionary": "drex.sdk.keys",
    "CustomerData": "drex.sdk.keys",
    "KeyProposal": "drex.sdk.keys",
    "NotRegistered": "drex.sdk.keys",
    "SwapOneStep": "drex.sdk.swaps",
    "SwapOneStepFrom": "drex.sdk.swaps",
    "SwapTwoSteps": "drex.sdk.swaps",
    "SwapTwoStepsReserve": "drex.sdk.swaps",
    "SwapProposal": "drex.sdk.swaps",
    "SwapStatus": "drex.sdk.swaps",
    "Transfer": "drex.sdk.events",
    "FrozenBalanceChanged": "drex.sdk.events",
    "SwapEvent": "drex.sdk.events",
    "KeyRequest": "drex.sdk.events",
    "TPFtPlatform": "drex.sdk.tpft",
    "Series": "drex.sdk.tpft_values",
    "CallerPart": "drex.sdk.tpft_values",
    "InvalidQuantity": "drex.sdk.tpft_values",
    "InvalidPrice": "drex.sdk.tpft_values",
    "InvalidSeries": "drex.sdk.tpft_values",
    "UnknownBondTitle": "drex.sdk.tpft_series",
    "InvalidSelicCode": "drex.sdk.tpft_series",
    "MaturityOffCalendar": "drex.sdk.tpft_series",
    "MaturityInPast": "drex.sdk.tpft_series",
    "Party": "drex.sdk.tpft_ops",
    "CommandResult": "drex.sdk.tpft_ops",
    "MissingReferenceRound": "drex.sdk.reference_pricing",
    "PriceOffReference": "drex.sdk.reference_pricing",
    "StaleReferenceRound": "drex.sdk.reference_pricing",
    "ReferenceData": "drex.sdk.reference",
    "ReferenceDataRevert": "drex.sdk.reference",
    "StaleReferenceData": "drex.sdk.reference",
    "RoundInfo": "drex.sdk.reference",
    "ReporterSet": "drex.sdk.reference",
    "SignedVote": "drex.sdk.reference",
    "RecordedVote": "drex.sdk.reference",
}


__getattr__ = lazy_getattr(globals(), _LAZY)


__all__ = [
    "CallerPart",
    "CommandResult",
    "ContractRevert",
    "CustomerData",
    "FrozenBalanceChanged",
    "InvalidAddress",
    "InvalidAmount",
    "InvalidCnpj8",
    "InvalidInput",
    "InvalidKey",
    "InvalidOperationId",
    "InvalidPrice",
    "InvalidQuantity",
    "InvalidSelicCode",
    "InvalidSeries",
    "KeyDictionary",
    "KeyProposal",
    "KeyRequest",
    "MaturityInPast",
    "MaturityOffCalendar",
    "MissingReferenceRound",
    "NoSigner",
    "NotRegistered",
    "Party",
    "PendingTx",
    "Platform",
    "PriceOffReference",
    "RealDigital",
    "RealTokenizado",
    "RecordedVote",
    "ReferenceData",
    "ReferenceDataRevert",
    "ReporterSet",
    "RoundInfo",
    "Series",
    "SignedVote",
    "StaleReferenceData",
    "StaleReferenceRound",
    "SwapEvent",
    "SwapOneStep",
    "SwapOneStepFrom",
    "SwapProposal",
    "SwapStatus",
    "SwapTwoSteps",
    "SwapTwoStepsReserve",
    "TPFtPlatform",
    "Token",
    "Transactor",
    "Transfer",
    "TxResult",
    "UnknownBondTitle",
    "UnknownContract",
    "UnknownProposal",
    "UnknownSeries",
    "customer_key",
    "format_reais",
    "from_units",
    "parse_key_hash",
    "to_address",
    "to_cnpj8",
    "to_key_hash",
    "to_units",
]
