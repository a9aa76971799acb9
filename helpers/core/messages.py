"""Every sentence the helpers show to a learner, in one place (French edition)."""

TEXTS = {
    # background servers
    "server_crashed": (
        "⚠ Le serveur « {name} » s'est arrêté sur une erreur : {error}{where}.\n"
        "  Corrigez le code du serveur, puis ré-exécutez sa cellule."
    ),
    "handler_failed": (
        "⚠ Le serveur « {name} » a rencontré une erreur en servant un client : {error}{where}.\n"
        "  Il continue d'attendre les clients suivants."
    ),
    "where": ", ligne {line} : {code}",
    "server_down": (
        "Le serveur « {name} » ne tourne plus. Ré-exécutez la cellule qui le lance."
    ),
    "never_ready": (
        "Le serveur « {name} » n'attend toujours pas de client après {seconds:g} s : "
        "appelle-t-il bien accept() (TCP) ou recvfrom() (UDP) ?"
    ),
    "ended_before_ready": (
        "Le serveur « {name} » s'est terminé avant d'attendre le moindre client : "
        "il lui manque sans doute sa boucle accept() ou recvfrom()."
    ),
    "not_loopback": (
        "Le serveur « {name} » écoute sur {host} : cette adresse est visible depuis le réseau. "
        "Dans ce cours, un serveur écoute seulement sur 127.0.0.1 (ou ::1). "
        "Remplacez l'adresse de bind() par \"127.0.0.1\", puis ré-exécutez la cellule."
    ),
    "stop_timeout": (
        "Le serveur « {name} » n'a pas rendu la main en {seconds:g} s après la demande d'arrêt ; "
        "s'il est bloqué, redémarrez le noyau (menu Kernel ▸ Restart)."
    ),
    "terminal_title": "Terminal du serveur « {name} »",
    "terminal_header": "── terminal du serveur « {name} » ──",
    "terminal_nothing_new": "(rien de nouveau)",
    "terminal_unsettled": "(le serveur travaillait encore au bout de {seconds:g} s : affichage partiel)",
    "server_repr": "<serveur « {name} » {state}>",
    "state_listening": "en écoute sur {address}",
    "state_stopped": "arrêté",
    "client_terminal_title": "Terminal du client",
    "client_terminal_header": "── terminal du client ──",
    # table of socket states
    "states_title": "socket du serveur",
    "states_listening": "socket d'écoute",
    "states_connection": "connexion {number}",
    # client console
    "console_repr": "Console du client → serveur « {name} »",
    "console_placeholder": "une ligne à envoyer",
    "console_send": "Envoyer",
    "console_empty": "⚠ Rien à envoyer : tapez d'abord une ligne dans la case.",
    "console_timeout": (
        "⚠ Pas de réponse en {seconds:g} s : le serveur lit-il bien la ligne ? "
        "La connexion est refermée ; le prochain envoi en ouvre une nouvelle."
    ),
    "console_error": (
        "⚠ La connexion au serveur a échoué ({error}) : le serveur tourne-t-il ? "
        "Relancez sa cellule, puis renvoyez la ligne."
    ),
    "console_closed": (
        "⚠ Le serveur a fermé la connexion sans répondre. "
        "Le prochain envoi ouvre une nouvelle connexion."
    ),
    # set-up check
    "setup_python": "Python 3.10 ou plus récent",
    "setup_loopback": "la boucle locale (127.0.0.1) accepte une connexion",
    "setup_widgets": "les widgets interactifs (ipywidgets) sont installés",
    "setup_ok": "Tout est prêt : bonne route !",
    "setup_bad": "Quelque chose manque : relisez la ligne marquée ✘ et la section « Installer » du README.",
    # exercises
    "not_done": "Exercice {number} — pas encore fait : complétez la fonction, puis relancez cette cellule.",
    "not_callable": (
        "Exercice {number} — check() attend votre fonction elle-même, par exemple "
        "check({expected}) sans parenthèses après le nom."
    ),
    "case_ok": "  ✔ {label}",
    "case_failed": "  ✘ {label} : {detail}",
    "all_passed": "Exercice {number} — réussi ! ({count} vérifications)",
    "some_failed": "Exercice {number} — pas encore : {failed} vérification(s) sur {count} échouent.",
    "raised": "votre fonction a levé {error}{where}",
    "timed_out": (
        "votre fonction n'a pas rendu la main en {seconds:g} s "
        "(un recv() qui attend des données qui ne viendront pas ?)"
    ),
    "expected_got": "attendu {expected}, obtenu {got}",
    "no_more_hints": "Plus d'indice pour l'exercice {number} : voyez solution().",
    "hint": "Indice {step}/{total} : {text}",
    "solution_intro": "Une solution possible pour l'exercice {number} :",
    # helpers/core/processes.py
    "process_no_port": (
        "Le programme « {name} » n'a pas affiché son port (127.0.0.1:NUMÉRO) en {seconds:g} s ; "
        "il a été arrêté. Faites-lui afficher getsockname() juste après listen(). "
        "Ce qu'il a affiché :\n{output}"
    ),
    "process_client_timeout": (
        "Le client n'a pas fini en {seconds:g} s : il a été arrêté "
        "(un recv() sans délai qui attend une fin qui ne vient pas ?)"
    ),
}


def text(key, **values):
    """The learner-facing sentence `key`, filled with `values`."""
    return TEXTS[key].format(**values)
