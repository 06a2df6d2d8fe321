"""Unit tests: per-chat sessions (TTL with an injected clock, pruning) and the access policy."""

from __future__ import annotations

from bot.answer import Answer
from bot.telegram.access import AccessPolicy
from bot.telegram.sessions import SessionStore


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_conversation_lives_until_ttl_of_silence():
    clock = Clock()
    store = SessionStore(ttl_seconds=60, clock=clock)
    first = store.session(1).conversation
    clock.now = 59
    assert store.session(1).conversation is first  # activity renews the TTL…
    clock.now = 118
    assert store.session(1).conversation is first
    clock.now = 179
    assert store.session(1).conversation is not first  # …silence beyond it forgets


def test_lock_survives_expiry_and_last_answer_expires():
    clock = Clock()
    store = SessionStore(ttl_seconds=10, clock=clock)
    lock = store.lock(7)
    store.remember(7, Answer("q", True, "t"))
    assert store.last_answer(7).question == "q"
    clock.now = 11
    assert store.last_answer(7) is None
    assert store.lock(7) is lock  # a renewed session keeps the chat's lock


def test_reset_clears_conversation_and_last_answer():
    store = SessionStore(ttl_seconds=60)
    session = store.session(3)
    session.conversation.turns = 4
    session.conversation.slots["x"] = 1
    store.remember(3, Answer("q", True, "t"))
    store.reset(3)
    assert store.session(3).conversation.turns == 0 and store.last_answer(3) is None
    store.reset(999)  # unknown chat: nothing to do


def test_prune_bounds_memory():
    clock = Clock()
    store = SessionStore(ttl_seconds=10, clock=clock, max_chats=50)
    for chat in range(40):
        store.session(chat)
    clock.now = 20
    for chat in range(100, 160):
        store.session(chat)
    assert len(store) <= 50
    assert 159 in store._sessions and 0 not in store._sessions


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
