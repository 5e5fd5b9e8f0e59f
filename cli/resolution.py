"""`encircle xref`, `judge`, `merge`, `judgements` and `search`: entity resolution and
finding entities by name (queries/resolution/)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from encircle.cli.common import echo, json_option, open_case, print_json, store_option, warn
from encircle.graph.errors import QueryError
from encircle.graph.records import Entity
from encircle.graph.schema import SCHEMA
from encircle.graph.stores import Store, open_store
from encircle.queries.lookup import resolve
from encircle.queries.resolution.candidates import MIN_SCORE, Candidate, xref
from encircle.queries.resolution.canonical import Resolution, check_judgement
from encircle.queries.resolution.judgements import (
    VERDICTS,
    Judgement,
    default_reviewer,
    export_judgements,
    import_judgements,
    in_force,
    judge,
    undo,
)
from encircle.queries.resolution.search import DEFAULT_LIMIT
from encircle.queries.resolution.search import search as find

__all__ = [
    "candidate_lines",
    "judge_command",
    "judgements_group",
    "merge_command",
    "reviewer_option",
    "search_command",
    "types_option",
    "xref_command",
]

ENTITY_TYPES = tuple(SCHEMA.entity_types.values())


def reviewer_option(function: click.decorators.FC) -> click.decorators.FC:
    """`--reviewer NAME`, default the OS user."""
    return click.option(
        "--reviewer", metavar="NAME", default=default_reviewer, show_default="the OS user", help="Who judges."
    )(function)


def types_option(function: click.decorators.FC) -> click.decorators.FC:
    """`--type T` (repeatable): only entities of these types."""
    return click.option(
        "--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES), help="Only entities of this type (repeat)."
    )(function)


@click.command("xref")
@types_option
@click.option(
    "--min-score", type=click.FloatRange(0, 1), default=MIN_SCORE, show_default=True, help="Lowest score to list."
)
@click.option("--limit", type=click.IntRange(min=1), help="Most candidates to list.")
@click.option("--review", is_flag=True, help="Walk the candidates and judge each: same, different, unsure, skip, quit.")
@reviewer_option
@store_option
@json_option
def xref_command(
    types: tuple[str, ...],
    min_score: float,
    limit: int | None,
    review: bool,
    reviewer: str,
    store: str | None,
    as_json: bool,
) -> None:
    """Propose pairs of entities that may be the same, with the reasons.

    Compares entities of compatible types (Company with Organization, Person with
    Person, PublicBody with PublicBody) by names and aliases folded for case,
    punctuation, articles and legal forms, Chinese names against their pinyin,
    registration numbers, birth dates, countries and shared neighbours. Entities
    already judged the same are one; pairs judged different are not proposed again.

    \b
    Example:
      encircle xref --store case.db
      encircle xref --store case.db --type Company --min-score 0.8 --json
      encircle xref --store case.db --review --reviewer ana
    """
    with open_store(store, must_exist=True) as opened:
        found = xref(opened, types, min_score, limit)
        if as_json:
            print_json(found.to_dict())
            return
        shown = f"{len(found.candidates)} candidate{'s' if len(found.candidates) != 1 else ''}"
        echo(
            f"{shown} (score >= {min_score:.2f}) among {found.entities:,} entities; {found.compared:,} pairs compared"
            + (f"; {found.skipped_keys:,} keys too common to compare by" if found.skipped_keys else "")
        )
        if review:
            _review(opened, found.candidates, reviewer)
            return
        for number, candidate in enumerate(found.candidates, 1):
            echo(*candidate_lines(number, candidate))


def candidate_lines(number: int, candidate: Candidate) -> list[str]:
    """A candidate as `xref` prints it: the pair and score, then one line per feature."""
    (a, b), (name_a, name_b) = candidate.entities, candidate.names
    unsure = "  (judged unsure)" if candidate.judgement == "unsure" else ""
    lines = [f"{number:>3}  {candidate.score:.2f}  {name_a} ({a})  =?  {name_b} ({b}){unsure}"]
    for (feature, value), reason in zip(candidate.features.items(), candidate.reasons, strict=False):
        lines.append(f"       {feature} {value:+.2f}: {reason}")
    return lines


def _review(store: Store, candidates: Sequence[Candidate], reviewer: str) -> None:
    """The terminal walk: each candidate not judged yet, until the end or quit."""
    answers = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "q": "quit"}
    judged = 0
    for number, candidate in enumerate(candidates, 1):
        resolution = Resolution.of(store)
        a, b = candidate.entities
        if candidate.judgement or resolution.canonical_of(a) == resolution.canonical_of(b):
            continue
        echo("", *candidate_lines(number, candidate))
        answer = click.prompt(
            "  same, different, unsure, skip or quit? [s/d/u/k/q]",
            type=click.Choice(list(answers)),
            show_choices=False,
        )
        if answers[answer] == "quit":
            break
        if answers[answer] != "skip":
            try:
                check_judgement(store, a, b, answers[answer])
            except QueryError as error:  # an earlier answer of this walk contradicts it
                warn(f"not recorded: {error}")
                continue
            judge(store, a, b, answers[answer], reviewer)
            judged += 1
    echo(f"{judged} judgement{'s' if judged != 1 else ''} recorded by {reviewer}")


@click.command("judge")
@click.argument("first")
@click.argument("second")
@click.argument("verdict", required=False, type=click.Choice(VERDICTS))
@click.option("--undo", "undo_", is_flag=True, help="Withdraw the pair's judgement in force instead.")
@click.option("--note", default="", metavar="TEXT", help="Why (kept with the judgement).")
@reviewer_option
@store_option
def judge_command(
    first: str, second: str, verdict: str | None, undo_: bool, note: str, reviewer: str, store: str | None
) -> None:
    """Judge whether FIRST and SECOND are the same entity: same, different or unsure.

    FIRST and SECOND are ids, names or aliases of records as loaded. Judgements are kept
    in the store apart from the records (loading again keeps them), with the reviewer,
    time and note; `--undo` withdraws the latest one in force. After "same", every query
    sees one entity; "different" keeps the pair out of `encircle xref`.

    \b
    Example:
      encircle judge "Earthcott Ltd" "Earthcott Limited" same --note "company number 01234567"
      encircle judge p-li-1 p-li-2 different --reviewer ana
      encircle judge "Earthcott Ltd" "Earthcott Limited" --undo
    """
    if undo_ == (verdict is not None):
        raise click.UsageError("give a verdict (same, different, unsure) or --undo")
    with open_store(store, must_exist=True) as opened:
        a, b = _pair(opened, first, second)
        if undo_:
            withdrawn = undo(opened, a.id, b.id, reviewer, note)
            echo(f"withdrew {_said(withdrawn)} about {a.name} ({a.id}) and {b.name} ({b.id})")
            return
        assert verdict is not None
        echo(_judged(opened, a.id, b.id, verdict, reviewer, note))


@click.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--note", default="", metavar="TEXT", help="Why (kept with the judgement).")
@reviewer_option
@store_option
def merge_command(first: str, second: str, note: str, reviewer: str, store: str | None) -> None:
    """Judge FIRST and SECOND the same entity (`encircle judge FIRST SECOND same`).

    Nothing stored is merged: queries see one entity with both records' relations and
    names, each relation keeping its own record's id and source; `encircle judge FIRST
    SECOND --undo` splits them again.

    \b
    Example:
      encircle merge "Earthcott Ltd" "Earthcott Limited" --store case.db
      encircle paths "Ann Hale" "Earthcott Ltd" --store case.db
    """
    with open_store(store, must_exist=True) as opened:
        a, b = _pair(opened, first, second)
        echo(_judged(opened, a.id, b.id, "same", reviewer, note))


def _pair(store: Store, first: str, second: str) -> tuple[Entity, Entity]:
    a, b = resolve(store, first), resolve(store, second)
    if a.id == b.id:
        raise QueryError(f"{first!r} and {second!r} are the same record ({a.id})")
    return a, b


def _judged(store: Store, a: str, b: str, verdict: str, reviewer: str, note: str) -> str:
    check_judgement(store, a, b, verdict)
    judgement = judge(store, a, b, verdict, reviewer, note)
    line = f"judged {a} and {b} {verdict} ({judgement.author}, {judgement.at})"
    if verdict == "same":
        after = Resolution.of(store)
        group = after.groups.get(after.canonical_of(a), (a, b))
        line += f"; queries now see one entity {group[0]}: {', '.join(group)}"
    return line


def _said(judgement: Judgement) -> str:
    return f"{judgement.verdict!r} ({judgement.author}, {judgement.at})"


@click.group("judgements")
def judgements_group() -> None:
    """List, export and import entity-resolution judgements.

    \b
    Example:
      encircle judgements list --store case.db
      encircle judgements export team.jsonl --store case.db
      encircle judgements import team.jsonl --store other.db
    """


@judgements_group.command("list")
@store_option
@json_option
def list_command(store: str | None, as_json: bool) -> None:
    """The judgements in force, oldest first.

    \b
    Example:
      encircle judgements list --store case.db --json
    """
    with open_store(store, must_exist=True) as opened:
        found = in_force(opened)
    if as_json:
        print_json({"judgements": [j.to_dict() for j in found]})
        return
    echo(f"{len(found)} judgement{'s' if len(found) != 1 else ''} in force")
    for j in found:
        note = f"  ({j.note})" if j.note else ""
        echo(f"  {j.pair[0]}  {j.verdict:<9}  {j.pair[1]}  {j.author} {j.at}{note}")


@judgements_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@store_option
def export_command(file: str, store: str | None) -> None:
    """Write every judgement (with undos) to FILE as JSON lines.

    \b
    Example:
      encircle judgements export team.jsonl --store case.db
    """
    with open_store(store, must_exist=True) as opened:
        count = export_judgements(opened, file)
    echo(f"wrote {count} judgement entr{'y' if count == 1 else 'ies'} to {file}")


@judgements_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@store_option
def import_command(file: str, store: str | None) -> None:
    """Add the judgements of FILE that the store lacks.

    FILE is what `encircle judgements export` writes, the judgements.csv of `encircle
    export --format csv`, or a stream of `encircle export --format ftm` (its judgement
    Notes).

    \b
    Example:
      encircle judgements import team.jsonl --store case.db
      encircle judgements import bundle/judgements.csv --store copy.db
    """
    with open_store(store, must_exist=True) as opened:
        added, known = import_judgements(opened, file)
        conflicts = Resolution.of(opened).conflicts
    echo(f"imported {added} judgement entr{'y' if added == 1 else 'ies'} ({known} already there)")
    for j in conflicts:
        warn(f"{j.pair[0]} and {j.pair[1]} judged different but one through 'same' judgements")


@click.command("search")
@click.argument("query")
@types_option
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True, help="Most results.")
@store_option
@json_option
def search_command(query: str, types: tuple[str, ...], limit: int, store: str | None, as_json: bool) -> None:
    """Find entities by part of a name or alias, a misspelling, Chinese characters or pinyin.

    Ranked: the whole name, its start, a part of it, the pinyin of a Chinese name, then
    near spellings. Entities judged the same are one result.

    \b
    Example:
      encircle search 习近 --store case.db
      encircle search "mnuchn" --type Person --json
      encircle search "zhou ping"
    """
    with open_case(store) as opened:
        hits = find(opened, query, types, limit)
    if as_json:
        print_json({"results": [h.to_dict() for h in hits]})
        return
    echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for {query!r}")
    for hit in hits:
        roles = f" [{', '.join(hit.roles)}]" if hit.roles else ""
        also = f"  aka {'; '.join(hit.aliases[:3])}" if hit.aliases else ""
        echo(f"  {hit.score:.2f}  {hit.type:<12}  {hit.name} ({hit.id}){roles}{also}")
