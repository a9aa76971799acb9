# The two commands: `make lab` and `make test`. Both set everything up first.
VENV := .venv
ifeq ($(OS),Windows_NT)
PYTHON ?= python
BIN := $(VENV)/Scripts
else
PYTHON ?= python3
BIN := $(VENV)/bin
endif
# JupyterLab refuses to run as root unless told (containers, CI).
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
STAMP := $(VENV)/.installed-stamp
# uv installs into .venv what pip would, about three times faster. Bytecode: Python writes it
# as modules are first imported (only those, 4 s instead of 15 s at install), so the project's
# commands let it even where PYTHONDONTWRITEBYTECODE is set: the ~40 Python processes of a test
# run would otherwise each compile Jupyter and the helpers again. uv-excludes.txt: see there.
unexport PYTHONDONTWRITEBYTECODE
INSTALL := $(BIN)/python -m uv pip install --quiet --excludes uv-excludes.txt \
	--python $(BIN)/python
# Imported once after the install, so that Python writes their bytecode now (2.5 s, the two
# lists side by side), rather than eight test workers and a dozen kernels each compiling them
# at once on the first run (20 s).
WARM_TESTS := nbval.plugin, nbclient, xdist, psutil
WARM_KERNELS := ipykernel.ipkernel, ipywidgets, twisted.internet.reactor, OpenSSL.SSL, trustme, \
	aiosmtpd.controller, pyftpdlib.servers, telnetlib3, helpers.core.servers, \
	helpers.exercises.framework, helpers.widgets.console
BROWSER_STAMP := $(VENV)/.browser-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/fr/*.ipynb))
# Eight workers, even on two cores: most tests wait (for a timeout, a kernel, a client) rather
# than compute (pytest here: 5 workers 82 s, 6: 71–78 s, 8: 62–70 s, 10: 65 s). A notebook's
# cells stay in one worker, one kernel (conftest.py's groups).
# Tests that measure time run afterwards, alone, so that a busy neighbour cannot fail them.
WORKERS := -n 8 --dist loadgroup
PYTEST_PARALLEL := $(WORKERS) -m "not timing"
PYTEST_TIMING := -p no:xdist -m timing

.PHONY: lab test test-helpers test-lowest test-browser execute site install clean classroom \
	test-classroom

install: $(STAMP)

# Re-created when pyproject.toml changes, or when .venv exists but has no Python (broken).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		(echo "Il faut Python 3.10 ou plus récent (PYTHON=$(PYTHON))." && exit 1)
	@test -x $(BIN)/python || (rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV))
	@# uv into .venv with this Python's own pip (4 s sooner than a pip inside .venv); a Python
	@# without pip, or with one older than 22.3 (no --python), gets one in .venv instead.
	$(PYTHON) -m pip --python $(BIN)/python install --quiet 'uv>=0.13' || \
		($(BIN)/python -m ensurepip --default-pip && \
		 $(BIN)/python -m pip install --quiet 'uv>=0.13')
	$(INSTALL) -e '.[test]'
	$(BIN)/python -c "import $(WARM_TESTS)" & $(BIN)/python -c "import $(WARM_KERNELS)" && \
		wait $$!
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ROOT) notebooks/fr/00_bienvenue.ipynb

test: $(STAMP)
	$(BIN)/python -m ruff check helpers tests site conftest.py
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)
	$(BIN)/python -m pytest $(PYTEST_TIMING)

# macOS and Windows: everything but the comparison with the stored (Linux) outputs.
test-helpers: $(STAMP)
	$(BIN)/python -m pytest tests -o addopts="-p no:cacheprovider" -m "not stored_outputs" $(WORKERS)

# The lowest versions pyproject.toml allows (uv resolves them), in a venv of their own.
test-lowest:
	$(PYTHON) -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install --quiet 'uv>=0.13'
	.venv-lowest/bin/python -m uv pip install --quiet --excludes uv-excludes.txt \
		--python .venv-lowest/bin/python \
		--resolution lowest-direct -e '.[test]'
	.venv-lowest/bin/python -m pytest $(PYTEST_PARALLEL)
	.venv-lowest/bin/python -m pytest $(PYTEST_TIMING)

# The course in headless Chromium (Debian's `chromium`; Playwright drives it). Two workers,
# each with its own JupyterLab and Chromium; a notebook is one test, so any split is fine.
test-browser: $(BROWSER_STAMP)
	COURSE_BROWSER_TEST=1 $(BIN)/python -m pytest -n 2 --dist load tests/browser

$(BROWSER_STAMP): $(STAMP) tests/browser/package-lock.json
	$(INSTALL) -e '.[test,browser]'
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $(BROWSER_STAMP)

# The course as a static site, from the stored notebooks: build/site/index.html
site: $(STAMP)
	$(BIN)/python -m sphinx -q -W --keep-going -b html site build/site

# Re-execute every notebook in place, each in a fresh kernel, top to bottom.
execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=60 --ExecutePreprocessor.kernel_name=python3 \
		--ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

clean:
	rm -rf $(VENV) .venv-lowest classroom/node_modules

# A local JupyterHub for a demo or a lab room (loopback; see the README's teacher section).
# Its proxy comes from the npm registry, pinned in classroom/package-lock.json.
CLASSROOM_STAMP := $(VENV)/.classroom-stamp
CLASSROOM_LEARNERS ?= 10

# Bytecode compiled ahead: learners' servers may run as users who cannot write into .venv or
# helpers/, and each of their kernels would compile Jupyter again.
$(CLASSROOM_STAMP): $(STAMP) classroom/package-lock.json
	$(INSTALL) -e '.[test,classroom]'
	$(BIN)/python -m compileall -q -j 0 $(VENV) helpers
	npm ci --prefix classroom --no-audit --no-fund
	touch $(CLASSROOM_STAMP)

classroom: $(CLASSROOM_STAMP)
	$(BIN)/jupyterhub -f classroom/jupyterhub_config.py

# The load test: CLASSROOM_LEARNERS learners (10; try 30) on a real hub at the same time,
# running 00–04; then 05–11, each in four kernels at once.
test-classroom: $(CLASSROOM_STAMP)
	COURSE_CLASSROOM_TEST=1 CLASSROOM_LEARNERS=$(CLASSROOM_LEARNERS) \
		$(BIN)/python -m pytest -p no:xdist -s tests/classroom
