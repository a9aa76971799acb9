"""A classroom on one host (make test-classroom): notebooks 05–11 run in several kernels at
the same moment; 00–04 run in ten learners' servers at once on the hub (test_hub.py).

Each kernel must produce exactly the stored outputs: a port collision would raise
"Address already in use", and one learner's client reaching another learner's server
would show up in a server terminal (a line too many, or missing).
Skipped without COURSE_CLASSROOM_TEST=1: four kernels per notebook cost about as much CPU
as the rest of make test.
"""

import asyncio
import os
import time

import nbformat
import pytest

if not os.environ.get("COURSE_CLASSROOM_TEST"):
    pytest.skip("classroom test: run make test-classroom", allow_module_level=True)
from nbclient import NotebookClient  # noqa: E402

from notebook_tools import HUB_NOTEBOOKS, NOTEBOOKS, code_cells, visible_outputs  # noqa: E402

KERNELS = 4


async def _run_together(path, count):
    clients = []
    for _ in range(count):
        nb = nbformat.read(path, as_version=4)
        clients.append(NotebookClient(nb, timeout=60, kernel_name="python3",
                                      resources={"metadata": {"path": str(path.parent)}}))
    await asyncio.gather(*(client.async_execute() for client in clients))
    return [client.nb for client in clients]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p not in HUB_NOTEBOOKS],
                         ids=lambda p: p.name)
def test_many_learners_at_once(path):
    stored = [visible_outputs(c) for c in code_cells(nbformat.read(path, as_version=4))]
    started = time.perf_counter()
    try:
        results = asyncio.run(_run_together(path, KERNELS))
    except RuntimeError as error:  # jupyter_client's port race: a kernel died at birth
        if "Kernel died" not in str(error):
            raise
        results = asyncio.run(_run_together(path, KERNELS))  # once more, all four again
    elapsed = time.perf_counter() - started
    for learner, nb in enumerate(results, start=1):
        for index, (got, want) in enumerate(zip(map(visible_outputs, code_cells(nb)), stored), 1):
            assert got == want, f"learner {learner}, cell {index}"
    print(f"{path.name}: {KERNELS} noyaux en même temps, {elapsed:.1f} s")
