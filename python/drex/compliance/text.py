"""Free text entering the compliance service (officer names, reasons, notes, list references): checked
at input so a control character or an over-long value is refused with the field's name, instead of
failing later in the database (length limits exist only on PostgreSQL) or making the SISCOAF XML invalid.
"""

from __future__ import annotations

import re

from drex.compliance.errors import ComplianceError

#: Characters XML 1.0 cannot carry, and the other C0/C1 controls (tab, newline and carriage return are
#: allowed in multi-line text only).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first control character of ``value`` (as ``U+XXXX``), or None."""
    found = _CONTROL.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    return None if found is None else f"U+{ord(found.group()):04X}"


def clean_text(
    value: str,
    field: str,
    max_length: int | None = None,
    *,
    multiline: bool = False,
    error: type[ComplianceError] = ComplianceError,
) -> str:
    """``value`` stripped, or ``error`` naming ``field`` when it holds a control character or is longer
    than ``max_length`` characters."""
    value = (value or "").strip()
    bad = control_character(value, multiline=multiline)
    if bad is not None:
        raise error(f"{field} contains a control character ({bad}); remove it")
    if max_length is not None and len(value) > max_length:
        raise error(f"{field} is {len(value)} characters long; at most {max_length}")
    return value


__all__ = ["clean_text", "control_character"]
