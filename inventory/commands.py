"""Subcommands of ``ghgi`` that sectors and extensions bring (``ghgi reconcile`` ...).

A package registers a :class:`Command` on import; :func:`inventory.cli.main` adds one
sub-parser per command (``add_arguments(parser)``) and calls ``run(args)`` (its return value is
the exit code; an :class:`inventory.errors.InputError` prints ``error: ...`` and exits 2, as for
the built-in commands).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inventory.registry import Registry

__all__ = ["Command", "register_command", "commands", "folder_command"]

_BUILTIN = ("run", "compile", "template", "demo", "review", "submit", "compare", "submissions")


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable
    run: Callable


_COMMANDS: Registry[Command] = Registry("ghgi command", _BUILTIN)


def register_command(command: Command) -> Command:
    return _COMMANDS.add(command)


def commands() -> dict[str, Command]:
    return _COMMANDS.all()


def folder_command(name: str, help: str, default: Path, write: Callable[[Path], Path]
                   ) -> Command:
    """Register ``ghgi <name> [folder]``: ``write(folder)`` and print the folder it wrote (the
    demo writers of extensions)."""
    def add_arguments(p) -> None:
        p.add_argument("folder", type=Path, nargs="?", default=default)

    return register_command(Command(name, help, add_arguments,
                                    lambda a: print(write(a.folder))))
