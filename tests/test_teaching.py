"""Progress (kept locally, one file per notebook) and the teacher's switch for graded sessions."""

import json

import pytest

from helpers.exercises.bienvenue import ex1 as welcome
from helpers.exercises.serveur import ex1 as first_server
from helpers.teaching import exam, progress


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("COURS_SOCKETS_DATA", str(tmp_path))
    monkeypatch.delenv("COURS_SOCKETS_EXAMEN", raising=False)
    return tmp_path


def state(notebook, number):
    return {(n, x): s for n, x, s, _ in progress.rows()}[(notebook, number)]


def test_nothing_recorded_means_not_started(data):
    assert state("03_serveur", "1") == "pas commencé"
    assert len(progress.rows()) == len(progress.all_exercises()) >= 15


def test_check_records_tried_then_done_and_done_stays(data, capsys, no_leak):
    def wrong(ecoute, combien):
        ecoute.accept()[0].close()
    first_server.check(wrong)
    assert state("03_serveur", "1") == "essayé"
    first_server.check(first_server.reference)
    assert state("03_serveur", "1") == "réussi"
    first_server.check(wrong)  # a later failed try does not undo a success
    assert state("03_serveur", "1") == "réussi"
    saved = json.loads((progress.folder() / "serveur.json").read_text())
    assert saved["1"]["tentatives"] == 3


def test_an_untouched_placeholder_is_not_recorded(data, capsys):
    def accueillir(ecoute, combien):
        ...
    first_server.check(accueillir)
    assert state("03_serveur", "1") == "pas commencé"


def test_a_damaged_file_is_reported_and_other_notebooks_keep_their_progress(data, capsys,
                                                                            no_leak):
    welcome.check(welcome.reference)
    progress.folder().joinpath("serveur.json").write_text("{pas du json", encoding="utf-8")
    shown = repr(progress.bilan())
    assert "abîmé" in shown and "serveur.json" in shown
    assert state("00_bienvenue", "1") == "réussi"
    first_server.check(first_server.reference)  # writing again replaces the damaged file
    assert state("03_serveur", "1") == "réussi"
    assert state("00_bienvenue", "1") == "réussi"


def test_export_writes_one_file_with_every_exercise(data, tmp_path, capsys, no_leak):
    welcome.check(welcome.reference)
    path = progress.exporter(tmp_path / "rendu.json")
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert len(exported) == len(progress.all_exercises())
    assert {"carnet": "00_bienvenue", "exercice": "1", "etat": "réussi",
            "tentatives": 1} in exported
    assert "rendre" in capsys.readouterr().out


def test_bilan_html_has_header_cells(data):
    page = progress.bilan()._repr_html_()
    assert "<th scope='col'" in page and "<th scope='row'" in page and "<caption>" in page
    assert "var(--jp-" in page and "#" not in page.split("<table", 1)[1].split(">", 1)[0]


@pytest.mark.parametrize("how", ["env", "file"])
def test_graded_session_hides_solutions_and_keeps_hints(data, capsys, monkeypatch, how):
    if how == "env":
        monkeypatch.setenv("COURS_SOCKETS_EXAMEN", "solutions")
    else:
        (data / "examen").write_text("solutions\n", encoding="utf-8")
    first_server.solution()
    out = capsys.readouterr().out
    assert "masquées" in out and "def " not in out
    first_server.hint(len(first_server.hints))
    assert first_server.hints[-1] in capsys.readouterr().out


def test_graded_session_can_hide_the_last_hint_too(data, capsys, monkeypatch):
    monkeypatch.setenv("COURS_SOCKETS_EXAMEN", "indices")
    last = len(first_server.hints)
    first_server.hint(last)
    assert first_server.hints[-1] not in capsys.readouterr().out
    first_server.hint(1)
    assert first_server.hints[0] in capsys.readouterr().out


def test_without_the_switch_everything_shows(data, capsys):
    assert exam.mode() is None
    first_server.solution()
    assert "def " in capsys.readouterr().out


def test_an_unknown_value_errs_on_the_safe_side(data, monkeypatch):
    monkeypatch.setenv("COURS_SOCKETS_EXAMEN", "oui")
    assert exam.solutions_hidden() and not exam.last_hint_hidden()
