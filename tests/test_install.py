"""What `make install` leaves out (uv-excludes.txt) stays out, and nothing needs it."""

import importlib.util
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXCLUDED = [line.strip() for line in (ROOT / "uv-excludes.txt").read_text().splitlines()
            if line.strip() and not line.startswith("#")]
BY_MAKE = (pathlib.Path(sys.prefix) / ".installed-stamp").exists()


@pytest.mark.skipif(not BY_MAKE, reason="this environment was not installed by make")
@pytest.mark.parametrize("package", EXCLUDED)
def test_what_the_install_leaves_out_is_absent(package):
    assert importlib.util.find_spec(package.replace("-", "_")) is None, (
        f"{package} is installed: every process that imports nbformat pays for it "
        "(see uv-excludes.txt)")


def test_jupyter_starts_and_validates_notebooks_without_them():
    code = ("import sys, nbformat, jupyter_server.serverapp, jupyter_events.validators; "
            "nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); "
            "print(sorted(m for m in sys.modules if m.startswith('rfc3987_syntax')))")
    notebook = str(sorted((ROOT / "notebooks" / "fr").glob("*.ipynb"))[0])
    done = subprocess.run([sys.executable, "-c", code, notebook], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    if BY_MAKE:
        assert done.stdout.strip() == "[]"
