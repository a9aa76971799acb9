"""Test markers that depend on where a test file is, kept in one place.

- stored_outputs: compares against the outputs stored in the notebooks, which are Linux's
  (macOS and Windows differ in constants and error texts): `make test-helpers` leaves them out.
"""

import pytest

_STORED_OUTPUTS = ("test_classroom.py",)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb" or item.path.name in _STORED_OUTPUTS:
            item.add_marker(pytest.mark.stored_outputs)


def pytest_configure(config):
    # Progress files of the tests' check() calls go to a folder of their own, not the user's.
    import os
    import tempfile
    os.environ.setdefault("COURS_SOCKETS_DATA", tempfile.mkdtemp(prefix="cours-sockets-tests-"))
