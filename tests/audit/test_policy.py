"""The shipped expected-roles policy is the deployment plan's, and a malformed policy is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from drex.audit import PolicyError
from drex.audit.policy import generate, load, packaged_text, parse


def test_packaged_policy_is_the_plans() -> None:
    assert packaged_text() == generate().to_yaml(), "run `python -m drex.audit.policy` and commit roles.yaml"


def test_policy_names_the_plans_grants_and_the_constructors() -> None:
    policy = load()
    assert policy.expected("RealDigital", "MINTER_ROLE") == ("BCB", "STR")  # constructor, then the plan
    assert policy.expected("TPFt", "MINTER_ROLE") == ("STN",)  # TPFt's constructor: the treasury
    assert policy.expected("TPFt", "AUCTION_PLACEMENT_ROLE") == ("BCB",)  # allowAuctionPlacement(BCB)
    assert "SwapTwoSteps" in policy.expected("RealTokenizado@11111111", "FREEZER_ROLE")
    assert policy.expected("RealTokenizado@11111111", "DEFAULT_ADMIN_ROLE") == ("BCB",)
    assert parse(policy.to_yaml()).roles == policy.roles


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("roles: [", "not valid YAML"),
        ("version: 2\nroles: {}\n", "version: 1"),
        (
            "version: 1\nroles:\n  RealDigital:\n    MINTER_ROLE: BCB\n",
            "RealDigital MINTER_ROLE must be a list",
        ),
    ],
)
def test_malformed_policy(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    with pytest.raises(PolicyError, match=needle):
        load(path)
