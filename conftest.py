"""How the tests are collected and grouped, kept in one place.

- nbval's notebooks run twice in their kernel (tests/nbval_twice.py); the standalone Run-All-twice
  test of a notebook is then left out (it would start a kernel to do the same again).

- stored_outputs: compares against the outputs stored in the notebooks, which are Linux's
  (macOS and Windows differ in constants and error texts): `make test-helpers` leaves them out.
- xdist_group: a notebook's cells run in order in one kernel, so in one worker
  (`--dist loadgroup`); the site tests share one build, so one worker too; the classroom
  tests (four kernels each) one after the other, so that the machine is never asked for more
  than four kernels of theirs at once; every other test may go to any worker. The notebooks
  and the site go first: a long group that starts last would finish last, alone.
"""

import re

import pytest

_STORED_OUTPUTS = ("test_kernels_at_once.py",)


@pytest.hookimpl(hookwrapper=True)
def pytest_collect_file(file_path, parent):
    """nbval's collector for a notebook, replaced by the one that runs it twice."""
    outcome = yield
    from nbval.plugin import IPyNbFile
    from nbval_twice import TwiceNbFile
    found = outcome.get_result()
    if any(type(node) is IPyNbFile for node in found):
        outcome.force_result([TwiceNbFile.from_parent(parent, path=file_path)
                              if type(node) is IPyNbFile else node for node in found])


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")  # after -m and -k
def pytest_collection_modifyitems_reruns(config, items):
    twice = {item.path.name for item in items if item.name.endswith(", run 2")}
    apart = [item for item in items if item.path.name == "test_notebooks_rerun.py"
             and item.callspec.params["path"].name in twice]
    if apart:
        config.hook.pytest_deselected(items=apart)
        items[:] = [item for item in items if item not in apart]


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    grouped = config.pluginmanager.hasplugin("xdist")  # its mark is unknown without it
    for item in items:
        if item.path.suffix == ".ipynb" or item.path.name in _STORED_OUTPUTS:
            item.add_marker(pytest.mark.stored_outputs)
        if not grouped:
            continue
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
        elif item.path.name == "test_kernels_at_once.py":
            item.add_marker(pytest.mark.xdist_group("classroom"))
        elif item.path.parent.name == "site":
            item.add_marker(pytest.mark.xdist_group("site"))
    if grouped:  # the long groups first (a notebook, the site build), the short tests after
        items.sort(key=lambda item: (item.path.suffix != ".ipynb", item.path.parent.name != "site"))


def _groups_are_honoured(config):
    """xdist marks a grouped test by "@group" at the end of its id; pytest 9.2 drops it silently
    (pytest-xdist issue 1386, xdist 3.8 and older), and a notebook's cells then run in several
    kernels. Said before any test runs, on the controller."""
    from importlib.metadata import version
    def release(name):
        return tuple(int(part) for part in re.findall(r"\d+", version(name))[:3])
    if (config.getoption("dist", "no") == "loadgroup" and release("pytest") >= (9, 2)
            and release("pytest-xdist") <= (3, 8, 0)):
        raise pytest.UsageError(
            f"pytest {version('pytest')} with pytest-xdist {version('pytest-xdist')} ignores "
            "the groups of --dist loadgroup: a notebook's cells would run in several kernels. "
            "Install the versions pyproject.toml allows (make install).")


def pytest_configure(config):
    _groups_are_honoured(config)
    # Progress files of the tests' check() calls go to a folder of their own, not the user's,
    # removed by the process that made it (the workers inherit it).
    import os
    import shutil
    import tempfile
    if "COURS_SOCKETS_DATA" not in os.environ:
        folder = tempfile.mkdtemp(prefix="cours-sockets-tests-")
        os.environ["COURS_SOCKETS_DATA"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
