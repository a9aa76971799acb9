"""Folders private to this kernel, in the system's temporary folder.

They are removed when the kernel exits. A kernel that is killed runs no exit handler: its
folders are removed by the next kernel that asks for one (the folder's name carries the
process id, and that process no longer runs).
"""

import atexit
import os
import pathlib
import shutil
import tempfile

import psutil

PREFIX = "cours-sockets-"
_root = None


def kernel_folder(name):
    """The folder `name` of this kernel (made on first use, removed at exit)."""
    folder = _kernel_root() / name
    folder.mkdir(exist_ok=True)
    return str(folder)


def _kernel_root():
    global _root
    if _root is None or not _root.is_dir():
        remove_orphans()
        _root = pathlib.Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        atexit.register(shutil.rmtree, _root, True)
    return _root


def remove_orphans():
    """Remove the folders of this user's kernels that ended without removing them."""
    for folder in pathlib.Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        pid = folder.name[len(PREFIX):].split("-", 1)[0]
        try:
            mine = not hasattr(os, "getuid") or folder.stat().st_uid == os.getuid()
        except OSError:  # removed meanwhile
            continue
        if pid.isdigit() and mine and not psutil.pid_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
