"""Parsing and writing URL settings: round trips, and every hostile value refused with a reason."""
import pytest

from ui.url_state import Param


@pytest.mark.parametrize("param,value", [
    (Param("lr", 0.03, 0.0001, 1.0), 0.25),
    (Param("n", 200, 10, 2000), 1500),
    (Param("on", True), False),
    (Param("kind", "moons", choices=("moons", "spiral")), "spiral"),
    (Param("acts", ("a", "b"), choices=("a", "b", "c d")), ("c d", "a")),
    (Param("width", 4, 1, 8, choices=(2, 4, 8)), 8),
    (Param("l2", 0.0, choices=(0.0, 0.001, 0.1)), 0.0),
    (Param("lr", 0.01, choices=(0.001, 0.01, 0.1)), 0.001),
])
def test_round_trip(param, value):
    assert param.parse(param.dump(value)) == value


def test_lists_from_widgets_dump_like_tuples():
    p = Param("acts", ("a",), choices=("a", "b"))
    assert p.dump(["a", "b"]) == "a,b"


@pytest.mark.parametrize("param,text", [
    (Param("lr", 0.03, 0.0001, 1.0), "abc"),
    (Param("lr", 0.03, 0.0001, 1.0), "nan"),
    (Param("lr", 0.03, 0.0001, 1.0), "inf"),
    (Param("lr", 0.03, 0.0001, 1.0), "5"),
    (Param("n", 200, 10, 2000), "1e9"),
    (Param("n", 200, 10, 2000), "20.5"),
    (Param("on", True), "maybe"),
    (Param("kind", "moons", choices=("moons", "spiral")), "<script>alert(1)</script>"),
    (Param("acts", ("a",), choices=("a", "b")), "a,zz"),
    (Param("s", "x"), "y" * 1000),
])
def test_hostile_values_are_refused(param, text):
    with pytest.raises(ValueError):
        param.parse(text)
