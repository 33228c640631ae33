"""Every error drex raises on purpose is a DrexError, and each one is exported by the package that raises it,
so a caller can catch it by name without knowing which module defines it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import drex
from drex.chain import Chain, UnknownAccount
from drex.chain.accounts import DEV_ROLES, dev_account
from drex.errors import DrexError


def _drex_errors() -> dict[type[DrexError], str]:
    """Every public DrexError subclass defined in a module of drex -> that module's name."""
    found: dict[type[DrexError], str] = {}
    for info in pkgutil.walk_packages(drex.__path__, "drex."):
        if ".migrations." in info.name:
            continue  # Alembic scripts: they run inside Alembic's context, never imported on their own
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, DrexError)
                and obj.__module__ == info.name
                and not name.startswith("_")
            ):
                found[obj] = info.name
    return found


def _package_of(module_name: str) -> str:
    """The package whose ``__init__`` must export what ``module_name`` defines (itself if it is one)."""
    module = importlib.import_module(module_name)
    return module_name if hasattr(module, "__path__") else module_name.rpartition(".")[0]


ERRORS = _drex_errors()


def test_drex_error_is_the_base_and_exported_by_drex() -> None:
    assert drex.DrexError is DrexError and "DrexError" in drex.__all__
    assert DrexError.__module__ == "drex.errors" and DrexError.__bases__ == (Exception,)
    assert len(ERRORS) > 20, sorted(c.__name__ for c in ERRORS)  # the walk really found the errors


def _qualname(error: type[DrexError]) -> str:
    return f"{error.__module__}.{error.__name__}"


ERROR_LIST = list(ERRORS)
ERROR_LIST.sort(key=_qualname)


@pytest.mark.parametrize("error", ERROR_LIST, ids=_qualname)
def test_every_drex_error_is_exported_by_its_package(error: type[DrexError]) -> None:
    package_name = _package_of(ERRORS[error])
    package = importlib.import_module(package_name)
    exported = getattr(package, "__all__", ())
    assert error.__name__ in exported, f"{package_name}.__all__ lacks {error.__name__}"
    assert getattr(package, error.__name__) is error, f"{package_name}.{error.__name__} is another class"


def test_an_unknown_role_is_a_drex_error_naming_the_known_roles(chain: Chain) -> None:
    with pytest.raises(UnknownAccount) as raised:
        chain.account("NOBODY")
    assert isinstance(raised.value, DrexError)
    assert "'NOBODY'" in str(raised.value) and all(role in str(raised.value) for role in DEV_ROLES)
    for index in (-1, 20):
        with pytest.raises(UnknownAccount, match=f"index {index} out of range 0..19"):
            chain.account(index)
    assert chain.account(19).address == dev_account(19).address


def test_sdk_errors_are_exported_by_drex_sdk_and_drex_sdk_errors() -> None:
    import drex.sdk
    import drex.sdk.errors

    for name in (
        "InvalidQuantity",
        "InvalidPrice",
        "InvalidSeries",
        "InvalidOperationId",
        "UnknownSeries",
        "UnknownContract",
        "NoSigner",
    ):
        assert name in drex.sdk.__all__ and name in drex.sdk.errors.__all__, name
        assert getattr(drex.sdk, name) is getattr(drex.sdk.errors, name)
    assert issubclass(drex.sdk.NotRegistered, drex.sdk.ContractRevert)
