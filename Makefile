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
	$(PY) -m pip install --quiet --no-warn-script-location -e '.[dev,test,dask]'
	@touch $(STAMP)

install: $(STAMP)

figures: $(STAMP)
	MPLBACKEND=Agg $(PY) -m analysis figures

test: $(STAMP)
	MPLBACKEND=Agg $(PY) -m pytest

# The kernel name and display name are the notebooks' metadata (analysis/run_notebooks.py KERNEL_NAME),
# so opening a notebook changes nothing. Root (a container, CI) needs --allow-root; the kernel's
# connection is encrypted (CurveZMQ) so it does not warn about plain TCP.
lab: $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name reasoning-token-efficiency --display-name "Python (reasoning-token-efficiency)"
	$(PY) -m jupyterlab notebooks/ --KernelManager.transport_encryption=auto $$(test "$$(id -u)" = 0 && echo --allow-root)

bench: $(STAMP)
	$(PY) -m benchmarks

clean-venv:
	rm -rf $(VENV)
