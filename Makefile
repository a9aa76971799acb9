# The two commands: `make lab` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/fr/*.ipynb))

.PHONY: lab test execute install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		(echo "Il faut Python 3.10 ou plus récent (PYTHON=$(PYTHON))." && exit 1)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/fr/00_bienvenue.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-execute every notebook in place, each in a fresh kernel, top to bottom.
execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=60 --ExecutePreprocessor.kernel_name=python3 $(NOTEBOOKS)

clean:
	rm -rf $(VENV)
