"""bot/engine/prebuilt.py: the knowledge base, vocabulary and index read back from a plain-data
copy are what reading the database and building them give, and any trouble with the copy only
means building as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import Conversation
from bot.engine import Engine, prebuilt
from bot.engine.resources import Resources
from bot.store import read_knowledge
from tests.conftest import REPO

QUESTIONS = ["법률지원담당관 예산은?", "작년은?", "법률지웡담당관 정원", "재결건수 추이", "서울 확진자 몇 명이야"]


def parts(res: Resources) -> dict[str, dict]:
    """Each part's attributes as built (the ones given back by the loader left out)."""
    return {
        "vocabulary": {k: v for k, v in vars(res.vocab).items() if k != "config"},
        "index": {k: v for k, v in vars(res.index).items() if k not in ("kb", "candidates")},
        "candidates": {k: v for k, v in vars(res.index.candidates).items() if k != "_details"},
    }


def answers(engine: Engine) -> list[str]:
    conv = Conversation()
    return [engine.answer(q, conv).text for q in QUESTIONS]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    parsed = tmp_path / "parsed"
    monkeypatch.setenv("REPORTBOT_PARSED", str(parsed))
    return parsed


def load(tmp_path: Path) -> Engine:
    return Engine.load(tmp_path / "knowledge.db", REPO / "knowledge", REPO / "intents.yaml", quiet=True)


def test_read_back_is_what_building_gives(engine, folder, tmp_path):
    built = Resources.build(engine.kb, engine.config)
    first = load(tmp_path)  # builds, and keeps the copy
    (copy,) = folder.glob("engine-*.marshal")
    again = load(tmp_path)  # reads the copy back
    assert parts(again.res) == parts(first.res) == parts(built)
    assert again.kb == first.kb == read_knowledge(tmp_path / "knowledge.db")
    assert again.kb.facts[0] is not first.kb.facts[0]
    assert again.res.index.candidates is not first.res.index.candidates
    assert again.res.index.candidates._details is again.kb.details
    assert answers(again) == answers(first) == answers(engine)
    assert list(folder.glob("engine-*.marshal")) == [copy]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9" * 100])
def test_a_damaged_copy_is_built_again_and_replaced(folder, tmp_path, damage):
    good = answers(load(tmp_path))
    (copy,) = folder.glob("engine-*.marshal")
    copy.write_bytes(damage)
    assert answers(load(tmp_path)) == good
    assert copy.read_bytes() not in (b"", damage)  # written again


def test_a_copy_missing_a_part_is_not_read(folder, tmp_path):
    good = answers(load(tmp_path))
    (copy,) = folder.glob("engine-*.marshal")
    import marshal

    from bot import copies

    state = marshal.loads(copies.unseal(copy.read_bytes()))
    del state["knowledge"]
    copy.write_bytes(copies.seal(marshal.dumps(state)))  # sealed anew: only the shape is wrong
    assert answers(load(tmp_path)) == good


def test_a_copy_changed_after_it_was_written_is_not_served(folder, tmp_path):
    good = answers(load(tmp_path))
    (copy,) = folder.glob("engine-*.marshal")
    data = bytearray(copy.read_bytes())
    at = data.find(b"6,369")
    data[at + 2] = ord("8")  # one byte: still a loadable copy, with a figure that is not the report's
    copy.write_bytes(bytes(data))
    assert answers(load(tmp_path)) == good and "6,869" not in "".join(good)


def test_only_reportbots_own_old_copies_are_removed(folder, tmp_path):
    folder.mkdir(parents=True)
    mine = [folder / "engine-old.marshal", folder / "intents-2019-backup.json", folder / "notes.txt"]
    for f in mine:
        f.write_text("the user's own", encoding="utf-8")
    stale = folder / ("engine-" + "0" * 32 + ".marshal")
    stale.write_bytes(b"old")
    load(tmp_path)
    assert all(f.read_text(encoding="utf-8") == "the user's own" for f in mine) and not stale.exists()


def test_the_copy_is_named_by_every_input(tmp_path):
    intents, edited = tmp_path / "intents.yaml", tmp_path / "edited.yaml"
    intents.write_text("report_year: 2020\n", encoding="utf-8")
    edited.write_text("report_year: 2021\n", encoding="utf-8")
    keys = {prebuilt.key("a", intents), prebuilt.key("b", intents), prebuilt.key("a", edited)}
    assert len(keys) == 3
    assert all(path.is_file() for path in prebuilt.builders())


def test_a_folder_that_cannot_be_written_only_means_building_each_time(tmp_path, monkeypatch, engine):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("REPORTBOT_PARSED", str(blocker / "parsed"))  # under a file: not creatable
    assert answers(load(tmp_path)) == answers(engine)


def test_what_is_not_plain_data_is_never_kept(tmp_path):
    class Part:
        def __init__(self) -> None:
            self.plain = {"a": {1, 2}}
            self.live = object()

    store = prebuilt.Prebuilt(tmp_path, "k")
    got = store.part("index", Part, Part, {})
    assert got.plain == {"a": {1, 2}}
    store.keep()
    assert not list(tmp_path.glob("engine-*"))


def test_a_knowledge_base_with_a_field_it_does_not_know_is_not_kept(tmp_path, monkeypatch, engine):
    monkeypatch.setattr(prebuilt, "PLAIN", ("aliases", "words"))  # as if Knowledge had grown a field
    store = prebuilt.Prebuilt(tmp_path, "k")
    assert store.knowledge(lambda: engine.kb) is engine.kb
    store.keep()
    assert not list(tmp_path.glob("engine-*"))
