"""The picture of 10_tls: the TLS 1.3 handshake, what travels in clear and what is encrypted."""

from .svg import Drawing

CLEAR, SECRET = "#a0701c", "#2e7d32"


def tls_handshake():
    """Client and server columns; one arrow per flight of the handshake, then the data."""
    d = Drawing(640, 300)
    d.describe("La poignée de main de TLS 1.3",
               "Le client envoie en clair le ClientHello (les versions et les suites qu'il "
               "connaît, sa part de clé, le nom du serveur : le SNI). Le serveur répond en clair "
               "par le ServerHello (la suite choisie, sa part de clé) ; les deux côtés en tirent "
               "la même clé de session. Tout le reste est chiffré : le certificat du serveur et "
               "sa signature, les messages Finished des deux côtés, puis les données.")
    for x, title, module in ((112, "client", "wrap_socket(…, server_hostname=…)"),
                             (528, "serveur", "wrap_socket(…, server_side=True)")):
        d.box(x - 102, 12, 204, 44)
        d.text(x, 32, title, bold=True)
        d.text(x, 48, module, size=10)
        d.line(x, 56, x, 280, color="#999", dashed=True)
    flights = [  # (y, from the client?, first line, second line, encrypted?)
        (86, True, "ClientHello", "versions, suites, part de clé, SNI « localhost »", False),
        (136, False, "ServerHello", "suite choisie, part de clé", False),
        (186, False, "certificat, signature, Finished", "le client vérifie le certificat",
         True),
        (226, True, "Finished", "", True),
        (256, True, "données de l'application, dans les deux sens", "", True),
        (266, False, "", "", True),
    ]
    for y, from_client, first, second, encrypted in flights:
        color = SECRET if encrypted else CLEAR
        start, end = (114, 524) if from_client else (526, 116)
        d.arrow(start, y, end, y, color=color, dashed=encrypted)
        if first:
            d.text(320, y - 6, first, size=12, color=color, bold=True)
        if second:
            d.text(320, y + 14, second, size=11, color="#555")
    d.text(320, 296, "trait plein : en clair ; pointillé : chiffré", size=11, color="#555")
    return d
