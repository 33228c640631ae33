"""The reference-data series catalogue: names, units, scaling and the on-chain date encoding.

Pure data and arithmetic, no chain access: the contract ``ReferenceData`` keys each series by
:func:`series_id` (keccak-256 of its name), holds values as integers scaled by the series' ``decimals``
(:func:`to_units` / :func:`from_units`, exact both ways) and reference dates as days since 1970-01-01
(:func:`day_number` / :func:`from_day_number`). :data:`SERIES` is the catalogue of fixed series;
reference unit prices of TPFt ids are made on demand by :func:`tpft_price_spec`. :mod:`drex.reference.signing`
builds, signs and recovers the EIP-712 observation a reporter signs.

>>> from decimal import Decimal
>>> spec = series_spec("PTAX_SELL")
>>> spec.unit, spec.decimals, to_units(spec, Decimal("5.4321"))
('BRL/USD', 4, 54321)
>>> series_spec(tpft_price_series(3)).decimals
8
"""

from __future__ import annotations

from drex.reference.errors import ReferenceDataError
from drex.reference.series import (
    SERIES,
    TPFT_PRICE_PREFIX,
    Cadence,
    SeriesSpec,
    check_bounds,
    check_reference_date,
    contract_config,
    day_number,
    from_day_number,
    from_units,
    series_id,
    series_spec,
    to_units,
    tpft_price_series,
    tpft_price_spec,
)
from drex.reference.signing import (
    MessageSigner,
    observation_digest,
    observation_typed_data,
    recover_observation,
    sign_observation,
)

__all__ = [
    "SERIES",
    "TPFT_PRICE_PREFIX",
    "Cadence",
    "MessageSigner",
    "ReferenceDataError",
    "SeriesSpec",
    "check_bounds",
    "check_reference_date",
    "contract_config",
    "day_number",
    "from_day_number",
    "from_units",
    "observation_digest",
    "observation_typed_data",
    "recover_observation",
    "series_id",
    "series_spec",
    "sign_observation",
    "to_units",
    "tpft_price_series",
    "tpft_price_spec",
]
