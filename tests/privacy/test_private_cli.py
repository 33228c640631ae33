"""``drex private`` end to end on an anvil node started here: BCB's regulator key, registration, deposit,
a private transfer, notes, a withdrawal, the audit, and one-line errors in business units."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from drex.chain import connect_anvil
from drex.chain.anvil import start_anvil
from drex.cli.main import run
from drex.deploy import deploy_platform
from drex.sdk import Platform

pytestmark = pytest.mark.anvil


@pytest.fixture(scope="module")
def opts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        folder = tmp_path_factory.mktemp("private-cli")
        manifest = folder / "deployment.json"
        deploy_platform(chain, manifest)
        platform = Platform.from_manifest(chain, manifest)
        for bank in ("BANK_A", "BANK_B"):
            platform.as_signer(chain.account(bank)).real_digital.request_mint(Decimal("100000.00"))
        yield ["--network", node.url, "--manifest", str(manifest)]
    finally:
        node.kill()


def drex(capsys: pytest.CaptureFixture[str], opts: list[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run([*args, *opts])
    out = capsys.readouterr()
    code = info.value.code if isinstance(info.value.code, int) else 1
    return code, out.out, out.err


def ok(capsys: pytest.CaptureFixture[str], opts: list[str], *args: str) -> str:
    code, out, err = drex(capsys, opts, *args)
    assert code == 0, err or out
    return out


def test_private_commands_end_to_end(
    capsys: pytest.CaptureFixture[str], opts: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DREX_STATE_DIR", str(tmp_path / "state"))
    key = tmp_path / "regulator.json"
    assert "regulator key written" in ok(capsys, opts, "private", "regulator-key", "new", "--out", str(key))
    code, _, err = drex(capsys, opts, "private", "regulator-key", "new", "--out", str(key))
    assert code == 1 and "never overwritten" in err and len(err.strip().splitlines()) == 1
    ok(capsys, opts, "private", "regulator-key", "set", str(key), "--as", "BCB")
    for bank in ("BANK_A", "BANK_B"):
        assert "registered" in ok(capsys, opts, "private", "register", "--as", bank)
    assert "already registered" in ok(capsys, opts, "private", "register", "--as", "BANK_A")
    assert "R$ 1.000,00" in ok(capsys, opts, "private", "deposit", "1000.00", "--as", "BANK_A")
    out = ok(capsys, opts, "private", "transfer", "250.50", "--to", "BANK_B", "--as", "BANK_A")
    assert "paid R$ 250,50 privately to BANK_B" in out
    doc = json.loads(ok(capsys, opts, "private", "notes", "--as", "BANK_B", "--json"))
    assert doc["balances"] == {"0": 25050}
    assert "withdrew R$ 50,50" in ok(capsys, opts, "private", "withdraw", "50.50", "--as", "BANK_B")
    code, _, err = drex(capsys, opts, "private", "transfer", "5000.00", "--to", "BANK_B", "--as", "BANK_A")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "R$ 749,50, less than the R$ 5.000,00 asked" in err
    code, _, err = drex(capsys, opts, "private", "transfer", "1.005", "--to", "BANK_B", "--as", "BANK_A")
    assert code == 1 and "1.005" in err
    audit = ok(capsys, opts, "private", "audit", "--key", str(key))
    assert "reconciled: yes" in audit and "R$ 250,50" in audit
    other = tmp_path / "other.json"
    ok(capsys, opts, "private", "regulator-key", "new", "--out", str(other))
    code, out, err = drex(capsys, opts, "private", "audit", "--key", str(other))
    assert code == 1 and "NOT READABLE" in out and "does not reconcile" in err
