"""intents.yaml: what the bot understands and how it phrases answers, loaded into one object."""

from __future__ import annotations

from _string import formatter_parser  # str.format's own parser (string.Formatter compiles patterns at import)
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot import yamlcopy
from bot.knowledge_files import KnowledgeError, read_yaml
from bot.korean import words
from bot.korean.textnorm import compact


@dataclass(frozen=True)
class Intent:
    name: str
    keywords: tuple[str, ...]
    examples: tuple[str, ...]
    template: str
    max_length: int | None = None
    slots: tuple[str, ...] = ()  # what it needs; "x?" = optional (borrowed from the conversation)
    last_words: tuple[str, ...] = ()  # keywords written "부서$": only as the question's last word
    extra: dict = field(default_factory=dict)


# an operation's name, its word groups and its `unless` words, all in compact form
OperationTable = tuple[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...]], ...]


def operation_table(
    operations: Mapping[str, Sequence[Sequence[str]]], unless: Mapping[str, Sequence[str]] | None = None
) -> OperationTable:
    """intents.yaml `operations` (name → word groups) and their `unless` words, compacted. (Plain
    `in` tests over these: patterns would take 2 ms to make at the first question of every `ask`.)"""
    return tuple(
        (
            name,
            tuple(tuple(_compact_word(w) for w in group) for group in groups),
            tuple(compact(w) for w in (unless or {}).get(name, ())),
        )
        for name, groups in operations.items()
    )


def _compact_word(word: str) -> str:
    """An operation word compacted, the closing mark of "합$" (the question's last word) kept."""
    return compact(word[:-1]) + "$" if word.endswith("$") else compact(word)


@dataclass
class IntentConfig:
    intents: list[Intent]
    phrases: dict[str, str]
    report_year: str
    report_owner: str
    relative_years: dict[str, str]
    out_of_scope: list[str]
    not_entity_words: list[str]
    filler_words: set[str] = field(default_factory=set)
    who_aspects: set[str] = field(default_factory=set)
    whole_names: list[str] = field(default_factory=list)
    operations: dict[str, list[list[str]]] = field(default_factory=dict)  # name → word groups
    strict_operations: frozenset[str] = frozenset()  # declined when the figures found do not allow them
    operations_unless: dict[str, list[str]] = field(default_factory=dict)  # name → words that rule it out
    operations_computes: dict[str, str] = field(default_factory=dict)  # name → the arithmetic it uses
    context_endings: list[str] = field(default_factory=list)
    trailing_context_endings: list[str] = field(default_factory=list)  # "…넣으려고요" after the question
    asked_within_endings: list[str] = field(default_factory=list)  # "…몇 건이었는지" (then "기억이 안나서요")
    name_asking_words: list[str] = field(default_factory=list)  # a figure alone does not answer them
    names_asking_words: list[str] = field(default_factory=list)  # several names asked: one does not answer them
    text_asking_words: list[str] = field(default_factory=list)  # a part a text answers asks with one
    place_asking_words: list[str] = field(default_factory=list)  # a department (who) is no place
    event_place_words: list[str] = field(default_factory=list)  # "어디서" of an event asks a place
    doer_asking_words: list[str] = field(default_factory=list)  # "어디서 해": who does it, not which one
    event_words: list[str] = field(default_factory=list)
    place_marks: list[str] = field(default_factory=list)  # a text naming a place holds one
    person_asking_words: list[str] = field(default_factory=list)  # a department (who) is no person
    person_of_office_words: list[str] = field(default_factory=list)  # "예산담당관 누구야": its head
    except_words: list[str] = field(default_factory=list)  # "보건소 말고": the name is set aside
    which_asking_words: list[str] = field(default_factory=list)  # … unless a figure is asked too
    each_words: list[str] = field(default_factory=list)  # a follow-up asking of both things just asked
    each_openers: list[str] = field(default_factory=list)  # … said first, before a name ("둘 총사업비")
    change_asking_words: list[str] = field(default_factory=list)  # an answer must show a change
    asker_words: tuple[str, ...] = ()  # who the asker says they are ("주무관인데요": context)
    when_asking_words: list[str] = field(default_factory=list)  # an answer must show a date or length
    figure_asking_words: list[str] = field(default_factory=list)  # an answer must show a number
    year_asking_words: list[str] = field(default_factory=list)  # … a year, which a text's ’21년 shows
    duration_words: list[str] = field(default_factory=list)  # after 몇 년: a length of time, not a year
    why_aspects: set[str] = field(default_factory=set)
    # a measure → the one a subject lacking it gives for the same thing (신규 확진자: 전국's 확진환자 일일 증감)
    same_measures: dict[str, list[str]] = field(default_factory=dict)
    parts_of_wholes: dict[str, str] = field(default_factory=dict)  # a subject → the one whose figures hold it
    wholes_of_measures: dict[str, str] = field(default_factory=dict)  # a measure → the one it counts a part of
    # a rate → the two measures it is, of a thing the report gives no such rate (집행률: 사용액 of 예산)
    rates_of_measures: dict[str, tuple[str, str]] = field(default_factory=dict)
    # a headline measure of one year → the table's measure that gives it for the other years
    measures_of_other_years: dict[str, str] = field(default_factory=dict)

    @cached_property
    def intent_words(self) -> list[str]:
        return [k for i in self.intents for k in (*i.keywords, *i.last_words) if len(k) >= 2]

    @cached_property
    def intent_word_set(self) -> frozenset[str]:
        return frozenset(self.intent_words)

    @cached_property
    def keyword_sets(self) -> tuple[frozenset[str], ...]:
        """Each intent's keywords (in the order of `intents`), as a set."""
        return tuple(frozenset(k for k in i.keywords if k) for i in self.intents)

    @cached_property
    def all_keywords(self) -> frozenset[str]:
        return frozenset().union(*self.keyword_sets)

    @cached_property
    def keyword_beginnings(self) -> frozenset[str]:
        """Every beginning of every intent keyword (the keywords too)."""
        return frozenset(k[:n] for keywords in self.keyword_sets for k in keywords for n in range(1, len(k) + 1))

    @cached_property
    def operation_table(self) -> OperationTable:
        """`operations` and `operations_unless` in compact form, read once."""
        return operation_table(self.operations, self.operations_unless)

    @cached_property
    def naming_operation_words(self) -> frozenset[str]:
        """The words naming any operation (비중, 퍼센트, 차이 …), compact."""
        return frozenset(compact(w) for name in self.operations for w in self.operation_words(name)) - {""}

    @cached_property
    def function_words(self) -> frozenset[str]:
        """Words that say nothing by themselves: fillers, relative years, joining words, endings."""
        return frozenset({*self.filler_words, *self.relative_years, *words.JOINED_WORDS, *words.ENDING_SET} - {""})

    @cached_property
    def what_asking_words(self) -> tuple[str, ...]:
        """Words that ask what a text says or which thing ("뭐", "무슨"): text_asking_words and
        which_asking_words together."""
        return (*self.text_asking_words, *self.which_asking_words)

    @cached_property
    def question_words(self) -> tuple[str, ...]:
        """Every word that asks something: of a figure, a text, a thing, a time ("얼마", "뭐", "어느",
        "언제"); a clause holding one is a question, never chatty context."""
        return (*self.figure_asking_words, *self.what_asking_words, *self.when_asking_words)

    @cached_property
    def operation_word_set(self) -> frozenset[str]:
        """The words naming an operation ("감소율", "합치면", "차이"): each asks a figure computed."""
        return frozenset(w.rstrip("$") for name in self.operations for w in self.operation_words(name) if w)

    @cached_property
    def asking_and_endings(self) -> frozenset[str]:
        """Intent keywords, asking words, endings, the endings of a clause of context ("그런데")
        and a ranking's directions ("적은" of "제일적은과는") of two letters or more."""
        ranking = self.get("ranking").extra if "ranking" in self.names else {}
        directions = [str(w) for key in ("ascending", "descending") for w in ranking.get(key) or ()]
        every = {*self.intent_word_set, *words.ASKING_WORDS, *words.ENDING_SET, *self.context_endings, *directions}
        return frozenset(w for w in every if len(w) >= 2)

    @cached_property
    def ranking_words(self) -> tuple[str, ...]:
        """The ranking intent's keywords of two letters or more (제일, 가장, 많은곳)."""
        return tuple(w for w in self.get("ranking").keywords if len(w) >= 2) if "ranking" in self.names else ()

    @cached_property
    def longest_intent_word(self) -> int:
        return max((len(k) for k in self.intent_words), default=0)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(i.name for i in self.intents)

    @cached_property
    def _by_name(self) -> dict[str, Intent]:
        """Each intent by its name (the first of a name, as `get` reads them)."""
        return {i.name: i for i in reversed(self.intents)}

    def get(self, name: str) -> Intent:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(name) from None

    @property
    def scope_names(self) -> tuple[str, ...]:
        """The report's owner and the names of the whole it speaks for: everyone's subject."""
        return (self.report_owner, *self.whole_names)

    def phrase(self, key: str, **fields: object) -> str:
        return self.phrases[key].format(**fields)

    def operation_words(self, name: str) -> tuple[str, ...]:
        """The first word group of an operation (the words naming it: 차이, 결원, 합치면, 증가율 …)."""
        groups = self.operations.get(name) or [[]]
        return tuple(groups[0])


LIST_KEYS = (
    "out_of_scope",
    "not_entity_words",
    "filler_words",
    "whole_names",
    "context_endings",
    "trailing_context_endings",
    "asked_within_endings",
    "name_asking_words",
    "names_asking_words",
    "except_words",
    "which_asking_words",
    "each_words",
    "each_openers",
    "change_asking_words",
    "asker_words",
    "when_asking_words",
    "figure_asking_words",
    "year_asking_words",
    "duration_words",
    "text_asking_words",
    "place_asking_words",
    "event_place_words",
    "doer_asking_words",
    "event_words",
    "place_marks",
    "person_asking_words",
    "person_of_office_words",
)
MAPPING_KEYS = (
    "phrases",
    "relative_years",
    "operations",
    "same_measures",
    "parts_of_wholes",
    "wholes_of_measures",
    "rates_of_measures",
    "measures_of_other_years",
)
# the {fields} the engine fills in templates and phrases (a name outside these fails at load)
TEMPLATE_FIELDS = frozenset(
    "a actual after as_of asked aspect available b base before choices date difference direction examples expected "
    "figure how items kind label metric n note part period place readable section share subject text title total "
    "unit what when whole word".split()
)


def check_shape(path: Path, data: dict) -> None:
    """The kinds of value intents.yaml's keys hold, and templates and phrases that can be filled
    in: one line naming the key at load, not a failure at some question later."""

    def bad(key: str, what: str) -> KnowledgeError:
        return KnowledgeError(f"{path}: `{key}` must be {what}")

    year = str(data.get("report_year") or "2020")
    if not (year.isdigit() and len(year) == 4):
        raise bad("report_year", "a year of four digits, such as 2020")
    for key in LIST_KEYS:
        if data.get(key) is not None and not isinstance(data[key], list):
            raise bad(key, "a list")
    for key in MAPPING_KEYS:
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise bad(key, "a mapping (name: value)")
    for name, pair in (data.get("rates_of_measures") or {}).items():
        if not (isinstance(pair, list) and len(pair) == 2):
            raise bad(f"rates_of_measures.{name}", "a list of two measures (the part, the whole)")
    texts = [(f"phrases.{k}", v) for k, v in (data.get("phrases") or {}).items()]
    for name, spec in (data.get("intents") or {}).items():
        if spec is not None and not isinstance(spec, dict):
            raise bad(f"intents.{name}", "a mapping (keywords, template…)")
        for key, value in (spec or {}).items():
            if key in ("keywords", "examples", "slots") and value is not None and not isinstance(value, list):
                raise bad(f"intents.{name}.{key}", "a list")
            if key == "template" or key.endswith("_template"):
                texts.append((f"intents.{name}.{key}", value))
    for key, value in texts:
        if not isinstance(value, str):
            raise bad(key, "text")
        try:
            fields_ = [f for _, f, _, _ in formatter_parser(value) if f]
        except ValueError as e:
            raise bad(key, f"text whose {{fields}} are closed ({e})") from e
        unknown = sorted({f.split(".")[0].split("[")[0] for f in fields_} - TEMPLATE_FIELDS)
        if unknown:
            raise bad(key, f"text with fields the answers fill ({', '.join(unknown)} is none of them)")


def load_intents(path: Path) -> IntentConfig:
    data = yamlcopy.load(path, "intents", read_yaml) or {}  # a missing file or bad YAML: one line naming it
    if not isinstance(data, dict) or not isinstance(data.get("intents") or {}, dict):
        raise KnowledgeError(f"{path}: expected a mapping with `intents:` (name: {{keywords, template…}})")
    check_shape(path, data)
    intents = []
    for name, spec in (data.get("intents") or {}).items():
        spec = spec or {}
        known = {"keywords", "examples", "template", "max_length", "slots"}
        written = [str(k) for k in spec.get("keywords") or ()]
        intents.append(
            Intent(
                name=name,
                keywords=tuple(compact(k) for k in written if not k.endswith("$")),
                last_words=tuple(compact(k[:-1]) for k in written if k.endswith("$")),
                examples=tuple(str(e) for e in spec.get("examples") or ()),
                template=str(spec.get("template") or "{label}"),
                max_length=spec.get("max_length"),
                slots=tuple(str(x) for x in spec.get("slots") or ()),
                extra={k: v for k, v in spec.items() if k not in known},
            )
        )

    def compacted(key: str) -> list[str]:  # a word list of intents.yaml in compact form
        return [compact(str(x)) for x in data.get(key) or ()]

    return IntentConfig(
        intents=intents,
        phrases={k: str(v) for k, v in (data.get("phrases") or {}).items()},
        report_year=str(data.get("report_year") or "2020"),
        report_owner=str(data.get("report_owner") or ""),
        relative_years={compact(k): str(v) for k, v in (data.get("relative_years") or {}).items()},
        out_of_scope=compacted("out_of_scope"),
        not_entity_words=compacted("not_entity_words"),
        filler_words={compact(str(x)) for x in data.get("filler_words") or ()},
        whole_names=[str(x) for x in data.get("whole_names") or ()],
        context_endings=[str(x) for x in data.get("context_endings") or ()],
        trailing_context_endings=[str(x) for x in data.get("trailing_context_endings") or ()],
        asked_within_endings=[str(x) for x in data.get("asked_within_endings") or ()],
        name_asking_words=compacted("name_asking_words"),
        names_asking_words=compacted("names_asking_words"),
        text_asking_words=compacted("text_asking_words"),
        place_asking_words=compacted("place_asking_words"),
        event_place_words=compacted("event_place_words"),
        doer_asking_words=compacted("doer_asking_words"),
        event_words=compacted("event_words"),
        place_marks=compacted("place_marks"),
        person_asking_words=compacted("person_asking_words"),
        person_of_office_words=compacted("person_of_office_words"),
        except_words=compacted("except_words"),
        which_asking_words=compacted("which_asking_words"),
        each_words=compacted("each_words"),
        each_openers=compacted("each_openers"),
        change_asking_words=compacted("change_asking_words"),
        asker_words=tuple(compacted("asker_words")),
        when_asking_words=compacted("when_asking_words"),
        figure_asking_words=compacted("figure_asking_words"),
        year_asking_words=compacted("year_asking_words"),
        duration_words=compacted("duration_words"),
        operations={
            str(name): [[str(w) for w in group] for group in (spec or {}).get("words") or ()]
            for name, spec in (data.get("operations") or {}).items()
        },
        operations_computes={
            str(name): str(spec["computes"])
            for name, spec in (data.get("operations") or {}).items()
            if (spec or {}).get("computes")
        },
        operations_unless={
            str(name): [str(w) for w in (spec or {}).get("unless") or ()]
            for name, spec in (data.get("operations") or {}).items()
        },
        strict_operations=frozenset(
            str(name) for name, spec in (data.get("operations") or {}).items() if (spec or {}).get("decline_uncomputed")
        ),
        same_measures={
            str(k): [str(x) for x in (v if isinstance(v, list) else [v])]
            for k, v in (data.get("same_measures") or {}).items()
        },
        parts_of_wholes={str(k): str(v) for k, v in (data.get("parts_of_wholes") or {}).items()},
        wholes_of_measures={str(k): str(v) for k, v in (data.get("wholes_of_measures") or {}).items()},
        measures_of_other_years={str(k): str(v) for k, v in (data.get("measures_of_other_years") or {}).items()},
        rates_of_measures={str(k): (str(v[0]), str(v[1])) for k, v in (data.get("rates_of_measures") or {}).items()},
        who_aspects={str(x) for x in (data.get("intents", {}).get("who") or {}).get("aspects") or ()},
        why_aspects={str(x) for x in (data.get("intents", {}).get("why") or {}).get("aspects") or ()},
    )
