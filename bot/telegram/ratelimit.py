"""Pacing requests under Telegram's flood limits.

AIORateLimiter (python-telegram-bot) keeps every request that names a chat under ~30 per second
overall and ~20 per minute per group, and retries after a flood-wait. It would also count the
"typing" chat action, halving the answers per second one process can send; chat actions are not
messages, so they bypass it (a failed chat action is ignored by the handlers anyway).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import AIORateLimiter

UNPACED_ENDPOINTS = frozenset({"sendChatAction"})


class MessageRateLimiter(AIORateLimiter):
    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if endpoint in UNPACED_ENDPOINTS:
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
