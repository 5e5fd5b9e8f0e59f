"""Neo4j failures said plainly, and a server never left busy: every transaction has a
timeout, a client that gives up (Ctrl-C, kill) leaves no transaction running, a server
that goes away mid-way is one error line, URIs are checked before connecting."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress

import pytest

from encircle.graph.errors import StoreError
from encircle.graph.stores import Store, open_store
from encircle.graph.stores.neo4j import Neo4jStore

TEST_URI = os.environ.get("ENCIRCLE_TEST_NEO4J", "bolt://127.0.0.1:7687")
MARK = "encircle-long-query"
# Counts to 10^11: hours of work for the server, stopped only by a timeout or the client.
LONG = f"UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n // {MARK}"


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("bolt://[::1", "malformed Neo4j URI 'bolt://[::1': Invalid IPv6 URL"),
        ("bolt://127.0.0.1:99999", "malformed Neo4j URI 'bolt://127.0.0.1:99999': Port out of range 0-65535"),
        ("bolt://", "malformed Neo4j URI 'bolt://': no host"),
        (
            "neo4j://alice:s3cret@db.example.org:7687",
            "credentials do not go in the store URI (neo4j://...@db.example.org:7687): "
            "set NEO4J_USER and NEO4J_PASSWORD in the environment instead",
        ),
    ],
)
def test_uris_are_checked_before_connecting(uri: str, message: str) -> None:
    with pytest.raises(StoreError) as caught:
        open_store(uri)
    assert str(caught.value) == message


@pytest.mark.parametrize("value", ["0", "-5", "soon", "inf"])
def test_a_bad_timeout_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("ENCIRCLE_NEO4J_TIMEOUT", value)
    with pytest.raises(StoreError) as caught:
        open_store(TEST_URI)
    assert str(caught.value) == f"ENCIRCLE_NEO4J_TIMEOUT={value!r}: expected a number of seconds above 0"


def _running(store: Store) -> list[str]:
    assert isinstance(store, Neo4jStore)
    rows = store.read("SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN transactionId, currentQuery")
    return [row["transactionId"] for row in rows if MARK in row["currentQuery"] and "SHOW" not in row["currentQuery"]]


def _within(seconds: float, done: Callable[[], bool]) -> float:
    """Seconds until done() held, polling; fails after `seconds`."""
    start = time.monotonic()
    while not done():
        if time.monotonic() - start > seconds:
            pytest.fail(f"not done within {seconds} s")
        time.sleep(0.2)
    return time.monotonic() - start


@pytest.mark.neo4j
def test_a_transaction_past_its_timeout_is_ended(neo4j_store: Store) -> None:
    short = Neo4jStore(TEST_URI, timeout=1)
    try:
        start = time.monotonic()
        with pytest.raises(StoreError) as caught:
            short.read(LONG)
        ended = time.monotonic() - start
        assert ended < 30
    finally:
        short.close()
    assert str(caught.value) == (
        f"cannot read from Neo4j at {TEST_URI}: the transaction ran longer than its timeout of 1 s and the "
        "server ended it (set ENCIRCLE_NEO4J_TIMEOUT to allow longer)"
    )
    gone = _within(10, lambda: not _running(neo4j_store))
    print(f"timeout 1 s: error after {ended:.1f} s, gone from SHOW TRANSACTIONS {gone:.1f} s later")


# A client running the long query through the store, as `encircle detect` would.
CLIENT = f"""
import sys
from encircle.graph.stores import open_store
store = open_store(sys.argv[1])
print("connected", flush=True)
store.read({LONG!r})
"""


@pytest.mark.neo4j
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "term", "kill-9"])
def test_a_client_that_gives_up_leaves_no_transaction(neo4j_store: Store, how: signal.Signals) -> None:
    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, TEST_URI],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # As at a terminal: a test run started in the background (CI's may be) ignores
        # SIGINT, and Python then never turns Ctrl-C into KeyboardInterrupt in the child.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert client.stdout is not None and client.stdout.readline() == b"connected\n"
        _within(30, lambda: bool(_running(neo4j_store)))
        client.send_signal(how)
        start = time.monotonic()
        client.wait(timeout=15)  # Ctrl-C does not wait for the query to finish
        exited = time.monotonic() - start
    finally:
        client.kill()
        client.communicate()
    gone = _within(10, lambda: not _running(neo4j_store))
    print(f"{how.name}: client exited after {exited:.1f} s, transaction gone {gone:.1f} s later")


class _Proxy:
    """A TCP relay to the test server that can cut every connection: the server going away."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        for sock in [self.listener, *self.sockets]:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def proxy(neo4j_store: Store) -> Iterator[_Proxy]:
    host, port = TEST_URI.split("://", 1)[1].rsplit(":", 1)
    relay = _Proxy(host, int(port))
    yield relay
    relay.cut()


@pytest.mark.neo4j
def test_a_server_gone_is_one_error_line(proxy: _Proxy) -> None:
    store = open_store(f"bolt://127.0.0.1:{proxy.port}")
    try:
        assert store.stats().entities == 0
        proxy.cut()
        with pytest.raises(StoreError) as caught:
            store.stats()
    finally:
        store.close()
    message = str(caught.value)
    assert message.startswith(f"cannot read from Neo4j at bolt://127.0.0.1:{proxy.port}: ")
    assert "\n" not in message
