"""`once`: a function of no arguments run at its first call, its value kept for the later ones.

An answerer makes a few of these per question (the text items, read only when a branch asks), so
making one must cost little: a closure, not `functools.cache`'s wrapper with its copied metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def once(fn: Callable[[], T]) -> Callable[[], T]:
    box: list[T] = []

    def get() -> T:
        if not box:
            box.append(fn())
        return box[0]

    return get
