"""The analyzer stage's dictionary of the report's names (bot/korean/morph.py)."""

from __future__ import annotations

from pathlib import Path

from bot.korean import morph


def test_report_names_stay_whole_in_glued_text(tmp_path: Path) -> None:
    text = "시투자심사랑중앙투자심사총사업비합치면"
    plain = [n for n, _, _ in morph.PLAIN.nouns(text)]
    assert "사랑" in plain  # without the names: 시투/자심/사랑
    named = morph.Analyzer(["시투자심사", "중앙투자심사"], tmp_path)
    assert [n for n, _, _ in named.nouns(text)][:2] == ["시투자심사", "중앙투자심사"]
    assert ("시투자심사", 0, 5) in named.nouns(text)
    assert list(tmp_path.glob("names-*.dic"))  # compiled once, kept for the next start


def test_particles_after_a_name_stay_particles(tmp_path: Path) -> None:
    named = morph.Analyzer(["시투자심사"], tmp_path)
    assert "랑" not in [n for n, _, _ in named.nouns("시투자심사랑")]


def test_short_and_foreign_names_are_left_to_the_dictionary() -> None:
    assert morph.Analyzer(["예산", "C40회의", "법률지원담당관"]).names == ["법률지원담당관"]


def test_a_folder_that_cannot_be_written_falls_back_to_a_temporary_one(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    named = morph.Analyzer(["중앙투자심사"], blocked / "parsed")
    path = named.user_dictionary()
    assert path is not None and path.is_file() and blocked not in path.parents
    assert blocked.read_text() == "not a folder"


def test_a_folder_with_a_space_is_passed_over_and_a_bad_dictionary_read_without(tmp_path: Path) -> None:
    spaced = morph.Analyzer(["중앙투자심사"], tmp_path / "with space")
    path = spaced.user_dictionary()
    assert path is not None and " " not in str(path)
    broken = tmp_path / "broken.dic"
    broken.write_bytes(b"not a dictionary")
    assert morph._tagger(str(broken)) is None  # MeCab refuses it


def test_a_damaged_dictionary_of_ours_is_compiled_again(tmp_path: Path) -> None:
    named = morph.Analyzer(["시투자심사", "중앙투자심사"], tmp_path)
    path = named.user_dictionary()
    assert path is not None
    path.write_bytes(path.read_bytes()[:100])  # cut short after it was written
    morph._tagger.cache_clear()
    fresh = morph.Analyzer(["시투자심사", "중앙투자심사"], tmp_path)
    assert ("시투자심사", 0, 5) in fresh.nouns("시투자심사랑중앙투자심사")  # read with the names again
    assert path.stat().st_size > 100


def test_a_noun_set_apart_by_a_particle_is_told_from_a_compound() -> None:
    assert 0 in morph.PLAIN.apart_starts("중앙은총몇건이었지")[0]  # 중앙, then 은
    followed, preceded = morph.PLAIN.apart_starts("분권교육총몇회운영예정")
    assert not {s for n, s, _ in morph.PLAIN.nouns("분권교육총몇회운영예정") if n == "예정"} & (followed | preceded)
