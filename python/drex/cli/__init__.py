"""CLI: the ``drex`` console script (``drex.cli.main``) and each domain's command group."""
