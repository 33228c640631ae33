"""How values are shown to people: one format per kind of value, used by the CLI, the demo and reports.

Machines get raw integers (centavos, bond quantity units, Unix seconds) in JSON; people get:

======================  =================================  ==========================================
value                   shown as                           function
======================  =================================  ==========================================
money (reais)           ``R$ 1.234,56``                    :func:`reais`
bond quantity           ``1.000,00``                       :func:`quantity`
bond unit price (PU)    ``R$ 850,12345678`` (always 8 dp)  :func:`unit_price`
date                    ``2027-04-01``                     :func:`day`
time                    ``2026-12-02T10:15:00-03:00``      :func:`moment`
role                    ``MINTER_ROLE``                    :func:`role_name`
operation status        ``settled``                        :func:`status_words`
yes/no                  ``yes`` / ``no``                   :func:`yes_no`
======================  =================================  ==========================================

Money uses the Brazilian separators the banks read every day (thousands ``.``, decimals ``,``); input is
always digits with an optional decimal point (``1234.56``), see :func:`drex.sdk.values.to_units`.
Times are ISO 8601 in Brasília time (UTC-3: Brazil has had no daylight saving time since 2019, and every
time on chain is later than that).

>>> from decimal import Decimal
>>> reais(Decimal("1234.5")), reais(123456, units=True)
('R$ 1.234,50', 'R$ 1.234,56')
>>> quantity(Decimal("1000")), unit_price(Decimal("850.123"))
('1.000,00', 'R$ 850,12300000')
>>> moment(1806548400)
'2027-04-01T00:00:00-03:00'
>>> role_name("0x9f2df0fed2c77648de5860a4cc508cd0818c85b8b8a1ab4ceeef8d981c8956a6")
'MINTER_ROLE'
>>> status_words("LAN")
'registered, awaiting the counterpart'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from eth_utils.crypto import keccak

from drex.sdk.values import format_reais

#: Brasília time, UTC-3 (no daylight saving time since 2019).
BRASILIA = dt.timezone(dt.timedelta(hours=-3), "BRT")

#: Every role the platform's contracts define (``keccak256("<NAME>")``, OpenZeppelin's convention), plus
#: ``DEFAULT_ADMIN_ROLE`` (zero).
ROLE_NAMES: tuple[str, ...] = (
    "DEFAULT_ADMIN_ROLE",
    "ACCESS_ROLE",
    "AUCTION_PLACEMENT_ROLE",
    "BURNER_ROLE",
    "DEPOSITOR_ROLE",
    "DIRECT_PLACEMENT_ROLE",
    "FREEZER_ROLE",
    "MINTER_ROLE",
    "MOVER_ROLE",
    "OPERATION_ROLE",
    "PAUSER_ROLE",
    "REGISTRAR_ROLE",
    "REPAYMENT_ROLE",
    "RETURN_ROLE",
)

_STATUS = {
    "LAN": "registered, awaiting the counterpart",
    "LIQ": "settled",
    "CAN": "cancelled",
}


def reais(amount: Decimal | int, *, units: bool = False) -> str:
    """Money: ``R$ 1.234,56``; ``units=True`` takes centavos (an ``int``)."""
    return format_reais(amount, units=units)


def _brazilian(value: Decimal, places: int) -> str:
    text = f"{abs(value):,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if value < 0 else "") + text


def decimal_number(value: Decimal | int, places: int) -> str:
    """A number written the Brazilian way with exactly ``places`` decimal places: ``1.234,5678``."""
    return _brazilian(Decimal(value), places)


def quantity(value: Decimal | int, *, units: bool = False) -> str:
    """A bond quantity (2 decimal places): ``1.000,00``; ``units=True`` takes hundredths (an ``int``)."""
    q = Decimal(value) / 100 if units else Decimal(value)
    return _brazilian(q, 2)


def unit_price(value: Decimal | int, *, units: bool = False) -> str:
    """A bond unit price, always with its 8 decimal places: ``R$ 850,12345678``; ``units=True`` takes
    units of 1e-8 reais (an ``int``)."""
    p = Decimal(value) / 10**8 if units else Decimal(value)
    text = _brazilian(p, 8)
    return f"-R$ {text[1:]}" if text.startswith("-") else f"R$ {text}"


def day(value: dt.date | int) -> str:
    """A date in ISO form; an ``int`` is a Unix time, read as a Brasília calendar day."""
    if isinstance(value, int):
        value = dt.datetime.fromtimestamp(value, BRASILIA).date()
    return value.isoformat()


def moment(timestamp: int | dt.datetime) -> str:
    """A point in time, ISO 8601 in Brasília time, to the second: ``2026-12-02T10:15:00-03:00``."""
    when = (
        dt.datetime.fromtimestamp(timestamp, BRASILIA)
        if isinstance(timestamp, int)
        else timestamp.astimezone(BRASILIA)
    )
    return when.replace(microsecond=0).isoformat()


@cache
def _roles() -> dict[bytes, str]:
    table = {keccak(text=name): name for name in ROLE_NAMES}
    table[bytes(32)] = "DEFAULT_ADMIN_ROLE"
    return table


def role_name(role: bytes | str) -> str:
    """The name of a role hash (``MINTER_ROLE``); an unknown hash is shown as its hex."""
    raw = bytes.fromhex(role.removeprefix("0x")) if isinstance(role, str) else bytes(role)
    return _roles().get(raw, "0x" + raw.hex())


def status_words(code: str) -> str:
    """The pilot's operation status codes in words: ``LAN``, ``LIQ``, ``CAN``."""
    return _STATUS.get(code, code)


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def account_label(address: str, names: dict[str, str] | None = None) -> str:
    """``BANK_A (0xAbc…1234)`` when ``names`` (role -> address, e.g. a manifest's accounts) knows the
    address, else the checksummed address itself."""
    if names:
        for role, addr in names.items():
            if addr.lower() == address.lower():
                return f"{role} ({address[:6]}…{address[-4:]})"
    return address
