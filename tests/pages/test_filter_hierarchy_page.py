"""The hierarchy of filters, headless: the seed's face and table, clicks that toggle pixels (in the URL), the
raised mouth, the profile, the visitor's own goal, and bad links."""
import numpy as np

from core.filter_hierarchy.faces import encode_flips, face_pixels, toggle
from tests.pages.apptest import figures, open_page, values

PAGE = "pages/09_filter_hierarchy.py"
SEED_TABLE = [["T", "TL", "", "", "TR", "TL"], ["TQ", "TQ", "", "", "TQ", "TQ"], ["R", "QR", "L", "", "", ""],
              ["", "T", "T", "", "", ""], ["", "RL", "RL", "", "", ""], ["", "T", "T", "", "", ""]]


def input_figure(at) -> dict:
    found = [f for k, f in figures(at).items() if k.startswith("hierarchy.input")]
    assert len(found) == 1
    return found[0]


def input_pixels(at) -> np.ndarray:
    return np.array(values(input_figure(at)["data"][0]["z"]))


def verdicts(at) -> dict[str, str]:
    """Goal name -> 'MATCH ✓' / 'no match ✗', from the goals figure's subplot titles."""
    titles = [a["text"] for a in figures(at)["goals"]["layout"]["annotations"]]
    return dict(t.split(": ", 1) for t in titles)


def click(at, row: int, col: int) -> None:
    key = next(k for k in figures(at) if k.startswith("hierarchy.input"))
    at.session_state[key] = {"selection": {"points": [{"x": col, "y": row, "curve_number": 1, "point_index": 0}],
                                           "point_indices": [0], "box": [], "lasso": []}}
    at.run()


def test_defaults_show_the_seed_face_its_table_and_verdicts(page):
    assert not page.exception and not page.warning
    assert (input_pixels(page) == face_pixels("front")).all()
    labels = figures(page)["features.labels"]["data"][0]["text"]
    assert [[set(c) for c in row] for row in labels] == [[set(c) for c in row] for row in SEED_TABLE]
    assert verdicts(page) == {"front": "MATCH ✓", "profile": "no match ✗", "yours": "MATCH ✓"}
    assert len(figures(page)["features.maps"]["data"]) == 4 and len(figures(page)["parts.pooled"]["data"]) == 3
    assert page.query_params["face"] == "front" and page.query_params["flips"] == ""


def test_a_click_toggles_a_pixel_in_the_url_and_can_break_an_eye():
    at = open_page(PAGE)
    click(at, 1, 10)  # between the right eye's brow and eye: that pooled block loses its T (row 10, column 1 would not)
    assert not at.exception
    expected = toggle(np.zeros((12, 12), np.uint8), 1, 10)
    assert at.query_params["flips"] == encode_flips(expected)
    assert (input_pixels(at) == face_pixels("front") ^ expected).all()
    assert verdicts(at)["front"] == "no match ✗"
    shared = open_page(PAGE, dict(at.query_params))  # the link reproduces the drawing
    assert (input_pixels(shared) == input_pixels(at)).all() and verdicts(shared)["front"] == "no match ✗"
    at.button(key="hierarchy.reset").click().run()
    assert at.query_params["flips"] == "" and verdicts(at)["front"] == "MATCH ✓"


def test_raised_mouth_still_matches_and_the_profile_matches_its_goal():
    at = open_page(PAGE)
    at.selectbox(key="hierarchy.face").set_value("mouth_raised").run()
    assert verdicts(at)["front"] == "MATCH ✓" and (input_pixels(at) == face_pixels("mouth_raised")).all()
    assert "pixel mask does not match" in " ".join(m.value for m in at.markdown)
    at.selectbox(key="hierarchy.face").set_value("profile").run()
    assert verdicts(at) == {"front": "no match ✗", "profile": "MATCH ✓", "yours": "no match ✗"}
    assert at.query_params["face"] == "profile"


def test_the_visitors_own_goal_is_a_3x3_of_parts():
    at = open_page(PAGE)
    at.selectbox(key="hierarchy.goal_cell.0").set_value("M").run()
    assert at.query_params["goal"] == "MxExNxxxx" and verdicts(at)["yours"] == "no match ✗"
    at.selectbox(key="hierarchy.goal_cell.0").set_value("x").run()
    at.selectbox(key="hierarchy.goal_cell.4").set_value("x").run()
    at.selectbox(key="hierarchy.goal_cell.7").set_value("M").run()
    assert at.query_params["goal"] == "xxExxxxMx" and verdicts(at)["yours"] == "MATCH ✓"


def test_bad_links_are_warnings_and_the_picture_starts_unchanged():
    at = open_page(PAGE, {"flips": "<script>", "goal": "EEE", "face": "nobody"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "toggled pixels could not be read" in warnings and "goal could not be read" in warnings
    assert any("value for face:" in i.value for i in at.info)
    assert (input_pixels(at) == face_pixels("front")).all()
    assert at.query_params["flips"] == "" and at.query_params["goal"] == "ExExNxxxx"


def test_every_layer_chart_follows_the_face_and_moving_back_restores_it():
    """The layer charts are cached by their data: another face must reach every one of them, and going back must
    give the very same charts as before."""
    from core.filter_hierarchy.network import run_hierarchy
    from core.filter_hierarchy.patterns import GOALS

    at = open_page(PAGE)
    before = figures(at)
    at.selectbox(key="hierarchy.face").set_value("profile").run()
    figs = figures(at)
    want = run_hierarchy(face_pixels("profile"), dict(GOALS))
    for key, maps in (("features.maps", want.features), ("features.pooled", want.pooled_features),
                      ("parts.maps", want.parts), ("parts.pooled", want.pooled_parts)):
        shown = np.array([values(t["z"]) for t in figs[key]["data"]])
        assert (shown == (maps > 0)).all(), key
    assert figs["features.labels"]["data"][0]["text"] != before["features.labels"]["data"][0]["text"]
    assert (input_pixels(at) == face_pixels("profile")).all()
    at.selectbox(key="hierarchy.face").set_value("front").run()
    again = figures(at)
    for key in ("features.maps", "features.pooled", "features.labels", "parts.maps", "parts.pooled", "goals"):
        assert again[key] == before[key], key
