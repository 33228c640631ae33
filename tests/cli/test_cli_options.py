"""Where ``--network`` and ``--manifest`` come from: flag > DREX_NETWORK/DREX_MANIFEST > drex.toml > default.

Run through the real entry point (:func:`drex.cli.main.run`); the error line of a command that cannot go
further says which network or manifest it used, so no chain is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drex.cli.main import run
from drex.cli.options import current, find_config, read_config
from drex.errors import DrexError


def error_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run(list(argv))
    assert info.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drex: error: "), lines
    return lines[0]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a nested working directory, no DREX_* variables set."""
    for name in ("DREX_NETWORK", "DREX_MANIFEST"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "project" / "sub" / "dir"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "project"


def manifest_at(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"chainId": 381660001, "contracts": {}, "steps": {}}))
    return path


def test_built_in_defaults(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    assert find_config() is None
    assert "manifest not found: deployment.json" in error_of(capsys, "status")
    opts = current()
    assert (opts.network, opts.manifest, opts.sources) == (
        "local",
        Path("deployment.json"),
        {"network": "default", "manifest": "default"},
    )


def test_drex_toml_in_a_parent_folder(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "drex.toml").write_text('[defaults]\nnetwork = "toml-net"\nmanifest = "m/dep.json"\n')
    assert f"manifest not found: {project / 'm' / 'dep.json'}" in error_of(capsys, "status")
    manifest_at(project / "m" / "dep.json")
    assert "unknown network 'toml-net'" in error_of(capsys, "status")
    assert current().sources["network"] == str(project / "drex.toml")


def test_environment_beats_drex_toml_and_flags_beat_both(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "drex.toml").write_text('[defaults]\nnetwork = "toml-net"\nmanifest = "toml.json"\n')
    manifest_at(project / "toml.json")
    env_manifest = manifest_at(project / "env.json")
    monkeypatch.setenv("DREX_NETWORK", "env-net")
    monkeypatch.setenv("DREX_MANIFEST", str(env_manifest))
    assert "unknown network 'env-net'" in error_of(capsys, "status")
    assert current().manifest == env_manifest
    flag_manifest = manifest_at(project / "flag.json")
    assert "unknown network 'flag-net'" in error_of(
        capsys, "status", "--network", "flag-net", "--manifest", str(flag_manifest)
    )
    assert current().manifest == flag_manifest and current().sources == {
        "network": "flag",
        "manifest": "flag",
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["--network", "group-net", "rd", "balance", "BANK_A"],  # on the root group
        ["rd", "--network", "group-net", "balance", "BANK_A"],  # on the command group
        ["rd", "balance", "BANK_A", "--network", "group-net"],  # on the command
        ["rt", "--bank", "11111111", "--network", "group-net", "mint", "CUSTOMER_A1", "1", "--as", "BANK_A"],
        ["rt", "mint", "CUSTOMER_A1", "1", "--as", "BANK_A", "--bank", "11111111", "-n", "group-net"],
    ],
)
def test_shared_options_at_every_level(
    capsys: pytest.CaptureFixture[str], project: Path, argv: list[str]
) -> None:
    manifest_at(project / "sub" / "dir" / "deployment.json")
    assert "unknown network 'group-net'" in error_of(capsys, *argv)
    if "--bank" in argv:
        assert current().bank == "11111111" and current().as_role == "BANK_A"


def test_the_option_closest_to_the_command_wins(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    manifest_at(project / "sub" / "dir" / "deployment.json")
    argv = ["--network", "outer", "tpft", "--network", "middle", "series", "--network", "inner"]
    assert "unknown network 'inner'" in error_of(capsys, *argv)


def test_a_bad_drex_toml_is_one_clear_line(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "drex.toml").write_text('[defaults]\nnetwrok = "local"\n')
    assert "unknown setting netwrok" in error_of(capsys, "status")
    (project / "drex.toml").write_text("[defaults\n")
    with pytest.raises(DrexError, match="cannot read"):
        read_config(project / "drex.toml")
