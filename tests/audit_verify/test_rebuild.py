"""``drex audit verify --source``: a rebuild from a source checkout, once (solc-js takes about a minute).

The checkout is a copy of this one's ``contracts/`` (``node_modules`` linked) in which one comment of
``STR.sol`` (a file no other contract imports) is changed: the rebuilt code is the same, only STR's metadata
hash differs, so STR is a partial match and every other contract an exact one. The Sourcify output then
holds the sources, STR's being the changed file, under ``partial_match``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from eth_utils.crypto import keccak
from typer.testing import CliRunner

from drex.cli.audit_verify import verify_app
from drex.paths import checkout_root

from .conftest import Deployed

COMMENT = "/// @dev Changed by the audit test: a comment leaves the code as it is, not the metadata hash.\n"


def _checkout_with_a_changed_comment(dest: Path) -> Path:
    root = checkout_root()
    assert root is not None
    shutil.copytree(root / "contracts", dest / "contracts")
    (dest / "node_modules").symlink_to(root / "node_modules")
    source = dest / "contracts" / "realdigital" / "STR.sol"
    text = source.read_text()
    assert "\ncontract STR is ISTR {" in text
    source.write_text(text.replace("\ncontract STR is ISTR {", "\n" + COMMENT + "contract STR is ISTR {"))
    return dest


def test_a_rebuild_from_source_matches_partially_where_only_comments_changed(
    platform: Deployed, tmp_path: Path
) -> None:
    src = _checkout_with_a_changed_comment(tmp_path / "checkout")
    out = tmp_path / "sourcify"
    args = ["--network", platform.node.url, "--manifest", str(platform.path)]
    done = CliRunner().invoke(verify_app, [*args, "--source", str(src), "--sourcify-out", str(out), "--json"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.output)

    assert doc["build"]["rebuilt"] is True and doc["build"]["source"] == str(src.resolve())
    assert doc["build"]["compiler"]
    assert not (src / "python").exists()  # compiled into a temporary folder, never into a package
    results = {c["name"]: c for c in doc["contracts"]}
    assert results.pop("STR")["match"] == "partial"
    assert {c["match"] for c in results.values()} == {"exact"}
    assert doc["ok"] is True

    chain_id = str(platform.chain.chain_id)
    str_folder = out / "contracts" / "partial_match" / chain_id / platform.manifest.address("STR")
    assert doc["sourcify"]["folders"]["STR"] == str(str_folder) and doc["sourcify"]["withSources"]
    written = (str_folder / "sources" / "contracts" / "realdigital" / "STR.sol").read_text()
    assert COMMENT in written
    rd_folder = out / "contracts" / "full_match" / chain_id / platform.manifest.address("RealDigital")
    metadata = json.loads((rd_folder / "metadata.json").read_text())
    for unit, info in metadata["sources"].items():  # OpenZeppelin's too, from node_modules
        assert "0x" + keccak((rd_folder / "sources" / unit).read_bytes()).hex() == info["keccak256"], unit
    assert any(unit.startswith("@openzeppelin/") for unit in metadata["sources"])
