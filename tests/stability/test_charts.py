"""The server-side SVG charts: readable without colour (line pattern and marker shape differ
per leg), with a text alternative (title, description, a tooltip per point), and safe with
whatever a resident is called."""

from datetime import date
from xml.etree import ElementTree

from stability.charts import leg_bars_svg, leg_trend_svg

SVG = "{http://www.w3.org/2000/svg}"

POINTS = [
    (date(2026, 1, 5), {"leefomgeving": 2, "meedoen": 3, "continuiteit": 4}),
    (date(2026, 2, 2), {"leefomgeving": 3, "meedoen": 3, "continuiteit": 2}),
    (date(2026, 3, 2), {"leefomgeving": 4, "meedoen": 5, "continuiteit": 1}),
]


def _trend(points=POINTS, title="Verloop van de stabiliteit van Fatima Ouali"):
    return leg_trend_svg(points, title=title, chart_id="stab-1-2-trend")


def _bars(legs=None, title="Laatste meting van Fatima Ouali"):
    legs = legs or {"leefomgeving": 4, "meedoen": 5, "continuiteit": 1}
    return leg_bars_svg(legs, title=title, chart_id="stab-1-2-bars")


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - the chart the product itself drew


def _markers_of(root: ElementTree.Element, label: str) -> list[ElementTree.Element]:
    """The data points of one leg: every shape whose tooltip starts with the leg's name and a
    colon (the legend's sample carries the bare name)."""
    return [
        el
        for el in root.iter()
        if (title := el.find(f"{SVG}title")) is not None
        and el.tag != f"{SVG}svg"
        and (title.text or "").startswith(f"{label}:")
    ]


# --- Trend chart ----------------------------------------------------------------------------


def test_trend_chart_is_well_formed_svg():
    root = _parse(_trend())

    assert root.tag == f"{SVG}svg"


def test_trend_chart_has_a_title_and_a_description():
    root = _parse(_trend())

    assert root.find(f"{SVG}title").text == "Verloop van de stabiliteit van Fatima Ouali"
    assert "score 1" in root.find(f"{SVG}desc").text


def test_trend_chart_is_labelled_by_its_title_and_description_for_screen_readers():
    root = _parse(_trend())

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "stab-1-2-trend-t stab-1-2-trend-d"
    assert root.find(f"{SVG}title").get("id") == "stab-1-2-trend-t"
    assert root.find(f"{SVG}desc").get("id") == "stab-1-2-trend-d"


def test_each_leg_line_has_its_own_dash_pattern():
    root = _parse(_trend())
    lines = root.findall(f"{SVG}polyline")

    assert len(lines) == 3
    assert len({line.get("stroke-dasharray") for line in lines}) == 3


def test_each_leg_has_its_own_marker_shape():
    root = _parse(_trend())

    shapes = {
        label: {el.tag.removeprefix(SVG) for el in _markers_of(root, label)}
        for label in ("Leefomgeving", "Meedoen", "Continuïteit")
    }

    assert shapes == {
        "Leefomgeving": {"circle"},
        "Meedoen": {"rect"},
        "Continuïteit": {"polygon"},
    }


def test_legend_shows_each_legs_line_pattern_and_marker_next_to_its_name():
    root = _parse(_trend())
    texts = [t.text for t in root.findall(f"{SVG}text")]
    legend_samples = [
        el.tag.removeprefix(SVG)
        for el in root
        if (t := el.find(f"{SVG}title")) is not None and t.text in ("Leefomgeving", "Meedoen")
    ]

    assert {"Leefomgeving", "Meedoen", "Continuïteit"} <= set(texts)
    assert legend_samples == ["circle", "rect"]


def test_every_point_tells_its_leg_score_and_date():
    root = _parse(_trend())

    tooltips = [el.find(f"{SVG}title").text for el in _markers_of(root, "Continuïteit")]

    assert tooltips == [
        "Continuïteit: 4 (05-01-2026)",
        "Continuïteit: 2 (02-02-2026)",
        "Continuïteit: 1 (02-03-2026)",
    ]


def test_higher_score_is_drawn_higher():
    root = _parse(_trend())
    meedoen = _markers_of(root, "Meedoen")  # scores 3, 3, 5
    y = [float(el.get("y")) for el in meedoen]

    assert y[0] == y[1]
    assert y[2] < y[1]


def test_unscored_leg_gets_no_point_on_that_date():
    points = [
        (date(2026, 1, 5), {"leefomgeving": 2, "meedoen": None, "continuiteit": 4}),
        (date(2026, 2, 2), {"leefomgeving": 3, "meedoen": 4, "continuiteit": 4}),
    ]
    root = _parse(_trend(points))

    assert len(_markers_of(root, "Leefomgeving")) == 2
    assert [el.find(f"{SVG}title").text for el in _markers_of(root, "Meedoen")] == [
        "Meedoen: 4 (02-02-2026)"
    ]


def test_single_assessment_draws_points_but_no_lines():
    root = _parse(_trend(POINTS[:1]))

    assert root.findall(f"{SVG}polyline") == []
    assert len(_markers_of(root, "Leefomgeving")) == 1


def test_trend_chart_escapes_html_in_its_title():
    svg = _trend(title="Verloop van de stabiliteit van <script>alert(1)</script>")

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert _parse(svg).find(f"{SVG}title").text.endswith("<script>alert(1)</script>")


# --- Bars -----------------------------------------------------------------------------------


def test_bars_chart_is_well_formed_svg():
    assert _parse(_bars()).tag == f"{SVG}svg"


def test_bars_chart_has_a_title_and_a_description():
    root = _parse(_bars())

    desc = root.find(f"{SVG}desc")

    assert root.find(f"{SVG}title").text == "Laatste meting van Fatima Ouali"
    assert desc is not None
    assert desc.get("id") in root.get("aria-labelledby").split()


def test_bars_chart_writes_each_score_next_to_its_bar():
    texts = [t.text for t in _parse(_bars()).findall(f"{SVG}text")]

    assert texts == [
        "Leefomgeving",
        "4 van 5",
        "Meedoen",
        "5 van 5",
        "Continuïteit",
        "1 van 5",
    ]


def test_bars_chart_says_when_a_leg_was_not_scored():
    root = _parse(_bars({"leefomgeving": 3, "meedoen": None, "continuiteit": None}))
    texts = [t.text for t in root.findall(f"{SVG}text")]

    assert texts.count("niet gescoord") == 2


def test_bar_length_follows_the_score():
    root = _parse(_bars({"leefomgeving": 5, "meedoen": 1, "continuiteit": None}))
    filled = [float(r.get("width")) for r in root.findall(f"{SVG}rect") if r.get("stroke") is None]

    assert filled == [300.0, 60.0]


def test_bars_chart_escapes_html_in_its_title():
    svg = _bars(title='Laatste meting van <img src=x onerror="alert(1)">')

    assert "<img" not in svg
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in svg
