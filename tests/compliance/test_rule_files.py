"""Rule files are validated strictly: each error names the file, the field and the expected type/unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from drex.compliance.errors import RuleFileError
from drex.compliance.rules import catalogue, load_rule, load_rules, parse_rule

GOOD = """\
id: big
version: 2
mode: TEST
kind: single_movement
indicator: "IV"
parameters:
  threshold_reais: 1234.56
"""


def test_the_catalogue_covers_every_kind_and_reads_amounts_exactly() -> None:
    rules = catalogue()
    assert {r.kind for r in rules} == {
        "single_movement", "structuring", "velocity", "pass_through", "fan_in", "fan_out",
        "round_trip", "dormant", "screening", "dvp_price",
    }  # fmt: skip
    rule = parse_rule(GOOD)
    assert rule["threshold_reais"] == 123456 and rule.version == 2 and len(rule.sha256) == 64


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("threshold_reais: 1234.56", "threshold_reais: 12.345"), "parameters.threshold_reais: 12.345 reais"),
        (
            ("threshold_reais: 1234.56", "threshold_reais: lots"),
            "parameters.threshold_reais: expected a number",
        ),
        (
            ("threshold_reais: 1234.56", "threshold_reais: -5"),
            "expected reais (at most 2 decimals) not below zero",
        ),
        (
            ("threshold_reais: 1234.56", "limit_reais: 5"),
            "parameters: unknown limit_reais for kind single_movement",
        ),
        (("mode: TEST", "mode: LIVE"), "mode: expected one of TEST, ACTIVE, DISABLED, got 'LIVE'"),
        (("version: 2", "version: two"), "version: expected a whole number of 1 or more"),
        (("kind: single_movement", "kind: magic"), "kind: expected one of single_movement"),
        (("id: big", "id: Big Rule"), "id: expected lowercase letters"),
        (('indicator: "IV"\n', ""), "missing field(s) indicator"),
        (("version: 2", "version: 2\nowner: me"), "unknown field(s) owner"),
        (
            ("kind: single_movement", "kind: velocity"),
            "parameters: unknown threshold_reais for kind velocity",
        ),
    ],
)
def test_invalid_rules_are_refused_with_file_field_and_unit(change: tuple[str, str], message: str) -> None:
    with pytest.raises(RuleFileError) as info:
        parse_rule(GOOD.replace(*change), "rules/big.yaml")
    assert str(info.value).startswith("rules/big.yaml: ") and message in str(info.value), str(info.value)


def test_units_hours_counts_percents(tmp_path: Path) -> None:
    text = """id: st\nversion: 1\nmode: TEST\nkind: structuring\nindicator: I-d\nparameters:
  threshold_reais: 10000\n  margin_percent: 10\n  min_count: {count}\n  window_hours: {hours}\n"""
    rule = parse_rule(text.format(count=3, hours=1.5))
    assert rule["window_hours"] == 5400 and rule["margin_percent"] == 1000 and rule["min_count"] == 3
    with pytest.raises(RuleFileError, match=r"min_count: expected a whole count of 1 or more, got 2.5"):
        parse_rule(text.format(count=2.5, hours=1))
    with pytest.raises(RuleFileError, match=r"window_hours: expected a duration in hours above zero"):
        parse_rule(text.format(count=2, hours=0))
    (tmp_path / "a.yaml").write_text(text.format(count=3, hours=1))
    (tmp_path / "b.yaml").write_text("id: [")
    with pytest.raises(RuleFileError, match=r"b\.yaml: not valid YAML"):
        load_rules(tmp_path)
    with pytest.raises(RuleFileError, match=r"missing\.yaml: cannot read the rule file"):
        load_rule(tmp_path / "missing.yaml")
