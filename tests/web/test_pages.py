"""The pages on the demo case: what each shows, that reading needs no script, the review
and duplicate forms, and when findings are computed."""

from __future__ import annotations

import json
import re
from typing import Any

from encircle.graph.records import Entity, Relation
from encircle.graph.stores import Store, open_store
from encircle.web.duplicates import Candidate

ROUNDABOUT = "roundabout-92718fffd6"
MakeClient = Any


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found is not None
    return found.group(1)


def test_search_page_works_without_script_and_go_jumps_to_an_exact_name(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)
    html = client.get("/search?q=zhou").text
    assert re.findall(r'<a class="entity" href="/entities/([^"]+)">', html) == ["p-zhou", "p-zhou-son"]
    assert "2 entities for <q>zhou</q>" in html
    jump = client.get("/go?q=Zhou%20Ping", follow_redirects=False)
    assert (jump.status_code, jump.headers["location"]) == (303, "/entities/p-zhou")
    assert "entities for <q>zhou</q>" in client.get("/go?q=zhou").text  # not exact: the results instead


def test_entity_page_shows_everything_about_the_entity(demo: Store, make_client: MakeClient) -> None:
    client = make_client(demo.location)
    html = client.get("/entities/p-zhou").text
    assert '<h1 id="entity-name">周平</h1>' in html and '<span class="alias">Zhou Ping</span>' in html
    assert "<dt>born</dt><dd>1962</dd>" in html and "<dt>country</dt><dd>CN</dd>" in html
    assert '<span class="role official">official</span>' in html and "Demo case LS-06 (fictional)" in html
    headings = re.findall(r"<h3>([^<]+) <span class=\"count\">(\d+)</span></h3>", html)
    assert headings == [("decisions made", "1"), ("posts held", "1"), ("employs", "1"), ("relatives", "1")]
    posts = html.split('<section id="posts">')[1].split("</section>")[0]
    assert "2015-06 – …" in posts and ">director<" in posts and "岚山市发展和改革委员会" in posts
    assert f'href="/findings/{ROUNDABOUT}"' in html
    timeline = html.split('<section id="timeline">')[1].split("</section>")[0]
    assert re.findall(r'<g class="bar ([a-z_]+) confirmed open" data-relation="([^"]+)"', timeline) == [
        ("holds_post", "post-zhou"),
        ("employed_by", "emp-xu"),
    ]
    assert re.findall(r'<g class="mark ([a-z_]+) confirmed" data-relation="([^"]+)"', timeline) == [
        ("approved", "appr-zhou-leixin")
    ]
    assert "<polygon points=" in timeline and ">2015</text>" in timeline and ">2018</text>" in timeline
    assert '<iframe src="/views/around/p-zhou?hops=1"' in html
    assert '<iframe src="/views/around/p-zhou?hops=2"' in client.get("/entities/p-zhou?hops=2").text
    assert client.get("/entities/p-zhou?hops=9").status_code == 400


def test_a_gift_givers_timeline_has_marks_in_lanes(case_db: str, make_client: MakeClient) -> None:
    html = make_client(case_db).get("/entities/p-qian").text
    lanes = re.findall(r'<text class="lane"[^>]*>([^<]+)<title>', html)
    assert lanes == ["owns · 磊鑫新能源有限公司", "gifts given"]
    gifts = re.findall(r'<g class="mark gift confirmed" data-relation="([^"]+)"><title>([^<]+)</title>', html)
    assert [g[0] for g in gifts] == ["gift-qian-xu-1", "gift-qian-xu-2"]  # in time order
    assert gifts[0][1].splitlines() == [
        "GIFT cash",
        "钱磊 → 徐涛",
        "2016-09",
        "200,000 CNY",
        "confirmed; LS-06 §7; gift-qian-xu-1",
    ]


def test_paths_page_lists_steps_and_frames_the_view(demo: Store, make_client: MakeClient) -> None:
    client = make_client(demo.location)
    html = client.get("/paths?a=钱磊&b=周平").text
    assert "钱磊 → 周平: 3 paths" in html
    assert re.findall(r"<code>([a-z0-9-]+)</code></td></tr>", html) == [
        "gift-qian-xu-1",
        "emp-xu",
        "gift-qian-xu-2",
        "emp-xu",
        "own-qian",
        "appr-zhou-leixin",
    ]
    assert '<iframe src="/views/path?' in html
    view = client.get("/views/path?a=%E9%92%B1%E7%A3%8A&b=%E5%91%A8%E5%B9%B3").text
    assert '"label": "2"' in view and "numbers: steps along the path" in view
    ambiguous = client.get("/paths?a=nobody&b=周平")
    assert ambiguous.status_code == 400 and "no entity with id, name or alias" in ambiguous.text
    filtered = client.get("/paths?a=钱磊&b=周平&type=GIFT,EMPLOYED_BY&mode=k&k=1").text
    assert "钱磊 → 周平: 1 path" in filtered and 'value="GIFT,EMPLOYED_BY"' in filtered
    assert client.get("/paths").status_code == 200  # an empty form


def test_findings_list_filters_by_tactic_verdict_score_and_review(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)

    def listed(query: str) -> list[str]:
        return re.findall(r'<a class="finding" href="/findings/([^"]+)">', client.get(f"/findings?{query}").text)

    assert len(listed("")) == 16  # flagged by default
    assert len(listed("verdict=any")) == 25
    assert listed("tactic=roundabout") == [ROUNDABOUT]
    assert listed("tactic=roundabout&verdict=not_flagged") != [ROUNDABOUT]
    assert all(
        float(s) >= 0.9
        for s in re.findall(r'<td class="num">([\d.]+)</td>', client.get("/findings?min_score=0.9").text)
    )
    csrf = csrf_of(client.get("/findings").text)
    client.post(f"/findings/{ROUNDABOUT}/reviews", data={"status": "dismissed", "csrf": csrf})
    assert listed("review=dismissed") == [ROUNDABOUT]
    assert ROUNDABOUT not in listed("review=unreviewed") and len(listed("review=unreviewed")) == 15
    assert client.get("/findings?tactic=bribery").status_code == 400


def test_finding_page_reviews_show_their_history(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)
    html = client.get(f"/findings/{ROUNDABOUT}").text
    assert "Not reviewed yet." in html and '<span class="review unreviewed">unreviewed</span>' in html
    assert "evidence status" in html and "-0.2922" in html  # the contributions
    assert html.count('<tr class="confirmed">') == 7 and html.count('<tr class="alleged">') == 1
    assert '<iframe src="/views/finding/roundabout-92718fffd6"' in html
    csrf = csrf_of(html)
    for status, note in [("needs_more", "ask the bank"), ("confirmed", "bank records match <b>yes</b>")]:
        sent = client.post(f"/findings/{ROUNDABOUT}/reviews", data={"status": status, "note": note, "csrf": csrf})
        assert sent.status_code == 200  # after the redirect
    html = client.get(f"/findings/{ROUNDABOUT}").text
    history = html.split('<ol class="history">')[1].split("</ol>")[0]
    assert re.findall(r'<span class="reviewer">ana</span>: <span class="review (\w+)">', history) == [
        "needs_more",
        "confirmed",
    ]
    assert "bank records match &lt;b&gt;yes&lt;/b&gt;" in history
    bad = client.post(f"/findings/{ROUNDABOUT}/reviews", data={"status": "guilty", "csrf": csrf})
    assert bad.status_code == 400 and "review status must be one of" in bad.text
    assert client.get("/findings/roundabout-0000000000").status_code == 404


def test_findings_are_computed_once_and_again_only_when_the_records_change(
    case_db: str, make_client: MakeClient
) -> None:
    client = make_client(case_db)
    workbench = client.app.state.workbench  # type: ignore[attr-defined]
    client.get("/findings")
    first = workbench.current
    csrf = csrf_of(client.get(f"/findings/{ROUNDABOUT}").text)
    client.post(f"/findings/{ROUNDABOUT}/reviews", data={"status": "confirmed", "csrf": csrf})
    client.get("/findings")
    assert workbench.current is first  # a review is not a change of the records
    with open_store(case_db) as other:  # a load in another process
        other.write([Entity("p-new", "Person", "New Official", roles=("official",))], [])
    client.get("/findings")
    assert workbench.current is not first
    second = workbench.current
    client.post("/findings/refresh", data={"csrf": csrf})
    assert workbench.current is not second
    assert len(workbench.current.findings) == 25


def test_duplicate_review_lists_candidates_and_writes_judgements(case_db: str, make_client: MakeClient) -> None:
    plain = make_client(case_db)
    assert 'id="no-candidates"' in plain.get("/duplicates").text

    def candidates(store: Store) -> list[Candidate]:
        return [Candidate("co-leixin", "co-longteng", 0.42, ("both consult for 周平's side", "<b>same address</b>"))]

    client = make_client(case_db, candidates=candidates)
    html = client.get("/duplicates").text
    assert "磊鑫新能源有限公司" in html and "&lt;b&gt;same address&lt;/b&gt;" in html and "score 0.42" in html
    csrf = csrf_of(html)
    form = {"a": "co-leixin", "b": "co-longteng", "verdict": "different", "note": "two firms", "csrf": csrf}
    assert client.post("/duplicates/judgements", data=form).status_code == 200
    html = client.get("/duplicates").text
    assert "judged different by ana" in html
    with open_store(case_db) as store:
        [entry] = store.ledger("judgement")
    assert (entry.key, entry.author, dict(entry.body)) == (
        "co-leixin|co-longteng",
        "ana",
        {"a": "co-leixin", "b": "co-longteng", "verdict": "different", "note": "two firms"},
    )
    assert client.post("/duplicates/judgements", data={**form, "verdict": "maybe"}).status_code == 400
    assert client.post("/duplicates/judgements", data={**form, "b": "nobody"}).status_code == 404


def test_a_hub_collapses_into_one_node_around_an_entity(tmp_path: Any, make_client: MakeClient) -> None:
    db = str(tmp_path / "house.db")
    members = [Entity(f"mp{i:03d}", "Person", f"MP {i}", roles=("official",)) for i in range(386)]
    posts = [Relation(f"post{i:03d}", "HOLDS_POST", m.id, "hoc", start_date="2019") for i, m in enumerate(members)]
    with open_store(db) as store:
        store.write(
            [Entity("hoc", "PublicBody", "House of Commons"), Entity("sp", "Person", "Spouse"), *members],
            [*posts, Relation("kin", "RELATIVE_OF", "sp", "mp000", kind="spouse")],
        )
    client = make_client(db)
    view = client.get("/views/around/sp?hops=3").text
    data = json.loads(re.search(r'<script type="application/json" id="view-data">(.*?)</script>', view, re.S).group(1))  # type: ignore[union-attr]
    assert sorted(n["label"] for n in data["nodes"]) == [
        "385 more officials via House of Commons",
        "House of Commons",
        "MP 0",
        "Spouse",
    ]
    page = client.get("/entities/hoc").text  # the hub itself: 386 posts, 100 listed
    assert '<span class="count">386</span>' in page and "and 286 more" in page


def test_a_review_saved_while_a_load_holds_the_store_waits_and_is_kept(case_db: str, make_client: MakeClient) -> None:
    import threading
    import time

    client = make_client(case_db)
    client.get("/findings")
    holding = threading.Event()

    def long_load() -> None:  # another process loading: one write transaction for 1.5 s
        with open_store(case_db) as loader:

            def work(tx: Any) -> None:
                tx.put([Entity("p-late", "Person", "Late Arrival")], [], None)
                holding.set()
                time.sleep(1.5)

            loader._in_write_transaction(work)  # type: ignore[attr-defined]

    thread = threading.Thread(target=long_load)
    thread.start()
    assert holding.wait(10)
    started = time.perf_counter()
    sent = client.post(f"/api/findings/{ROUNDABOUT}/reviews", json={"status": "confirmed", "note": "during a load"})
    waited = time.perf_counter() - started
    thread.join()
    assert sent.status_code == 201 and waited > 0.5
    with open_store(case_db) as store:
        assert [e.body["note"] for e in store.ledger("review")] == ["during a load"]
        assert store.get_entities(["p-late"])  # and the load landed too


def test_pages_answer_while_the_first_detection_runs(case_db: str, monkeypatch: Any) -> None:
    import threading

    from starlette.testclient import TestClient

    from encircle.web import Settings, create_app, service

    release = threading.Event()
    real_detect = service.detect

    def slow_detect(store: Store) -> Any:
        release.wait(30)
        return real_detect(store)

    monkeypatch.setattr(service, "detect", slow_detect)
    with TestClient(create_app(Settings(case_db, reviewer="ana")), base_url="http://127.0.0.1:8765") as client:
        page = client.get("/entities/p-zhou")
        assert page.status_code == 200 and "The detectors are running" in page.text
        assert "the detectors are running" in client.get("/").text
        release.set()
        assert ROUNDABOUT in client.get("/findings").text  # this page waits for them
        assert f'href="/findings/{ROUNDABOUT}"' in client.get("/entities/p-zhou").text
