"""Values worked out once from an object that does not change, found again by the object's identity.

The cost model asks the same question of the same pricing tiers, candidate pools and questionnaire at
every volume it tries; these objects are frozen but not all hashable, so they are found by `id`. The
object is kept beside its value, so its identity cannot be reused by another object while it is here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityCache(Generic[K, V]):
    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._items: dict[int, tuple[K, V]] = {}

    def get(self, key: K, build: Callable[[K], V]) -> V:
        """The value for `key`, built by `build(key)` the first time (the cache starts over when full)."""
        known = self._items.get(id(key))
        if known is not None and known[0] is key:
            return known[1]
        if len(self._items) >= self._size:
            self._items.clear()
        value = build(key)
        self._items[id(key)] = (key, value)
        return value
