"""The getaddrinfo explorer: driven headless, loopback names only, French messages on bad input."""

import re
import socket
from html import escape

import pytest

from helpers.widgets import explorer
from helpers.widgets.explorer import Explorer, addrinfo_table


def test_table_for_loopback_names():
    text = repr(addrinfo_table("127.0.0.1", "80", socket.AF_INET, socket.SOCK_STREAM))
    assert text.splitlines()[1].split() == ["AF_INET", "SOCK_STREAM", "6", "''",
                                            "('127.0.0.1',", "80)"]
    assert text.endswith("1 résultat(s)")
    html = addrinfo_table("::1", 80, socket.AF_INET6, socket.SOCK_DGRAM)._repr_html_()
    assert re.search(r"<code>AF_INET6</code></t[hd]><td style='[^']*'><code>SOCK_DGRAM</code>", html)
    assert "(&#x27;::1&#x27;, 80, 0, 0)" in html


def test_service_name_and_no_port():
    assert "('127.0.0.1', 80)" in repr(addrinfo_table("127.0.0.1", "http", socket.AF_INET,
                                                      socket.SOCK_STREAM))
    assert "('127.0.0.1', 0)" in repr(addrinfo_table("localhost", "", socket.AF_INET,
                                                     socket.SOCK_STREAM))


@pytest.mark.parametrize("host, port, family, message", [
    ("", "80", 0, "Indiquez un hôte"),
    ("127.0.0.1", "70000", 0, "Le port « 70000 » n'est pas valable"),
    ("127.0.0.1", "8 0", 0, "Le port « 8 0 » n'est pas valable"),
    ("127.0.0.1", "pasunservice", 0, "Le port « pasunservice » n'est ni un nombre ni un service"),
    ("::1", "80", socket.AF_INET, "L'hôte « ::1 » n'a pas d'adresse dans la famille demandée."),
])
def test_bad_input_gets_a_french_message(host, port, family, message):
    table = addrinfo_table(host, port, family, socket.SOCK_STREAM)
    assert repr(table).startswith(message)
    assert "Traceback" not in table._repr_html_() and escape(message) in table._repr_html_()


def test_unknown_host_message(monkeypatch):
    def unknown(*args):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(explorer.socket, "getaddrinfo", unknown)
    assert repr(addrinfo_table("serveur-inconnu", "80")) == (
        "Impossible de trouver l'hôte « serveur-inconnu » : vérifiez son orthographe.")


def test_widget_headless_set_click_read():
    widget = Explorer()
    assert "('127.0.0.1', 80)" in widget.result_text()
    widget.host.value = "::1"
    widget.port.value = "8080"
    widget.family.value = socket.AF_INET6
    widget.type.value = socket.SOCK_DGRAM
    widget.button.click()
    lines = widget.result_text().splitlines()
    assert lines[1].split()[:3] == ["AF_INET6", "SOCK_DGRAM", "17"]
    assert "('::1', 8080, 0, 0)" in widget.result_text()
    assert "<table class='cours-sockets'" in widget.result.value
    widget.port.value = "abc"
    widget.button.click()
    assert "ni un nombre ni un service connu" in widget.result.value


def test_widget_text_repr_is_stable():
    one, two = Explorer(), Explorer(host="::1")
    assert repr(one) == repr(two) == "<Explorateur getaddrinfo>"
    bundle = one._repr_mimebundle_()
    assert bundle["text/plain"] == "<Explorateur getaddrinfo>"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_unknown_host_with_a_service_name(monkeypatch):
    def unknown(*args):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(explorer.socket, "getaddrinfo", unknown)
    assert repr(addrinfo_table("serveur-inconnu", "http")) == (
        "Impossible de trouver l'hôte « serveur-inconnu » ou le service « http » : "
        "vérifiez leur orthographe.")


def test_enter_in_the_host_field_runs_the_lookup():
    widget = Explorer(host="localhost", port="80")
    widget.host.value = "127.0.0.1"
    widget.host._submission_callbacks(widget.host)
    assert "127.0.0.1" in widget.result_text() and "::1" not in widget.result_text()
    assert "role='status'" in widget.result.value


@pytest.mark.parametrize("host, port, words", [
    ("localhost", "²", "n'est pas valable"),
    ("localhost", "--5", "n'est pas valable"),
    ("localhost", "-1", "n'est pas valable"),
    ("x" * 300, "80", "ne peut pas être un nom d'hôte"),
    ("..", "80", "ne peut pas être un nom d'hôte"),
])
def test_odd_input_gets_a_french_message(host, port, words):
    table = addrinfo_table(host, port)
    assert words in table.message, table.message


def test_no_name_server_answering_is_said_in_french(monkeypatch):
    def no_dns(*args):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    monkeypatch.setattr(explorer.socket, "getaddrinfo", no_dns)
    message = addrinfo_table("example.org", "80").message
    assert "Aucun serveur de noms" in message and "Temporary" not in message


def test_none_host_gives_the_loopback_of_each_family():
    """None is passed to getaddrinfo as None (the loopback), not looked up as the name 'None'."""
    text = repr(addrinfo_table(None, 80, 0, socket.SOCK_STREAM))
    assert "None" not in text
    assert "('127.0.0.1', 80)" in text
    if socket.has_ipv6 and any(row[0] == socket.AF_INET6 for row in socket.getaddrinfo(
            None, 80, 0, socket.SOCK_STREAM)):
        assert "('::1', 80, 0, 0)" in text
    only4 = repr(addrinfo_table(None, 80, socket.AF_INET, socket.SOCK_STREAM))
    assert only4.splitlines()[1].split() == ["AF_INET", "SOCK_STREAM", "6", "''",
                                             "('127.0.0.1',", "80)"]
