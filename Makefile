# The two commands of the README: `make demo` (the main job on the embedded demo inventory)
# and `make test`. Both set the machine up first (scripts/bootstrap.sh, idempotent).
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE :=
export IPYTHONDIR := $(CURDIR)/.work/ipython
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.work/jupyter-runtime
export JUPYTER_DATA_DIR := $(CURDIR)/.work/jupyter-data
export JUPYTER_CONFIG_DIR := $(CURDIR)/.work/jupyter-config

.PHONY: setup demo compile test test-fast review lab bench bench-bonsai-env lint clean

.venv/.installed: requirements.lock pyproject.toml scripts/bootstrap.sh
	./scripts/bootstrap.sh

setup: .venv/.installed

demo: .venv/.installed
	.venv/bin/ghgi run demo/demoland

compile: .venv/.installed
	.venv/bin/ghgi compile demo/demoland

test: .venv/.installed
	GHGI_TEST_TIER=full $(PY) -m pytest -q

test-fast: .venv/.installed
	$(PY) -m pytest -q -m "not slow" -n auto --dist loadgroup

review: .venv/.installed
	.venv/bin/ghgi review

lab: .venv/.installed
	.venv/bin/ghgi lab demo/demoland

bench: .venv/.installed
	$(PY) benchmarks/run_all.py

# bonsai-ipcc for benchmarks/bench_bonsai.py, in its own venv: its dependencies pin numpy<2 and
# pandas<3, which would downgrade the workbench's .venv
UV ?= $(shell command -v uv || echo $(HOME)/.local/bin/uv)
bench-bonsai-env:
	$(UV) venv --quiet --python 3.11 .venv-bonsai
	$(UV) pip install --quiet --python .venv-bonsai/bin/python --compile-bytecode "bonsai-ipcc>=0.5"

lint: .venv/.installed
	$(PY) -m ruff check inventory sectors provincial timely validation tests benchmarks

clean:
	rm -rf .work .pytest_cache
