"""The shared export helper: scripts are built from the app's own functions and run on their own."""
import subprocess
import sys

import pytest

from core.export import build_script, constants_code, source_of


def double(x):
    """Twice x."""
    return 2 * x


class Counter:
    def __init__(self):
        self.n = 0


def test_script_copies_sources_and_runs(tmp_path):
    script = build_script("Doubles a number.", ["import sys"], [double, Counter], {"FACTOR": 3},
                          main="print(double(int(sys.argv[1])) * FACTOR, Counter().n)")
    assert source_of(double) in script
    path = tmp_path / "s.py"
    path.write_text(script)
    out = subprocess.run([sys.executable, str(path), "7"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "42 0"


def test_constants_must_be_names_and_scripts_must_compile():
    assert constants_code({"A": (1, 2.5), "B": "x"}) == "A = (1, 2.5)\nB = 'x'"
    with pytest.raises(ValueError):
        constants_code({"not a name": 1})
    with pytest.raises(SyntaxError):
        build_script("bad", [], main="print(")


TABLE = {"relu": "ReLU"}


def uses_the_table(name):
    return TABLE[name]


def calls_a_project_function(x):
    return source_of(x)


def test_module_constants_are_written_out_and_missing_functions_refused(tmp_path):
    script = build_script("Reads a table.", [], [uses_the_table], main="print(uses_the_table('relu'))")
    assert "TABLE = {'relu': 'ReLU'}" in script
    path = tmp_path / "t.py"
    path.write_text(script)
    assert subprocess.run([sys.executable, str(path)], capture_output=True, text=True).stdout.strip() == "ReLU"
    with pytest.raises(ValueError, match="source_of"):
        build_script("Calls source_of without copying it.", [], [calls_a_project_function])
