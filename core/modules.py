"""Every module of a package and its subpackages, so topics can live in packages of their own
(core/<topic>/, bench/tasks/<topic>/) and still be found by `core.prepare`, `python -m bench` and the page warm-up."""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType


def module_names(package: ModuleType, skip: tuple[str, ...] = ()) -> list[str]:
    """Dotted names of every module below `package`, sorted; `skip` holds names relative to the package."""
    found = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        relative = info.name[len(package.__name__) + 1:]
        if relative in skip or relative.endswith("__main__"):
            continue
        found.append(info.name)
    return sorted(found)


def iter_modules(package: ModuleType, skip: tuple[str, ...] = ()) -> Iterator[ModuleType]:
    """Import and yield every module below `package` (see module_names)."""
    for name in module_names(package, skip):
        yield importlib.import_module(name)
