"""Compliance officers as identities: a roster (name -> address, in the institution file under
``officers``) and EIP-191 signatures (``personal_sign``, eth-account) of each request and approval.

Officer 1 signs :func:`request_text` (the case, kind, token, account and amount); officer 2 signs
:func:`approval_text` (the same plus the action's id). The service recovers the signer of each text,
requires it to be the roster's address of the named officer, and requires the approver's address to
differ from the requester's. The signatures are stored with the action.

This proves *which officers* agreed; the transaction itself is still sent by the institution's
FREEZER_ROLE key, so whoever holds that key can still freeze alone. Enforcing four eyes on chain would
put FREEZER_ROLE behind a 2-of-N contract of the officers (not built).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from eth_account import Account
from eth_account.messages import encode_defunct

from drex.compliance.errors import ComplianceError, FourEyesViolation


def request_text(case_id: int, kind: str, token: str, account: str, amount: int) -> str:
    """What officer 1 signs to request ``kind`` of ``amount`` centavos of ``account`` on ``token``."""
    return (
        f"DREX compliance: request {kind} of {amount} centavos of {account.lower()} on {token}, "
        f"case {case_id}"
    )


def approval_text(action_id: int, case_id: int, kind: str, token: str, account: str, amount: int) -> str:
    """What officer 2 signs to approve action ``action_id`` (the action's fields, so nothing else is)."""
    return (
        f"DREX compliance: approve action {action_id}: {kind} of {amount} centavos of {account.lower()} "
        f"on {token}, case {case_id}"
    )


def sign_text(text: str, signer: Any) -> str:
    """The EIP-191 signature (0x hex) of ``text`` by ``signer`` (an eth-account LocalAccount)."""
    return "0x" + bytes(signer.sign_message(encode_defunct(text=text)).signature).hex()


class Roster:
    """The institution's compliance officers: name -> address."""

    def __init__(self, officers: dict[str, str]):
        from drex.sdk.values import to_address

        self.officers = {name.strip().casefold(): str(to_address(a, name)) for name, a in officers.items()}

    @classmethod
    def load(cls, path: Path) -> Roster:
        """The ``officers`` mapping of the institution file (YAML: ``officers: {ana: 0x..., ...}``)."""
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ComplianceError(f"{path}: cannot read the institution file ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise ComplianceError(f"{path}: not YAML ({exc})") from None
        officers = doc.get("officers") if isinstance(doc, dict) else None
        if not isinstance(officers, dict) or not officers:
            raise ComplianceError(f"{path}: officers: expected a mapping of officer name -> wallet address")
        try:
            return cls({str(k): str(v) for k, v in officers.items()})
        except Exception as exc:
            raise ComplianceError(f"{path}: officers: {exc}") from None

    def address(self, name: str) -> str:
        found = self.officers.get(name.strip().casefold())
        if found is None:
            raise FourEyesViolation(f"{name!r} is not an officer of the roster ({', '.join(self.officers)})")
        return found

    def verify(self, name: str, text: str, signature: str) -> str:
        """The address of officer ``name`` if ``signature`` is theirs over ``text``, else
        FourEyesViolation."""
        expected = self.address(name)
        try:
            signer = Account.recover_message(encode_defunct(text=text), signature=signature)
        except Exception:
            raise FourEyesViolation(f"the signature of officer {name} is not a valid signature") from None
        if signer.lower() != expected.lower():
            raise FourEyesViolation(
                f"the signature is not officer {name}'s: it was made by {signer}, the roster says {expected}"
            )
        return expected


__all__ = ["Roster", "approval_text", "request_text", "sign_text"]
