"""The JSON API on both stores: every endpoint, exact answers on the demo case, the same
contracts as the CLI (paths --json, findings.json)."""

from __future__ import annotations

import json
import re
from typing import Any

from click.testing import CliRunner
from starlette.testclient import TestClient

from encircle.cli.main import cli
from encircle.graph.stores import Store
from encircle.queries.detection import detect
from encircle.queries.report import write_report

ROUNDABOUT = "roundabout-92718fffd6"
MakeClient = Any  # conftest.make_client
AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def results(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_search_finds_names_aliases_and_ids(client: TestClient) -> None:
    found = results(client, "/api/search?q=zhou")["results"]
    assert found == [
        {
            "id": "p-zhou",
            "name": "周平",
            "type": "Person",
            "roles": ["official"],
            "aliases": ["Zhou Ping"],
            "score": 0.7,
        },
        {
            "id": "p-zhou-son",
            "name": "周小龙",
            "type": "Person",
            "roles": ["relative"],
            "aliases": ["Zhou Xiaolong"],
            "score": 0.7,
        },
    ]
    assert [(h["id"], h["score"]) for h in results(client, "/api/search?q=龙腾")["results"]] == [("co-longteng", 0.8)]
    assert [(h["id"], h["score"]) for h in results(client, "/api/search?q=周平")["results"]] == [("p-zhou", 1.0)]
    assert [h["id"] for h in results(client, "/api/search?q=p-qian")["results"]] == ["p-qian"]
    # substrings of names, shorter names first, then by name
    assert [h["name"] for h in results(client, "/api/search?q=有限公司&limit=3")["results"]] == [
        "华泰工程有限公司",
        "唐氏建材有限公司",
        "少文矿业有限公司",
    ]
    assert results(client, "/api/search?q=") == {"results": []}
    assert results(client, "/api/search?q=nobody%20at%20all") == {"results": []}
    assert client.get("/api/search?q=x&limit=0").status_code == 400


def test_entity_has_its_relations_names_and_findings(client: TestClient) -> None:
    answer = results(client, "/api/entities/p-zhou")
    assert answer["entity"] == {
        "id": "p-zhou",
        "type": "Person",
        "name": "周平",
        "aliases": ["Zhou Ping"],
        "roles": ["official"],
        "birth_date": "1962",
        "country": "CN",
        "source": "Demo case LS-06 (fictional)",
    }
    assert [(r["id"], r["other"]) for r in answer["relations"]] == [
        ("appr-zhou-leixin", "co-leixin"),
        ("post-zhou", "body-ndrc"),
        ("emp-xu", "p-xu"),
        ("kin-zhou-son", "p-zhou-son"),
    ]
    gift = answer["relations"][0]
    assert (gift["amount"], gift["currency"], gift["status"], gift["source"]) == (45e6, "CNY", "confirmed", "LS-06 §5")
    assert answer["names"] == {
        "body-ndrc": "岚山市发展和改革委员会",
        "co-leixin": "磊鑫新能源有限公司",
        "p-xu": "徐涛",
        "p-zhou": "周平",
        "p-zhou-son": "周小龙",
    }
    assert answer["findings"] == [
        {
            "id": "interest_group-1cd1488d0e",
            "tactic": "interest_group",
            "verdict": "not_flagged",
            "score": 0.4845,
            "review": None,
        },
        {"id": ROUNDABOUT, "tactic": "roundabout", "verdict": "flagged", "score": 0.6819, "review": None},
    ]
    missing = client.get("/api/entities/nobody")
    assert (missing.status_code, missing.json()) == (404, {"error": "no entity with id 'nobody'"})


def test_paths_answer_what_encircle_paths_json_prints(demo: Store, client: TestClient) -> None:
    url = (
        "/api/paths?a=钱磊&b=Leixin%20New%20Energy%20Co.%20Ltd.&mode=all&time_ordered=1&type=GIFT,EMPLOYED_BY,APPROVED"
    )
    answer = results(client, url)
    args = [
        "paths",
        "钱磊",
        "Leixin New Energy Co. Ltd.",
        "--all",
        "--time-ordered",
        "--type",
        "GIFT,EMPLOYED_BY,APPROVED",
    ]
    printed = CliRunner().invoke(cli, [*args, "--json", "--store", demo.location])
    assert printed.exit_code == 0, printed.output
    assert answer == json.loads(printed.stdout)
    assert [p["relations"] for p in answer["paths"]] == [
        ["gift-qian-xu-1", "emp-xu", "appr-zhou-leixin"],
        ["gift-qian-xu-2", "emp-xu", "appr-zhou-leixin"],
    ]
    assert results(client, "/api/paths?a=p-qian&b=p-zhou&mode=k&k=1")["paths"][0]["relations"] == [
        "gift-qian-xu-1",
        "emp-xu",
    ]
    for bad, message in [
        ("a=p-qian", "give both ends"),
        ("a=p-qian&b=nobody", "no entity with id, name or alias 'nobody'"),
        ("a=p-qian&b=p-zhou&type=BRIBE", "unknown relation type 'BRIBE'"),
        ("a=p-qian&b=p-zhou&max_hops=9", "max_hops must be between 1 and 6"),
        ("a=p-qian&b=p-zhou&from=yesterday", "from:"),
    ]:
        response = client.get(f"/api/paths?{bad}")
        assert response.status_code == 400 and message in response.json()["error"], (bad, response.text)


def test_findings_are_the_findings_contract_with_reviews(demo: Store, client: TestClient) -> None:
    answer = results(client, "/api/findings")
    expected = [{**f.to_dict(), "reviews": []} for f in detect(demo)]
    assert answer == {"findings": json.loads(json.dumps(expected))}
    flagged = results(client, "/api/findings?tactic=roundabout&verdict=flagged")["findings"]
    assert [f["id"] for f in flagged] == [ROUNDABOUT]
    high = [f["id"] for f in results(client, "/api/findings?min_score=0.9")["findings"]]
    assert high == [f.id for f in detect(demo) if f.score >= 0.9] and len(high) == 7
    assert client.get("/api/findings?verdict=guilty").status_code == 400


def test_reviews_are_appended_and_listed(demo: Store, client: TestClient, tmp_path: Any) -> None:
    url = f"/api/findings/{ROUNDABOUT}/reviews"
    assert results(client, url) == {"reviews": []}
    first = client.post(url, json={"status": "needs_more", "note": "ask the bank for LS-06 §7"})
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "needs_more" and AT.fullmatch(first.json()["at"])
    assert client.post(url, json={"status": "confirmed"}).status_code == 201
    reviews = results(client, url)["reviews"]
    assert [(r["status"], r["note"], r["reviewer"]) for r in reviews] == [
        ("needs_more", "ask the bank for LS-06 §7", "ana"),
        ("confirmed", "", "ana"),
    ]
    assert [f["id"] for f in results(client, "/api/findings?review=confirmed")["findings"]] == [ROUNDABOUT]
    assert len(results(client, "/api/findings?review=unreviewed")["findings"]) == 24
    assert results(client, "/api/entities/p-zhou")["findings"][1]["review"] == "confirmed"
    files = write_report(demo, tmp_path / "report", views=False)  # the report shows them too
    document = json.loads(files.json.read_text(encoding="utf-8"))
    assert [r["status"] for f in document["findings"] if f["id"] == ROUNDABOUT for r in f["reviews"]] == [
        "needs_more",
        "confirmed",
    ]


def test_a_bad_review_is_refused_and_nothing_is_written(client: TestClient) -> None:
    url = f"/api/findings/{ROUNDABOUT}/reviews"
    for body, status in [
        ({"status": "guilty"}, 400),
        ({"note": "no status"}, 400),
        ({"status": "confirmed", "note": 5}, 400),
        ({"status": "confirmed", "note": "x" * 10_001}, 400),
        (["confirmed"], 400),
    ]:
        assert client.post(url, json=body).status_code == status, body
    assert client.post(url, content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    assert client.post(url, data={"status": "confirmed"}).status_code == 415  # a form is not the API
    unknown = client.post("/api/findings/roundabout-0000000000/reviews", json={"status": "confirmed"})
    assert (unknown.status_code, unknown.json()) == (404, {"error": "no finding with id 'roundabout-0000000000'"})
    assert results(client, url) == {"reviews": []}


def test_read_only_refuses_every_write(demo: Store, make_client: MakeClient) -> None:
    client = make_client(demo.location, read_only=True)
    refused = client.post(f"/api/findings/{ROUNDABOUT}/reviews", json={"status": "confirmed"})
    assert refused.status_code == 403 and "read-only" in refused.json()["error"]
    assert demo.ledger("review") == []
    assert results(client, f"/api/findings/{ROUNDABOUT}/reviews") == {"reviews": []}
