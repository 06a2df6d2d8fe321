"""The engine's resources are read back from a snapshot next to the database when nothing they
were built from changed, and built again when anything did (or the snapshot does not read)."""

from __future__ import annotations

import shutil

from bot.engine import Engine, snapshot
from tests.conftest import REPO


def _copy_intents(tmp_path):
    intents = tmp_path / "intents.yaml"
    shutil.copy(REPO / "intents.yaml", intents)
    return intents


def test_a_second_load_reads_the_snapshot_and_answers_the_same(tmp_path, monkeypatch):
    db, intents = tmp_path / "k.db", _copy_intents(tmp_path)
    first = Engine.load(db, REPO / "knowledge", intents, quiet=True)
    assert snapshot.path_for(db).is_file()
    built = []
    monkeypatch.setattr(snapshot, "write", lambda *a: built.append(a))
    second = Engine.load(db, REPO / "knowledge", intents, quiet=True)
    assert not built  # read back, not built again
    for q in ("법률지원담당관 예산은?", "재결건수 추이", "마을변호사 제도는 어느 부서?"):
        assert second.answer(q).to_json() == first.answer(q).to_json()


def test_a_changed_intents_file_or_a_broken_snapshot_is_built_again(tmp_path):
    db, intents = tmp_path / "k.db", _copy_intents(tmp_path)
    Engine.load(db, REPO / "knowledge", intents, quiet=True)
    assert snapshot.read(db, intents) is not None
    intents.write_text(intents.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert snapshot.read(db, intents) is None
    Engine.load(db, REPO / "knowledge", intents, quiet=True)
    assert snapshot.read(db, intents) is not None
    snapshot.path_for(db).write_bytes(b"not a snapshot")
    assert snapshot.read(db, intents) is None
    assert Engine.load(db, REPO / "knowledge", intents, quiet=True).answer("법률지원담당관 예산은?").answered
