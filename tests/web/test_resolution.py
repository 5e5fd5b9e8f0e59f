"""The workbench and entity resolution on both stores: the duplicates page proposes what
`encircle xref` proposes and writes the judgements `encircle judge` writes; after
"same" every page sees one entity, and an undo splits it again."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from encircle.graph.stores import Store
from encircle.loaders import load
from encircle.queries.resolution import undo

CASE = Path(__file__).parents[1] / "fixtures" / "resolution" / "earthcott"
MakeClient = Any
PAIR = {"a": "co-earthcott-ltd", "b": "co-earthcott-limited"}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found
    return found.group(1)


def candidates(html: str) -> list[tuple[str, ...]]:
    """(the two ids, the score) of each candidate listed."""
    return re.findall(r"<code>([^<]+)</code> and .*?<code>([^<]+)</code> <span class=\"score\">score ([0-9.]+)", html)


def routes(client: Any) -> list[list[str]]:
    answer = client.get("/api/paths", params={"a": "p-hale", "b": "co-earthcott-ltd", "mode": "all"}).json()
    return [path["relations"] for path in answer["paths"]]


def test_duplicates_come_from_xref_and_same_makes_one_entity_everywhere(store: Store, make_client: MakeClient) -> None:
    load([CASE], store)
    client = make_client(store.location)
    html = client.get("/duplicates").text
    assert candidates(html) == [
        ("co-earthcott-limited", "co-earthcott-ltd", "1.00"),
        ("o-nlc", "o-nlc-2", "0.80"),
    ]
    assert "same registration number &#39;01234567&#39;, &#39;1234567&#39;" in html
    assert routes(client) == [["gift-earthcott"]]

    form = {**PAIR, "verdict": "same", "note": "company number", "csrf": csrf_of(html)}
    assert client.post("/duplicates/judgements", data=form, follow_redirects=False).status_code == 303
    [entry] = store.ledger("judgement")
    assert (entry.key, entry.author, dict(entry.body)) == (
        "co-earthcott-limited|co-earthcott-ltd",
        "ana",
        {"a": "co-earthcott-limited", "b": "co-earthcott-ltd", "verdict": "same", "note": "company number"},
    )

    html = client.get("/duplicates").text
    assert candidates(html) == [("o-nlc", "o-nlc-2", "0.80")]  # the pair is one entity now
    firm = client.get("/api/entities/co-earthcott-ltd").json()
    assert (firm["entity"]["id"], firm["entity"]["aliases"], firm["entity"]["same_as"]) == (
        "co-earthcott-limited",
        ["Earthcott Ltd"],
        "co-earthcott-ltd",
    )
    assert [(r["id"], r["other"]) for r in firm["relations"]] == [
        ("gift-earthcott", "p-hale"),
        ("dir-tom", "p-tom-hale"),
        ("dir-smith-2", "p-smith-2"),
    ]
    assert routes(client) == [["gift-earthcott"], ["spouse-hale", "dir-tom"]]
    assert [hit["id"] for hit in client.get("/api/search", params={"q": "earthcott"}).json()["results"]] == [
        "co-earthcott-limited"
    ]

    undo(store, "co-earthcott-ltd", "co-earthcott-limited", "ben")  # as `encircle judge --undo` does
    assert routes(client) == [["gift-earthcott"]]
    html = client.get("/duplicates").text
    assert candidates(html)[0] == ("co-earthcott-limited", "co-earthcott-ltd", "1.00")
    assert [e.body["verdict"] for e in store.ledger("judgement")] == ["same", "undo"]


def test_a_pair_judged_different_is_not_proposed_again(store: Store, make_client: MakeClient) -> None:
    load([CASE], store)
    client = make_client(store.location)
    csrf = csrf_of(client.get("/duplicates").text)
    form = {"a": "o-nlc", "b": "o-nlc-2", "verdict": "different", "note": "", "csrf": csrf}
    client.post("/duplicates/judgements", data=form)
    html = client.get("/duplicates").text
    assert candidates(html) == [("co-earthcott-limited", "co-earthcott-ltd", "1.00")]
    assert re.search(r"<td>different</td>", html)
