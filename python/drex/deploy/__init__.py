"""Deploy: run the platform's deployment plan on a chain and keep a resumable JSON manifest.

``deploy_platform(chain, "deployment.json")`` deploys every contract in dependency order, registers
each in AddressDiscovery under keccak256 of its name, grants the roles, and records everything in the
manifest; re-running it resumes an interrupted deployment or confirms a complete one.
"""

from drex.deploy.pipeline import (
    Deployer,
    DeployResult,
    Manifest,
    ManifestError,
    deploy_platform,
    read_manifest,
    registry_key,
    write_manifest,
)
from drex.deploy.plan import Call, Deploy, DeployContext, Step, full_plan

__all__ = [
    "Call",
    "Deploy",
    "DeployContext",
    "DeployResult",
    "Deployer",
    "Manifest",
    "ManifestError",
    "Step",
    "deploy_platform",
    "full_plan",
    "read_manifest",
    "registry_key",
    "write_manifest",
]
