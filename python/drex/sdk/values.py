"""Validation and conversion of what an institution types: amounts, addresses, CNPJ8s and customer keys.

Real Digital and Real Tokenizado have 2 decimals, so an amount of reais is carried as a :class:`Decimal`
and converted *exactly* to integer units (centavos): ``to_units(Decimal("12.34")) == 1234`` and
``from_units(1234) == Decimal("12.34")``. Floats are refused (``0.1`` is not exactly a tenth), and so are
negative numbers, NaN, infinities and anything with more than 2 decimal places: nothing is ever rounded.
Typed text is accepted only as digits with an optional decimal point (``1234.56``): no sign, exponent,
underscore, space, thousands separator or decimal comma (:func:`parse_number_text`).
Addresses are returned EIP-55 checksummed and a mixed-case address with a wrong checksum is refused.
A CNPJ8 is the 8-digit root of an institution's CNPJ, kept as an 8-character string because it may
start with zeros (the central bank's is ``00038166``). Customer keys are hashed client-side with
keccak256, as KeyDictionary expects, so the identifier itself never goes on chain. This module imports
only the standard library at load time.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from drex.sdk.errors import InvalidAddress, InvalidAmount, InvalidCnpj8, InvalidInput, InvalidKey

if TYPE_CHECKING:
    from eth_typing import ChecksumAddress

#: Decimal places of Real Digital and Real Tokenizado.
DECIMALS = 2
#: Integer units (centavos) in one real.
UNITS_PER_REAL = 10**DECIMALS
#: Largest amount a uint256 can carry, in units.
MAX_UNITS = 2**256 - 1

AmountLike = Decimal | int | str

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"

_HEX_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_HEX_KEY = re.compile(r"0x[0-9a-fA-F]{64}")
_CNPJ8 = re.compile(r"[0-9]{8}")
_DIGITS = re.compile(r"[0-9]+")


# ----------------------------------------------------------------------------- amounts
#: The only text accepted for a number people type: ASCII digits, optionally a point and more digits.
#: No sign, exponent, underscore, space, thousands separator or decimal comma.
NUMBER_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?")
#: What the error message of a badly written number asks for.
NUMBER_FORMAT = "write digits with an optional decimal point"


def parse_number_text(text: str, what: str = "amount in reais", example: str = "1234.56") -> Decimal:
    """``text`` as a Decimal, if it is written as people write numbers here: digits with an optional
    decimal point (``1234.56``, ``7``, ``0.5``). Anything else (``1e3``, ``1_000``, `` 7 ``, ``+7``,
    ``-7``, ``1.000,00``, ``1,5``, ``.5``, ``5.``, ``NaN``) raises :class:`~drex.sdk.errors.InvalidAmount`
    naming ``what`` the value is and the accepted format, e.g.
    ``amount in reais '1e3' is not valid: write digits with an optional decimal point, e.g. 1234.56``.
    """
    if not NUMBER_TEXT.fullmatch(text):
        raise InvalidAmount(f"{what} {text!r} is not valid: {NUMBER_FORMAT}, e.g. {example}")
    return Decimal(text)


def to_decimal(amount: AmountLike, what: str = "amount in reais", example: str = "1234.56") -> Decimal:
    """Parse ``amount`` (a :class:`Decimal`, an ``int`` of reais or a string) into a Decimal.

    A string must be digits with an optional decimal point (:func:`parse_number_text`). Raises
    :class:`~drex.sdk.errors.InvalidAmount` for floats, booleans, badly written strings, NaN,
    infinities and negative numbers; ``what`` names the value in the message. The precision is checked
    by :func:`to_units`.
    """
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | str):
        kind = "a float (inexact)" if isinstance(amount, float) else type(amount).__name__
        raise InvalidAmount(f"{what} must be a Decimal, an int or a string of digits, not {kind}: {amount!r}")
    value = parse_number_text(amount, what, example) if isinstance(amount, str) else Decimal(amount)
    if not value.is_finite():
        raise InvalidAmount(f"{what} {amount!r} is not a finite number")
    if value < 0:
        raise InvalidAmount(f"{what} {amount!r} is negative")
    return value


def to_units(amount: AmountLike) -> int:
    """Reais -> integer units (centavos), exactly: ``Decimal("1.5")`` -> ``150``.

    A string must be digits with an optional decimal point (``"1234.56"``). Raises
    :class:`~drex.sdk.errors.InvalidAmount` when the amount is not a valid non-negative number (see
    :func:`to_decimal`), has more than 2 significant decimal places (``"1.005"``; trailing zeros such as
    ``"1.500"`` are fine) or does not fit in a uint256.
    """
    value = to_decimal(amount)
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    if exponent + len(digits) > 80:  # > 10**78 reais can never fit in a uint256; avoid huge powers
        raise InvalidAmount(f"amount {amount!r} is too large for a uint256")
    coefficient = int("".join(map(str, digits)) or "0")
    shift = exponent + DECIMALS
    units: int
    if shift >= 0:
        units = coefficient * 10**shift
    else:
        divisor = 10**-shift
        if coefficient % divisor:
            raise InvalidAmount(f"amount {amount!r} has more than {DECIMALS} decimal places")
        units = coefficient // divisor
    if units > MAX_UNITS:
        raise InvalidAmount(f"amount {amount!r} is too large for a uint256")
    return units


def from_units(units: int) -> Decimal:
    """Integer units -> reais, exactly, always with 2 decimal places: ``150`` -> ``Decimal("1.50")``."""
    if isinstance(units, bool) or not isinstance(units, int):
        raise InvalidAmount(f"units must be an int, not {type(units).__name__}")
    if units < 0:
        raise InvalidAmount(f"units {units} are negative")
    return Decimal(f"{units}e-{DECIMALS}")  # the string constructor is exact, whatever the context


def format_reais(amount: Decimal | int, *, units: bool = False) -> str:
    """``Decimal("1234.5")`` -> ``"R$ 1.234,50"`` (Brazilian separators); ``units=True`` takes centavos."""
    if units:
        if not isinstance(amount, int):
            raise InvalidAmount(f"units must be an int, not {type(amount).__name__}")
        value = from_units(amount)
    else:
        value = Decimal(amount)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{sign}R$ {text}"


# --------------------------------------------------------------------------- addresses
def to_address(value: object, what: str = "address") -> ChecksumAddress:
    """Validate an address and return it EIP-55 checksummed.

    Accepts ``0x`` + 40 hex digits (all lower case, all upper case, or mixed case with a correct
    checksum) or 20 raw bytes. Raises :class:`~drex.sdk.errors.InvalidAddress` otherwise; ``what``
    names the argument in the message.
    """
    from eth_utils.address import to_checksum_address

    if isinstance(value, bytes | bytearray):
        if len(value) != 20:
            raise InvalidAddress(f"{what} must be 20 bytes, got {len(value)}")
        return to_checksum_address(bytes(value))
    if not isinstance(value, str):
        raise InvalidAddress(f"{what} must be a hex string, not {type(value).__name__}")
    text = value.strip()
    if not _HEX_ADDRESS.fullmatch(text):
        raise InvalidAddress(f"{what} {value!r} is not an address (0x followed by 40 hex digits)")
    checksummed = to_checksum_address(text)
    body = text[2:]
    if body != body.lower() and body != body.upper() and text != checksummed:
        raise InvalidAddress(f"{what} {value!r} has a wrong EIP-55 checksum (expected {checksummed})")
    return checksummed


# ------------------------------------------------------------------------------- CNPJ8
def to_cnpj8(value: str | int) -> str:
    """Validate a CNPJ8 and return it as 8 digits (``38166`` -> ``"00038166"``).

    A string must be exactly 8 ASCII digits (no space, sign or separator); an int must be in
    1..99999999. Raises :class:`~drex.sdk.errors.InvalidCnpj8` otherwise (including ``"00000000"``).
    """
    if isinstance(value, bool):
        raise InvalidCnpj8(f"CNPJ8 must be 8 digits, not {value!r}")
    if isinstance(value, int):
        if not 0 < value < 10**8:
            raise InvalidCnpj8(f"CNPJ8 {value} is out of range (1..99999999)")
        return f"{value:08d}"
    if not isinstance(value, str):
        raise InvalidCnpj8(f"CNPJ8 must be a string of 8 digits, not {type(value).__name__}")
    text = value
    if not _CNPJ8.fullmatch(text):
        raise InvalidCnpj8(f"CNPJ8 {value!r} must be exactly 8 digits")
    if text == "00000000":
        raise InvalidCnpj8("CNPJ8 00000000 is not a valid institution")
    return text


def cnpj8_int(value: str | int) -> int:
    """The CNPJ8 as the ``uint256`` the contracts take, after :func:`to_cnpj8` validation."""
    return int(to_cnpj8(value))


# ------------------------------------------------------------------------ customer keys
def customer_key(identifier: str) -> bytes:
    """keccak256 of a customer's key identifier (an e-mail, a phone, a random key...): KeyDictionary stores
    only this hash, so the identifier itself never leaves the institution. Raises
    :class:`~drex.sdk.errors.InvalidKey` for an empty identifier."""
    if not isinstance(identifier, str):
        raise InvalidKey(f"a customer key identifier must be a string, not {type(identifier).__name__}")
    if not identifier.strip():
        raise InvalidKey("a customer key identifier must not be empty")
    from eth_utils.crypto import keccak

    return bytes(keccak(text=identifier))


def to_key_hash(key: str | bytes) -> bytes:
    """A KeyDictionary key: a ``str`` is a plain identifier and is hashed (:func:`customer_key`);
    ``bytes`` are an already computed 32-byte hash and are used as they are."""
    if isinstance(key, bytes | bytearray):
        if len(key) != 32:
            raise InvalidKey(f"a key hash must be 32 bytes, got {len(key)}")
        if not any(key):
            raise InvalidKey("the zero hash is not a valid key")
        return bytes(key)
    return customer_key(key)


def parse_key_hash(text: str) -> bytes:
    """Parse a key hash written as ``0x`` + 64 hex digits (as printed by the CLI)."""
    if not isinstance(text, str) or not _HEX_KEY.fullmatch(text.strip()):
        raise InvalidKey(f"key hash {text!r} must be 0x followed by 64 hex digits")
    return to_key_hash(bytes.fromhex(text.strip()[2:]))


# ------------------------------------------------------------------- other identifiers
def to_uint(value: int | str, what: str, *, max_digits: int | None = None) -> int:
    """A non-negative integer field (tax id, bank number, branch, account, id), from an int or a string
    of ASCII digits only (no sign, space, underscore or separator).

    ``max_digits`` bounds the number of decimal digits (11 for a CPF, 14 for a CNPJ...). Raises
    :class:`~drex.sdk.errors.InvalidInput` otherwise.
    """
    if isinstance(value, bool):
        raise InvalidInput(f"{what} must be a non-negative integer, not {value!r}")
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            raise InvalidInput(f"{what} {value!r} is not valid: write digits only, e.g. 42")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        raise InvalidInput(f"{what} must be an integer, not {type(value).__name__}")
    if number < 0:
        raise InvalidInput(f"{what} {value!r} is negative")
    if max_digits is not None and number >= 10**max_digits:
        raise InvalidInput(f"{what} {value!r} has more than {max_digits} digits")
    if number > MAX_UNITS:
        raise InvalidInput(f"{what} {value!r} does not fit in a uint256")
    return number
