"""The classroom's files, checked without a hub (fast, part of make test)."""

import json

import yaml

from notebook_tools import ROOT

CLASSROOM = ROOT / "classroom"


def test_hub_config_compiles_and_binds_loopback():
    source = (CLASSROOM / "jupyterhub_config.py").read_text()
    compile(source, "jupyterhub_config.py", "exec")
    assert 'env("CLASSROOM_IP", "127.0.0.1")' in source
    assert 'c.Spawner.ip = "127.0.0.1"' in source


def test_proxy_is_pinned():
    wanted = json.loads((CLASSROOM / "package.json").read_text())["dependencies"]
    lock = json.loads((CLASSROOM / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/configurable-http-proxy"]["version"]
    assert wanted["configurable-http-proxy"] == pinned


def test_zero_to_jupyterhub_config():
    config = yaml.safe_load((CLASSROOM / "z2jh" / "config.yaml").read_text())
    assert config["cull"]["enabled"] and config["cull"]["timeout"] > 0
    memory = config["singleuser"]["memory"]
    assert memory["guarantee"] and memory["limit"]
    assert config["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    dockerfile = (CLASSROOM / "z2jh" / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "\nFROM " in dockerfile and "[classroom]" in dockerfile
