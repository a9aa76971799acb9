"""The picture of 08_telnet_gopher: a whole Gopher exchange, one line each way, then close."""

from .svg import Drawing


def gopher_exchange():
    """Client and server timelines: the selector goes up, the document comes down, the end."""
    d = Drawing(640, 250)
    d.describe("Un échange Gopher complet",
               "Le client, une simple socket, envoie le sélecteur « /apropos » suivi de CRLF, et "
               "rien d'autre. Le serveur Gopher répond le document, ou un menu d'une ligne par "
               "entrée terminé par un point, puis ferme la connexion : recv() rend alors b\"\" "
               "au client.")
    for x, title, sub in ((110, "client", "socket brute"), (530, "serveur Gopher", "port 70")):
        d.box(x - 80, 10, 160, 44)
        d.text(x, 30, title, bold=True)
        d.text(x, 47, sub, size=12)
        d.line(x, 54, x, 235, dashed=True)
    d.arrow(110, 95, 528, 105)
    d.text(320, 86, "« /apropos\\r\\n » : le sélecteur, et rien d'autre", size=12)
    d.arrow(530, 150, 112, 160)
    d.text(320, 141, "le document, ou un menu (une ligne par entrée), puis « . »", size=12)
    d.arrow(530, 205, 112, 215, dashed=True)
    d.text(320, 196, "le serveur ferme : recv() renvoie b\"\" au client", size=12)
    return d
