"""Run All twice in one kernel: same outputs, no growth in threads, sockets or file descriptors,
loopback only."""

import ipaddress

import pytest

from notebook_tools import NOTEBOOKS, LiveNotebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_all_twice(path):
    with LiveNotebook(path) as live:
        first = live.run_all()
        after_first = live.probe()
        second = live.run_all()
        after_second = live.probe()
    for index, (a, b) in enumerate(zip(first, second), start=1):
        assert a == b, f"cell {index}: the second run differs"
    assert after_second["threads"] == after_first["threads"], (after_first, after_second)
    assert after_second["sockets"] == after_first["sockets"], (after_first, after_second)
    assert after_second["fds"] <= after_first["fds"], (after_first, after_second)
    for ip in after_second["listening"]:
        assert ipaddress.ip_address(ip).is_loopback, f"listens on {ip}"
