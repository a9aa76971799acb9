"""The picture of 05_modules_internet: a relay between client and server shows every line."""

from .svg import Drawing


def relay_picture():
    d = Drawing(560, 90)
    d.describe("Un relais entre le client et le serveur",
               "Le client (une cellule) se connecte au relais, qui transmet chaque octet au "
               "serveur (un thread) et retour ; chaque ligne, dans les deux sens, est recopiée "
               "dans le terminal du relais.")
    for x, title in ((10, "client (cellule)"), (210, "relais"), (410, "serveur (thread)")):
        d.box(x, 20, 140, 44)
        d.text(x + 70, 47, title)
    for x in (150, 350):
        d.arrow(x + 2, 36, x + 58, 36)
        d.arrow(x + 58, 50, x + 2, 50)
    d.text(280, 84, "chaque ligne, dans les deux sens, va au terminal du relais", size=11,
           color="#555")
    return d
