"""The second run that nbval makes of each notebook (nbval_twice.py) fails where it must: an
output that changes on the second run, a thread or a socket left behind, a listener beyond
loopback. Each case runs pytest on a small notebook of its own."""

import os
import subprocess
import sys

import nbformat
from notebook_tools import ROOT, leftovers

STATE = {"threads": 3, "sockets": 1, "fds": 40, "listening": ["127.0.0.1"]}


def test_leftovers_names_what_grew_and_what_listens_beyond_loopback():
    assert leftovers(STATE, STATE) == []
    assert leftovers(STATE, dict(STATE, fds=38)) == []
    assert leftovers(STATE, dict(STATE, threads=4)) == ["threads: 3 after run 1, 4 after run 2"]
    assert leftovers(STATE, dict(STATE, sockets=2, fds=41)) == [
        "sockets: 1 after run 1, 2 after run 2", "fds: 40 after run 1, 41 after run 2"]
    assert leftovers(STATE, dict(STATE, listening=["0.0.0.0"])) == ["listens on 0.0.0.0"]


CELLS = [  # (source, what run 1 prints: the stored output)
    ("try:\n    n += 1\nexcept NameError:\n    n = 0\nprint(n)", "0\n"),  # 1 the second time
    ("import threading\nthreading.Thread(target=threading.Event().wait, daemon=True).start()",
     None),  # one more thread each run
    ("import socket\nkept = globals().setdefault('kept', [])\n"
     "kept.append(socket.create_server(('127.0.0.1', 0)))", None),  # one more socket each run
    ("print(6 * 7)", "42\n"),  # the same each time
]


def test_the_second_run_fails_on_a_changed_output_and_on_what_is_left_open(tmp_path):
    cells = []
    for count, (source, printed) in enumerate(CELLS, start=1):
        cell = nbformat.v4.new_code_cell(source, execution_count=count)
        if printed:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printed)]
        cells.append(cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, tmp_path / "essai.ipynb")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "conftest",
                           "-p", "no:cacheprovider", "--nbval", "-rA", "--color=no",
                           f"--rootdir={tmp_path}", "essai.ipynb"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    report = done.stdout
    failed = sorted(line.split("::")[1].split(" - ")[0] for line in report.splitlines()
                    if line.startswith("FAILED"))
    assert failed == ["Cell 0, run 2", "state after run 2: nothing more left open"], report
    assert "threads: " in report and "sockets: " in report, report
    assert "PASSED essai.ipynb::Cell 3, run 2" in report, report
    assert "PASSED essai.ipynb::state after run 1" in report, report
