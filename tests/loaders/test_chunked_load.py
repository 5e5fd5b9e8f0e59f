"""load(..., commit_every=N): the same result as one transaction, in transactions of at
most N records; bad input writes nothing; a failure mid-way keeps what was committed and
re-running completes it. Every test runs on both stores.

The failing and recording stores are real stores (a second connection to the fixture's
database) whose transactions are wrapped: the backend commits and rolls back for real.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from encircle.graph.errors import LoadError, StoreError
from encircle.graph.records import Entity, Origin, Relation
from encircle.graph.stores import PartialWriteError, Store
from encircle.graph.stores.base import Progress, WriteTransaction
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle

T = TypeVar("T")
Work = Callable[[WriteTransaction], T]


@pytest.fixture
def inputs(fixtures: Path) -> list[Path]:
    """58 entities and 89 relations; p1 and its relations come in twice and merge."""
    csv = fixtures / "csv"
    return [demo_bundle(), csv / "case-a", csv / "case-b", fixtures / "ftm" / "small.ftm.jsonl"]


def snapshot(store: Store) -> tuple[Any, list[Entity], list[Relation]]:
    return store.stats(), list(store.entities()), list(store.relations())


class _RecordingTx:
    """Forwards to the backend's transaction, noting what each put writes."""

    def __init__(self, tx: WriteTransaction, puts: list[tuple[int, int]]) -> None:
        self.tx, self.puts = tx, puts

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tx, name)

    def put(self, entities: Sequence[Entity], relations: Sequence[Relation], progress: Progress | None) -> None:
        self.puts.append((len(entities), len(relations)))
        self.tx.put(entities, relations, progress)


def connect(store: Store, fail_on: int | None = None) -> Any:
    """Another connection to `store`'s database that records the records put in each write
    transaction and, when `fail_on` is k, makes the k-th transaction fail after its work
    (so the backend really rolls back what it wrote)."""

    class Connection(type(store)):  # type: ignore[misc]
        transactions: list[tuple[int, int]]

        def _in_write_transaction(self, work: Work[T]) -> T:
            puts: list[tuple[int, int]] = []

            def recorded(tx: WriteTransaction) -> T:
                result = work(_RecordingTx(tx, puts))
                if len(self.transactions) + 1 == fail_on:
                    raise StoreError(f"cannot write to {self.location}: connection reset by peer")
                return result

            result = super()._in_write_transaction(recorded)
            self.transactions.append((sum(e for e, _ in puts), sum(r for _, r in puts)))
            return result

    connection = Connection(store.location)
    connection.transactions = []
    return connection


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_chunked_load_equals_one_transaction(store: Store, inputs: list[Path], size: int) -> None:
    expected_summary, _ = load(inputs, store)
    expected = snapshot(store)
    store.clear()
    connection = connect(store)
    try:
        summary, _ = load(inputs, connection, commit_every=size)
    finally:
        connection.close()

    assert summary == expected_summary
    assert snapshot(store) == expected
    # A first transaction that checks and writes nothing, then entities, then relations,
    # at most `size` records each.
    check, *chunks = connection.transactions
    entity_chunks = [e for e, r in chunks if e]
    relation_chunks = [r for e, r in chunks if r]
    assert check == (0, 0)
    assert chunks == [(e, 0) for e in entity_chunks] + [(0, r) for r in relation_chunks]
    assert sum(entity_chunks) == 58 and sum(relation_chunks) == 89
    assert max(entity_chunks + relation_chunks) == min(size, 89)
    assert len(chunks) == -(-58 // size) + -(-89 // size)


def test_chunked_load_twice_changes_nothing(store: Store, inputs: list[Path]) -> None:
    load(inputs[:2], store)  # something stored already, to merge onto
    load(inputs, store, commit_every=10)
    first = snapshot(store)

    summary, _ = load(inputs, store, commit_every=10)

    assert (summary.entities, summary.relations, summary.new_entities, summary.new_relations) == (58, 89, 0, 0)
    assert snapshot(store) == first


def test_chunked_progress_counts_every_record(store: Store, inputs: list[Path]) -> None:
    steps: list[int] = []
    load(inputs, store, steps.append, commit_every=25)
    assert sum(steps) == 58 + 89


def _one_line_error(store: Store, paths: list[Path], commit_every: int | None) -> str:
    with pytest.raises(LoadError) as caught:
        load(paths, store, commit_every=commit_every)
    return str(caught.value)


@pytest.mark.parametrize(
    ("entities", "relations", "message"),
    [
        # the last relation names an entity that exists nowhere
        (
            "p9,Person,赵六,,,j2\n",
            "r9,GIFT,p9,p1,2017,100,j2\nr10,GIFT,p9,px,2017,100,j2\n",
            ":3:4: unknown entity id 'px'",
        ),
        # an entity the store holds as a Person comes as a Company
        ("p9,Person,赵六,,,j2\np1,Company,李明,,,j2\n", "", ":3:2: 'p1' is a Person elsewhere but a Company here"),
        # a stored relation id with other endpoints
        ("p9,Person,赵六,,,j2\n", "r9,GIFT,p9,p1,2017,100,j2\nr4,GIFT,p9,p2,2017,1,j2\n", ":3:1: relation 'r4' links"),
    ],
)
def test_chunked_bad_input_writes_nothing(
    store: Store, fixtures: Path, write_bundle: Callable[..., Path], entities: str, relations: str, message: str
) -> None:
    load([fixtures / "csv" / "case-a"], store)
    before = snapshot(store)
    bad = write_bundle("bad", entities, relations)

    one_transaction = _one_line_error(store, [bad], None)
    chunked = _one_line_error(store, [bad], 1)  # every valid record before the bad one is its own chunk

    assert chunked == one_transaction
    assert message in chunked and chunked.startswith("bad/")
    assert snapshot(store) == before


def test_chunked_reports_every_bad_record_in_input_order(store: Store) -> None:
    """x comes first, but its conflicting record comes after y's: like one transaction,
    the chunked write names y's first, though x's chunk is checked first."""
    store.write([Entity("x", "Person", "X"), Entity("y", "Person", "Y")], [])

    def at(line: int) -> Origin:
        return Origin("entities.csv", line, {"type": 2})

    records = [
        Entity("x", "Person", "X", origin=at(2)),
        Entity("y", "Person", "Y", origin=at(3)),
        Entity("y", "Company", "Y", origin=at(4)),
        Entity("x", "Company", "X", origin=at(5)),
    ]
    errors = []
    for commit_every in (None, 1):
        with pytest.raises(LoadError) as caught:
            store.write(records, [], commit_every=commit_every)
        errors.append(str(caught.value))

    assert (
        errors
        == [
            "entities.csv:4:2: 'y' is a Person elsewhere but a Company here\n"
            "entities.csv:5:2: 'x' is a Person elsewhere but a Company here"
        ]
        * 2
    )


def test_commit_every_must_be_positive(store: Store) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        store.write([Entity("p1", "Person", "Li")], [], commit_every=0)
    assert store.is_empty()


# Chunks of 10: 6 of entities (58), then 9 of relations (89). Transaction 1 is the check,
# so failing the 3rd leaves 1 chunk (10 entities), failing the 9th leaves 7 (58 + 10).
@pytest.mark.parametrize(("fail_on", "committed", "records"), [(3, 1, 10), (9, 7, 68)])
def test_failure_mid_way_keeps_committed_chunks_and_rerun_completes(
    store: Store, inputs: list[Path], fail_on: int, committed: int, records: int
) -> None:
    load(inputs, store)
    expected = snapshot(store)
    store.clear()
    failing = connect(store, fail_on=fail_on)
    try:
        with pytest.raises(PartialWriteError) as caught:
            load(inputs, failing, commit_every=10)
    finally:
        failing.close()

    message = str(caught.value)
    assert message == (
        f"the load is partial: {committed} of 15 transactions committed ({records} of 147 records; entities "
        f"first, then relations), then it failed: cannot write to {store.location}: connection reset by peer. "
        "Re-run the same load to complete it: records already written are merged again and do not change"
    )
    assert isinstance(caught.value, StoreError) and "\n" not in message
    stats = store.stats()
    assert stats.entities + stats.relations == records
    # every committed relation's endpoints are stored
    stored = {e.id for e in store.entities()}
    assert all({r.source_id, r.target_id} <= stored for r in store.relations())

    summary, _ = load(inputs, store, commit_every=10)

    assert summary.new_entities + summary.new_relations == 147 - records
    assert snapshot(store) == expected


def test_failure_in_the_first_chunk_is_the_error_itself(store: Store, inputs: list[Path]) -> None:
    failing = connect(store, fail_on=2)
    try:
        with pytest.raises(StoreError) as caught:
            load(inputs, failing, commit_every=10)
    finally:
        failing.close()
    assert not isinstance(caught.value, PartialWriteError)
    assert str(caught.value).endswith("connection reset by peer")
    assert store.is_empty()


# -- streaming: the inputs are checked in a first read, then read again per pass ----------


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        # a bad cell in the first input's relations comes before the second input's bad entity
        (
            ("p9,Person,赵六,,,j2\n", "r9,GIFT,p9,p1,2017,lots,j2\n"),
            ("p8,Persn,钱七,,,j2\n", ""),
            "first/relations.csv:2:6: ",
        ),
        # a duplicate id is reported after the whole file is read: a later bad row wins
        (
            ("p9,Person,赵六,,,j2\np9,Person,赵六,,,j2\np7,Person,,,,j2\n", ""),
            ("p8,Person,钱七,,,j2\n", ""),
            "first/entities.csv:4:",
        ),
        # only a duplicate
        (
            ("p9,Person,赵六,,,j2\np9,Person,赵六,,,j2\n", ""),
            ("p8,Person,钱七,,,j2\n", ""),
            "first/entities.csv:3:1: duplicate entity id 'p9' (first on line 2)",
        ),
        # a relation of the first input names an entity of the second: fine; the second's
        # relation names one of nowhere
        (
            ("p9,Person,赵六,,,j2\n", "r9,GIFT,p9,p8,2017,100,j2\n"),
            ("p8,Person,钱七,,,j2\n", "r8,GIFT,p8,px,2017,100,j2\n"),
            "second/relations.csv:2:4: unknown entity id 'px'",
        ),
    ],
)
def test_streamed_bad_input_gives_the_same_first_error(
    store: Store,
    fixtures: Path,
    write_bundle: Callable[..., Path],
    first: tuple[str, str],
    second: tuple[str, str],
    message: str,
) -> None:
    load([fixtures / "csv" / "case-a"], store)
    before = snapshot(store)
    paths = [write_bundle("first", *first), write_bundle("second", *second)]

    one_transaction = _one_line_error(store, paths, None)
    chunked = _one_line_error(store, paths, 1)

    assert chunked == one_transaction
    assert message in chunked
    assert snapshot(store) == before


def test_streamed_load_warns_like_a_whole_read(store: Store, write_bundle: Callable[..., Path]) -> None:
    bundle = write_bundle("extra", b"id,type,name,shoe_size\np1,Person,Li,42\n", b"id,type,source_id,target_id,mood\n")
    _, whole = load([bundle], store)
    _, streamed = load([bundle], store, commit_every=1)
    assert streamed.warnings == whole.warnings
    assert whole.warnings == (
        "extra/entities.csv: unknown columns kept as properties: shoe_size",
        "extra/relations.csv: unknown columns kept as properties: mood",
    )
    assert streamed.entities == () and streamed.relations == ()


def test_streamed_inputs_are_read_again_not_held(tmp_path: Path) -> None:
    from encircle.loaders import stream
    from encircle.queries.synth.generate import generate

    generate(tmp_path / "world", 300, seed=1)
    inputs = stream([tmp_path / "world"])

    assert inputs.ids.records == len(list(inputs.entities())) + len(list(inputs.relations()))
    relations = inputs.relations()
    next(iter(relations))
    with open(tmp_path / "world" / "relations.csv", "a", encoding="utf-8") as changed:
        changed.write("\n")
    with pytest.raises(LoadError, match="changed while it was being loaded; load it again"):
        list(inputs.relations())


def test_chunked_load_holds_a_chunk_not_the_input(store: Store, tmp_path: Path) -> None:
    """While each chunk is written, far fewer relations are alive than the input has."""
    import gc

    from encircle.queries.synth.generate import generate

    def relations_alive() -> int:
        gc.collect()
        return sum(isinstance(o, Relation) for o in gc.get_objects())

    truth = generate(tmp_path / "world", 300, seed=1)
    before = relations_alive()  # other tests' records may still be cached
    alive: list[int] = []

    class Counting(type(store)):  # type: ignore[misc]
        def _in_write_transaction(self, work: Work[T]) -> T:
            alive.append(relations_alive() - before)
            return super()._in_write_transaction(work)

    counting = Counting(store.location)
    try:
        load([tmp_path / "world"], counting, commit_every=50)
    finally:
        counting.close()

    assert truth["relations"] > 800 and len(alive) > 10
    assert max(alive) <= 100  # a chunk of 50 and the one being read, not 800+
