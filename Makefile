# Shortcuts for the two set-up commands in the README.
.PHONY: run test bench lint bundle

run:
	scripts/bootstrap run

test:
	scripts/bootstrap test

# Every benchmark, each a module printing JSON (docs/benchmarks.md); hours in all, most of them
# cues_realtime's sessions (every routine, level and hold in real time, through PulseAudio).
# first_paint.py is startup's child, run by it. The start-up figures are taken under Xvfb when
# xvfb-run is installed, else offscreen.
XVFB := $(if $(shell command -v xvfb-run),xvfb-run -a -s "-screen 0 1280x800x24")

bench:
	.venv/bin/python -m benchmarks.engine
	.venv/bin/python -m benchmarks.content
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.figure
	.venv/bin/python -m benchmarks.history
	.venv/bin/python -m benchmarks.speech
	$(XVFB) .venv/bin/python -m benchmarks.startup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.tray
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.media
	$(XVFB) .venv/bin/python -m benchmarks.reminder_checks
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.cues_realtime

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

# The PyInstaller one-folder bundle in build/dist/supple/, smoke-tested (packaging/README.md).
bundle:
	scripts/bundle
