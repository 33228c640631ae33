"""Node keys and enode URLs against Besu's file formats and published key/enode pairs."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drex.besu.keys import Enode, NodeKey, parse_enode, public_key_from_file
from drex.cli.besu import chain_app
from drex.errors import DrexError

# Besu's development key: acceptance-tests/tests/src/test/resources/key holds it exactly like this (no 0x, no
# newline); its public key is the enode id Besu's admin_nodeInfo example prints and its address is the
# pre-funded account of Besu's dev genesis.
DEV_KEY_FILE_TEXT = "8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63"
DEV_PUBLIC_KEY = (
    "09b02f8a5fddd222ade4ea4528faefc399623af3f736be3c44f03e2df22fb792"
    "f3931a4d9573d333ca74343305762a753388c3422a86d98b713fc91c1ea04842"
)
DEV_ADDRESS = "0xfe3b557e8fb62b89f4916b721be55ceb828dbd73"
DEV_ENODE = f"enode://{DEV_PUBLIC_KEY}@127.0.0.1:30303"


def test_dev_key_vector(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text(DEV_KEY_FILE_TEXT)
    key = NodeKey.from_file(path)
    assert key.public_key.hex() == DEV_PUBLIC_KEY
    assert key.address == DEV_ADDRESS
    assert key.enode("127.0.0.1", 30303) == DEV_ENODE
    assert parse_enode(DEV_ENODE).address == DEV_ADDRESS


def test_written_files_have_besu_formats(tmp_path: Path) -> None:
    key = NodeKey.generate()
    key.write(tmp_path)
    key_text = (tmp_path / "key").read_text()
    # KeyPairUtil.storeKeyPair: "0x" + 64 hex, no newline;
    # generate-blockchain-config's key.pub: "0x" + 128 hex.
    assert key_text == "0x" + key.private_key.hex() and len(key_text) == 66 and key_text == key_text.lower()
    assert (tmp_path / "key.pub").read_text() == "0x" + key.public_key.hex()
    assert stat.S_IMODE((tmp_path / "key").stat().st_mode) == 0o600
    assert NodeKey.from_file(tmp_path / "key") == key
    assert public_key_from_file(tmp_path / "key.pub") == key.public_key
    with pytest.raises(FileExistsError):
        key.write(tmp_path)  # never overwrites a key


@pytest.mark.parametrize(
    "text", [DEV_KEY_FILE_TEXT, "0x" + DEV_KEY_FILE_TEXT, DEV_KEY_FILE_TEXT.upper() + "\n"]
)
def test_reads_every_form_besu_reads(tmp_path: Path, text: str) -> None:
    (tmp_path / "key").write_text(text)
    assert NodeKey.from_file(tmp_path / "key").address == DEV_ADDRESS


@pytest.mark.parametrize(
    "text",
    [
        "",
        DEV_KEY_FILE_TEXT + "\n" + DEV_KEY_FILE_TEXT,
        DEV_KEY_FILE_TEXT[:-2],
        "00" * 32,
        "ff" * 32,
        "0x" + "g" * 64,
    ],
)
def test_rejects_bad_key_files(tmp_path: Path, text: str) -> None:
    (tmp_path / "key").write_text(text)
    with pytest.raises(DrexError):
        NodeKey.from_file(tmp_path / "key")


def test_missing_key_file_is_a_drex_error(tmp_path: Path) -> None:
    with pytest.raises(DrexError, match="cannot read"):
        NodeKey.from_file(tmp_path / "absent")


def test_generated_keys_are_distinct_and_valid() -> None:
    keys = {NodeKey.generate().address for _ in range(20)}
    assert len(keys) == 20


def test_parse_enode_forms() -> None:
    # The form Besu prints with discovery disabled (pilot's admin_peers example): ?discport=0.
    e = parse_enode(DEV_ENODE.replace("127.0.0.1:30303", "200.218.66.36:30000") + "?discport=0")
    assert e == Enode(DEV_PUBLIC_KEY, "200.218.66.36", 30000)
    assert str(e) == f"enode://{DEV_PUBLIC_KEY}@200.218.66.36:30000"
    v6 = parse_enode(f"enode://{DEV_PUBLIC_KEY.upper()}@[::ffff:7f00:1]:40404")
    assert v6.node_id == DEV_PUBLIC_KEY and v6.host == "::ffff:7f00:1"
    assert str(v6).endswith("@[::ffff:7f00:1]:40404")
    assert parse_enode(f"enode://{DEV_PUBLIC_KEY}@node1.example:30303").host == "node1.example"


@pytest.mark.parametrize(
    "url",
    [
        f"enode://{DEV_PUBLIC_KEY[:-2]}@127.0.0.1:30303",
        f"enode://{DEV_PUBLIC_KEY}@127.0.0.1",
        f"enode://{DEV_PUBLIC_KEY}@127.0.0.1:0",
        f"enode://{DEV_PUBLIC_KEY}@127.0.0.1:70000",
        f"{DEV_PUBLIC_KEY}@127.0.0.1:30303",
        f"enode://{DEV_PUBLIC_KEY}@[zz::1]:30303",
    ],
)
def test_parse_enode_rejects(url: str) -> None:
    with pytest.raises(DrexError):
        parse_enode(url)


def test_cli_enode(tmp_path: Path) -> None:
    (tmp_path / "key").write_text(DEV_KEY_FILE_TEXT)
    result = CliRunner().invoke(chain_app, ["enode", str(tmp_path / "key")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [DEV_ENODE, DEV_ADDRESS]
