# Shortcuts for the two set-up commands in the README.
.PHONY: run test bench lint bundle

run:
	scripts/bootstrap run

test:
	scripts/bootstrap test

bench:
	.venv/bin/python benchmarks/engine.py
	.venv/bin/python benchmarks/speech.py
	.venv/bin/python benchmarks/history.py

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

# The PyInstaller one-folder bundle in build/dist/supple/, smoke-tested (packaging/README.md).
bundle:
	scripts/bundle
