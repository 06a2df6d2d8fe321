"""bot.textnorm: making typed Korean comparable (spacing, punctuation, typos, endings)."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from bot.textnorm import MAX_QUESTION_CHARS, clean, compact, jamo, looks_like_predicate, strip_ending


def test_clean_removes_control_characters():
    out = clean("\x00\x07법률\x1f지원\u200b담당관\x7f")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c == "\u200b" for c in out)
    assert out.replace(" ", "") == "법률지원담당관"


def test_clean_collapses_spaces():
    assert clean("  법률지원담당관 \t\n 예산은?  ") == "법률지원담당관 예산은?"


def test_clean_truncates_long_text_to_the_question_limit():
    assert len(clean("가" * 10_000)) == MAX_QUESTION_CHARS


def test_clean_keeps_emoji_harmlessly():
    assert clean("😀 예산은?") == "😀 예산은?"
    assert compact("😀😀") == ""  # no letters left: nothing to match against


def test_clean_of_none_is_empty():
    assert clean(None) == ""  # type: ignore[arg-type]


def test_compact_removes_spaces_and_punctuation():
    assert compact("기 획 담 당 관 정원은?") == "기획담당관정원은"


def test_compact_lowercases():
    assert compact("COVID-19 현황!") == "covid-19현황"


def test_jamo_splits_syllables_into_letters():
    assert jamo("한") == "ㅎㅏㄴ"
    assert jamo("가a") == "ㄱㅏa"


def test_jamo_makes_a_one_letter_typo_distance_one():
    # 법률 → 법류: a dropped final consonant is one letter, though it changes a syllable
    assert Levenshtein.distance(jamo("법률지원담당관"), jamo("법류지원담당관")) == 1
    # 예산 → 예싼: ㅅ → ㅆ
    assert Levenshtein.distance(jamo("예산"), jamo("예싼")) == 1


def test_strip_ending_removes_one_particle_or_ending():
    assert strip_ending("정원은") == "정원"
    assert strip_ending("예산이야") == "예산"
    assert strip_ending("승소율알려줘") == "승소율"


def test_strip_ending_never_removes_the_whole_word():
    assert strip_ending("은") == "은"
    assert strip_ending("정원") == "정원"


def test_looks_like_predicate_for_verbs():
    for word in ("열렸어", "집행했어", "팔았어", "끝나면"):
        assert looks_like_predicate(word), word


def test_looks_like_predicate_not_for_names():
    for word in ("법률지원담당관", "예산", "정원", "승소율"):
        assert not looks_like_predicate(word), word


def test_the_analyzer_finds_nouns_in_glued_words_and_where_verbs_begin():
    from bot.korean import morph

    assert ("해외", 6, 8) in morph.PLAIN.nouns("서울확진자중해외유입몇명")
    starts = morph.PLAIN.predicate_starts("무단이탈자한테 채우는 거 뭐였지")
    assert 7 in starts  # 채우 (compact: 무단이탈자한테채우는거뭐였지)
    assert 0 not in starts


def test_the_final_consonant_of_a_syllable():
    from bot.korean.textnorm import final_consonant

    assert [final_consonant(x) for x in ("날", "나", "일", "a", "", "닭")] == ["ㄹ", "", "ㄹ", "", "", "ㄺ"]
