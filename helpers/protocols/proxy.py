"""The link through which the learner's own browser reaches a server on loopback.

jupyter-server-proxy serves `<base of the Jupyter server>/proxy/<port>/` and forwards it to
`localhost:<port>`: the same link works locally, on JupyterHub and on Binder. The base comes
from the Jupyter server this kernel runs under, never from a hard-coded address:
JupyterHub (and Binder) tell it in JUPYTERHUB_SERVICE_PREFIX; a local JupyterLab writes its
address in its runtime folder (`list_running_servers()`), and it is this kernel's parent.
"""

import html
import importlib.util
import os

from IPython.display import HTML, display


def proxy_installed():
    """True when jupyter-server-proxy can be imported here (the kernel's environment)."""
    return importlib.util.find_spec("jupyter_server_proxy") is not None


def jupyter_base():
    """The base URL of the Jupyter server this kernel runs under (ends with /), or None."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if prefix:  # on a hub the page's own host is the right one: a link from the root
        return prefix if prefix.endswith("/") else prefix + "/"
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:
        return None
    parent = os.getppid()
    for info in list_running_servers():
        if info.get("pid") == parent and info.get("url"):
            url = info["url"]
            return url if url.endswith("/") else url + "/"
    return None


def proxy_url(port, base=None):
    """`<base>proxy/<port>/` for the running Jupyter server, or None outside one."""
    base = base if base is not None else jupyter_base()
    return None if base is None else f"{base}proxy/{int(port)}/"


def proxy_link(port):
    """Print (and show as a link) where the browser reaches the server on `port`."""
    if not proxy_installed():
        print(f"jupyter-server-proxy n'est pas installé : le navigateur ne peut pas joindre le "
              f"port {port} par JupyterLab. Installez-le (python -m pip install "
              f"jupyter-server-proxy), puis relancez JupyterLab. Le reste du carnet marche "
              f"sans lui.")
        return
    url = proxy_url(port)
    if url is None:
        print(f"Ce noyau ne tourne pas sous un serveur Jupyter (exécution en ligne de "
              f"commande) : dans JupyterLab, le lien serait …/proxy/{port}/")
        return
    print(f"Ouvrez : {url}")
    display(HTML(f'<a href="{html.escape(url)}" target="_blank">{html.escape(url)}</a>'))
