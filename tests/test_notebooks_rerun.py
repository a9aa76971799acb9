"""Run All twice in one kernel: same outputs, no growth in threads, sockets or file descriptors,
loopback only.

Where nbval runs a notebook (make test), it runs it twice in its own kernel (nbval_twice.py) and
conftest.py leaves this test out for it; this one is for the runs without nbval, such as
`make test-helpers` on macOS and Windows, whose outputs differ from the stored (Linux) ones.
"""

import pytest

from notebook_tools import NOTEBOOKS, LiveNotebook, leftovers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_all_twice(path):
    with LiveNotebook(path) as live:
        first = live.run_all()
        after_first = live.probe()
        second = live.run_all()
        after_second = live.probe()
    for index, (a, b) in enumerate(zip(first, second), start=1):
        assert a == b, f"cell {index}: the second run differs"
    problems = leftovers(after_first, after_second)
    assert not problems, problems
