"""Who may use the bot: allowlists of users and chats, admins, and refusals sent once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable


class AccessPolicy:
    """Private chats and inline mode: open when both allowlists are empty; otherwise the user or
    the chat must be listed; admins (ADMIN_USER_IDS) are always allowed.

    Groups: with the default group policy "allowlist" the bot answers only in groups listed in
    ALLOWED_CHAT_IDS, whoever asks (an allowed user or an admin in an unlisted group is refused
    there too). With "open", groups follow the rule for private chats."""

    def __init__(
        self,
        allowed_users: Iterable[int] = (),
        allowed_chats: Iterable[int] = (),
        admins: Iterable[int] = (),
        max_remembered: int = 100_000,
        group_policy: str = "allowlist",
    ):
        self.allowed_users = frozenset(allowed_users)
        self.allowed_chats = frozenset(allowed_chats)
        self.admins = frozenset(admins)
        self.group_policy = group_policy
        self._refused: OrderedDict[int, None] = OrderedDict()
        self._max_remembered = max_remembered

    @property
    def restricted(self) -> bool:
        return bool(self.allowed_users or self.allowed_chats)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def allows(self, user_id: int | None, chat_id: int | None, group: bool = False) -> bool:
        if group and self.group_policy == "allowlist":
            return chat_id is not None and chat_id in self.allowed_chats
        if not self.restricted or self.is_admin(user_id):
            return True
        return (user_id is not None and user_id in self.allowed_users) or (
            chat_id is not None and chat_id in self.allowed_chats
        )

    def is_stranger(self, user_id: int | None) -> bool:
        """Someone who may not use the bot in a private chat."""
        return not self.allows(user_id, None)

    def first_refusal(self, chat_id: int) -> bool:
        """True the first time a chat is refused (so it gets exactly one refusal message)."""
        if chat_id in self._refused:
            return False
        self._refused[chat_id] = None
        if len(self._refused) > self._max_remembered:
            self._refused.popitem(last=False)
        return True
