"""A local JupyterHub for a demo or a lab room (make classroom).

Everything is set by environment variables (the Makefile and the load test set them):
CLASSROOM_IP (127.0.0.1), CLASSROOM_PORT (8000), CLASSROOM_PASSWORD (shared by learners,
8 characters or more), CLASSROOM_STATE (where the database, secrets and learners' folders go),
CLASSROOM_ADMIN_TOKEN (optional: a service token with admin rights, for the load test),
CLASSROOM_CULL_TIMEOUT (seconds of inactivity before a learner's server is stopped).
"""

import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
STATE = pathlib.Path(os.environ.get("CLASSROOM_STATE", HERE.parent / "build" / "classroom"))
STATE.mkdir(parents=True, exist_ok=True)
BIN = pathlib.Path(sys.executable).parent  # the course's venv: the same for every learner
env = os.environ.get

c = get_config()  # noqa: F821 (provided by JupyterHub)

# Loopback by default; CLASSROOM_IP=0.0.0.0 opens the hub to the room (see README).
c.JupyterHub.ip = env("CLASSROOM_IP", "127.0.0.1")
c.JupyterHub.port = int(env("CLASSROOM_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("CLASSROOM_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('CLASSROOM_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True

# One shared password for the room; any name is a new learner.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = env("CLASSROOM_PASSWORD", "sockets-en-classe")
c.Authenticator.allow_all = True

# Local processes, all under the hub's own Unix user, one working folder per learner.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "users" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab/tree/notebooks/fr/00_bienvenue.ipynb"
# Thirty servers that start in the same minute share the cores: on 2 cores, one of 30 took
# more than 60 s to answer. A slow start is better than a failed one.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=1800"]
if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # containers and CI run as root

# Stop a learner's server after CLASSROOM_CULL_TIMEOUT seconds without activity.
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={env('CLASSROOM_CULL_TIMEOUT', '3600')}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
if env("CLASSROOM_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "classroom-admin",
                                  "api_token": env("CLASSROOM_ADMIN_TOKEN")})
    c.JupyterHub.load_roles.append({"name": "admin", "services": ["classroom-admin"]})
