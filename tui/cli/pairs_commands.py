"""The pairing subcommands: ``pairs``, ``link``, ``reply``, ``thread``, ``stats``, ``compare``.

Like every subcommand, they use the libraries only and never load Textual.
"""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap
from typing import Any

from tui.cli.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    counterpart_of,
    open_searcher,
    open_store,
    open_threads,
    printable,
    resolve_letter,
    say,
)
from tui.cli.render import (
    alignment_json,
    compare_header,
    days_text,
    describe_letter,
    letter_json,
    link_json,
    print_link,
    print_periods,
    print_review,
    print_unpaired,
    print_word_diff,
    share_text,
)
from tui.words import answered_in_order, counted, one_of_several


def cmd_pairs(args: argparse.Namespace) -> int:
    store = open_store(args)
    threads = open_threads(store)
    pairing = threads.pairing()
    if args.review:
        print_review(store, pairing, args.json)
        return EXIT_OK
    if args.unpaired:
        print_unpaired(store, pairing, args.json)
        return EXIT_OK
    links = pairing.uncertain() if args.uncertain else pairing.links
    days = threads.reply_days()
    for link in links:
        if args.json:
            say(json.dumps(link_json(link, days, pairing), ensure_ascii=False))
        else:
            print_link(link, days, pairing)
    if not args.json:
        answered = len({link.letter_id for link in pairing.links})
        replies = len({link.reply_id for link in pairing.links})
        say(
            f"{counted(replies, 'reply', 'replies')} linked to "
            f"{counted(answered, 'letter')}; {len(pairing.uncertain())} uncertain; "
            f"{counted(len(pairing.unpaired()), 'letter')} unpaired"
        )
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    store = open_store(args)
    reply, letter = resolve_letter(store, args.reply), resolve_letter(store, args.letter)
    if reply.id == letter.id:
        raise CommandError("a letter cannot answer itself", EXIT_USAGE)
    threads = open_threads(store)
    if args.undo:
        verdict = None
    elif args.reject:
        verdict = "rejected"
    else:
        current = threads.pairing().answers(reply.id)
        auto = current is not None and current.letter_id == letter.id
        verdict = "confirmed" if auto else "manual"
    store.decide_link(reply.id, letter.id, verdict)
    now = threads.pairing().answers(reply.id)
    said = {
        None: "decision withdrawn",
        "rejected": "rejected",
        "confirmed": "confirmed",
        "manual": "linked",
    }[verdict]
    say(f"{said}: {reply.id} answers {letter.id}")
    if now is None:
        say(f"{reply.id} is now linked to no letter")
    elif verdict in (None, "rejected"):
        say(f"{reply.id} is now linked to {now.letter_id} ({now.confidence:.2f}, {now.source})")
    return EXIT_OK


def cmd_reply(args: argparse.Namespace) -> int:
    store = open_store(args)
    reply = resolve_letter(store, args.reply)
    threads = open_threads(store)
    answered = threads.pairing().answers(reply.id)
    if answered is None and (args.holding or args.full):
        raise CommandError(
            f"{reply.label()} answers no letter in the archive, so it counts in no reply time: "
            f"link it first (dispatchbox link {reply.id} LETTER)",
            EXIT_USAGE,
        )
    if args.holding or args.full or args.unset:
        store.mark_reply(reply.id, "holding" if args.holding else "full" if args.full else None)
    mark = store.reply_marks().get(reply.id)
    choice = threads.counting_reply(answered.letter_id) if answered else None
    if args.json:
        row = {
            **letter_json(reply),
            "mark": mark,
            "answers": answered.letter_id if answered else None,
            "reply_time": choice.to_json() if choice else None,
        }
        say(json.dumps(row, ensure_ascii=False))
        return EXIT_OK
    say(printable(f"{reply.label()}: {f'marked {mark}' if mark else 'not marked'}"))
    if answered is not None:
        letter = store.get(answered.letter_id)
        said = threads.reply_time_words(choice) if choice else "no dated reply"
        say(printable(f"  {letter.label() if letter else answered.letter_id}: {said}"))
    return EXIT_OK


def cmd_thread(args: argparse.Namespace) -> int:
    from archive.pairing import notable_reason

    store = open_store(args)
    letter = resolve_letter(store, args.letter)
    threads = open_threads(store)
    pairing = threads.pairing()
    marks = store.reply_marks()
    ids = pairing.thread(letter.id) or (letter.id,)
    for letter_id in ids:
        found = store.get(letter_id)
        if found is None:
            continue
        link = pairing.answers(letter_id)
        every = answered_in_order(pairing, letter_id)
        choice = threads.counting_reply(letter_id) if pairing.replies_to(letter_id) else None
        if args.json:
            row = {**letter_json(found), "answers": link.letter_id if link else None}
            row["answers_all"] = [each.letter_id for each in every]
            row["confidence"] = link.confidence if link else None
            row["mark"] = marks.get(letter_id)
            row["reply_time"] = choice.to_json() if choice else None
            say(json.dumps(row, ensure_ascii=False))
            continue
        lines = [describe_letter(found)]
        for each in every:  # a reply to several letters answers each
            answered = store.get(each.letter_id)
            if answered is None:
                continue
            marked = f"; marked {marks[letter_id]} by you" if letter_id in marks else ""
            how = one_of_several(pairing, each) or notable_reason(each)
            how = f"; {how}" if how else ""
            lines.append(f"answers {answered.label()} ({each.confidence:.0%} sure{how}{marked})")
        if choice is not None:
            lines.append(threads.reply_time_words(choice))
        say(printable("\n    ".join(lines)))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    store = open_store(args)
    threads = open_threads(store)
    query = " ".join(args.query)
    letter_ids = _matching_ids(args, query) if query.strip() else None
    figures = threads.stats()
    if letter_ids is not None or args.by:
        from archive.replystats import archive_reply_stats

        chosen = archive_reply_stats(threads, letter_ids, by=args.by or "quarter")
        if letter_ids is not None:
            figures = _narrowed(figures, set(letter_ids))
            figures["query"] = query
        figures.update(chosen.to_json())
    if args.json:
        say(json.dumps(figures, ensure_ascii=False))
        return EXIT_OK
    target = figures["target_working_days"]
    overall = figures["overall"]
    if letter_ids is not None:
        say(printable(f"Letters found by {query!r}: {len(letter_ids):,}"))
    say(
        f"MPs' letters: {overall['letters']}, answered in the archive: {overall['answered']}, "
        f"median {days_text(overall['median_working_days'])} working days, "
        f"{share_text(overall['share_within_target'])} answered within {target}"
    )
    if figures.get("holding_guesses"):
        guesses = figures["holding_guesses"]
        say(
            f"{counted(guesses, 'reply time')} of letters answered more than once "
            f"{'rests' if guesses == 1 else 'rest'} on telling a holding reply from the full "
            "one (the first reply that is not a holding reply counts): dispatchbox thread REF "
            "says which reply counted and why; dispatchbox reply REF --holding|--full corrects it"
        )
    if figures.get("holding_marks"):
        say(
            f"{counted(figures['holding_marks'], 'reply time')} "
            f"{'rests' if figures['holding_marks'] == 1 else 'rest'} on your marks of "
            "holding and full replies (dispatchbox reply REF --holding|--full)"
        )
    for title, key in (("department written to", "departments"), ("MP", "mps")):
        rows = sorted(figures[key].items(), key=lambda item: (-item[1]["letters"], item[0]))
        width = min(56, max([len(title), *(len(name) for name, _ in rows)]))
        say("")
        say(
            f"{title:<{width}}  {'letters':>7}  {'answered':>8}  {'median':>6}  "
            f"{f'≤{target} days':>9}"
        )
        for name, row in rows:
            say(
                printable(
                    f"{name[:width]:<{width}}  {row['letters']:>7}  {row['answered']:>8}  "
                    f"{days_text(row['median_working_days']):>6}  "
                    f"{share_text(row['share_within_target']):>9}"
                )
            )
    if args.by:
        print_periods(figures, args.by)
    say("")
    say("Working days: the day after the letter is day one; weekends and bank holidays in")
    say(f"England and Wales are not counted. The share within {target} counts every letter,")
    say("answered or not; the median counts the answered ones.")
    return EXIT_OK


def _matching_ids(args: argparse.Namespace, query: str) -> list[str]:
    """Every letter the query finds (exit 2 on a query error, 1 when it finds none)."""
    from index.query import QueryError
    from tui.matching import matching_ids

    try:
        found = matching_ids(open_searcher(args), query)
    except QueryError as error:
        raise CommandError(f"query error: {error}", EXIT_USAGE) from None
    if not found:
        raise CommandError(f"no letters match {query!r}", EXIT_NOT_FOUND)
    return found


def _narrowed(figures: dict[str, Any], letter_ids: set[str]) -> dict[str, Any]:
    """The whole archive's notes on holding-reply guesses and marks, for these letters only."""
    choices = [c for c in figures["counting_replies"] if c["letter"] in letter_ids]
    guessed = {
        c["letter"]
        for c in choices
        if c["why"] in ("guessed", "first") or any(p["why"] == "guessed" for p in c["passed_over"])
    }
    marked = {c["letter"] for c in choices if c["why"] == "marked" or c["passed_over"]} - guessed
    return {
        **figures,
        "holding_guesses": len(guessed),
        "holding_marks": len(marked),
        "counting_replies": choices,
    }


def cmd_compare(args: argparse.Namespace) -> int:
    from archive.alignment import align, render_columns
    from archive.store import ArchiveError
    from archive.worddiff import similarity, word_diff

    store = open_store(args)
    first = resolve_letter(store, args.first)
    if args.second:
        second = resolve_letter(store, args.second)
    else:
        first, second = counterpart_of(store, first)
    try:
        left, right = store.text(first), store.text(second)
    except ArchiveError as error:
        raise CommandError(str(error), EXIT_NOT_FOUND) from None
    width = args.width or shutil.get_terminal_size((120, 40)).columns
    if width < 40:
        raise CommandError(f"--width {width}: at least 40 columns are needed", EXIT_USAGE)
    if args.words:
        return print_word_diff(first, second, left, right, word_diff(left, right), args.json)
    alignment = align(left, right)
    if args.json:
        say(json.dumps(alignment_json(first, second, left, right, alignment), ensure_ascii=False))
        return EXIT_OK
    for line in compare_header(first, second, width):
        say(printable(line))
    for line in render_columns(left, right, alignment, width):
        say(line)
    ratio = similarity(left, right)
    unanswered = len(alignment.unanswered)
    summary = (
        f"{unanswered} paragraph{'s' if unanswered != 1 else ''} of {first.label()} answered "
        f"by nothing in {second.label()} (✗)"
        + (f"; the two are {ratio:.0%} alike: try --words" if ratio >= 0.6 else "")
    )
    for line in textwrap.wrap(summary, width):
        say(printable(line))
    return EXIT_OK
