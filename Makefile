# The two commands a new user types (see README.md):
#   make figures   regenerate every figure in figures/ from the bundled data
#   make test      run the test suite
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: figures test lab bench install clean-venv

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-warn-script-location -e '.[dev,dask]'
	@touch $(STAMP)

install: $(STAMP)

figures: $(STAMP)
	MPLBACKEND=Agg $(PY) -m analysis figures

test: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest

lab: $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name reasoning-token-efficiency --display-name "Python (reasoning-token-efficiency)"
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) -m benchmarks

clean-venv:
	rm -rf $(VENV)
