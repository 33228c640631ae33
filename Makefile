# The two commands of the README: `make demo` (main job) and `make test` (whole suite).
# Both install what is missing first (scripts/bootstrap.sh is idempotent) and compile the contracts
# explicitly (`drex build`, a no-op when current): nothing compiles at run time.
.PHONY: demo test bootstrap lint bench slither
VENV := .venv/bin

bootstrap:
	@scripts/bootstrap.sh

demo: bootstrap
	@$(VENV)/drex build
	@$(VENV)/drex demo

test: bootstrap
	@scripts/bootstrap-system.sh
	@scripts/bootstrap-ape.sh
	@scripts/bootstrap-slither.sh
	@$(VENV)/ruff check python tests scripts
	@$(VENV)/mypy
	@scripts/slither.sh
	@$(VENV)/drex build
	@$(VENV)/python -m pytest -n 2 --dist loadgroup --durations=25

lint: bootstrap
	@$(VENV)/ruff check python tests scripts
	@$(VENV)/mypy

bench: bootstrap
	@$(VENV)/drex build
	@$(VENV)/drex bench

slither: bootstrap
	@scripts/bootstrap-slither.sh
	@scripts/slither.sh
