"""The four designs of notebook 09, the load generator and its picture."""

import re
import socket

import pytest

from helpers import DESIGNS, load_chart, measure_load, start_design


@pytest.mark.parametrize("design", DESIGNS)
def test_each_design_echoes_a_line_and_stops_promptly(no_leak, design):
    with start_design(design) as server:
        with socket.create_connection(server.address, timeout=2) as client:
            client.sendall(b"une ligne\n")
            reply = b""
            while chunk := client.recv(100):
                reply += chunk
        assert reply == b"une ligne\n"
        assert server.running
    assert not server.running


def test_an_unknown_design_is_named_in_french():
    with pytest.raises(ValueError, match="design inconnu : 'forké'"):
        start_design("forké")


@pytest.mark.parametrize("design, waits", [("itératif", True), ("selectors", False),
                                           ("asyncio", False), ("un thread par client", False)])
def test_only_the_iterative_server_makes_fast_clients_wait(no_leak, design, waits):
    with start_design(design) as server:
        load = measure_load(server, 40, slow_every=10, slow_delay=0.5, deadline=2.0,
                            design=design)
    assert (load.fast, load.served) == (36, 36), load
    # 36 fast clients; behind the first slow one (the 10th), the iterative server serves
    # nobody until it sends: 27 of them at least have waited. The margins leave room for a
    # loaded machine: the other designs need not answer fast, only before 0.4 s.
    assert (load.waited >= 27) if waits else (load.waited <= 9), load
    assert load.median_ms >= 400 if waits else load.median_ms < 400, load
    assert load.threads == 0 or design == "un thread par client", load


def test_a_run_is_bounded_by_its_deadline(no_leak):
    def mute(conn, address):  # reads until the client leaves, answers nothing
        conn.settimeout(5)
        while conn.recv(100):
            pass
    from helpers import start_tcp_server
    with start_tcp_server("muet", mute, show=False) as server:
        load = measure_load(server, 5, deadline=0.3, design="muet")
    assert load.served == 0 and 0.3 <= load.seconds < 0.6, load


def test_the_picture_says_its_numbers_in_words(no_leak):
    with start_design("selectors") as server:
        loads = [measure_load(server, n, design="selectors") for n in (1, 10)]
    svg = load_chart(loads, ["selectors"]).to_svg()
    desc = re.search(r"<desc[^>]*>(.*)</desc>", svg).group(1)
    for load in loads:
        assert f"selectors {load.median_ms:.0f} ms" in desc
        assert f">{load.median_ms:.0f}<" in svg or load.median_ms < 1
    assert "Avec 1 client :" in desc and "Avec 10 clients :" in desc
