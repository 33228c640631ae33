# The two commands of the README: `make demo` (main job) and `make test` (whole suite).
# Both install what is missing first (scripts/bootstrap.sh is idempotent).
.PHONY: demo test bootstrap lint bench
VENV := .venv/bin

bootstrap:
	@scripts/bootstrap.sh

demo: bootstrap
	@$(VENV)/drex demo

test: bootstrap
	@scripts/bootstrap-ape.sh
	@$(VENV)/ruff check python tests scripts
	@$(VENV)/mypy
	@$(VENV)/python -m pytest -n 2 --dist loadgroup

lint: bootstrap
	@$(VENV)/ruff check python tests scripts
	@$(VENV)/mypy

bench: bootstrap
	@$(VENV)/drex bench
