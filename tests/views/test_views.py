"""Views without a browser: selection, styling, numbering, collapsing, the page, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from markupsafe import Markup
from pyvis.network import Network

from encircle.cli.main import cli
from encircle.graph.errors import QueryError, SchemaError
from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store
from encircle.graph.text import visible
from encircle.graph.views import (
    ViewOptions,
    around,
    build_view,
    build_views,
    compose,
    draw_views,
    for_finding,
    for_findings,
    for_path,
    step_numbers,
    write_html,
)
from encircle.graph.views.collapse import reduce
from encircle.graph.views.page import _assets, _shown, _template, render_page, script_json
from encircle.graph.views.style import STYLE, load_style, parse_style


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def page_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


# --- style ---------------------------------------------------------------------------


def _raw_style() -> dict[str, Any]:
    from importlib.resources import files

    return dict(yaml.safe_load(files("encircle.graph.views").joinpath("style.yaml").read_text(encoding="utf-8")))


def test_style_covers_the_schema() -> None:
    assert load_style() == STYLE
    assert STYLE.node_look("Company", ()) == ("square", "#2ca02c")
    assert STYLE.node_look("PublicBody", ())[0] == "triangle"
    assert STYLE.node_look("Organization", ())[0] == "hexagon"
    assert STYLE.node_look("Person", ("relative", "official"))[1] == STYLE.roles["official"]
    assert (STYLE.dashes("confirmed"), STYLE.dashes("alleged"), STYLE.dashes("inferred")) == (False, [5, 5], [2, 4])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["relation_types"].pop("GIFT"), "missing \\['GIFT'\\]"),
        (lambda s: s["roles"].update(spy="#000000"), "unknown \\['spy'\\]"),
        (lambda s: s["entity_types"]["Person"].update(shape="blob"), "unknown shape 'blob'"),
        (lambda s: s["relation_types"].update(GIFT="red"), "not a #rrggbb colour"),
        (lambda s: s["statuses"].update(alleged=[5]), "dashes must be"),
        (lambda s: s.pop("edge_width"), "malformed"),
    ],
)
def test_a_bad_style_is_rejected(change: Any, message: str) -> None:
    raw = _raw_style()
    change(raw)
    with pytest.raises(SchemaError, match=message):
        parse_style(raw)


def test_edge_width_grows_with_the_log_of_the_amount() -> None:
    widths = [STYLE.edge_width(a) for a in (None, 10.0, 1e4, 1e5, 1e6, 1e12)]
    assert widths == sorted(widths) and widths[0] == widths[1] == STYLE.width.base
    assert widths[3] - widths[2] == pytest.approx(widths[4] - widths[3])
    assert widths[-1] == STYLE.width.max
    assert STYLE.edge_width(1e6, highlighted=True) > STYLE.edge_width(1e6)


# --- building ------------------------------------------------------------------------

PEOPLE = [
    Entity("a", "Person", "Giver", roles=("businessperson",)),
    Entity("b", "Person", "Official", roles=("official",)),
    Entity("c", "Company", "Firm"),
]
RELS = [
    Relation("g2", "GIFT", "a", "b", date="2017-05", amount=2e6, status="alleged"),
    Relation("g1", "GIFT", "a", "b", date="2016-01", amount=1e4),
    Relation("ap", "APPROVED", "b", "c", date="2017-09-01"),
    Relation("ow", "OWNS", "a", "c", status="inferred"),
]


def test_evidence_steps_are_numbered_by_date_across_chains() -> None:
    by_id = {r.id: r for r in RELS}
    assert step_numbers([["ap", "g2"], ["g1", "ap"]], by_id) == {"g1": 1, "g2": 2, "ap": 3}
    assert step_numbers([["ow", "g1"], ["unknown"]], by_id) == {"g1": 1, "ow": 2}  # undated last


def test_build_view_styles_nodes_and_edges() -> None:
    network = build_view(PEOPLE, RELS, highlight=[["g1", "g2", "ap"]], title="t")
    assert isinstance(network, Network)
    nodes = {n["id"]: n for n in network.nodes}
    edges = {e["id"]: e for e in network.edges}
    assert nodes["b"]["color"]["background"] == STYLE.roles["official"] and nodes["c"]["shape"] == "square"
    assert nodes["a"]["borderWidth"] > 1 and all("x" in n and "y" in n for n in nodes.values())
    assert [edges[i].get("label") for i in ("g1", "g2", "ap", "ow")] == ["1", "2", "3", None]
    assert edges["g2"]["dashes"] == [5, 5] and edges["ow"]["dashes"] == [2, 4] and edges["g1"]["dashes"] is False
    assert edges["ow"]["color"]["opacity"] < 1 == edges["g1"]["color"]["opacity"]
    assert edges["g2"]["width"] > edges["g1"]["width"]
    assert edges["g1"]["smooth"] and edges["g2"]["smooth"]  # two gifts a -> b, curved apart
    assert "date: 2016-01" in edges["g1"]["title"] and "status: alleged" in edges["g2"]["title"]
    assert network.legend["statuses"] == [{"label": s, "dashes": STYLE.dashes(s)} for s in STYLE.statuses]
    assert [t["label"] for t in network.legend["entity_types"]] == ["Person", "Company"]


def test_layout_is_deterministic() -> None:
    first = build_view(PEOPLE, RELS)
    assert [(n["x"], n["y"]) for n in first.nodes] == [(n["x"], n["y"]) for n in build_view(PEOPLE, RELS).nodes]


def test_build_views_gives_what_build_view_gives(demo_store: Store, make_star: Any) -> None:
    """Many views at once (their layouts computed together): the same pages, whatever
    their sizes, options and order."""
    star = make_star(120)
    views: list[ViewOptions] = [
        {"entities": PEOPLE, "relations": RELS, "highlight": [["g1", "g2", "ap"]], "title": "t"},
        {"entities": PEOPLE, "relations": RELS},
        {"entities": star[0], "relations": star[1], "max_entities": 50, "hub_leaves": None, "subtitle": "s"},
        {"entities": star[0], "relations": star[1], "highlight": [["e00007"]]},
        {"entities": PEOPLE[:1], "relations": []},
        {"entities": [], "relations": []},
    ]
    for entity, hops in (("p-zhou", 1), ("p-zhou", 2), ("p-qian", 1), ("co-leixin", 1)):
        chosen = around(demo_store, entity, hops)
        views.append({"entities": chosen.entities, "relations": chosen.relations, "focus": chosen.focus})
    path = for_path(demo_store, [["gift-qian-xu-1", "emp-xu", "appr-zhou-leixin"]])
    views.append(
        {"entities": path.entities, "relations": path.relations, "highlight": path.highlight, "numbering": "path"}
    )
    one_by_one = [build_view(**options).page_data() for options in views]
    assert [network.page_data() for network in build_views(views)] == one_by_one
    assert [network.page_data() for network in build_views(views[::-1])] == one_by_one[::-1]
    # A report's pages, drawn without pyvis: the same data, keys in the same order.
    assert [json.dumps(page.data()) for page in draw_views(views)] == [json.dumps(d) for d in one_by_one]


def test_nodes_and_edges_are_the_dictionaries_pyvis_makes() -> None:
    nodes: list[tuple[str, dict[str, Any]]] = [
        ("a", {"label": "Li", "shape": "box", "color": {"background": "#fff"}, "size": 12, "x": 1.5, "minor": True}),
        ("b", {"title": "no label, shape or colour", "font": {"size": 13}}),
        ("c", {"label": "", "shape": "dot"}),  # an empty label: pyvis shows the id
        ("a", {"label": "the same id again: pyvis keeps the first"}),
    ]
    edges: list[tuple[str, str, dict[str, Any]]] = [
        ("a", "b", {"id": "r1", "color": {"color": "#000"}, "arrows": "", "title": "t", "smooth": False}),
        ("b", "c", {"id": "r2", "width": 2}),  # no arrows given: pyvis adds "to"
        ("a", "b", {"id": "r3", "arrows": "to"}),  # a second edge between the same pair
    ]
    network = Network(directed=True)
    drawn: dict[str, dict[str, Any]] = {}
    for node_id, options in nodes:
        network.add_node(node_id, **options)
        compose._add_node(drawn, node_id, dict(options))
    for source, target, options in edges:
        network.add_edge(source, target, **options)
    ours = [compose._pyvis_edge(source, target, dict(options)) for source, target, options in edges]
    assert json.dumps(list(drawn.values())) == json.dumps(network.nodes)
    assert json.dumps(ours) == json.dumps(network.edges)


def test_collapse_keeps_the_budget_and_counts_the_rest(make_star: Any) -> None:
    entities, relations = make_star(2000)
    network = build_view(entities, relations, highlight=[["e01999"]], max_entities=500, hub_leaves=None)
    collapsed = [n for n in network.nodes if n.get("collapsed")]
    real = [n for n in network.nodes if not n.get("collapsed")]
    assert len(real) == 500 and [n["label"] for n in collapsed] == ["1501 more people via Hub Holdings"]
    assert "p01999" in {n["id"] for n in real}  # a highlighted leaf is never collapsed
    assert "1501 more in 1 collapsed groups" in network.summary
    assert collapsed[0]["title"].startswith(
        "1501 more people via Hub Holdings, linked only to Hub Holdings\nrelations: EMPLOYED_BY 1501"
    )


def test_a_hubs_leaves_collapse_by_role_whatever_the_budget() -> None:
    house = Entity("hoc", "PublicBody", "House of Commons")
    mps = [Entity(f"mp{i:03d}", "Person", f"MP {i}", roles=("official",)) for i in range(386)]
    clerks = [Entity(f"c{i}", "Person", f"Clerk {i}", roles=("staff",)) for i in range(3)]
    spouse = Entity("sp", "Person", "Spouse", roles=("relative",))
    firm = Entity("firm", "Company", "Earthcott Ltd")
    rels = [Relation(f"post{i:03d}", "HOLDS_POST", m.id, "hoc") for i, m in enumerate(mps)]
    rels += [Relation(f"job{i}", "EMPLOYED_BY", c.id, "hoc") for i, c in enumerate(clerks)]
    rels += [Relation("kin", "RELATIVE_OF", "sp", "mp000"), Relation("dir", "DIRECTS", "sp", "firm")]
    rels += [Relation("gift", "GIFT", "firm", "mp000", date="2020", amount=1500.0)]
    network = build_view([house, *mps, *clerks, spouse, firm], rels, focus=["mp000"])
    labels = sorted(n["label"] for n in network.nodes)
    assert labels == sorted(
        [
            "House of Commons",
            "MP 0",
            "Spouse",
            "Earthcott Ltd",
            "Clerk 0",
            "Clerk 1",
            "Clerk 2",
            "385 more officials via House of Commons",
        ]
    )
    assert (
        "385 more in 1 collapsed groups" in network.summary
        and "grey boxes: collapsed leaves" in network.legend["notes"]
    )
    kept = build_view([house, *mps[:31]], rels[:31], hub_leaves=None)
    assert not any(n.get("collapsed") for n in kept.nodes)


def test_a_crowded_view_labels_its_most_relevant_nodes_first(make_star: Any) -> None:
    entities, relations = make_star(60)
    relations += [Relation("x", "OWNS", "p00059", "p00058")]
    network = build_view(entities, relations, highlight=[["e00007"]], hub_leaves=None)
    major = [n["id"] for n in network.nodes if not n.get("minor")]
    assert len(network.nodes) == 61 and len(major) == 25
    assert {"hub", "p00007", "p00058", "p00059"} <= set(major)  # evidence, then the best connected
    assert len(build_view(entities[:20], relations[:19]).nodes) == 20
    assert not any(n.get("minor") for n in build_view(entities[:20], relations[:19]).nodes)


def test_a_path_view_numbers_steps_along_the_path() -> None:
    network = build_view(PEOPLE, RELS, highlight=[["g2", "ap"], ["g1", "ap"]], numbering="path")
    assert {e["id"]: e.get("label") for e in network.edges} == {"g2": "1", "g1": "1", "ap": "2", "ow": None}
    assert network.legend["notes"][0] == "numbers: steps along the path"


def test_collapse_splits_the_budget_between_groups_and_reports_hidden_entities() -> None:
    hubs = {f"h{i}": Entity(f"h{i}", "Company", f"Hub {i}") for i in range(2)}
    leaves = {f"l{i}": Entity(f"l{i}", "Person", f"Leaf {i}") for i in range(30)}
    rels = [Relation(f"r{i}", "EMPLOYED_BY", f"l{i}", "h0" if i < 20 else "h1") for i in range(30)]
    rels.append(Relation("link", "OWNS", "h0", "h1"))
    reduced = reduce({**hubs, **leaves}, rels, keep=(), max_entities=17)
    assert len(reduced.entities) == 17 and reduced.hidden == 0
    assert sorted((g.parent, len(g.members)) for g in reduced.groups) == [("h0", 10), ("h1", 5)]
    clique = {f"k{i}": Entity(f"k{i}", "Person", f"K{i}") for i in range(6)}
    links = [Relation(f"k{i}{j}", "ASSOCIATE_OF", f"k{i}", f"k{j}") for i in range(6) for j in range(i + 1, 6)]
    squeezed = reduce(clique, links, keep=("k5",), max_entities=3)
    assert len(squeezed.entities) == 3 and squeezed.hidden == 3 and "k5" in {e.id for e in squeezed.entities}
    assert reduce(clique, links, keep=(), max_entities=6).entities == tuple(clique.values())


# --- selecting -----------------------------------------------------------------------


def test_around_for_path_and_for_finding(demo_store: Store) -> None:
    one, two = around(demo_store, "p-zhou", 1), around(demo_store, "p-zhou", 2)
    assert {e.id for e in one.entities} == {"p-zhou", "body-ndrc", "p-xu", "p-zhou-son", "co-leixin"}
    assert {r.id for r in one.relations} < {r.id for r in two.relations} and one.focus == ("p-zhou",)
    path = for_path(demo_store, [["gift-qian-xu-1", "emp-xu", "appr-zhou-leixin"]])
    assert set(path.focus) == {"p-qian", "co-leixin"}
    finding = for_finding(demo_store, ["p-zhao", "p-wang"], [["gift-zhao-wang-1", "appr-wang-desheng"]])
    assert {"p-zhao", "p-wang", "co-desheng"} <= {e.id for e in finding.entities}
    assert "gift-zhao-wang-2" in {r.id for r in finding.relations}  # context among the finding's entities
    with pytest.raises(QueryError, match="no relation with id 'nope'"):
        for_path(demo_store, [["nope"]])
    with pytest.raises(QueryError, match="no entity"):
        around(demo_store, "nobody")


def test_findings_selected_together_are_each_selected_alone(demo_store: Store) -> None:
    """A report reads its views' evidence, entities and degrees together: no entity or
    relation of one finding may show up in another's view."""
    findings = [
        (["p-zhao", "p-wang"], [["gift-zhao-wang-1", "appr-wang-desheng"]]),
        (["p-qian"], [["gift-qian-xu-1", "emp-xu", "appr-zhou-leixin"]]),
        (["p-zhou", "p-zhou-son"], [["gift-zhao-wang-2"], ["appr-zhou-leixin"]]),
    ]
    together = for_findings(demo_store, findings)
    alone = [for_finding(demo_store, ids, chains) for ids, chains in findings]
    assert together == alone
    assert len({frozenset(e.id for e in s.entities) for s in together}) == 3
    assert together[1].focus == ("p-qian",) and together[2].highlight == (("gift-zhao-wang-2",), ("appr-zhou-leixin",))


# --- the page ------------------------------------------------------------------------


def test_script_json_cannot_break_out_of_its_script() -> None:
    value = {"n": "</script><script>alert(1)</script> & <!-- \u2028\u2029"}
    text = script_json(value)
    assert not set("<>&\u2028\u2029") & set(text) and json.loads(text) == value


def test_only_shown_texts_are_made_visible_at_any_depth() -> None:
    bidi = "Li\u202eWei\x00"
    data = {
        "title": bidi,
        "id": bidi,
        "nodes": [{"id": bidi, "label": bidi, "title": f"{bidi}\nline", "x": 1.5, "size": None}],
        "legend": {"roles": [{"label": bidi, "color": bidi}], "notes": [bidi]},
        "summary": [bidi, [bidi, 3, {"id": bidi, "label": [bidi]}], True],
        "label": 7,
    }
    shown = "Li\\u202eWei\\x00"
    assert _shown(data) == {
        "title": shown,
        "id": bidi,
        "nodes": [{"id": bidi, "label": shown, "title": f"{shown}\nline", "x": 1.5, "size": None}],
        "legend": {"roles": [{"label": shown, "color": bidi}], "notes": [bidi]},
        "summary": [shown, [shown, 3, {"id": bidi, "label": [shown]}], True],
        "label": 7,
    }
    assert data["title"] == bidi  # the data itself is left as it was


@pytest.mark.parametrize("hidden", ["\u202e", "\x00", "\t", "\r", "\x1b", "\x85", "\u2066", "\ud800"])
def test_a_page_shows_every_hidden_character(hidden: str) -> None:
    """Pages whose texts hold nothing to show are written without looking at each text;
    any character `visible` escapes, however JSON writes it, still makes them looked at."""
    data = {"title": "t", "nodes": [{"id": "a", "label": f"Li{hidden}Wei", "title": "x\ny"}], "edges": []}
    page = page_data(render_page(data))
    assert page["nodes"][0]["label"] == visible(f"Li{hidden}Wei") != f"Li{hidden}Wei"
    assert page["nodes"][0]["title"] == "x\ny"
    plain = {"title": "t", "nodes": [{"id": "a\\b", "label": "Li \\ Wei <&>", "title": "x\ny"}], "edges": []}
    assert page_data(render_page(plain)) == plain


@pytest.mark.parametrize("assets", [None, "", "/assets/"])
@pytest.mark.parametrize("title", ['<b>Li & "Wei"</b>', "\x00title\x00", "", 7])
def test_a_page_is_its_template_rendered_with_the_page_values(assets: str | None, title: Any) -> None:
    """render_page fills a template split once per `assets`: the same text as Jinja's."""
    data = {"title": title, "nodes": [{"id": "a", "label": "</script>"}], "edges": []}
    page = render_page(data, assets)
    data_json = re.search(r'id="view-data">(.*?)</script>', page, re.S)[1]  # type: ignore[index]
    nonce = re.search(r"'nonce-([0-9a-f]{24})'", page)[1]  # type: ignore[index]
    inline = _assets() if assets is None else {"page_css": _assets()["page_css"]}
    shown = _shown(data)  # a NUL in the title is drawn as \\x00, in the data and the <title>
    expected = _template().render(
        title=shown["title"] or "encircle view", data_json=Markup(data_json), nonce=nonce, base=assets, **inline
    )
    assert page == expected
    assert page_data(page) == shown


def test_the_page_is_self_contained_and_escapes_data(tmp_path: Path, hostile: tuple[str, str]) -> None:
    img, script = hostile
    people = [Entity("x", "Person", img, aliases=(script,), source=script), Entity("y", "Company", script)]
    network = build_view(people, [Relation("r", "OWNS", "x", "y", source=img)], title=script)
    html = write_html(network, tmp_path / "v.html").read_text(encoding="utf-8")
    assert img not in html and script not in html and "alert(1)" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "Content-Security-Policy" in html and "script-src 'nonce-" in html
    assert (
        html.count("<script nonce=") == 2
        and html.count("<script type=") == 1
        and "&lt;/script&gt;" in html.split("<title>")[1]
    )
    data = page_data(html)
    assert data["title"] == script and {n["label"] for n in data["nodes"]} == {img, script[:31] + "\u2026"}


def test_notebook_display_is_an_inline_iframe() -> None:
    network = build_view(PEOPLE, RELS)
    frame = network._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "sandbox=" in frame and "<script" not in frame


# --- the command ---------------------------------------------------------------------


def test_view_command_writes_each_kind_of_view(demo_db: str, tmp_path: Path) -> None:
    out = str(tmp_path / "v.html")
    code, stdout, _ = run("view", "--around", "Zhou Ping", "--hops", "2", "-o", out, "--store", demo_db)
    assert code == 0 and stdout.startswith(f"wrote {out}: ")
    assert page_data(Path(out).read_text(encoding="utf-8"))["title"].startswith("Around 周平 (2 hops)")
    code, _, _ = run("view", "--path", "钱磊", "Leixin New Energy Co. Ltd.", "-o", out, "--store", demo_db)
    data = page_data(Path(out).read_text(encoding="utf-8"))
    assert code == 0 and [e["label"] for e in data["edges"] if "label" in e] == ["1"]  # owns it directly
    finding = run("detect", "--json", "--store", demo_db)[1]
    first = json.loads(finding)[0]
    code, _, _ = run("view", "--finding", first["id"], "-o", out, "--store", demo_db, "--max-entities", "50")
    data = page_data(Path(out).read_text(encoding="utf-8"))
    steps = {s["relation"] for chain in first["evidence"] for s in chain["steps"]}
    assert code == 0 and {e["id"] for e in data["edges"] if "label" in e} == steps


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--finding", "direct_transaction-0000000000"],
            1,
            "error: no finding with id 'direct_transaction-0000000000'",
        ),
        (["--around", "nobody at all"], 1, "error: no entity with id, name or alias 'nobody at all'"),
        (["--path", "p-qian", "p-qian"], 1, "error: "),
        ([], 2, "give exactly one of"),
        (["--around", "p-zhou", "--finding", "x"], 2, "give exactly one of"),
    ],
)
def test_view_command_errors_are_one_line(
    demo_db: str, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(cli, ["view", *args, "-o", str(tmp_path / "v.html"), "--store", demo_db])
    assert result.exit_code == code and message in result.stderr
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "v.html").exists()


def test_view_help_has_an_example() -> None:
    code, out, _ = run("view", "--help")
    assert code == 0 and "Example:" in out and "encircle view --finding" in out
