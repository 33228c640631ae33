"""``drex rd|rt|swap|keys`` against a real anvil node started here, with the platform deployed on it.

Commands run in-process through :func:`drex.cli.main.run` (the console script's entry point, with its
one-line error handling); a few run as real ``drex`` processes to check that no traceback escapes.
The chain is snapshotted around every test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from eth_account import Account
from eth_utils.crypto import keccak

from drex.chain import AnvilChain, connect_anvil
from drex.chain.accounts import dev_account
from drex.chain.anvil import AnvilNode, start_anvil
from drex.cli.main import run
from drex.deploy import deploy_platform
from drex.sdk import Platform
from drex.sdk.display import moment, reais

DREX = str(Path(sys.executable).with_name("drex"))


@dataclass
class Node:
    node: AnvilNode
    chain: AnvilChain
    manifest: Path

    @property
    def opts(self) -> list[str]:
        return ["--network", self.node.url, "--manifest", str(self.manifest)]


@pytest.fixture(scope="module")
def _node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    node = start_anvil()
    try:
        chain = connect_anvil(node)
        path = tmp_path_factory.mktemp("cli") / "deployment.json"
        deploy_platform(chain, path)
        yield Node(node, chain, path)
    finally:
        node.kill()


@pytest.fixture()
def node(_node: Node) -> Iterator[Node]:
    snap = _node.chain.snapshot()
    yield _node
    _node.chain.revert(snap)


@dataclass
class Result:
    code: int
    out: str
    err: str


def drex(capsys: pytest.CaptureFixture[str], n: Node, *args: str) -> Result:
    """Run ``drex ARGS --network <node> --manifest <file>`` in this process."""
    capsys.readouterr()
    argv = [*args, *n.opts]
    if "--" in args:  # options must come before the end-of-options marker
        cut = args.index("--")
        argv = [*args[:cut], *n.opts, *args[cut:]]
    with pytest.raises(SystemExit) as info:
        run(argv)
    captured = capsys.readouterr()
    code = info.value.code if isinstance(info.value.code, int) else 1
    return Result(code, captured.out, captured.err)


def ok(capsys: pytest.CaptureFixture[str], n: Node, *args: str) -> str:
    r = drex(capsys, n, *args)
    assert r.code == 0, r.err or r.out
    return r.out


def fails(capsys: pytest.CaptureFixture[str], n: Node, *args: str) -> str:
    r = drex(capsys, n, *args)
    assert r.code == 1, (r.code, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drex: error: "), r.err
    assert "Traceback" not in r.err + r.out
    return lines[0]


def label(role: str) -> str:
    """How people see a dev role's address: ``BANK_A (0x3C44…93BC)``."""
    address = dev_account(role).address
    return f"{role} ({address[:6]}…{address[-4:]})"


def field(out: str, name: str) -> str:
    for line in out.splitlines():
        if line.startswith(name):
            return line[len(name) :].strip()
    raise AssertionError(f"{name!r} not in {out!r}")


# ------------------------------------------------------------------------------- Real Digital
def test_rd_commands(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    assert field(ok(capsys, node, "rd", "balance", "BANK_A"), "balance") == "R$ 0,00"
    out = ok(capsys, node, "rd", "mint-request", "1500.25", "--as", "BANK_A")
    assert out == f"STR issued R$ 1.500,25 to {label('BANK_A')}\n"  # one line; --verbose adds the tx
    out = ok(capsys, node, "rd", "transfer", "BANK_B", "0.01", "--as", "BANK_A", "--verbose")
    assert out.splitlines()[1].startswith("  tx 0x") and " block " in out and " gas " in out
    ok(capsys, node, "rd", "transfer", "BANK_A", "0.01", "--as", "BANK_B")
    ok(capsys, node, "rd", "transfer", "BANK_B", "0.25", "--as", "BANK_A")
    ok(capsys, node, "rd", "burn-request", "500", "--as", "BANK_A")
    bal = ok(capsys, node, "rd", "balance", dev_account("BANK_A").address.lower())
    assert field(bal, "balance") == "R$ 1.000,00" and field(bal, "enabled") == "yes"
    history = ok(capsys, node, "rd", "history", "BANK_A")
    kinds = [line.split()[2] for line in history.splitlines()]
    assert kinds == ["mint", "transfer", "transfer", "transfer", "burn"]
    assert dev_account("BANK_A").address in ok(capsys, node, "rd", "default-account", "BANK_A")
    assert "no default wallet" in ok(capsys, node, "rd", "default-account", "33333333")
    # BCB enables directly (ACCESS_ROLE); a bank enables its own further wallet through the enable contract
    assert "(ACCESS_ROLE)" in ok(capsys, node, "rd", "enable", "CUSTOMER_A1", "--as", "BCB")
    spare = dev_account(9).address
    assert "RealDigitalEnableAccount" in ok(capsys, node, "rd", "enable", spare, "--as", "BANK_A")
    ok(capsys, node, "rd", "disable", "CUSTOMER_A1", "--as", "BCB")
    assert field(ok(capsys, node, "rd", "balance", "CUSTOMER_A1"), "enabled") == "no"
    ok(capsys, node, "rd", "freeze", "BANK_A", "999.00", "--as", "BCB")
    assert field(ok(capsys, node, "rd", "balance", "BANK_A"), "available") == "R$ 1,00"
    ok(capsys, node, "rd", "unfreeze", "BANK_A", "999.00", "--as", "BCB")
    ok(capsys, node, "rd", "approve", "SwapOneStep", "10", "--as", "BANK_A")
    platform = Platform.from_manifest(node.chain, node.manifest)
    assert (
        platform.real_digital.allowance(dev_account("BANK_A").address, platform.address_of("SwapOneStep"))
        == 10
    )


def test_bank_disables_its_own_wallet(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    assert "disabled own wallet" in ok(capsys, node, "rd", "disable", "--as", "BANK_B")
    assert field(ok(capsys, node, "rd", "balance", "BANK_B"), "enabled") == "no"


# ----------------------------------------------------------------------- Real Tokenizado, swaps
def test_rt_and_swap_commands(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    info = ok(capsys, node, "rt", "info", "--bank", "BANK_A")
    assert "BRL@11111111" in info and field(info, "reserve") == label("BANK_A")
    for bank, customer in (("BANK_A", "CUSTOMER_A1"), ("BANK_B", "CUSTOMER_B1")):
        ok(capsys, node, "rd", "mint-request", "1000", "--as", bank)
        ok(capsys, node, "rt", "enable", customer, "--bank", bank, "--as", bank)
        ok(capsys, node, "rt", "mint", customer, "1000", "--bank", bank, "--as", bank)
        for kind in ("one-step", "two-steps", "reserve"):
            ok(capsys, node, "swap", "approve-reserve", "500", "--contract", kind, "--as", bank)
    assert (
        field(ok(capsys, node, "rt", "balance", "CUSTOMER_A1", "--bank", "11111111"), "balance")
        == "R$ 1.000,00"
    )

    ok(capsys, node, "swap", "one-step", "10.50", "--from-bank", "BANK_A", "--to-bank", "22222222",
       "--to", "CUSTOMER_B1", "--as", "CUSTOMER_A1")  # fmt: skip
    assert (
        field(ok(capsys, node, "rt", "balance", "CUSTOMER_B1", "--bank", "BANK_B"), "balance")
        == "R$ 1.010,50"
    )

    out = ok(capsys, node, "swap", "start", "2.00", "--from-bank", "BANK_A", "--to-bank", "BANK_B",
             "--to", "CUSTOMER_B1", "--as", "CUSTOMER_A1")  # fmt: skip
    assert out.startswith("proposal 0 started on SwapTwoSteps")
    shown = ok(capsys, node, "swap", "show", "0")
    assert field(shown, "status") == "pending" and field(shown, "amount") == "R$ 2,00"
    assert field(ok(capsys, node, "rt", "balance", "CUSTOMER_A1", "--bank", "BANK_A"), "frozen") == "R$ 2,00"
    ok(capsys, node, "swap", "execute", "0", "--as", "CUSTOMER_B1")
    assert field(ok(capsys, node, "swap", "show", "0"), "status") == "executed"

    ok(capsys, node, "swap", "start", "3.00", "--reserve", "--from-bank", "BANK_B", "--to-bank", "BANK_A",
       "--to", "CUSTOMER_A1", "--as", "CUSTOMER_B1")  # fmt: skip
    ok(capsys, node, "swap", "cancel", "0", "--reserve", "--reason", "typo", "--as", "CUSTOMER_B1")
    assert field(ok(capsys, node, "swap", "show", "0", "--reserve"), "status") == "cancelled"
    history = ok(capsys, node, "swap", "history", "CUSTOMER_B1", "--contract", "reserve")
    assert "SwapStarted" in history and "SwapCancelled" in history and "typo" in history
    assert "SwapExecuted" in ok(capsys, node, "swap", "history", "--contract", "one-step")

    # the expired path: the receiver's late execution is refused with the contract's error, in one line
    ok(capsys, node, "swap", "start", "1.00", "--from-bank", "BANK_A", "--to-bank", "BANK_B",
       "--to", "CUSTOMER_B1", "--as", "CUSTOMER_A1")  # fmt: skip
    node.chain.increase_time(120)
    shown = ok(capsys, node, "swap", "show", "1")
    assert "expired" in field(shown, "status") and field(shown, "expires").endswith(
        "before the latest block)"
    )
    expires = json.loads(ok(capsys, node, "swap", "show", "1", "--json"))["expiresAt"]
    assert field(shown, "expires").startswith(moment(expires))
    assert f"SwapExpired(proposalId=1, expiredAt={moment(expires)})" in fails(
        capsys, node, "swap", "execute", "1", "--as", "CUSTOMER_B1"
    )

    bal = ok(capsys, node, "rt", "balance", "CUSTOMER_A1", "--bank", "BANK_A")
    assert field(bal, "balance") == reais(Decimal("1000") - Decimal("10.50") - 2)
    hist = ok(capsys, node, "rt", "history", "CUSTOMER_A1", "--bank", "BANK_A")
    assert [line.split()[2] for line in hist.splitlines()] == ["mint", "burn", "burn"]  # issued, two swaps
    ok(capsys, node, "rt", "transfer", "BANK_A", "1", "--bank", "BANK_A", "--as", "CUSTOMER_A1")
    ok(capsys, node, "rt", "burn", "1", "--bank", "BANK_A", "--as", "BANK_A")
    ok(capsys, node, "rt", "disable", "CUSTOMER_A1", "--bank", "BANK_A", "--as", "BANK_A")
    assert field(ok(capsys, node, "rt", "balance", "CUSTOMER_A1", "--bank", "BANK_A"), "enabled") == "no"


# ------------------------------------------------------------------------------------------ keys
def test_keys_commands(capsys: pytest.CaptureFixture[str], node: Node) -> None:
    customer = ["--tax-id", "12345678901", "--cnpj8", "BANK_A", "--bank-number", "101", "--account", "77",
                "--branch", "1", "--wallet", "CUSTOMER_A1"]  # fmt: skip
    out = ok(capsys, node, "keys", "add", "ana@banco-a.example", *customer, "--as", "BANK_A")
    key_hash = "0x" + keccak(text="ana@banco-a.example").hex()
    assert key_hash in out
    assert (
        ok(capsys, node, "keys", "wallet", "ana@banco-a.example").strip()
        == dev_account("CUSTOMER_A1").address
    )
    assert ok(capsys, node, "keys", "key", "CUSTOMER_A1").strip() == key_hash
    shown = ok(capsys, node, "keys", "show", key_hash, "--hashed")
    assert field(shown, "tax id") == "12345678901" and field(shown, "owner") == label("BANK_A")
    moved = ["--tax-id", "12345678901", "--cnpj8", "22222222", "--bank-number", "202", "--account", "5",
             "--branch", "9", "--wallet", "CUSTOMER_B1"]  # fmt: skip
    out = ok(capsys, node, "keys", "request", "ana@banco-a.example", *moved, "--as", "BANK_B")
    assert out.startswith("key portability proposal 0")
    ok(capsys, node, "keys", "authorize", "0", "ana@banco-a.example", "--as", "BANK_A")
    assert field(ok(capsys, node, "keys", "show", "ana@banco-a.example"), "owner") == label("BANK_B")
    updated = [*moved[:-1], "CUSTOMER_B2"]
    ok(capsys, node, "keys", "update", "ana@banco-a.example", *updated, "--as", "BANK_B")
    assert (
        ok(capsys, node, "keys", "wallet", "ana@banco-a.example").strip()
        == dev_account("CUSTOMER_B2").address
    )
    assert "NotOwnCustomer" in fails(  # BANK_A writing a record for BANK_B's CNPJ8
        capsys, node, "keys", "update", "ana@banco-a.example", *updated, "--as", "BANK_A"
    )
    mine = ["BANK_A" if x == "22222222" else x for x in updated]  # its own CNPJ8, but not its key
    assert "NotKeyOwner" in fails(
        capsys, node, "keys", "update", "ana@banco-a.example", *mine, "--as", "BANK_A"
    )


# ------------------------------------------------------------------------------------ signers
def test_keystore_signer(capsys: pytest.CaptureFixture[str], node: Node, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    keystore = tmp_path / "bank_b.json"
    keystore.write_text(
        json.dumps(Account.encrypt(dev_account("BANK_B").key, "s3cret", kdf="pbkdf2", iterations=1000))
    )
    monkeypatch.setenv("DREX_KEYSTORE_PASSWORD", "s3cret")
    ok(capsys, node, "rd", "mint-request", "7.77", "--keystore", str(keystore))
    assert field(ok(capsys, node, "rd", "balance", "BANK_B"), "balance") == "R$ 7,77"
    monkeypatch.setenv("DREX_KEYSTORE_PASSWORD", "wrong")
    assert "wrong password" in fails(capsys, node, "rd", "mint-request", "1", "--keystore", str(keystore))


def test_dev_roles_only_on_dev_chains_or_dev_deployments(node: Node) -> None:
    """An anvil node counts as a dev chain; on any other node ``--as`` needs a manifest whose roles are
    the dev accounts (a deployment made with them), otherwise a keystore is required."""
    from drex.chain import Chain
    from drex.cli.common import signer_for
    from drex.deploy import read_manifest
    from drex.errors import DrexError

    besu_like = Chain(node.chain.w3, "rpc", "a Besu network")
    manifest = read_manifest(node.manifest)
    assert signer_for(besu_like, manifest, "bank_a", None).address == dev_account("BANK_A").address
    manifest.accounts = {}
    with pytest.raises(DrexError, match="allowed only on dev chains"):
        signer_for(besu_like, manifest, "BANK_A", None)
    assert signer_for(node.chain, manifest, "BANK_A", None).address == dev_account("BANK_A").address


# ---------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["rd", "transfer", "BANK_B", "1.001", "--as", "BANK_A"], "more than 2 decimal places"),
        (
            ["rd", "transfer", "BANK_B", "abc", "--as", "BANK_A"],
            "amount in reais 'abc' is not valid: write digits with an optional decimal point, e.g. 1234.56",
        ),
        (["rd", "mint-request", "--as", "BANK_A", "--", "-5"], "amount in reais '-5' is not valid"),
        (["rd", "mint-request", "1e3", "--as", "BANK_A"], "amount in reais '1e3' is not valid"),
        (["rd", "mint-request", "1_000", "--as", "BANK_A"], "amount in reais '1_000' is not valid"),
        (["rd", "mint-request", " 7 ", "--as", "BANK_A"], "amount in reais ' 7 ' is not valid"),
        (["rd", "mint-request", "1.000,00", "--as", "BANK_A"], "amount in reais '1.000,00' is not valid"),
        (["rt", "balance", "CUSTOMER_A1", "--bank", " 11111111"], "exactly 8 digits"),
        (["swap", "show", "1_0"], "proposal id '1_0' is not valid: write digits only, e.g. 42"),
        (["swap", "show", "+5"], "proposal id '+5' is not valid"),
        (["rd", "history", "BANK_A", "--from-block", "1e3"], "block '1e3' is not valid"),
        (["rd", "balance", "0x1234"], "not an address"),
        (["rd", "balance", "0x5FbDB2315678afecb367f032d93F642f64180aA3"], "checksum"),
        (["rd", "balance", "NOBODY"], "neither an address nor a known role"),
        (["rd", "mint-request", "1", "--as", "KING"], "unknown role 'KING'"),
        (["rd", "mint-request", "1"], "pass --as ROLE"),
        (["rt", "balance", "CUSTOMER_A1", "--bank", "123"], "exactly 8 digits"),
        (["rt", "info", "--bank", "99999999"], "RealTokenizado@99999999"),
        (["rd", "transfer", "BANK_B", "1", "--as", "CUSTOMER_A1"], "AccountNotEnabled("),
        (["rd", "mint-request", "1", "--as", "STN", "--keystore", "x.json"], "not both"),
        (["rd", "mint-request", "1", "--keystore", "/nonexistent/ks.json"], "keystore not found"),
        (["swap", "show", "5"], "has no proposal 5"),
        (
            ["swap", "approve-reserve", "1", "--contract", "three-steps", "--as", "BANK_A"],
            "unknown swap contract",
        ),
        (["keys", "wallet", "nobody@example"], "KeyNotFound("),
        (["keys", "wallet", "0x12", "--hashed"], "64 hex digits"),
    ],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], node: Node, args: list[str], needle: str
) -> None:
    assert needle in fails(capsys, node, *args)


def test_missing_manifest_and_unreachable_node(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        run(["rd", "balance", "BANK_A", "--manifest", str(tmp_path / "none.json")])
    assert "manifest not found" in capsys.readouterr().err


def test_real_process_prints_one_line_without_traceback(node: Node) -> None:
    env = {**os.environ}
    env.pop("DREX_DEBUG", None)
    for args, needle in (
        (["rd", "transfer", "BANK_B", "1.001", "--as", "BANK_A"], "more than 2 decimal places"),
        (["rd", "transfer", "BANK_B", "1", "--as", "CUSTOMER_A1"], "AccountNotEnabled"),
    ):
        proc = subprocess.run([DREX, *args, *node.opts], capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 1
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("drex: error: ") and needle in lines[0], proc.stderr
        assert "Traceback" not in proc.stderr + proc.stdout
