"""Rule files: a versioned YAML document per rule, validated strictly before the service uses it.

A rule file looks like this (the starter catalogue is in ``drex/compliance/catalogue/``)::

    id: single-movement-above-threshold
    version: 1
    mode: TEST                      # TEST, ACTIVE or DISABLED
    kind: single_movement           # which detector evaluates it (KINDS)
    indicator: "IV"                 # Carta Circular 4.001/2020 item it maps to
    description: One movement of R$ 50.000,00 or more.
    parameters:
      threshold_reais: 50000.00

Numbers are read exactly (YAML's floats become Decimals, never floats); every parameter has a unit named
by its suffix (``_reais``, ``_hours``, ``_days``, ``_percent``, ``_count`` or a multiplier) and is converted
to integers (centavos, seconds, hundredths). Unknown fields, missing fields and wrong types are refused
with a :class:`~drex.compliance.errors.RuleFileError` naming the file, the field and what was expected.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from drex.compliance.errors import RuleFileError
from drex.compliance.units import days_to_seconds, hours_to_seconds, hundredths, reais_to_cents, show

MODES = ("TEST", "ACTIVE", "DISABLED")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RuleFileError(f"{what}: expected a whole count of 1 or more, got {show(value)}")
    return value


def _percent(value: object, what: str) -> int:
    p = hundredths(value, what, "percent")
    if not 0 < p <= 10000:
        raise RuleFileError(f"{what}: expected a percent above 0 and at most 100, got {show(value)}")
    return p


def _multiplier(value: object, what: str) -> int:
    m = hundredths(value, what, "times (multiplier)")
    if m <= 100:
        raise RuleFileError(f"{what}: expected a multiplier above 1 (times the baseline), got {show(value)}")
    return m


def _positive_seconds(convert: Callable[[object, str], int], unit: str) -> Callable[[object, str], int]:
    def check(value: object, what: str) -> int:
        seconds = convert(value, what)
        if seconds <= 0:
            raise RuleFileError(f"{what}: expected a duration in {unit} above zero, got {show(value)}")
        return seconds

    return check


def _names(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleFileError(f"{what}: expected a list of list names (strings), got {show(value)}")
    return tuple(v.strip() for v in value)


#: Parameter converters by unit: the suffix of a parameter's name says its unit.
_UNITS: dict[str, tuple[Callable[[object, str], Any], str]] = {
    "reais": (reais_to_cents, "an amount in reais, e.g. 50000.00"),
    "hours": (_positive_seconds(hours_to_seconds, "hours"), "a duration in hours, e.g. 24"),
    "days": (_positive_seconds(days_to_seconds, "days"), "a duration in days, e.g. 180"),
    "percent": (_percent, "a percent, e.g. 80"),
    "count": (_count, "a whole count, e.g. 5"),
    "multiplier": (_multiplier, "a multiplier above 1, e.g. 5"),
    "lists": (_names, "a list of screening list names"),
}

#: The parameters of each kind of rule, by name; the unit is the part after the last underscore
#: (``multiplier`` and ``lists`` are whole names).
KINDS: dict[str, tuple[str, ...]] = {
    "single_movement": ("threshold_reais",),
    "structuring": ("threshold_reais", "margin_percent", "min_count", "window_hours"),
    "velocity": ("window_hours", "baseline_days", "multiplier", "min_reais"),
    "pass_through": ("window_hours", "forward_percent", "min_inflow_reais"),
    "fan_in": ("window_hours", "counterparties_count", "min_total_reais"),
    "fan_out": ("window_hours", "counterparties_count", "min_total_reais"),
    "round_trip": ("window_hours", "hops_count", "min_reais"),
    "dormant": ("dormant_days", "min_reais"),
    "screening": ("lists",),
    "dvp_price": ("deviation_percent",),
}
#: Parameters a kind may omit, with their default (already in integer units).
OPTIONAL: dict[str, dict[str, Any]] = {"screening": {"lists": ()}}


def _unit_of(name: str) -> str:
    if name in ("multiplier", "lists"):
        return name
    unit = name.rsplit("_", 1)[-1]
    return "count" if name == "min_count" else unit


_FIELDS = {"id", "version", "mode", "kind", "indicator", "description", "parameters"}


@dataclass(frozen=True)
class Rule:
    """A validated rule: ``params`` in integer units (centavos, seconds, hundredths, counts)."""

    id: str
    version: int
    mode: str
    kind: str
    indicator: str
    description: str
    params: Mapping[str, Any]
    text: str = field(repr=False)
    source: str = ""

    @property
    def sha256(self) -> str:
        """SHA-256 of the file's text: a version's content can never change silently."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


class _ExactLoader(yaml.SafeLoader):
    """YAML's safe loader with floats read as exact Decimals."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    try:
        return Decimal(text.replace("_", ""))
    except ArithmeticError:
        raise RuleFileError(f"{text!r} is not an exact number") from None


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def parse_rule(text: str, source: str = "<text>") -> Rule:
    """Validate one rule document; errors name ``source``, the field and what was expected."""

    def fail(message: str) -> RuleFileError:
        return RuleFileError(f"{source}: {message}")

    try:
        doc = yaml.load(text, Loader=_ExactLoader)  # noqa: S506 (a SafeLoader subclass)
    except RuleFileError as exc:
        raise fail(str(exc)) from None
    except yaml.YAMLError as exc:
        raise fail(f"not valid YAML ({exc.__class__.__name__}: {exc})".replace("\n", " ")) from None
    if not isinstance(doc, dict):
        raise fail("expected a mapping with id, version, mode, kind, indicator, description, parameters")
    unknown = sorted(set(map(str, doc)) - _FIELDS)
    if unknown:
        raise fail(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_FIELDS))}")
    missing = sorted(_FIELDS - set(doc) - {"description"})
    if missing:
        raise fail(f"missing field(s) {', '.join(missing)}")
    rule_id = doc["id"]
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise fail(f"id: expected lowercase letters, digits and dashes (2-63 characters), got {rule_id!r}")
    version = doc["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise fail(f"version: expected a whole number of 1 or more, got {version!r}")
    mode = doc["mode"]
    if mode not in MODES:
        raise fail(f"mode: expected one of {', '.join(MODES)}, got {mode!r}")
    kind = doc["kind"]
    if kind not in KINDS:
        raise fail(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
    indicator = doc["indicator"]
    if not isinstance(indicator, str) or not indicator.strip():
        raise fail(f"indicator: expected the Carta Circular 4.001/2020 item as text, got {indicator!r}")
    description = doc.get("description", "")
    if not isinstance(description, str):
        raise fail(f"description: expected text, got {description!r}")
    raw = doc["parameters"]
    if not isinstance(raw, dict):
        raise fail(f"parameters: expected a mapping of {', '.join(KINDS[kind])}")
    expected = KINDS[kind]
    extra = sorted(set(map(str, raw)) - set(expected))
    if extra:
        raise fail(f"parameters: unknown {', '.join(extra)} for kind {kind}; expected {', '.join(expected)}")
    params: dict[str, Any] = {}
    for name in expected:
        convert, unit_help = _UNITS[_unit_of(name)]
        if name not in raw:
            if name in OPTIONAL.get(kind, {}):
                params[name] = OPTIONAL[kind][name]
                continue
            raise fail(f"parameters.{name}: missing; expected {unit_help}")
        try:
            params[name] = convert(raw[name], f"parameters.{name}")
        except RuleFileError as exc:
            raise fail(f"{exc} (expected {unit_help})") from None
    if kind == "structuring" and params["margin_percent"] >= 10000:
        raise fail("parameters.margin_percent: expected below 100 (a band just under the threshold)")
    return Rule(rule_id, version, mode, kind, indicator.strip(), description.strip(), params, text, source)


def load_rule(path: Path) -> Rule:
    """Read and validate the rule file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(f"{path}: cannot read the rule file ({exc.strerror})") from None
    return parse_rule(text, str(path))


def load_rules(path: Path) -> list[Rule]:
    """The rule at ``path``, or every ``*.yaml``/``*.yml`` rule of the folder ``path``, by file name."""
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise RuleFileError(f"{path}: no *.yaml rule files in this folder")
        return [load_rule(f) for f in files]
    return [load_rule(path)]


def catalogue() -> list[Rule]:
    """The starter catalogue shipped with drex (package data ``drex/compliance/catalogue/*.yaml``)."""
    folder = resources.files("drex.compliance") / "catalogue"
    return sorted(
        (
            parse_rule(f.read_text(encoding="utf-8"), f"catalogue/{f.name}")
            for f in folder.iterdir()
            if f.name.endswith(".yaml")
        ),
        key=lambda r: r.id,
    )


__all__ = ["KINDS", "MODES", "Rule", "catalogue", "load_rule", "load_rules", "parse_rule"]
