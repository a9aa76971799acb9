import os
import threading

import psutil
import pytest

from helpers.core import servers


@pytest.fixture
def no_leak():
    """Fails the test if it leaves a thread or an inet socket open."""
    servers.stop_all()
    threads_before = threading.active_count()
    sockets_before = len(psutil.Process().net_connections(kind="inet"))
    yield
    servers.stop_all()
    assert threading.active_count() == threads_before, threading.enumerate()
    leftover = [c for c in psutil.Process().net_connections(kind="inet")]
    assert len(leftover) == sockets_before, leftover


# The browser test has its own command (`make test-browser`): it needs Chromium.
collect_ignore = [] if os.environ.get("COURSE_BROWSER_TEST") else ["browser"]
