"""The chapter's two terminals, side by side: what the server printed, what the client printed.

    with side_by_side(serveur):
        ...   # client code; its print() goes to the client's terminal

When the block ends, the server has finished the exchange (settled) and both terminals
are shown next to each other (HTML), or one after the other as plain text.
"""

import contextlib
from html import escape

from ..core import terminal
from ..core import theme
from ..core.messages import text


class TwoTerminals:
    """The server's terminal and the client's, side by side, as the chapter's two windows.

    Made by `side_by_side(server)` once the cell's exchange is over: `server_text` is what the
    server printed meanwhile, `client_text` what the cell printed. HTML in JupyterLab; the
    same text, one terminal after the other, elsewhere (nbval compares it).
    """

    def __init__(self, server_name, server_text, client_text):
        self.server_name = server_name
        self.server_text = server_text.rstrip("\n") or text("terminal_nothing_new")
        self.client_text = client_text.rstrip("\n") or text("terminal_nothing_new")

    def _repr_html_(self):
        def column(title, body):
            return (f"<div style='flex:1;min-width:0'><b>{escape(title)}</b>"
                    f"<pre class='cours-sockets' style='{theme.PANEL};white-space:pre-wrap'>"
                    f"{escape(body, quote=False)}</pre></div>")
        return ("<div style='display:flex;gap:1em'>"
                + column(text("terminal_title", name=self.server_name), self.server_text)
                + column(text("client_terminal_title"), self.client_text) + "</div>")

    def __repr__(self):
        return "\n".join([text("terminal_header", name=self.server_name), self.server_text,
                          text("client_terminal_header"), self.client_text])


@contextlib.contextmanager
def side_by_side(server):
    """Collect the block's prints as the client's terminal; then show both terminals."""
    from IPython.display import display

    client = terminal.Terminal("client")
    terminal.attach(client)  # only this thread: the server's prints keep their own terminal
    try:
        yield
    except BaseException:
        terminal.detach()
        print(client.text(), end="")
        raise
    terminal.detach()
    display(TwoTerminals(server.name, server.terminal_text(), client.text()))
