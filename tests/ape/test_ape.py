"""Ape for deployers, for real: ``ape compile`` on the offline solc-js and ``ape run`` of the deploy script.

Ape lives in its own venv, ``.venv-ape`` (it pins older eth-* packages than requirements.lock), made by
scripts/bootstrap-ape.sh, which the module fixture runs (a no-op in ~0.1 s when the venv is current). The
tests run that venv's ``ape`` in subprocesses, in a temporary copy of the project's Ape files
(ape-config.yaml, contracts/, scripts/ape/, node_modules linked), so Ape's ``.build`` and data folder never
land in the checkout, against anvil nodes they start themselves, and check the outcome on chain.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_utils.crypto import keccak
from web3 import Web3

from drex.build import linked_libraries, load_artifact
from drex.build.artifacts import BUILD_INFO, checkout_artifacts_dir
from drex.chain.accounts import DEV_REPORTERS, DEV_ROLES, dev_account
from drex.chain.anvil import AnvilNode, start_anvil
from drex.deploy import full_plan, registry_key
from drex.deploy.plan import Deploy
from drex.paths import project_root

pytestmark = [pytest.mark.anvil, pytest.mark.xdist_group("ape")]

ROOT = project_root()
APE_VENV = ROOT / ".venv-ape"
SOLC_VERSION = "0.8.28"


@pytest.fixture(scope="module")
def ape() -> Path:
    """The ``ape`` of .venv-ape, installed or brought up to date by scripts/bootstrap-ape.sh."""
    started = time.monotonic()
    proc = subprocess.run(
        [str(ROOT / "scripts" / "bootstrap-ape.sh")],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"scripts/bootstrap-ape.sh failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    took = time.monotonic() - started
    if took > 5:
        print(f"bootstrap-ape.sh took {took:.0f}s:\n{proc.stdout}", file=sys.stderr)
    exe = APE_VENV / "bin" / "ape"
    assert exe.is_file(), f"bootstrap-ape.sh left no {exe}"
    return exe


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout's Ape project: the real ape-config.yaml, contracts and scripts."""
    d = tmp_path_factory.mktemp("ape-project")
    shutil.copy(ROOT / "ape-config.yaml", d / "ape-config.yaml")
    shutil.copytree(ROOT / "contracts", d / "contracts")
    shutil.copytree(ROOT / "scripts" / "ape", d / "scripts" / "ape")
    (d / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return d


@pytest.fixture()
def anvil() -> Iterator[AnvilNode]:
    node = start_anvil()
    yield node
    node.kill()


def run_ape(ape: Path, project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run ``ape ARGS`` in ``project`` with a private Ape data folder; returns its output, fails on error."""
    full_env = {k: v for k, v in os.environ.items() if k != "DREX_BESU_RPC_URL"}
    full_env.update({"APE_DATA_FOLDER": str(project / ".ape-data"), **(env or {})})
    proc = subprocess.run(
        [str(ape), *args], cwd=project, env=full_env, capture_output=True, text=True, timeout=600, check=False
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"`ape {' '.join(args)}` exited {proc.returncode}:\n{out[-6000:]}"
    return out


def _strip_metadata(code: str) -> str:
    """Bytecode without solc's trailing CBOR metadata (its length is in the last two bytes)."""
    code = code.removeprefix("0x")
    return code[: -(int(code[-4:], 16) * 2 + 4)] if code else code


def _sources_unchanged(artifact: dict[str, Any], project: Path) -> bool:
    """True when every source drex compiled this artifact from is byte-identical in ``project``."""
    for name, info in artifact["metadata"]["sources"].items():
        path = project / name if name.startswith("contracts/") else ROOT / "node_modules" / name
        if not path.is_file() or "0x" + keccak(path.read_bytes()).hex() != info["keccak256"]:
            return False
    return True


def _ape_builds(artifact: dict[str, Any]) -> bool:
    """Whether Ape compiles this artifact without being given library addresses: a contract of contracts/
    that links no library."""
    return str(artifact["sourceName"]).startswith("contracts/") and not linked_libraries(artifact)


def test_ape_compile_runs_the_offline_solcjs_with_drex_settings(ape: Path, project: Path) -> None:
    started = time.monotonic()
    out = run_ape(ape, project, "compile")
    took = time.monotonic() - started
    assert "compiled" in out
    manifest = json.loads((project / ".build" / "__local__.json").read_text())

    [compiler] = manifest["compilers"]
    assert compiler["name"] == "solidity"
    assert compiler["version"].startswith(f"{SOLC_VERSION}+commit.7893614a")
    settings = compiler["settings"]
    assert settings["optimizer"] == {"enabled": True, "runs": 200}
    assert settings["evmVersion"] == "shanghai"
    assert settings["remappings"] == [
        "@openzeppelin/contracts=node_modules/@openzeppelin/contracts",
        "@zk-kit/lean-imt.sol/=node_modules/@zk-kit/lean-imt.sol/",
        "poseidon-solidity/=node_modules/poseidon-solidity/",
    ]

    # Every contract drex builds, Ape builds too, to the same code: only the metadata hash differs (the
    # source unit names and remappings recorded in the metadata are not drex's). Contracts whose sources
    # changed since this session's drex build (someone editing the checkout meanwhile) are left out, and so
    # are the ones that call a library's public functions (the shielded pools, PrivateDvP) and those
    # libraries (poseidon-solidity's, not ours): Ape links libraries at compile time (`add_library` with
    # deployed addresses) and skips such contracts without them; drex links them when it deploys.
    ape_types = manifest["contractTypes"]
    compared = []
    for path in sorted(checkout_artifacts_dir(ROOT).glob("*.json")):
        if path.name == BUILD_INFO:
            continue
        art = json.loads(path.read_text())
        if not _sources_unchanged(art, project) or not _ape_builds(art):
            continue
        name = path.stem
        assert name in ape_types, f"ape compile did not produce {name}"
        ct = ape_types[name]
        assert _strip_metadata(ct["deploymentBytecode"]["bytecode"]) == _strip_metadata(art["bytecode"]), name
        runtime = ct["runtimeBytecode"]["bytecode"]
        assert _strip_metadata(runtime) == _strip_metadata(art["deployedBytecode"]), name
        compared.append(name)
    deployed = {
        s.artifact for s in full_plan() if isinstance(s, Deploy) and _ape_builds(load_artifact(s.artifact))
    }
    assert deployed <= set(compared), f"not compared: {sorted(deployed - set(compared))}"
    print(f"ape compile: {len(ape_types)} contracts in {took:.1f}s, {len(compared)} identical to drex build")


def _check_platform_on_chain(w3: Web3, manifest: dict[str, Any], admin: str) -> None:
    """Every contract of the manifest has code and is registered in AddressDiscovery; ``admin`` runs it."""
    registry_entry = manifest["contracts"]["AddressDiscovery"]
    registry = w3.eth.contract(
        address=registry_entry["address"], abi=load_artifact("AddressDiscovery")["abi"]
    )
    for name, entry in manifest["contracts"].items():
        assert len(w3.eth.get_code(entry["address"])) > 0, name
        tx = w3.eth.get_transaction(entry["tx"])
        assert tx["from"] == admin, name
        if name != "AddressDiscovery":
            assert registry.functions.addressDiscovery(registry_key(name)).call() == entry["address"], name
    assert registry.functions.hasRole(b"\0" * 32, admin).call()
    planned = {s.name for s in full_plan() if isinstance(s, Deploy)}
    assert set(manifest["contracts"]) == planned
    assert "pending" not in manifest  # no transaction left in flight


def test_ape_run_deploy_on_local_anvil_with_ape_test_accounts(
    ape: Path, project: Path, anvil: AnvilNode
) -> None:
    network = f"ethereum:local:{anvil.url}"
    out = run_ape(ape, project, "run", "ape", "scripts", "deploy", "--network", network)
    assert "deployed: " in out and "0 steps already done" in out, out
    manifest_path = project / "deployment-local.json"
    manifest = json.loads(manifest_path.read_text())
    assert manifest["chainId"] == 381660001
    w3 = Web3(Web3.HTTPProvider(anvil.url))
    # Ape's test accounts are anvil's mnemonic: every role signed as drex's dev role of the same index.
    assert manifest["accounts"] == {role: dev_account(role).address for role in DEV_ROLES}
    _check_platform_on_chain(w3, manifest, dev_account("BCB").address)

    # Run again: the manifest is resumed, the deployment is complete, nothing is sent.
    block = w3.eth.block_number
    out = run_ape(ape, project, "run", "ape", "scripts", "deploy", "--network", network)
    assert "nothing to do" in out, out
    assert w3.eth.block_number == block


def test_ape_run_deploy_on_besu_network_with_an_ape_keystore(
    ape: Path, project: Path, anvil: AnvilNode
) -> None:
    """The ``besu`` network of ape-config.yaml (URI from $DREX_BESU_RPC_URL, chain id 381660001), signed by an
    Ape account: an encrypted keystore in Ape's data folder, unlocked from APE_ACCOUNTS_<alias>_PASSPHRASE."""
    w3 = Web3(Web3.HTTPProvider(anvil.url))
    accounts_dir = project / ".ape-data" / "accounts"
    accounts_dir.mkdir(parents=True, exist_ok=True)
    funder = dev_account(9)
    # Each participant signs with its own wallet: a wallet belongs to one participant (docs/security.md).
    aliases = {"deployer": "BCB", "stn": "STN", "bank_a": "BANK_A", "bank_b": "BANK_B"}
    env = {"DREX_BESU_RPC_URL": anvil.url}
    wallets = {}
    for alias in aliases:
        wallets[alias] = Account.create(f"drex ape test {alias}")
        keystore = Account.encrypt(wallets[alias].key, "pw-ape-test", kdf="pbkdf2", iterations=1000)
        (accounts_dir / f"{alias}.json").write_text(json.dumps(keystore))
        env[f"APE_ACCOUNTS_{alias}_PASSPHRASE"] = "pw-ape-test"
        fund = {"to": wallets[alias].address, "value": 10**18, "gas": 21_000, "gasPrice": 0,
                "chainId": 381660001, "nonce": w3.eth.get_transaction_count(funder.address)}  # fmt: skip
        w3.eth.wait_for_transaction_receipt(
            w3.eth.send_raw_transaction(funder.sign_transaction(fund).raw_transaction)
        )
    deployer = wallets["deployer"]
    roles = [f"--role={role}={alias}" for alias, role in aliases.items() if alias != "deployer"]
    # the reference-data reporters only need addresses (they sign rounds, not the deployment)
    roles += [f"--role={role}={Account.create(role).address}" for role in DEV_REPORTERS]

    manifest_path = project / "deployment-besu-test.json"
    out = run_ape(
        ape, project, "run", "ape", "scripts", "deploy", "--network", "ethereum:besu",
        "--account", "deployer", *roles, "--autosign", "--manifest", str(manifest_path), env=env,
    )  # fmt: skip
    assert "ethereum:besu" in out and "deployed: " in out, out
    manifest = json.loads(manifest_path.read_text())
    assert manifest["accounts"] == {}  # not a dev chain: no dev accounts recorded
    _check_platform_on_chain(w3, manifest, deployer.address)


def test_drex_imports_without_ape() -> None:
    """The main venv has no Ape, and nothing drex imports pulls Ape in."""
    code = (
        "import importlib.util, sys\n"
        "import drex, drex.build, drex.chain, drex.deploy, drex.cli.main\n"
        "assert importlib.util.find_spec('ape') is None, 'ape is installed in the main venv'\n"
        "assert not [m for m in sys.modules if m == 'ape' or m.startswith('ape_')]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
