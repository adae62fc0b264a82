"""Subcommands of ``ghgi`` that sectors and extensions bring (``ghgi reconcile`` ...).

A package registers a :class:`Command` on import; :func:`inventory.cli.main` adds one
sub-parser per command (``add_arguments(parser)``) and calls ``run(args)`` (its return value is
the exit code; an :class:`inventory.errors.InputError` prints ``error: ...`` and exits 2, as for
the built-in commands).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Command", "register_command", "commands"]

_BUILTIN = ("run", "compile", "template", "demo", "review", "submit", "compare", "submissions")


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable
    run: Callable


_COMMANDS: dict[str, Command] = {}


def register_command(command: Command) -> Command:
    if command.name in _BUILTIN:
        raise ValueError(f"'{command.name}' is a built-in ghgi command")
    if command.name in _COMMANDS and _COMMANDS[command.name] != command:
        raise ValueError(f"command {command.name} registered twice")
    _COMMANDS[command.name] = command
    return command


def commands() -> dict[str, Command]:
    from inventory.plugins import load_sectors

    load_sectors()
    return dict(sorted(_COMMANDS.items()))
