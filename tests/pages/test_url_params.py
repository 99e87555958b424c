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


def test_notes_say_what_was_expected_not_what_python_said():
    assert Param("n", 200, 10, 2000).expected() == "a whole number from 10 to 2000"
    assert Param("kind", "moons", choices=("moons", "spiral")).expected() == "one of moons, spiral"
    assert Param("on", True).expected() == "1 or 0"


def test_clicked_points_round_trip_compactly():
    from ui.url_state import PointsCodec

    p = Param("pts", (), codec=PointsCodec("ABC"))
    points = ((0.5, 1.25, 1), (-1.0, 0.0, 0), (2.37, -0.4, 2))
    text = p.dump(points)
    assert text == "B0.5~1.25_A-1~0_C2.37~-0.4"
    assert p.parse(text) == points and p.parse("") == ()
    from urllib.parse import quote

    assert quote(text, safe="") == text  # nothing to percent-encode: short links


@pytest.mark.parametrize("text", ["D1~1", "A1~1~1", "A1", "Anan~1", "A1e9~1", "A11~0", "Ainf~0", "x" * 2000,
                                  "_".join(["A1~1"] * 41), "[a](http://evil.example)"])
def test_bad_clicked_points_are_refused(text):
    from ui.url_state import PointsCodec

    with pytest.raises(ValueError):
        Param("pts", (), codec=PointsCodec("ABC")).parse(text)
