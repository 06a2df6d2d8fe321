"""Every request the handlers make goes through here: pacing under Telegram's flood limits, and
bounded retries of transient failures, so that a user gets exactly one answer.

* Pacing: AIORateLimiter (python-telegram-bot) keeps requests that name a chat under ~30 per
  second overall and ~20 per minute per group. Chat actions ("typing") are not messages and are
  neither paced nor retried (a failed one is ignored by the handlers anyway).
* Retries (RETRIED_ENDPOINTS only): network errors and timeouts, 5xx answers and 429 (waiting
  the retry_after Telegram names) are retried with exponential backoff, at most
  `RetryPolicy.attempts` tries in all; other errors (400 Bad Request, 403 Forbidden…) are not.
  When the tries are spent the error goes up and the chat gets one short apology.
* Sends wait up to SEND_READ_TIMEOUT for Telegram's reply: a slow answer is awaited, not
  abandoned and sent again (which would deliver it twice).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter

log = logging.getLogger(__name__)

UNPACED_ENDPOINTS = frozenset({"sendChatAction"})
RETRIED_ENDPOINTS = frozenset(
    {
        "sendMessage", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery",
        "answerInlineQuery", "leaveChat", "setMyCommands", "setMyDescription", "setMyShortDescription",
    }
)  # fmt: skip
PERMANENT_ERRORS = (BadRequest, Forbidden, InvalidToken, Conflict, ChatMigrated)
SEND_READ_TIMEOUT = 30.0  # seconds to wait for Telegram's reply to a request (PTB's default is 5)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in all, the first included
    base_delay: float = 0.5  # seconds before the first retry; doubled each time
    max_delay: float = 8.0
    max_retry_after: float = 60.0  # a longer flood wait is not waited out

    def backoff(self, retry: int) -> float:
        return min(self.max_delay, self.base_delay * (2**retry))


DEFAULT_RETRY_POLICY = RetryPolicy()


def retry_after_seconds(exc: RetryAfter) -> float:
    """The flood wait Telegram named. Read from the timedelta PTB keeps (as its own rate limiter
    does): the public attribute warns that its type will change."""
    value = getattr(exc, "_retry_after", None)
    if value is None:  # pragma: no cover - older python-telegram-bot
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class MessageRateLimiter(AIORateLimiter):
    async def process_request(
        self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:  # fmt: skip
        if endpoint in UNPACED_ENDPOINTS:
            return await callback(*args, **kwargs)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


class ReliableDelivery(BaseRateLimiter):
    """Retries (and, when `pace` is set, paces) the bot's requests; see the module docstring."""

    def __init__(self, pace: bool = True, policy: RetryPolicy = DEFAULT_RETRY_POLICY):
        # the pacer waits out one flood wait itself (holding other requests back meanwhile);
        # a second 429 comes back here, where the tries are counted
        self.pacer = MessageRateLimiter(max_retries=1) if pace else None
        self.policy = policy

    async def initialize(self) -> None:
        if self.pacer:
            await self.pacer.initialize()

    async def shutdown(self) -> None:
        if self.pacer:
            await self.pacer.shutdown()

    async def _once(self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                    rate_limit_args: Any) -> Any:  # fmt: skip
        if self.pacer is None:
            return await callback(*args, **kwargs)
        return await self.pacer.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

    async def process_request(
        self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: Any,
    ) -> Any:  # fmt: skip
        if endpoint not in RETRIED_ENDPOINTS:
            return await self._once(callback, args, kwargs, endpoint, data, rate_limit_args)
        policy = self.policy
        for attempt in range(policy.attempts):
            last = attempt == policy.attempts - 1
            try:
                return await self._once(callback, args, kwargs, endpoint, data, rate_limit_args)
            except RetryAfter as exc:
                delay = retry_after_seconds(exc)
                if last or delay > policy.max_retry_after:
                    raise
            except PERMANENT_ERRORS:
                raise
            except NetworkError as exc:  # includes TimedOut and 5xx answers
                if last:
                    raise
                delay = policy.backoff(attempt)
                log.warning("%s failed (%s); try %d of %d in %.1f s", endpoint, exc, attempt + 2, policy.attempts,
                            delay)  # fmt: skip
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
