"""The search subcommands: ``search``, ``export`` and ``similar``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    open_searcher,
    printable,
    resolve_letter,
    say,
    say_error,
)
from tui.words import counted, fit


def cmd_search(args: argparse.Namespace) -> int:
    from index.query import QueryError, error_excerpt

    query = " ".join(args.query)
    searcher = open_searcher(args)
    if args.facets:
        searcher.threads.update()  # the reply-time facet needs the pairing (cached once made)
    try:
        result = searcher.search(
            query,
            sort=args.sort,
            limit=max(0, args.limit),
            offset=max(0, args.offset),
            facets=args.facets,
        )
    except QueryError as error:
        say_error(f"query error: {error}")
        shown, caret = error_excerpt(query, error.position)
        say_error(f"  {shown}")
        say_error(f"  {caret}")
        return EXIT_USAGE
    for note in result.notes:
        say_error(note)
    if args.json:
        for hit in result.hits:
            say(json.dumps(hit.to_json(), ensure_ascii=False))
        if args.facets:
            facets = {k: {f.value: f.count for f in v} for k, v in result.facets.items()}
            tail = {"total": result.total, "facets": facets, "suggestion": result.suggestion}
            say(json.dumps(tail, ensure_ascii=False))
    else:
        for hit in result.hits:
            meta = hit.letter.metadata
            refs = ", ".join(meta.references[:2])
            dept = meta.sender_org if meta.direction != "from_mp" else meta.recipient_org
            say(
                printable(
                    f"{hit.letter_id}  {meta.date or '----------'}  {fit(refs, 18)}  "
                    f"{fit(meta.mp or '', 20)}  {fit(dept or '', 28)}  {meta.direction}"
                )
            )
            say("    " + printable(hit.snippet.text))
        shown = (
            f"{len(result.hits)} of {counted(result.total, 'letter')}"
            if result.total
            else "no letters"
        )
        say(f"{shown} ({result.elapsed_ms:.0f} ms)")
        if args.facets:
            for name, counts in result.facets.items():
                if not counts:
                    continue
                values = ", ".join(f"{printable(f.value)} ({f.count})" for f in counts[:8])
                say(f"{name + ':':7}{values}")
    if result.total == 0:
        if result.suggestion:
            say_error(f"no letters match; did you mean: {result.suggestion}")
        return EXIT_NOT_FOUND
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from index.export import ExportError, ExportExists, export
    from index.query import QueryError

    searcher = open_searcher(args)
    query = " ".join(args.query)
    try:
        count = export(searcher, Path(args.output), query, sort=args.sort, replace=args.force)
    except QueryError as error:
        raise CommandError(f"query error: {error}", EXIT_USAGE) from None
    except ExportExists as error:
        raise CommandError(f"{error}: add --force to replace it", EXIT_USAGE) from None
    except ExportError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
    say(f"{counted(count, 'letter')} written to {args.output}")
    return EXIT_OK if count else EXIT_NOT_FOUND


def cmd_similar(args: argparse.Namespace) -> int:
    searcher = open_searcher(args)
    letter = resolve_letter(searcher.store, args.letter)
    result = searcher.similar(letter.id, limit=args.limit)
    for hit in result.hits:
        if args.json:
            say(json.dumps(hit.to_json(), ensure_ascii=False))
        else:
            meta = hit.letter.metadata
            say(
                printable(
                    f"{hit.letter_id}  {meta.date or '----------'}  {hit.score:6.1f}  "
                    f"{meta.mp or ''}  {meta.subject or hit.snippet.text[:60]}"
                )
            )
    return EXIT_OK if result.hits else EXIT_NOT_FOUND
