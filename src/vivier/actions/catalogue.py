"""The catalogue: every action of the ``flatchr_*`` and ``flowtly_*`` modules of this package.

Modules are discovered by name, so adding an action module needs no registration here.
"""

from __future__ import annotations

import importlib
import pkgutil
from fnmatch import fnmatchcase
from functools import cache

from vivier import actions
from vivier.actions.framework import Action
from vivier.core.errors import NotFound

MODULE_PREFIXES = ("flatchr_", "flowtly_")


@cache
def catalogue() -> dict[str, Action]:
    """Every action by name, in module then declaration order."""
    found: dict[str, Action] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(actions.__path__)):
        if not module.startswith(MODULE_PREFIXES):
            continue
        for action in importlib.import_module(f"{actions.__name__}.{module}").ACTIONS:
            if action.name in found:
                raise RuntimeError(f"duplicate action name {action.name}")
            found[action.name] = action
    return found


def matching(glob: str | None = None) -> list[Action]:
    """The actions whose name matches a shell-style glob (``flatchr_*``), all without one."""
    return [a for name, a in catalogue().items() if glob is None or fnmatchcase(name, glob)]


def find(name: str) -> Action:
    action = catalogue().get(name)
    if action is None:
        raise NotFound(f"Unknown action: {name}")
    return action
