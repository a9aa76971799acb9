"""The browser's link to a loopback server: derived from the running Jupyter, never hard-coded."""

import types

from helpers.protocols import proxy


def test_on_a_hub_the_link_starts_at_the_service_prefix(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/ada")
    assert proxy.jupyter_base() == "/user/ada/"
    assert proxy.proxy_url(8123) == "/user/ada/proxy/8123/"


def test_locally_the_link_is_the_parent_jupyter_servers(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    servers = [{"pid": -1, "url": "http://127.0.0.1:1111/"},
               {"pid": proxy.os.getppid(), "url": "http://127.0.0.1:2222/base"}]
    fake = types.ModuleType("jupyter_server.serverapp")
    fake.list_running_servers = lambda: iter(servers)
    monkeypatch.setitem(__import__("sys").modules, "jupyter_server.serverapp", fake)
    assert proxy.proxy_url(8123) == "http://127.0.0.1:2222/base/proxy/8123/"


def test_outside_jupyter_it_says_so(monkeypatch, capsys):
    monkeypatch.delenv("JUPYTERHUB_SERVICE_PREFIX", raising=False)
    monkeypatch.setattr(proxy, "jupyter_base", lambda: None)
    proxy.proxy_link(8123)
    assert "ne tourne pas sous un serveur Jupyter" in capsys.readouterr().out


def test_without_the_extension_it_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setattr(proxy, "proxy_installed", lambda: False)
    proxy.proxy_link(8123)
    out = capsys.readouterr().out
    assert "pip install jupyter-server-proxy" in out and "Le reste du carnet marche" in out
