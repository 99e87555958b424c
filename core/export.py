"""Export-as-code, shared by every page: a standalone script built from the same functions the app runs.

A topic keeps what its script needs as small pure functions and classes in its core module (the data
generator, the model builder, the training step); `build_script` copies their source with `inspect`, so the
script cannot drift from the app. Constants the functions read are written out by value, and `main` is the
script's own short driver (argument parsing, the loop, printing)."""
from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterable
from typing import Any


def source_of(*objects: Callable | type) -> str:
    """The source of each function or class, dedented, separated by two blank lines."""
    return "\n\n\n".join(textwrap.dedent(inspect.getsource(obj)).strip() for obj in objects)


def constants_code(constants: dict[str, Any]) -> str:
    """`NAME = repr(value)` lines; values must be literals (numbers, strings, tuples, lists, dicts, None)."""
    lines = []
    for name, value in constants.items():
        if not name.isidentifier():
            raise ValueError(f"{name!r} is not a Python name")
        lines.append(f"{name} = {value!r}")
    return "\n".join(lines)


def build_script(doc: str, imports: Iterable[str], objects: Iterable[Callable | type] = (),
                 constants: dict[str, Any] | None = None, main: str = "") -> str:
    """A runnable script: docstring, imports, constants, the copied sources, then `main` under __main__."""
    parts = [f'"""{doc.strip()}"""', "\n".join(imports)]
    if constants:
        parts.append(constants_code(constants))
    objects = list(objects)
    if objects:
        parts.append(source_of(*objects))
    if main.strip():
        parts.append('if __name__ == "__main__":\n' + textwrap.indent(textwrap.dedent(main).strip(), "    "))
    script = "\n\n\n".join(p for p in parts if p.strip()) + "\n"
    compile(script, "<exported script>", "exec")  # a broken export fails here, not on the user's machine
    return script
