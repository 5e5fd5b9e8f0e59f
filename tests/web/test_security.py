"""Safe by default: loopback only unless a token is set, the token rule, CSRF, the
Content-Security-Policy, hostile names, ids that cannot leave the store, read-only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.errors import EncircleError
from encircle.graph.stores import open_store
from encircle.web import Settings, create_app
from encircle.web.security import PAGE_CSP, VIEW_CSP

ROUNDABOUT = "roundabout-92718fffd6"
TOKEN = "a-token-of-24-characters"
MakeClient = Any


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found is not None
    return found.group(1)


# --- where it listens ------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_non_loopback_host_is_refused_without_a_token(case_db: str, host: str) -> None:
    with pytest.raises(EncircleError, match=f"refusing to listen on {re.escape(host)} without a token"):
        create_app(Settings(case_db, host=host))
    create_app(Settings(case_db, host=host, token=TOKEN))  # with one it starts


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_need_no_token(case_db: str, host: str) -> None:
    create_app(Settings(case_db, host=host))


def test_settings_refuse_a_short_token_a_missing_store_and_read_the_environment(
    case_db: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(EncircleError, match="at least 16 characters"):
        Settings(case_db, token="short").check()
    with pytest.raises(EncircleError, match=r"no store at .*nothing\.db: load one first"):
        Settings(str(tmp_path / "nothing.db")).check()
    monkeypatch.setenv("ENCIRCLE_TOKEN", TOKEN)
    assert Settings.of(case_db, host="0.0.0.0").token == TOKEN


def test_serve_command_refuses_an_open_host_in_one_line(case_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENCIRCLE_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--store", case_db, "--host", "0.0.0.0"])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr.startswith("error: refusing to listen on 0.0.0.0 without a token")
        and result.stderr.count("\n") == 1
    )
    missing = CliRunner().invoke(cli, ["serve", "--store", "no-such.db"])
    assert missing.exit_code == 1 and "error: no store at no-such.db" in missing.stderr


def test_a_page_naming_another_host_is_refused(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)
    assert client.get("/", headers={"host": "attacker.example:8765"}).status_code == 421  # DNS rebinding
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/", headers={"host": "[::1]:8765"}).status_code == 200


# --- the token rule ----------------------------------------------------------------------


def test_with_a_token_every_request_needs_it(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db, token=TOKEN)
    api = client.get("/api/findings")
    assert api.status_code == 401 and api.headers["www-authenticate"] == 'Bearer realm="encircle"'
    for path in (
        "/",
        "/entities/p-zhou",
        f"/findings/{ROUNDABOUT}",
        "/views/around/p-zhou",
        "/paths?a=p-qian&b=p-zhou",
    ):
        page = client.get(path)
        assert page.status_code == 401 and '<form method="post" action="/login">' in page.text, path
        assert "周平" not in page.text  # nothing of the case before signing in
    assert client.get("/api/findings", headers={"Authorization": "Bearer wrong-token-wrong-token"}).status_code == 401
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert client.get("/api/findings", headers=bearer).status_code == 200
    assert (
        client.post(f"/api/findings/{ROUNDABOUT}/reviews", json={"status": "confirmed"}, headers=bearer).status_code
        == 201
    )
    assert client.get("/assets/workbench.css").status_code == 200  # our own files, nothing of the case


def test_the_login_form_sets_a_session_cookie_and_writes_need_the_csrf_token(
    case_db: str, make_client: MakeClient
) -> None:
    client = make_client(case_db, token=TOKEN)
    form = client.get("/findings")
    csrf = csrf_of(form.text)
    wrong = client.post("/login", data={"csrf": csrf, "token": "not-it-not-it-not-it", "next": "/findings"})
    assert wrong.status_code == 401 and "not the token" in wrong.text
    assert client.post("/login", data={"token": TOKEN, "next": "/"}).status_code == 403  # no CSRF field
    signed = client.post(
        "/login", data={"csrf": csrf, "token": TOKEN, "next": "//evil.example/"}, follow_redirects=False
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/"  # never to another site
    session = client.cookies.get("encircle_session")
    assert session and TOKEN not in session
    assert client.get("/findings").status_code == 200 and client.get("/api/findings").status_code == 200
    url = f"/api/findings/{ROUNDABOUT}/reviews"
    assert client.post(url, json={"status": "dismissed"}).status_code == 403  # the cookie alone is not enough
    assert client.post(url, json={"status": "dismissed"}, headers={"X-CSRF-Token": csrf}).status_code == 201
    out = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    client.cookies.delete("encircle_session")
    assert client.get("/findings").status_code == 401


# --- writes from pages -------------------------------------------------------------------


def test_review_forms_need_the_csrf_token_and_refuse_other_sites(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)
    csrf = csrf_of(client.get(f"/findings/{ROUNDABOUT}").text)
    url = f"/findings/{ROUNDABOUT}/reviews"
    assert client.post(url, data={"status": "confirmed"}).status_code == 403
    assert client.post(url, data={"status": "confirmed", "csrf": "0" * 64}).status_code == 403
    cross = {"origin": "http://attacker.example"}
    assert client.post(url, data={"status": "confirmed", "csrf": csrf}, headers=cross).status_code == 403
    fetch = {"sec-fetch-site": "cross-site"}
    assert client.post(url, data={"status": "confirmed", "csrf": csrf}, headers=fetch).status_code == 403
    json_cross = client.post(f"/api/findings/{ROUNDABOUT}/reviews", json={"status": "confirmed"}, headers=cross)
    assert json_cross.status_code == 403
    with open_store(case_db) as store:
        assert store.ledger("review") == []
    done = client.post(url, data={"status": "confirmed", "note": "ok", "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/findings/{ROUNDABOUT}#reviews"
    with open_store(case_db) as store:
        assert [(e.key, e.author, e.body) for e in store.ledger("review")] == [
            (ROUNDABOUT, "ana", {"status": "confirmed", "note": "ok"})
        ]


def test_read_only_pages_offer_no_forms_and_refuse_posts(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db, read_only=True)
    page = client.get(f"/findings/{ROUNDABOUT}")
    assert "read-only" in page.text and 'action="/findings/' not in page.text
    csrf = csrf_of(client.get("/findings").text)
    assert client.post(f"/findings/{ROUNDABOUT}/reviews", data={"status": "confirmed", "csrf": csrf}).status_code == 403
    judged = client.post("/duplicates/judgements", data={"a": "p-zhou", "b": "p-xu", "verdict": "same", "csrf": csrf})
    assert judged.status_code == 403
    with open_store(case_db) as store:
        assert store.ledger("review") == [] and store.ledger("judgement") == []


def test_a_huge_body_is_refused(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)
    big = client.post(
        f"/api/findings/{ROUNDABOUT}/reviews", content=b"x" * 2_000_000, headers={"content-type": "application/json"}
    )
    assert big.status_code == 413


# --- headers, hostile names, ids -----------------------------------------------------------


def test_every_answer_carries_the_content_security_policy(case_db: str, make_client: MakeClient) -> None:
    client = make_client(case_db)
    page = client.get("/entities/p-zhou")
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert "script-src 'self';" in PAGE_CSP and "'unsafe-inline'" not in PAGE_CSP.split("style-src")[0]
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "same-origin"
    view = client.get("/views/around/p-zhou")
    assert view.headers["content-security-policy"] == VIEW_CSP and view.headers["x-frame-options"] == "SAMEORIGIN"
    assert 'src="/assets/vis-network.min.js"' in view.text and "<script nonce=" in view.text
    assert client.get("/api/findings").headers["content-security-policy"] == PAGE_CSP
    for html in (page.text, view.text, client.get("/").text):
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", html)  # no inline script
        assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", html)  # nothing from another host
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I)  # no inline event handler


@pytest.mark.parametrize(
    "path",
    [
        "/entities/h-off",
        "/entities/h-biz",
        "/entities/h-co",
        "/search?q=script",
        "/search?q=%3Cimg",
        "/paths?a=h-biz&b=h-co",
        "/findings?verdict=any",
        "/views/around/h-off",
        "/",
    ],
)
def test_hostile_names_are_text_on_every_page(hostile_db: str, make_client: MakeClient, path: str) -> None:
    client = make_client(hostile_db)
    html = client.get(path).text
    assert (
        "<img src=x" not in html and "<script>alert" not in html and "<svg onload" not in html and "<i>cash" not in html
    )
    assert "alert(1)" in html  # shown, as text


def test_hostile_names_on_the_finding_page_and_in_json(hostile_db: str, make_client: MakeClient) -> None:
    client = make_client(hostile_db)
    findings = client.get("/api/findings").json()["findings"]
    assert findings, "the hostile case yields a finding"
    html = client.get(f"/findings/{findings[0]['id']}").text
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    entity = client.get("/api/entities/h-off").json()
    assert entity["entity"]["name"] == "<img src=x onerror=alert(1)>"  # JSON keeps the text as it is


@pytest.mark.parametrize(
    "path",
    [
        "/entities/..%2F..%2Fsetup.cfg",
        "/entities/../../etc/passwd",
        "/entities/%2Fetc%2Fpasswd",
        "/api/entities/..%2Fencircle.db",
        "/views/around/..%2F..%2Fsetup.cfg",
        "/assets/..%2Fapp.py",
        "/assets/..%2F..%2Fgraph%2Fschema.yaml",
        "/assets/templates%2Fbase.html",
        "/findings/..%2F..%2Fsetup.cfg",
        "/views/finding/..%2Fencircle.db",
    ],
)
def test_ids_in_urls_never_reach_outside_the_store(case_db: str, make_client: MakeClient, path: str) -> None:
    response = make_client(case_db).get(path)
    assert response.status_code == 404, path
    assert "[metadata]" not in response.text and "SQLite" not in response.text and "{%" not in response.text


def test_an_id_with_slashes_and_query_characters_is_one_entity(tmp_path: Any, make_client: MakeClient) -> None:
    from encircle.graph.records import Entity

    db = str(tmp_path / "odd.db")
    with open_store(db) as store:
        store.write([Entity("a/b?c#d", "Person", "Odd Id"), Entity("..", "Company", "Dots")], [])
    client = make_client(db)
    html = client.get("/search?q=odd").text
    assert 'href="/entities/a%2Fb%3Fc%23d"' in html
    assert client.get("/entities/a%2Fb%3Fc%23d").status_code == 200
    assert client.get("/api/entities/a%2Fb%3Fc%23d").json()["entity"]["name"] == "Odd Id"
    assert client.get("/api/entities/%2E%2E").json()["entity"]["name"] == "Dots"
