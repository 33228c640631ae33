"""Mounting each domain's command group on the ``drex`` app.

Each domain keeps its commands in its own module of ``drex.cli`` exposing ``typer.Typer`` objects;
this table says which object is mounted under which name. An object that is a plain function is mounted as
a single top-level command (``drex history ADDRESS``) rather than a group. Those modules import only Typer
at module level, so mounting them keeps ``drex --help`` fast.
"""

from __future__ import annotations

import importlib

import typer

#: (module, attribute, command name) of every command group.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("drex.cli.node", "node_app", "node"),
    ("drex.cli.besu", "chain_app", "chain"),
    ("drex.cli.besu", "perm_app", "perm"),
    ("drex.cli.besu", "validators_app", "validators"),
    ("drex.cli.money", "rd_app", "rd"),
    ("drex.cli.money", "rt_app", "rt"),
    ("drex.cli.money", "swap_app", "swap"),
    ("drex.cli.keys", "keys_app", "keys"),
    ("drex.cli.tpft", "tpft_app", "tpft"),
    ("drex.cli.bench", "bench_app", "bench"),
    ("drex.cli.private_ops", "private_app", "private"),
    ("drex.cli.history", "history", "history"),
    ("drex.cli.compliance", "compliance_app", "compliance"),
    ("drex.cli.index", "index_app", "index"),
    ("drex.cli.audit", "audit_app", "audit"),
    ("drex.cli.oracle", "oracle_app", "oracle"),
)


def mount(app: typer.Typer) -> None:
    for module_name, attr, name in GROUPS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # that domain's commands are not part of this checkout
            raise
        group = getattr(module, attr, None)
        if isinstance(group, typer.Typer):
            app.add_typer(group, name=name)
        elif callable(group):
            from drex.cli.options import CHAIN, shared_command

            app.command(name=name, cls=shared_command(*CHAIN))(group)
