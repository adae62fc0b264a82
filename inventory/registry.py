"""One small registry type for the things sectors and extensions register by name (input
formats, parameter sources, ``ghgi`` subcommands): a second registration of the same name with
a different object is an error, and reading a registry loads the plug-ins first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, reserved: tuple[str, ...] = (),
                 check: Callable[[T], None] | None = None):
        self.kind, self.reserved, self.check = kind, reserved, check
        self._items: dict[str, T] = {}

    def add(self, item: T) -> T:
        name = item.name
        if name in self.reserved:
            raise ValueError(f"{self.kind} '{name}' is built in")
        if name in self._items and self._items[name] != item:
            raise ValueError(f"{self.kind} {name} registered twice")
        self._items[name] = item
        return item

    def all(self) -> dict[str, T]:
        """Every registered item by name (sorted), after loading the plug-ins."""
        from inventory.plugins import load_sectors

        load_sectors()
        return dict(sorted(self._items.items()))
