"""Kernel folders: private to a kernel, removed at its exit, or by the next one if it was killed."""

import os
import pathlib
import signal
import subprocess
import sys

import pytest

from helpers.core import folders


def run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30, cwd=pathlib.Path(__file__).parents[1])


MAKE = "from helpers.core.folders import kernel_folder; print(kernel_folder('tls'), flush=True)\n"


def test_a_kernel_folder_is_removed_at_exit():
    done = run(MAKE)
    assert done.returncode == 0, done.stderr
    folder = pathlib.Path(done.stdout.strip())
    assert folder.parent.name.startswith(folders.PREFIX)
    assert not folder.parent.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL: POSIX only")
def test_the_folder_of_a_killed_kernel_is_removed_by_the_next_one():
    done = run(MAKE + "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert done.returncode == -signal.SIGKILL
    orphan = pathlib.Path(done.stdout.strip()).parent
    assert orphan.is_dir()  # no exit handler ran
    mine = pathlib.Path(folders.kernel_folder("essai")).parent
    folders.remove_orphans()
    assert not orphan.exists()
    assert mine.is_dir(), "the folder of a running process stays"


def test_folders_of_other_names_are_left_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(folders.tempfile, "gettempdir", lambda: str(tmp_path))
    kept = [tmp_path / f"{folders.PREFIX}tests-abc", tmp_path / "cours-tls-xyz",
            tmp_path / f"{folders.PREFIX}{os.getpid()}-abc"]
    for folder in kept:
        folder.mkdir()
    folders.remove_orphans()
    assert all(folder.is_dir() for folder in kept)
