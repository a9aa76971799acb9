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
        "Le serveur « {name} » n'a pas rendu la main en {seconds:g} s après la demande d'arrêt : "
        "il est bloqué dans un long appel (time.sleep, un recv() sans délai …) ou il attrape "
        "toutes les exceptions (un « except: » nu autour d'accept() : écrivez plutôt "
        "« except OSError: »). Corrigez son code, puis redémarrez le noyau "
        "(menu Kernel ▸ Restart) : c'est la seule façon d'arrêter un tel thread."
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
    "case_skipped": "  – {label} : ignorée ({reason})",
    "case_not_tried": "  · {label} : pas essayée",
    "not_tried_count": (
        " Les {not_tried} suivantes ne sont pas essayées : elles échoueraient comme la "
        "première (pas de réponse, un serveur qui ne démarre pas, ou la même erreur partout). "
        "Corrigez d'abord celle-là."
    ),
    "skipped_count": " — {skipped} vérification(s) ignorée(s) sur cette machine, donc non prouvée(s)",
    "no_ipv6_loopback": "cette machine n'offre pas la boucle locale IPv6 ::1",
    "setup_ipv6": "la boucle locale IPv6 (::1) accepte une connexion",
    "setup_no_ipv6": "pas de boucle locale IPv6 (::1) ici : les cellules et vérifications IPv6 seront ignorées",
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

TEXTS.update({
    # progress (teaching.progress) and graded sessions (teaching.exam)
    "progress_title": "Bilan des exercices (gardé sur cet ordinateur seulement)",
    "progress_notebook": "carnet",
    "progress_exercise": "exercice",
    "progress_state": "état",
    "progress_tries": "vérifications",
    "progress_not_started": "pas commencé",
    "progress_damaged": (
        "⚠ Le fichier de progression {path} est abîmé : il est ignoré (les autres carnets ne "
        "sont pas touchés). Supprimez-le pour repartir de zéro sur ce carnet."
    ),
    "progress_unwritable": "⚠ Progression non enregistrée ({error}) ; l'exercice, lui, est vérifié.",
    "progress_exported": "Bilan écrit dans {path} ({count} exercices) : c'est ce fichier à rendre.",
    "solution_hidden": (
        "Exercice {number} : les solutions sont masquées pendant cette séance (choix de "
        "l'enseignant). Les indices restent là : hint(), hint(2) …"
    ),
    "hint_hidden": "Indice {step}/{total} : masqué pendant cette séance (choix de l'enseignant).",
})

TEXTS.update({
    # the exchange drawn from the real calls (pictures.sequence)
    "sequence_title": "L'échange entre le client et le serveur, tiré des vrais appels",
    "sequence_step": "Étape {row}, {side} : {call}{wait}.",
    "sequence_waits": " (attend : {link})",
    "sequence_client": "client",
    "sequence_server": "serveur",
    "sequence_end": "fin",
    "sequence_repr": "<enregistrement : {count} appels>",
    "sequence_recv_end": "recv() → b''",
    "sequence_recv": "recv() → {size} octets",
    "sequence_send": "{method}({size} octets)",
    "sequence_bytes": "{size} octets",
})

TEXTS.update({
    # keyboard labels of the widgets
    "console_label": "Ligne",
})

TEXTS.update({
    # a case that cannot run on this machine
})

TEXTS.update({
    # the getaddrinfo explorer (widgets.explorer)
    "explorer_no_host": "Indiquez un hôte : un nom (localhost) ou une adresse (127.0.0.1, ::1).",
    "explorer_bad_port": ("Le port « {port} » n'est pas valable : donnez un nombre de 0 à 65535, "
        "ou un nom de service comme http."),
    "explorer_unknown_host": "Impossible de trouver l'hôte « {host} » : vérifiez son orthographe.",
    "explorer_unknown_service": ("Le port « {port} » n'est ni un nombre ni un service connu "
        "pour ce type de socket."),
    "explorer_unknown_either": ("Impossible de trouver l'hôte « {host} » ou le service « {port} » : "
        "vérifiez leur orthographe."),
    "explorer_no_family": "L'hôte « {host} » n'a pas d'adresse dans la famille demandée.",
    "explorer_failed": "getaddrinfo a échoué : {error}",
    "explorer_slow": ("La recherche de « {host} » n'a pas répondu en {seconds:g} s "
             "(ce nom est-il hors de cette machine ?)."),
    "explorer_title": "Explorateur getaddrinfo",
    "explorer_button": "getaddrinfo()",
    "explorer_count": "{count} résultat(s)",
})

TEXTS.update({
    # what the mail and FTP servers print in their terminals (protocols.mail, protocols.ftp)
    "mail_delivered": "message de <{sender}> pour {recipients} : {size} octets, rangé dans la boîte",
    "mail_command": "commande reçue : {command}",
    "ftp_transfer": "{command} {name} : {size} octets",
    "ftp_transfer_cut": "{command} {name} : {size} octets (interrompu)",
})

TEXTS.update({
    # the live panel of a server terminal keeps its last lines (core.terminal)
    "terminal_hidden_lines": "… {count} lignes plus haut (show_terminal() montre tout)",
})

TEXTS.update({
    "explorer_bad_host": (
        "« {host} » ne peut pas être un nom d'hôte : chaque partie entre deux points a de 1 à "
        "63 caractères (par exemple localhost, www.example.org, 127.0.0.1)."
    ),
    "explorer_no_dns": (
        "Aucun serveur de noms n'a répondu pour « {host} » (pas de réseau ?). Les noms de "
        "cette machine marchent toujours : localhost, 127.0.0.1, ::1."
    ),
})

TEXTS.update({
    # what check() and hint() say when they are called the wrong way (exercises.framework)
    "is_async": (
        "Exercice {number} — {expected} est écrite avec async def : ici, écrivez une fonction "
        "ordinaire (def, sans async), qui rend son résultat avec return."
    ),
    "state_locked": (
        "⚠ L'état du serveur est resté verrouillé plus de {seconds:g} s : son thread a été "
        "interrompu au mauvais moment. Relancez la cellule du serveur ; si cela se répète, "
        "redémarrez le noyau (menu Kernel ▸ Restart)."
    ),
    "stop_parked": (
        " En attendant, sa socket d'écoute a été remplacée par une socket que personne ne "
        "connaît : son accept() attend sans consommer de processeur."
    ),
    "server_said": "le serveur a signalé : {report}",
    "clue_bytes": (
        "\n  sendall() et write() envoient des octets, pas du texte : encodez "
        "(texte.encode('utf-8'))"
    ),
    "clue_listener_closed": (
        "\n  la socket d'écoute est fermée : elle doit rester ouverte pendant toute la boucle "
        "(le bloc with autour de la boucle, pas dedans)"
    ),
    "server_printed": "\n  dernières lignes affichées par votre serveur : {lines}",
    "learners_server_ended": (
        "votre serveur s'est arrêté : sa fonction a rendu la main alors que d'autres clients "
        "allaient venir. Gardez la boucle while True autour d'accept()"
    ),
    "not_async": (
        "Exercice {number} — {expected} doit être une coroutine : écrivez-la avec async def, "
        "et attendez (await) ce qui peut attendre."
    ),
    "is_generator": (
        "Exercice {number} — {expected} contient yield, c'est donc un générateur : rendez le "
        "résultat avec return, en une fois."
    ),
    "not_own_function": (
        "Exercice {number} — check() attend la fonction que vous avez écrite (def {expected}…), "
        "pas {given}."
    ),
    "hint_number": (
        "hint() attend le numéro d'un indice de l'exercice {number} : hint(), hint(2) … "
        "jusqu'à hint({total})."
    ),
    "shown_cut": "… ({count} caractères en tout)",
})

TEXTS.update({
    "console_too_long": (
        "⚠ Plus de {size} Kio sans fin de ligne : ce n'est pas une réponse d'une ligne (le "
        "serveur envoie-t-il sans s'arrêter ?). La connexion est refermée."
    ),
})

TEXTS.update({
    "check_not_loopback": (
        "votre fonction a lié une socket à {host!r}, une adresse visible depuis le réseau : "
        "dans ce cours, on écoute seulement sur 127.0.0.1 (ou ::1). La socket a été "
        "fermée aussitôt."
    ),
})
