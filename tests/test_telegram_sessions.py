"""Unit tests: conversation contexts in the state database (TTL with an injected clock, turns,
restart, fallback) and the access policy."""

from __future__ import annotations

from bot.answer import Answer, Conversation, Source
from bot.telegram.access import AccessPolicy
from bot.telegram.privacy import Hasher
from bot.telegram.sessions import ChatContext, ContextStore
from bot.telegram.statedb import StateDB

HASHER = Hasher("unit-test-key-0123456789")


class Clock:
    def __init__(self):
        self.now = 1_600_000_000.0

    def __call__(self) -> float:
        return self.now


def context(slots: dict, question: str = "q", msg: int | None = None) -> ChatContext:
    answer = Answer(question, True, "t", sources=[Source("III-9", "소송", (5, 7))])
    return ChatContext(Conversation(slots=dict(slots), turns=1), answer, msg)


def test_context_lives_until_ttl_of_silence_and_survives_a_new_store(tmp_path):
    clock = Clock()
    db = StateDB(tmp_path / "state.db")
    store = ContextStore(db, HASHER, ttl_seconds=60, clock=clock)
    store.save(1, context({"subjects": ["법률지원담당관"]}))
    clock.now += 59
    restarted = ContextStore(StateDB(tmp_path / "state.db"), HASHER, ttl_seconds=60, clock=clock)
    loaded = restarted.load(1)
    assert loaded.conversation.slots == {"subjects": ["법률지원담당관"]} and loaded.conversation.turns == 1
    assert loaded.last_answer.sources == [Source("III-9", "소송", (5, 7))]  # for /source after a restart
    clock.now += 2
    assert restarted.load(1).conversation.slots == {}  # silence beyond the TTL forgets


def test_chats_are_stored_under_keyed_hashes_and_questions_redacted(tmp_path):
    path = tmp_path / "state.db"
    store = ContextStore(StateDB(path), HASHER, ttl_seconds=60)
    store.save(555001234, context({}, question="010-1234-5678 로 연락 주세요 예산은?"))
    store.db.close()
    dump = "\n".join(__import__("sqlite3").connect(path).iterdump())
    assert "555001234" not in dump and "1234-5678" not in dump and "<전화번호>" in dump
    assert HASHER.full(555001234) in dump


def test_turns_give_replies_and_edits_their_context(tmp_path):
    clock = Clock()
    store = ContextStore(StateDB(tmp_path / "s.db"), HASHER, ttl_seconds=60, clock=clock, turn_retention=3600)
    before, after = context({}), context({"subjects": ["A"]}, msg=10)
    store.record_turn(7, 10, [11, 12], before, after)
    assert store.turn_of_answer(7, 12).after.conversation.slots == {"subjects": ["A"]}
    assert store.turn_of_question(7, 10).answer_msgs == [11, 12]
    assert store.turn_of_answer(8, 12) is None  # another chat
    turn = store.turn_of_question(7, 10)
    store.update_turn(7, turn, [11], context({"subjects": ["B"]}))
    assert store.turn_of_answer(7, 12) is None
    assert store.turn_of_answer(7, 11).after.conversation.slots == {"subjects": ["B"]}
    clock.now += 3601
    assert store.turn_of_answer(7, 11) is None  # kept for turn_retention only
    assert store.purge() >= 1


def test_reset_forgets_context_and_turns(tmp_path):
    store = ContextStore(StateDB(tmp_path / "s.db"), HASHER, ttl_seconds=60)
    store.save(3, context({"x": [1]}))
    store.record_turn(3, 1, [2], context({}), context({"x": [1]}))
    store.reset(3)
    assert store.load(3).conversation.slots == {} and store.last_answer(3) is None
    assert store.turn_of_answer(3, 2) is None
    store.reset(999)  # unknown chat: nothing to do


def test_broken_database_falls_back_to_memory(tmp_path, caplog):
    bad = tmp_path / "state.db"
    bad.write_bytes(b"not a database" * 100)
    store = ContextStore(StateDB(bad), HASHER, ttl_seconds=60)
    store.save(1, context({"subjects": ["A"]}))
    store.save(1, context({"subjects": ["B"]}))
    assert store.load(1).conversation.slots == {"subjects": ["B"]}
    assert sum("state database" in r.getMessage() for r in caplog.records) == 1  # warned once


def test_unreadable_context_is_a_fresh_one():
    assert ChatContext.loads("{not json").conversation.slots == {}
    assert ChatContext.loads("[1]").conversation.slots == {}
    assert ChatContext.loads('{"conversation": {"slots": [1, 2]}}').conversation.slots == {}
    # an answer saved by another version (unknown or missing fields) does not cost the slots
    kept = ChatContext.loads('{"conversation": {"slots": {"a": [1]}, "turns": 2}, "last_answer": {"x": 1}}')
    assert kept.conversation.slots == {"a": [1]} and kept.conversation.turns == 2 and kept.last_answer is None
    # an operation carried that is no name of one is none ("조직담당관은?" then computes nothing)
    assert ChatContext.loads('{"conversation": {"operation": [1]}}').conversation.operation is None
    assert ChatContext.loads('{"conversation": {"operation": "ratio"}}').conversation.operation == "ratio"


def test_context_round_trip_keeps_every_conversation_field():
    ctx = context({"subjects": ["A"], "periods": [2019]}, msg=5)
    again = ChatContext.loads(ctx.dumps())
    assert again.conversation.slots == {"subjects": ["A"], "periods": [2019]} and again.conversation.turns == 1
    assert again.question_msg == 5 and again.last_answer == ctx.last_answer
    assert again.conversation.last_answer == ctx.last_answer


def test_access_policy():
    open_policy = AccessPolicy()
    assert not open_policy.restricted and open_policy.allows(1, 1) and open_policy.allows(None, None)
    policy = AccessPolicy(allowed_users=[1], allowed_chats=[-100], admins=[9])
    assert policy.restricted
    assert policy.allows(1, 555) and policy.allows(2, -100) and policy.allows(9, 777)
    assert not policy.allows(2, 555) and not policy.allows(None, None)
    assert policy.is_admin(9) and not policy.is_admin(1) and not policy.is_admin(None)
    assert policy.first_refusal(555) and not policy.first_refusal(555) and policy.first_refusal(556)


def test_refusal_memory_is_bounded():
    policy = AccessPolicy(allowed_users=[1], max_remembered=3)
    for chat in range(5):
        assert policy.first_refusal(chat)
    assert not policy.first_refusal(4)
    assert policy.first_refusal(0)  # the oldest were forgotten
