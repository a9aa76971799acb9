"""The learner presses ■ (interrupt) or restarts the kernel: nothing hangs, nothing is left."""

import socket
import threading
import time

import psutil
import pytest
from jupyter_client.manager import start_new_kernel

SERVER = """
import socket
from helpers import start_server, start_tcp_server

def silent():  # accepts, then never answers
    listener = socket.create_server(("127.0.0.1", 0))
    kept = []
    while True:
        kept.append(listener.accept()[0])

mute = start_server("muet", silent, show=False)
echo = start_tcp_server("écho", lambda c, a: c.sendall(c.recv(100)), show=False)
print(mute.port, echo.port)
"""
WAIT_ON_NETWORK = """
client = socket.create_connection(mute.address, timeout=60)
client.recv(10)
"""
STILL_USABLE = """
with socket.create_connection(echo.address, timeout=5) as c:
    c.sendall(b"encore")
    print(c.recv(100).decode())
"""


def run(kc, code, timeout=20):
    """Execute `code`; return (status, stdout, error name)."""
    msg_id = kc.execute(code)
    out, error = "", None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream" and content["name"] == "stdout":
            out += content["text"]
        elif kind == "error":
            error = content["ename"]
        elif kind == "status" and content["execution_state"] == "idle":
            return out, error


@pytest.fixture
def kernel():
    try:
        km, kc = start_new_kernel(kernel_name="python3")
    except Exception:  # jupyter_client's known race on kernel ports (ZMQError, RuntimeError): once more
        km, kc = start_new_kernel(kernel_name="python3")
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_interrupt_returns_promptly_and_the_notebook_stays_usable(kernel):
    km, kc = kernel
    out, _ = run(kc, SERVER)
    mute_port = int(out.split()[0])
    msg_id = kc.execute(WAIT_ON_NETWORK)
    kernel = psutil.Process(km.provisioner.pid)
    for _ in range(200):  # until the cell's client is connected (then it waits in recv)
        if any(c.raddr and c.raddr.port == mute_port for c in kernel.net_connections("tcp")):
            break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the client cell never connected")
    started = time.perf_counter()
    km.interrupt_kernel()
    error = None
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            error = msg["content"]["ename"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    assert error == "KeyboardInterrupt"
    assert time.perf_counter() - started < 2
    assert run(kc, STILL_USABLE) == ("encore\n", None)


def test_restart_leaves_nothing_behind(kernel):
    km, kc = kernel
    out, _ = run(kc, SERVER)
    ports = [int(p) for p in out.split()]
    old_pid = km.provisioner.pid
    km.restart_kernel(now=False)  # graceful, as the Restart menu
    kc.wait_for_ready(timeout=30)
    assert not psutil.pid_exists(old_pid) or psutil.Process(old_pid).status() == "zombie"
    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2)
    out, _ = run(kc, SERVER)  # and the same cells run again at once
    assert len(out.split()) == 2
