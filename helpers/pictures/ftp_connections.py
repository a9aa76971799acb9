"""The picture of 06_nntp_ftp: FTP's two connections, commands and data."""

from .svg import Drawing


def ftp_connections():
    d = Drawing(640, 150)
    d.describe("Les deux connexions de FTP",
               "Entre le client ftplib et le serveur pyftpdlib, une connexion de commandes "
               "porte les commandes (USER, PASV, RETR…) et les réponses (230, 227, 226…) ; une "
               "connexion de données est ouverte pour chaque liste ou fichier, en mode passif "
               "vers le port que le serveur annonce dans sa réponse 227.")
    d.box(10, 20, 130, 110)
    d.text(75, 80, "client ftplib")
    d.box(500, 20, 130, 110)
    d.text(565, 80, "serveur pyftpdlib")
    d.arrow(142, 50, 498, 50)
    d.arrow(498, 62, 142, 62)
    d.text(320, 42, "commandes (USER, PASV, RETR…) et réponses (230, 227, 226…)", size=11)
    d.arrow(142, 108, 498, 108, dashed=True)
    d.text(320, 100, "données : une connexion par liste ou par fichier", size=11)
    d.text(320, 124, "(mode passif : vers le port annoncé dans la réponse 227)", size=11,
           color="#555")
    return d
