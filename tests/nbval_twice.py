"""nbval's notebooks, each run twice in its one kernel (conftest.py puts this collector in
place of nbval's).

Run All again must give the same outputs, that is the stored ones again, and leave no more
threads, sockets or file descriptors open than after the first run; nothing may listen beyond
loopback. One kernel and three runs per notebook (the stored outputs, two executions) instead
of the two kernels that nbval and tests/test_notebooks_rerun.py would start apart.
"""

import copy

import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

from notebook_tools import PROBE, leftovers, read_probe


class TwiceNbFile(IPyNbFile):
    def setup(self):
        for attempt in (1, 2):  # jupyter_client's port race: a kernel may die at birth, once
            try:
                return super().setup()
            except RuntimeError:  # "Kernel died before replying to kernel_info"
                if attempt == 2:
                    raise

    def collect(self):
        first = list(super().collect())
        yield from first
        yield KernelState.from_parent(self, name="state after run 1")
        for cell in first:  # a copy: nbval merges the stored stream outputs in place
            yield IPyNbCell.from_parent(self, name=f"{cell.name}, run 2", cell_num=cell.cell_num,
                                        cell=copy.deepcopy(cell.cell), options=cell.options)
        yield KernelState.from_parent(self, name="state after run 2: nothing more left open")


class KernelState(pytest.Item):
    """Threads, sockets, fds and listening addresses of the notebook's kernel, now; the second
    one compares with the first."""

    def runtest(self):
        kernel = self.parent.kernel
        if kernel is None or not kernel.is_alive():
            pytest.fail("the notebook's kernel is not running")
        msg_id = kernel.execute_cell_input(PROBE, allow_stdin=False)
        kernel.await_reply(msg_id, timeout=30)
        printed = ""
        while True:
            msg = kernel.get_message("iopub", timeout=30)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                printed += msg["content"]["text"]
            elif msg["msg_type"] == "error":
                pytest.fail(f"the probe failed: {msg['content']['ename']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        state = read_probe(printed)
        states = self.parent.__dict__.setdefault("_states", [])
        states.append(state)
        if len(states) == 2:
            problems = leftovers(*states)
            if problems:
                pytest.fail("; ".join(problems), pytrace=False)

    def reportinfo(self):
        return self.path, 0, f"{self.path.name}: {self.name}"
