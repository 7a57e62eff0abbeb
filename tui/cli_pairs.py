"""The pairing subcommands: ``pairs``, ``link``, ``reply``, ``thread``, ``stats``, ``compare``.

Kept apart from ``tui.cli`` (which registers them) so that each stays readable; like every
subcommand, they use the libraries only and never load Textual.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.cli import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    _open_store,
    _out,
    _resolve,
    _safe,
    _searcher,
)
from tui.words import counted

if TYPE_CHECKING:
    from archive.models import Letter
    from archive.pairing import Link, Pairing
    from archive.store import Store
    from archive.threads import Threads

Command = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def add_commands(command: Command) -> None:
    """Register the pairing subcommands on the main parser."""
    sub = command("pairs", cmd_pairs, "list each reply with the letter it answers, and why")
    sub.add_argument("--json", action="store_true", help="JSON Lines: one link a line")
    show = sub.add_mutually_exclusive_group()
    show.add_argument("--uncertain", action="store_true", help="only links in doubt")
    show.add_argument("--unpaired", action="store_true", help="letters with no link either way")
    show.add_argument(
        "--review", action="store_true", help="doubtful links and unpaired letters, with candidates"
    )

    sub = command("link", cmd_link, "confirm, reject or make a link: REPLY answers LETTER")
    sub.add_argument("reply", metavar="REPLY", help="the reply (id or reference)")
    sub.add_argument("letter", metavar="LETTER", help="the letter it answers (id or reference)")
    verdict = sub.add_mutually_exclusive_group()
    verdict.add_argument("--reject", action="store_true", help="it does not answer that letter")
    verdict.add_argument("--undo", action="store_true", help="withdraw your earlier decision")

    sub = command(
        "reply",
        cmd_reply,
        "mark a reply as a holding reply or the full answer (reply times count the full one)",
    )
    sub.add_argument("reply", metavar="ID|REF", help="the reply (id or reference)")
    mark = sub.add_mutually_exclusive_group()
    mark.add_argument(
        "--holding", action="store_true", help="a holding reply: a full answer is to follow"
    )
    mark.add_argument("--full", action="store_true", help="the full answer")
    mark.add_argument("--unset", action="store_true", help="withdraw the mark: the guess counts")
    sub.add_argument("--json", action="store_true", help="the mark and the reply time, as JSON")
    sub.epilog = (
        "Without an option, shows the mark and which reply counts. Marks are annotations: they "
        "outrank the guess from the reply's words and survive re-imports and rebuilds."
    )

    sub = command("thread", cmd_thread, "a letter's whole exchange in date order")
    sub.add_argument("letter", metavar="ID|REF")
    sub.add_argument("--json", action="store_true")

    sub = command("stats", cmd_stats, "reply times per department and per MP (working days)")
    sub.add_argument(
        "query", nargs="*", metavar="QUERY", help="as for search: the letters it finds (none: all)"
    )
    sub.add_argument(
        "--by",
        choices=["year", "quarter"],  # archive.replystats.PERIODS, not imported to parse
        help="also the median and the share within the target per year or quarter",
    )
    sub.add_argument("--json", action="store_true", help="one JSON object")
    sub.epilog = "The app's statistics screen (T) draws the same figures for the current search."

    sub = command("compare", cmd_compare, "two letters side by side (one: with its reply)")
    sub.add_argument("first", metavar="A", help="a letter (id or reference)")
    sub.add_argument("second", metavar="B", nargs="?", help="another (default: A's reply)")
    sub.add_argument("--words", action="store_true", help="word by word (same-template letters)")
    sub.add_argument("--width", type=int, default=0, help="columns (default: the terminal's)")
    sub.add_argument("--json", action="store_true", help="the aligned rows as one JSON object")


# -- commands ----------------------------------------------------------------------------------


def cmd_pairs(args: argparse.Namespace) -> int:
    store = _open_store(args)
    threads = _threads(store)
    pairing = threads.pairing()
    if args.review:
        _print_review(store, pairing, args.json)
        return EXIT_OK
    if args.unpaired:
        _print_unpaired(store, pairing, args.json)
        return EXIT_OK
    links = pairing.uncertain() if args.uncertain else pairing.links
    days = threads.reply_days()
    for link in links:
        if args.json:
            _out(json.dumps(_link_json(link, days), ensure_ascii=False))
        else:
            _print_link(link, days)
    if not args.json:
        answered = len({link.letter_id for link in pairing.links})
        replies = len({link.reply_id for link in pairing.links})
        _out(
            f"{counted(replies, 'reply', 'replies')} linked to "
            f"{counted(answered, 'letter')}; {len(pairing.uncertain())} uncertain; "
            f"{counted(len(pairing.unpaired()), 'letter')} unpaired"
        )
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    store = _open_store(args)
    reply, letter = _resolve(store, args.reply), _resolve(store, args.letter)
    if reply.id == letter.id:
        raise CommandError("a letter cannot answer itself", EXIT_USAGE)
    threads = _threads(store)
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
    _out(f"{said}: {reply.id} answers {letter.id}")
    if now is None:
        _out(f"{reply.id} is now linked to no letter")
    elif verdict in (None, "rejected"):
        _out(f"{reply.id} is now linked to {now.letter_id} ({now.confidence:.2f}, {now.source})")
    return EXIT_OK


def cmd_reply(args: argparse.Namespace) -> int:
    store = _open_store(args)
    reply = _resolve(store, args.reply)
    threads = _threads(store)
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
            **_letter_json(reply),
            "mark": mark,
            "answers": answered.letter_id if answered else None,
            "reply_time": choice.to_json() if choice else None,
        }
        _out(json.dumps(row, ensure_ascii=False))
        return EXIT_OK
    _out(_safe(f"{reply.label()}: {f'marked {mark}' if mark else 'not marked'}"))
    if answered is not None:
        letter = store.get(answered.letter_id)
        said = threads.reply_time_words(choice) if choice else "no dated reply"
        _out(_safe(f"  {letter.label() if letter else answered.letter_id}: {said}"))
    return EXIT_OK


def cmd_thread(args: argparse.Namespace) -> int:
    from archive.pairing import notable_reason

    store = _open_store(args)
    letter = _resolve(store, args.letter)
    threads = _threads(store)
    pairing = threads.pairing()
    marks = store.reply_marks()
    ids = pairing.thread(letter.id) or (letter.id,)
    for letter_id in ids:
        found = store.get(letter_id)
        if found is None:
            continue
        link = pairing.answers(letter_id)
        every = pairing.answers_all(letter_id)
        choice = threads.counting_reply(letter_id) if pairing.replies_to(letter_id) else None
        if args.json:
            row = {**_letter_json(found), "answers": link.letter_id if link else None}
            row["answers_all"] = [each.letter_id for each in every]
            row["confidence"] = link.confidence if link else None
            row["mark"] = marks.get(letter_id)
            row["reply_time"] = choice.to_json() if choice else None
            _out(json.dumps(row, ensure_ascii=False))
            continue
        lines = [_describe(found)]
        for each in every:  # a reply to several letters answers each
            answered = store.get(each.letter_id)
            if answered is None:
                continue
            marked = f"; marked {marks[letter_id]} by you" if letter_id in marks else ""
            how = notable_reason(each)
            how = f"; {how}" if how else ""
            lines.append(f"answers {answered.label()} ({each.confidence:.0%} sure{how}{marked})")
        if choice is not None:
            lines.append(threads.reply_time_words(choice))
        _out(_safe("\n    ".join(lines)))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open_store(args)
    threads = _threads(store)
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
        _out(json.dumps(figures, ensure_ascii=False))
        return EXIT_OK
    target = figures["target_working_days"]
    overall = figures["overall"]
    if letter_ids is not None:
        _out(_safe(f"Letters found by {query!r}: {len(letter_ids):,}"))
    _out(
        f"MPs' letters: {overall['letters']}, answered in the archive: {overall['answered']}, "
        f"median {_days(overall['median_working_days'])} working days, "
        f"{_share(overall['share_within_target'])} answered within {target}"
    )
    if figures.get("holding_guesses"):
        guesses = figures["holding_guesses"]
        _out(
            f"{counted(guesses, 'reply time')} of letters answered more than once "
            f"{'rests' if guesses == 1 else 'rest'} on telling a holding reply from the full "
            "one (the first reply that is not a holding reply counts): dispatchbox thread REF "
            "says which reply counted and why; dispatchbox reply REF --holding|--full corrects it"
        )
    if figures.get("holding_marks"):
        _out(
            f"{counted(figures['holding_marks'], 'reply time')} "
            f"{'rests' if figures['holding_marks'] == 1 else 'rest'} on your marks of "
            "holding and full replies (dispatchbox reply REF --holding|--full)"
        )
    for title, key in (("department written to", "departments"), ("MP", "mps")):
        rows = sorted(figures[key].items(), key=lambda item: (-item[1]["letters"], item[0]))
        width = min(56, max([len(title), *(len(name) for name, _ in rows)]))
        _out("")
        _out(
            f"{title:<{width}}  {'letters':>7}  {'answered':>8}  {'median':>6}  "
            f"{f'≤{target} days':>9}"
        )
        for name, row in rows:
            _out(
                _safe(
                    f"{name[:width]:<{width}}  {row['letters']:>7}  {row['answered']:>8}  "
                    f"{_days(row['median_working_days']):>6}  "
                    f"{_share(row['share_within_target']):>9}"
                )
            )
    if args.by:
        _print_periods(figures, args.by)
    _out("")
    _out("Working days: the day after the letter is day one; weekends and bank holidays in")
    _out(f"England and Wales are not counted. The share within {target} counts every letter,")
    _out("answered or not; the median counts the answered ones.")
    return EXIT_OK


def _matching_ids(args: argparse.Namespace, query: str) -> list[str]:
    """Every letter the query finds (exit 2 on a query error, 1 when it finds none)."""
    from index.query import QueryError
    from tui.matching import matching_ids

    try:
        found = matching_ids(_searcher(args), query)
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


def _print_periods(figures: dict[str, Any], by: str) -> None:
    target = figures["target_working_days"]
    _out("")
    _out(f"{by:<8}  {'letters':>7}  {'answered':>8}  {'median':>6}  {f'≤{target} days':>9}")
    for row in figures["periods"]:
        _out(
            f"{row['period']:<8}  {row['letters']:>7}  {row['answered']:>8}  "
            f"{_days(row['median_working_days']):>6}  {_share(row['share_within_target']):>9}"
        )
    if figures["undated"]:
        undated = counted(figures["undated"], "MP's letter", "MPs' letters")
        _out(f"{undated} undated, in no {by}")


def cmd_compare(args: argparse.Namespace) -> int:
    from archive.alignment import align, render_columns
    from archive.store import ArchiveError
    from archive.worddiff import similarity, word_diff

    store = _open_store(args)
    first = _resolve(store, args.first)
    if args.second:
        second = _resolve(store, args.second)
    else:
        first, second = _counterpart(store, first)
    try:
        left, right = store.text(first), store.text(second)
    except ArchiveError as error:
        raise CommandError(str(error), EXIT_NOT_FOUND) from None
    width = args.width or shutil.get_terminal_size((120, 40)).columns
    if width < 40:
        raise CommandError(f"--width {width}: at least 40 columns are needed", EXIT_USAGE)
    if args.words:
        return _print_word_diff(first, second, left, right, word_diff(left, right), args.json)
    alignment = align(left, right)
    if args.json:
        _out(json.dumps(_alignment_json(first, second, left, right, alignment), ensure_ascii=False))
        return EXIT_OK
    for line in _header(first, second, width):
        _out(_safe(line))
    for line in render_columns(left, right, alignment, width):
        _out(line)
    ratio = similarity(left, right)
    unanswered = len(alignment.unanswered)
    summary = (
        f"{unanswered} paragraph{'s' if unanswered != 1 else ''} of {first.label()} answered "
        f"by nothing in {second.label()} (✗)"
        + (f"; the two are {ratio:.0%} alike: try --words" if ratio >= 0.6 else "")
    )
    for line in textwrap.wrap(summary, width):
        _out(_safe(line))
    return EXIT_OK


# -- helpers -----------------------------------------------------------------------------------


def _threads(store: Store) -> Threads:
    from archive.threads import Threads

    threads = Threads(store)
    if not threads.is_current():
        started = time.perf_counter()
        threads.update()
        seconds = time.perf_counter() - started
        if seconds > 2:
            paired = counted(store.count(), "letter")
            # On stderr, so that --json output stays one JSON document.
            print(f"dispatchbox: paired {paired} in {seconds:.0f} s", file=sys.stderr, flush=True)
    return threads


def _counterpart(store: Store, letter: Letter) -> tuple[Letter, Letter]:
    """(letter, reply): the letter's reply (the last, after any holding reply), else the
    letter it answers."""
    pair = _threads(store).counterpart(letter.id)
    left, right = (store.get(pair[0]), store.get(pair[1])) if pair else (None, None)
    if left is None or right is None:
        raise CommandError(
            f"{letter.id} has no reply and answers no letter in the archive: "
            "name a second letter (dispatchbox compare A B)",
            EXIT_NOT_FOUND,
        )
    return left, right


def _describe(letter: Letter) -> str:
    meta = letter.metadata
    day = meta.date.isoformat() if meta.date else "undated   "
    refs = ", ".join(meta.references[:2]) or "-"
    who = meta.sender_name or meta.sender_org or "?"
    to = meta.recipient_name or meta.recipient_org or "?"
    return f"{letter.id}  {day}  {refs:<18.18}  {who[:28]} → {to[:28]}"


def _letter_json(letter: Letter) -> dict[str, Any]:
    meta = letter.metadata
    return {
        "id": letter.id,
        "date": meta.date.isoformat() if meta.date else None,
        "references": list(meta.references),
        "direction": meta.direction,
        "mp": meta.mp,
        "sender": meta.sender_name or meta.sender_org,
        "recipient": meta.recipient_name or meta.recipient_org,
    }


def _link_json(link: Link, days: dict[str, int]) -> dict[str, Any]:
    return {
        "letter": link.letter_id,
        "reply": link.reply_id,
        "confidence": round(link.confidence, 3),
        "source": link.source,
        "reasons": list(link.reasons),
        "working_days": days.get(link.letter_id),
    }


def _print_link(link: Link, days: dict[str, int]) -> None:
    taken = days.get(link.letter_id)
    timing = f", {taken} working days" if taken is not None else ""
    source = "" if link.source == "auto" else f", {link.source}"
    _out(f"{link.reply_id} answers {link.letter_id}  ({link.confidence:.2f}{source}{timing})")
    for reason in link.reasons:
        _out(_safe(f"    {reason}"))


def _print_review(store: Store, pairing: Pairing, as_json: bool) -> None:
    """What the review screen lists: doubtful links, then letters with no link, with candidates."""
    from archive.threads import evidence_in_words, review_items

    for item in review_items(pairing):
        candidates = [
            {"id": c.letter_id, "score": c.score, "reasons": list(c.reasons)}
            for c in item.candidates
        ]
        if as_json:
            row = {
                "kind": item.kind,
                "id": item.letter_id,
                "link": _link_json(item.link, {}) if item.link else None,
                "candidates": candidates,
            }
            _out(json.dumps(row, ensure_ascii=False))
            continue
        found = store.get(item.letter_id)
        _out(_safe(f"{item.kind}: {_describe(found) if found else item.letter_id}"))
        if item.link is not None:
            _out(f"  linked to {item.link.letter_id} ({item.link.confidence:.2f})")
            for reason in item.link.reasons:
                _out(_safe(f"      {reason}"))
        what = "may answer" if item.is_reply else "may be answered by"
        for number, candidate in enumerate(item.candidates, 1):
            other = store.get(candidate.letter_id)
            shown = _describe(other) if other else candidate.letter_id
            _out(_safe(f"  {number}. {what} {shown}  ({evidence_in_words(candidate.score)})"))
            for reason in candidate.reasons:
                _out(_safe(f"      {reason}"))


def _print_unpaired(store: Store, pairing: Pairing, as_json: bool) -> None:
    for letter_id in pairing.unpaired():
        found = store.get(letter_id)
        if found is None:
            continue
        if as_json:
            _out(json.dumps({"unpaired": letter_id, **_letter_json(found)}, ensure_ascii=False))
        else:
            _out(_safe(f"unpaired: {_describe(found)}"))


def _header(first: Letter, second: Letter, width: int) -> list[str]:
    """The two letters' metadata side by side, as the compare screen's header shows it."""
    from archive.threads import metadata_rows

    column = max(20, (width - 14) // 2)
    return [
        f"{label:<12}{left[:column]:<{column + 2}}{right[:column]}"
        for label, left, right in metadata_rows(first, second)
    ]


def _print_word_diff(
    first: Letter, second: Letter, left: str, right: str, changes: Any, as_json: bool
) -> int:
    shown = [c for c in changes if c.kind != "equal"]
    if as_json:
        rows = [
            {
                "kind": c.kind,
                "left": left[c.left[0] : c.left[1]],
                "right": right[c.right[0] : c.right[1]],
                "left_span": list(c.left),
                "right_span": list(c.right),
            }
            for c in shown
        ]
        _out(
            json.dumps({"left": first.id, "right": second.id, "changes": rows}, ensure_ascii=False)
        )
        return EXIT_OK
    _out(f"{len(shown)} differences between {first.id} (−) and {second.id} (+):")
    for change in shown:
        before = " ".join(_whole_words(left, *change.left).split())
        after = " ".join(_whole_words(right, *change.right).split())
        if before:
            _out(_safe(f"  − {before}"))
        if after:
            _out(_safe(f"  + {after}"))
        _out("")
    return EXIT_OK


def _whole_words(text: str, start: int, end: int) -> str:
    """The changed span widened to whole words ("0306" in "IT/HO/0306": the reference)."""
    if start == end:
        return ""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _alignment_json(
    first: Letter, second: Letter, left: str, right: str, alignment: Any
) -> dict[str, Any]:
    def paragraph(text: str, side: Any, index: int) -> dict[str, Any]:
        found = side[index]
        return {
            "index": index,
            "text": text[found.start : found.end],
            "span": [found.start, found.end],
        }

    return {
        "left": first.id,
        "right": second.id,
        "rows": [
            {
                "left": [paragraph(left, alignment.left, i) for i in row.left],
                "right": [paragraph(right, alignment.right, i) for i in row.right],
                "score": round(row.score, 3),
                "shared": list(row.shared),
                "unanswered": any(i in alignment.unanswered for i in row.left),
            }
            for row in alignment.rows
        ],
    }


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
