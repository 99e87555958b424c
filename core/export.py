"""Export-as-code, shared by every page: a standalone script built from the same functions the app runs.

A topic keeps what its script needs as small pure functions and classes in its core module (the data
generator, the model builder, the training step); `build_script` copies their source with `inspect`, so the
script cannot drift from the app. Constants the functions read are written out by value, and `main` is the
script's own short driver (argument parsing, the loop, printing)."""
from __future__ import annotations

import ast
import dis
import functools
import inspect
import re
import textwrap
import threading
import types
from collections.abc import Callable, Iterable
from typing import Any


def source_of(*objects: Callable | type) -> str:
    """The source of each function or class, dedented, separated by two blank lines."""
    return "\n\n\n".join(_source(obj) for obj in objects)


@functools.lru_cache(maxsize=1024)
def _source(obj: Callable | type) -> str:
    """inspect.getsource re-reads and re-tokenises the file on every call (~70 ms a class on a busy CPU), and pages
    build their export on every rerun; a reloaded module brings new objects, so nothing stale is served."""
    return textwrap.dedent(inspect.getsource(obj)).strip()


def constants_code(constants: dict[str, Any]) -> str:
    """`NAME = repr(value)` lines; values must be literals (numbers, strings, tuples, lists, dicts, None)."""
    lines = []
    for name, value in constants.items():
        if not name.isidentifier():
            raise ValueError(f"{name!r} is not a Python name")
        lines.append(f"{name} = {value!r}")
    return "\n".join(lines)


LITERALS = (bool, int, float, str, tuple, list, dict, type(None))


def _code_objects(obj: Callable | type) -> list[types.CodeType]:
    """The code of a function, or of every method and property of a class, nested functions included."""
    if isinstance(obj, type):
        funcs = []
        for member in vars(obj).values():
            member = getattr(member, "__func__", member)  # staticmethod / classmethod
            if isinstance(member, property):
                funcs += [f for f in (member.fget, member.fset) if f]
            elif isinstance(member, types.FunctionType):
                funcs.append(member)
        codes = [f.__code__ for f in funcs]
    else:
        codes = [obj.__code__]
    out = []
    while codes:
        code = codes.pop()
        out.append(code)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return out


def module_globals_used(obj: Callable | type) -> dict[str, Any]:
    """The names `obj` reads from its own module's globals, with their values (imports and builtins left out)."""
    namespace = vars(inspect.getmodule(obj))
    return {n: namespace[n] for n in _global_names(obj)
            if n in namespace and not n.startswith("__") and not isinstance(namespace[n], types.ModuleType)}


@functools.lru_cache(maxsize=1024)
def _global_names(obj: Callable | type) -> tuple[str, ...]:
    """Disassembling is most of an export's cost and the code never changes: once per object (values are read
    fresh by module_globals_used)."""
    return tuple(sorted({ins.argval for code in _code_objects(obj) for ins in dis.get_instructions(code)
                         if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME")}))  # attribute names (x.seed) are not globals


# CPython 3.11's ast module keeps its recursion-depth count per interpreter, not per thread: two sessions building
# scripts at once can fail with "SystemError: AST constructor recursion depth mismatch" (seen once in the 20-session
# load test, python/cpython#106905). One parse at a time; they take microseconds.
_AST_LOCK = threading.Lock()


def _writable(value: Any) -> bool:
    """A value `repr` writes as Python that reads back the same (numbers, strings, containers of them)."""
    try:
        with _AST_LOCK:
            parsed = ast.literal_eval(repr(value))
        return parsed == value
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


def missing_parts(objects: list, constants: dict[str, Any], imports: Iterable[str] = ()) -> tuple[dict, list[str]]:
    """(module constants the copied code reads but nobody passed, what it needs that cannot be supplied: project
    functions or classes nobody copied, values that cannot be written out). Names the import lines already define
    count as supplied. The first are added to the script by value; the second are an error."""
    given = set(constants) | {getattr(o, "__name__", "") for o in objects}
    given |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", "\n".join(imports)))
    extra, absent = {}, []
    for obj in objects:
        for name, value in module_globals_used(obj).items():
            if name in given or name in extra:
                continue
            if isinstance(value, LITERALS):
                if _writable(value):
                    extra[name] = value
                else:
                    absent.append(f"{name} (used by {obj.__name__}, not writable as a literal)")
            elif getattr(value, "__module__", "").startswith("core."):
                absent.append(f"{name} (used by {obj.__name__})")
    return extra, absent


def build_script(doc: str, imports: Iterable[str], objects: Iterable[Callable | type] = (),
                 constants: dict[str, Any] | None = None, main: str = "") -> str:
    """A runnable script: docstring, imports, constants, the copied sources, then `main` under __main__.

    Module constants the copied functions read (a table of activations, a default width) are written out by value
    even when not passed in `constants`; a project function they call but that is not copied is an error here,
    not a NameError on the user's machine."""
    imports = list(imports)
    objects = list(objects)
    constants = dict(constants or {})
    extra, absent = missing_parts(objects, constants, imports)
    if absent:
        raise ValueError("the exported script would miss " + ", ".join(absent) + ": add them to its objects")
    constants = {**extra, **constants}
    parts = [f'"""{doc.strip()}"""', "\n".join(imports)]
    if constants:
        parts.append(constants_code(constants))
    if objects:
        parts.append(source_of(*objects))
    if main.strip():
        parts.append('if __name__ == "__main__":\n' + textwrap.indent(textwrap.dedent(main).strip(), "    "))
    parts = [p for p in parts if p.strip()]
    for part in parts:  # a broken export fails here, not on the user's machine
        _check_syntax(part)
    return "\n\n\n".join(parts) + "\n"


@functools.lru_cache(maxsize=256)
def _check_syntax(code: str) -> None:
    """Raise SyntaxError if `code` is not a sequence of whole Python statements. A script is its parts, each such
    a sequence, one after another, so checking the parts checks the script; and all but the constants are the same
    from one rerun to the next, so each is parsed once (parsing the whole script was most of an export's time)."""
    with _AST_LOCK:
        ast.parse(code, "<exported script>")
