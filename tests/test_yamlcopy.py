"""bot/yamlcopy.py: YAML read at start through a JSON copy that gives exactly what the YAML said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import yamlcopy
from bot.engine.intents import load_intents
from bot.knowledge_files import KnowledgeError, read_yaml
from tests.conftest import REPO


@pytest.fixture
def copies(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "parsed"
    monkeypatch.setattr(yamlcopy, "copies_dir", lambda: folder)
    return folder


def test_the_copy_gives_what_the_yaml_said_and_is_read_instead(copies, tmp_path):
    src = tmp_path / "x.yaml"
    src.write_text("a: [1, 2.5, true, null, 한글]\nb: {c: d}\n", encoding="utf-8")
    first = yamlcopy.load(src, "x", read_yaml)
    (copy,) = copies.glob("x-*.json")
    from bot import copies as sealed

    assert json.loads(sealed.unseal(copy.read_bytes()) or b"") == first == read_yaml(src)
    copy.write_bytes(sealed.seal(json.dumps({"from": "copy"}).encode()))  # the copy is what is read now
    assert yamlcopy.load(src, "x", read_yaml) == {"from": "copy"}
    copy.write_bytes(json.dumps({"from": "an edit"}).encode())  # not sealed: changed after it was written
    assert yamlcopy.load(src, "x", read_yaml) == first


def test_an_edited_file_is_parsed_again_and_its_old_copy_replaced(copies, tmp_path):
    src = tmp_path / "x.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    assert yamlcopy.load(src, "x", read_yaml) == {"a": 1}
    src.write_text("a: 2\n", encoding="utf-8")
    assert yamlcopy.load(src, "x", read_yaml) == {"a": 2}
    assert len(list(copies.glob("x-*.json"))) == 1


@pytest.mark.parametrize("text", ["1: one\n", "day: 2020-04-16\n", "x: .nan\n"])
def test_data_json_would_change_is_never_copied(copies, tmp_path, text):
    src = tmp_path / "x.yaml"
    src.write_text(text, encoding="utf-8")
    assert repr(yamlcopy.load(src, "x", read_yaml)) == repr(read_yaml(src))
    assert not copies.exists() or not list(copies.glob("x-*.json"))


def test_a_folder_that_cannot_be_written_only_means_parsing_each_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(yamlcopy, "copies_dir", lambda: blocker / "parsed")  # under a file: not creatable
    src = tmp_path / "x.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    assert yamlcopy.load(src, "x", read_yaml) == {"a": 1}


def test_a_bad_file_is_the_readers_one_line_error_with_or_without_copies(copies, tmp_path):
    bad = tmp_path / "intents.yaml"
    bad.write_text("intents: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="intents.yaml: line"):
        load_intents(bad)
    with pytest.raises(KnowledgeError, match="file not found"):
        load_intents(tmp_path / "missing.yaml")


def test_intents_from_the_copy_are_the_intents_from_the_yaml(copies):
    assert load_intents(REPO / "intents.yaml") == load_intents(REPO / "intents.yaml")  # the second from the copy
    assert list(copies.glob("intents-*.json"))
