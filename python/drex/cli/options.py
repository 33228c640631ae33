"""The options every ``drex`` command shares, declared once, and where their defaults come from.

Shared options: ``--network/-n``, ``--manifest/-m``, ``--as``, ``--keystore``, ``--json``, ``--verbose/-v``
(and ``--bank/-b`` of ``drex rt``). A command group built with :func:`shared_group` accepts them on
itself *and* on each of its commands, so ``drex rt --bank 11111111 mint ...``, ``drex rt mint ... --bank
11111111`` and ``drex --network local rd balance BANK_A`` all work; when an option is given at several
levels, the one closest to the command wins. Commands read the result with :func:`current`.

Defaults of ``--network`` and ``--manifest``, first found wins:

1. the flag;
2. the environment: ``DREX_NETWORK``, ``DREX_MANIFEST``;
3. ``drex.toml`` in the current directory or the nearest parent (``[defaults]`` table, read with
   ``tomllib``; a relative ``manifest`` is relative to that file)::

       [defaults]
       network = "local"
       manifest = "deployment.json"

4. built in: ``local`` and ``deployment.json``.

Only Typer and the standard library are imported here, so ``drex --help`` stays fast.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from drex.errors import DrexError

CONFIG_FILE = "drex.toml"
DEFAULT_NETWORK = "local"
DEFAULT_MANIFEST = "deployment.json"
ENV_NETWORK = "DREX_NETWORK"
ENV_MANIFEST = "DREX_MANIFEST"
CONFIG_KEYS = ("network", "manifest")

#: The option sets commands take.
CHAIN = ("network", "manifest", "json_out", "verbose")
SIGNING = (*CHAIN, "as_role", "keystore")
BANK = (*SIGNING, "bank")

_stash: ContextVar[dict[str, Any] | None] = ContextVar("drex_options", default=None)


def _declarations(
    network: Annotated[
        str | None,
        typer.Option(
            "--network",
            "-n",
            help=f"local, embedded or a JSON-RPC URL (env {ENV_NETWORK}, drex.toml; default local)",
        ),
    ] = None,
    manifest: Annotated[
        str | None,
        typer.Option(
            "--manifest",
            "-m",
            help=f"deployment manifest (env {ENV_MANIFEST}, drex.toml; default deployment.json)",
        ),
    ] = None,
    as_role: Annotated[
        str | None,
        typer.Option("--as", help="sign as this dev role (BCB, BANK_A, CUSTOMER_A1...), dev chains"),
    ] = None,
    keystore: Annotated[
        str | None,
        typer.Option(
            "--keystore", help="sign with this encrypted keystore (password: DREX_KEYSTORE_PASSWORD)"
        ),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="one JSON document on stdout, raw integers (centavos, seconds...)")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="also print each transaction: tx hash, block, gas")
    ] = False,
    bank: Annotated[
        str | None, typer.Option("--bank", "-b", help="the issuing bank: CNPJ8 or role (BANK_A)")
    ] = None,
) -> None:
    """Never called: its signature declares the shared options once, for Typer to turn into click ones."""


@cache
def _params() -> dict[str, Any]:
    probe = typer.Typer()
    probe.command()(_declarations)
    command = typer.main.get_command(probe)
    return {p.name: p for p in command.params if p.name}


def _stash_from(ctx: Any, names: tuple[str, ...]) -> None:
    store: dict[str, Any] = ctx.meta.setdefault("drex.options", {})
    if ctx.parent is None:
        store.clear()
    for name in names:
        value = ctx.params.pop(name, None)
        if value is not None and value is not False:
            store[name] = value
    _stash.set(store)


def shared_command(*names: str) -> type[typer.core.TyperCommand]:
    """A Typer command class that also takes the shared options ``names`` (for ``@app.command(cls=...)``)."""
    params = [_params()[n] for n in names]

    class SharedCommand(typer.core.TyperCommand):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.params.extend(params)

        def invoke(self, ctx: Any) -> Any:
            _stash_from(ctx, names)
            return super().invoke(ctx)

    return SharedCommand


def shared_group(*names: str, commands_too: bool = True) -> type[typer.core.TyperGroup]:
    """A Typer group class (``typer.Typer(cls=...)``) taking the shared options ``names`` itself and, with
    ``commands_too``, on each of its commands."""
    params = [_params()[n] for n in names]

    class SharedGroup(typer.core.TyperGroup):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.params.extend(params)
            if commands_too:
                for command in self.commands.values():
                    if not isinstance(command, typer.core.TyperGroup):
                        _inject(command, names)

        def invoke(self, ctx: Any) -> Any:
            _stash_from(ctx, names)
            return super().invoke(ctx)

    return SharedGroup


def _inject(command: Any, names: tuple[str, ...]) -> None:
    """Add the shared options to an already built command; its callback sees them stashed, not passed."""
    known = {p.name for p in command.params}
    command.params.extend(_params()[n] for n in names if n not in known)
    original = command.callback
    if original is None:
        return

    def callback(**kwargs: Any) -> Any:
        store: dict[str, Any] = _stash.get() or {}
        for name in names:
            value = kwargs.pop(name, None)
            if value is not None and value is not False:
                store[name] = value
        _stash.set(store)
        return original(**kwargs)

    command.callback = callback


# ------------------------------------------------------------------------------ resolution
@dataclass(frozen=True)
class Options:
    """The shared options of the running command, defaults resolved. ``sources`` says where ``network``
    and ``manifest`` came from: ``flag``, ``env``, the ``drex.toml`` path, or ``default``."""

    network: str
    manifest: Path
    as_role: str | None = None
    keystore: Path | None = None
    json: bool = False
    verbose: bool = False
    bank: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def find_config(start: Path | None = None) -> Path | None:
    """``drex.toml`` in ``start`` (default: the current directory) or its nearest parent holding one."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path) -> dict[str, str]:
    """The ``[defaults]`` of a ``drex.toml``; a relative ``manifest`` is made relative to the file."""
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DrexError(f"cannot read {path}: {exc}") from None
    defaults = data.get("defaults", {})
    unknown = sorted(set(data) - {"defaults"}) + sorted(set(defaults) - set(CONFIG_KEYS))
    if unknown or not isinstance(defaults, dict):
        raise DrexError(
            f"{path}: unknown setting {', '.join(unknown)}; [defaults] takes {', '.join(CONFIG_KEYS)}"
        )
    out: dict[str, str] = {}
    for key, value in defaults.items():
        if not isinstance(value, str) or not value:
            raise DrexError(f"{path}: [defaults] {key} must be a non-empty string")
        out[key] = value
    if "manifest" in out:
        out["manifest"] = str(path.parent / out["manifest"])
    return out


def _resolve(name: str, flag: str | None, env: str, builtin: str) -> tuple[str, str]:
    if flag:
        return flag, "flag"
    if os.environ.get(env):
        return os.environ[env], "env"
    config = find_config()
    if config is not None:
        value = read_config(config).get(name)
        if value:
            return value, str(config)
    return builtin, "default"


def current() -> Options:
    """The shared options of the running command (flag > environment > drex.toml > built-in default)."""
    given = _stash.get() or {}
    network, network_from = _resolve("network", given.get("network"), ENV_NETWORK, DEFAULT_NETWORK)
    manifest, manifest_from = _resolve("manifest", given.get("manifest"), ENV_MANIFEST, DEFAULT_MANIFEST)
    keystore = given.get("keystore")
    return Options(
        network=network,
        manifest=Path(manifest),
        as_role=given.get("as_role"),
        keystore=Path(keystore) if keystore else None,
        json=bool(given.get("json_out")),
        verbose=bool(given.get("verbose")),
        bank=given.get("bank"),
        sources={"network": network_from, "manifest": manifest_from},
    )
