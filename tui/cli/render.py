"""How the subcommands print: text for a person and JSON for a script.

One function each, so the two cannot drift apart (summaries, integrity findings, pairs).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tui.words import counted, fit, place_of, shown_reasons

if TYPE_CHECKING:
    from archive.models import Letter
    from archive.pairing import Link, Pairing
    from archive.store import Store

from tui.cli.common import EXIT_OK, printable, say


def print_skipped(kinds: Sequence[tuple[str, int]]) -> None:
    """Files passed over, by kind: formats letters come in that are not read are named with
    what to do; anything else is "not letters"."""
    from archive.readers import UNSUPPORTED

    unsupported = [(kind, n) for kind, n in kinds if kind.lower() in UNSUPPORTED]
    other = [(kind, n) for kind, n in kinds if kind.lower() not in UNSUPPORTED]
    for kind, n in unsupported:
        say(f"unsupported: {counted(n, f'{kind} file')} ({UNSUPPORTED[kind.lower()]})")
    if other:
        say("skipped (not letters): " + ", ".join(f"{kind} {n}" for kind, n in other))


def print_records_recovery(summary: Any) -> None:
    """What rebuilding a damaged records file found again, and what it could not."""
    if not summary.records_damage:
        return
    say(f"records rebuilt from the imported files: {printable(summary.records_damage)}")
    for path in summary.not_recovered:
        say(f"not recovered: {printable(path)} (its file is gone or was not imported)")
    if summary.not_recovered_unknown:
        say(
            f"not recovered: {summary.not_recovered_unknown} more letters whose paths the "
            "damaged records no longer name (import their folders to bring them back)"
        )


def print_annotation_findings(findings: dict[str, Any]) -> None:
    for line in findings["mended"]:
        say(f"annotations: {printable(line)}")
    for line in findings["problems"]:
        say(f"annotations: {printable(line)}")
    orphans = findings["orphaned"]
    if orphans:
        say(
            f"annotations: {len(orphans)} letters' annotations name an id no letter has "
            "(kept; they return if the letter is imported again):"
        )
        for orphan in orphans[:50]:
            say(f"  {printable(orphan['id'])}: {printable(orphan['holds'])}")


def print_integrity(found: Any) -> None:
    if found.records_damage:
        say(f"records: {printable(found.records_damage)}")
        return
    for text in found.damaged_texts[:50]:
        say(f"  {text.letter_id}: stored text damaged: {printable(text.path)}")
    if len(found.damaged_texts) > 50:
        say(f"  ... and {len(found.damaged_texts) - 50} more damaged texts")
    if found.damaged_texts:
        say(f"texts: {len(found.damaged_texts)} damaged")
    if found.unreferenced_packs:
        say(
            f"texts: {len(found.unreferenced_packs)} packs no letter uses "
            f"({found.unreferenced_bytes / 1e6:.1f} MB; doctor --repair removes them)"
        )
    if found.stale_files:
        say(
            f"store: {len(found.stale_files)} temporary files left by interrupted writes "
            "(doctor --repair removes them)"
        )
    if not found.packs_checked:
        say("texts: unused packs not checked (an import is running)")


def print_mended(mended: Any) -> None:
    if mended.records is not None:
        read = counted(mended.records.imported, "letter")
        say(f"records rebuilt: {read} read again from their files")
        print_records_recovery(mended.records)
    if mended.texts_recovered:
        say(f"texts: {mended.texts_recovered} read again from their files")
    for path in mended.texts_not_recovered:
        say(f"text not recovered: {printable(path)} (its file is gone: import it again)")
    if mended.packs_removed or mended.stale_removed:
        say(
            f"removed {mended.packs_removed} unused packs ({mended.bytes_freed / 1e6:.1f} MB "
            f"freed) and {mended.stale_removed} temporary files"
        )


def integrity_json(found: Any) -> dict[str, Any]:
    return {
        "records_damage": found.records_damage or None,
        "damaged_texts": [{"id": t.letter_id, "file": t.path} for t in found.damaged_texts],
        "unhashed_texts": found.unhashed_texts,
        "unreferenced_packs": [p.name for p in found.unreferenced_packs],
        "unreferenced_bytes": found.unreferenced_bytes,
        "stale_files": [p.name for p in found.stale_files],
        "packs_checked": found.packs_checked,
    }


def mended_json(mended: Any) -> dict[str, Any]:
    return {
        "records": mended.records.to_json() if mended.records is not None else None,
        "records_problem": mended.records_problem or None,
        "texts_recovered": mended.texts_recovered,
        "texts_not_recovered": list(mended.texts_not_recovered),
        "packs_removed": mended.packs_removed,
        "bytes_freed": mended.bytes_freed,
        "stale_removed": mended.stale_removed,
    }


def correction_line(correction: Any) -> str:
    from archive.corrections import format_value

    value = format_value(correction.value) or "(none)"
    extracted = format_value(correction.extracted) or "nothing"
    return f"{correction.field} = {value}  (extracted: {extracted})"


def sync_json(report: Any) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "rebuilt": report.rebuilt,
        "seconds": round(report.seconds, 2),
    }


def archive_summary(store: Store) -> dict[str, Any]:
    """What ``summary`` prints: the letters' span, and every MP, area, sender, direction
    and tag with its count (most letters first)."""
    letters = list(store.letters())
    dates = sorted(m.date for m in (letter.metadata for letter in letters) if m.date)

    def counts(values: Iterable[str | None]) -> dict[str, int]:
        found = Counter(value for value in values if value)
        return dict(sorted(found.items(), key=lambda item: (-item[1], item[0])))

    metas = [letter.metadata for letter in letters]
    return {
        "archive": str(store.root),
        "letters": len(letters),
        "first_date": dates[0].isoformat() if dates else None,
        "last_date": dates[-1].isoformat() if dates else None,
        "mps": counts(m.mp for m in metas),
        "areas": counts(m.area for m in metas),
        "senders": counts(m.sender_org for m in metas),
        "directions": counts(m.direction for m in metas),
        "tags": dict(store.tag_counts().most_common()),
    }


def print_summary(store: Store, summary: dict[str, Any] | None = None) -> None:
    """The summary as a table: each MP, area, sender and tag on its own line, counts aligned."""
    summary = summary or archive_summary(store)
    say(f"archive  {summary['archive']}")
    say(f"letters  {summary['letters']:,}")
    if summary["first_date"]:
        say(f"dates    {summary['first_date']} to {summary['last_date']}")
    sections = (
        ("MP", "mps"),
        ("area", "areas"),
        ("sender", "senders"),
        ("direction", "directions"),
        ("tag", "tags"),
    )
    names = [name for _, key in sections for name in summary[key]]
    width = min(60, max([len("direction"), *(len(name) for name in names)]))
    for title, key in sections:
        rows: dict[str, int] = summary[key]
        if not rows:
            continue
        say("")
        heading = f"{title}s ({len(rows)})" if title != "MP" else f"MPs ({len(rows)})"
        say(f"{heading:<{width}}  {'letters':>7}")
        for name, count in rows.items():
            shown = name if len(name) <= width else name[: width - 1] + "…"
            say(printable(f"{shown:<{width}}  {count:>7,}"))


def extract_json(metadata: dict[str, Any]) -> dict[str, Any]:
    """The fields in the model's order, then how sure of each, where each was read, warnings."""
    tail = ("confidence", "spans", "warnings")
    ordered = {key: value for key, value in metadata.items() if key not in tail}
    ordered.update({key: metadata.get(key) or ([] if key == "warnings" else {}) for key in tail})
    return ordered


def print_periods(figures: dict[str, Any], by: str) -> None:
    target = figures["target_working_days"]
    say("")
    say(f"{by:<8}  {'letters':>7}  {'answered':>8}  {'median':>6}  {f'≤{target} days':>9}")
    for row in figures["periods"]:
        median = days_text(row["median_working_days"])
        share = share_text(row["share_within_target"])
        say(
            f"{row['period']:<8}  {row['letters']:>7}  {row['answered']:>8}  "
            f"{median:>6}  {share:>9}"
        )
    if figures["undated"]:
        undated = counted(figures["undated"], "MP's letter", "MPs' letters")
        say(f"{undated} undated, in no {by}")


def describe_letter(letter: Letter) -> str:
    meta = letter.metadata
    day = meta.date.isoformat() if meta.date else "undated   "
    refs = ", ".join(meta.references[:2]) or "-"
    who = meta.sender_name or meta.sender_org or "?"
    to = meta.recipient_name or meta.recipient_org or "?"
    return f"{letter.id}  {day}  {fit(refs, 18)}  {fit(who, 28).rstrip()} → {fit(to, 28).rstrip()}"


def letter_json(letter: Letter) -> dict[str, Any]:
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


def link_json(link: Link, days: dict[str, int], pairing: Pairing) -> dict[str, Any]:
    place = place_of(pairing, link)
    return {
        "letter": link.letter_id,
        "reply": link.reply_id,
        "confidence": round(link.confidence, 3),
        "source": link.source,
        "reasons": list(link.reasons),
        "working_days": days.get(link.letter_id),
        # A reply to several letters: which of them this is, in date order.
        "one_of": {"position": place[0], "count": place[1]} if place else None,
    }


def print_link(link: Link, days: dict[str, int], pairing: Pairing) -> None:
    taken = days.get(link.letter_id)
    timing = f", {taken} working days" if taken is not None else ""
    source = "" if link.source == "auto" else f", {link.source}"
    say(f"{link.reply_id} answers {link.letter_id}  ({link.confidence:.2f}{source}{timing})")
    for reason in shown_reasons(pairing, link):
        say(printable(f"    {reason}"))


def print_review(store: Store, pairing: Pairing, as_json: bool) -> None:
    """What the review screen lists: doubtful links, then letters with no link, with candidates."""
    from archive.pairing.cache import evidence_in_words, review_items

    for item in review_items(pairing):
        candidates = [
            {"id": c.letter_id, "score": c.score, "reasons": list(c.reasons)}
            for c in item.candidates
        ]
        if as_json:
            row = {
                "kind": item.kind,
                "id": item.letter_id,
                "link": link_json(item.link, {}, pairing) if item.link else None,
                "candidates": candidates,
            }
            say(json.dumps(row, ensure_ascii=False))
            continue
        found = store.get(item.letter_id)
        say(printable(f"{item.kind}: {describe_letter(found) if found else item.letter_id}"))
        if item.link is not None:
            say(f"  linked to {item.link.letter_id} ({item.link.confidence:.2f})")
            for reason in item.link.reasons:
                say(printable(f"      {reason}"))
        what = "may answer" if item.is_reply else "may be answered by"
        for number, candidate in enumerate(item.candidates, 1):
            other = store.get(candidate.letter_id)
            shown = describe_letter(other) if other else candidate.letter_id
            say(printable(f"  {number}. {what} {shown}  ({evidence_in_words(candidate.score)})"))
            for reason in candidate.reasons:
                say(printable(f"      {reason}"))


def print_unpaired(store: Store, pairing: Pairing, as_json: bool) -> None:
    for letter_id in pairing.unpaired():
        found = store.get(letter_id)
        if found is None:
            continue
        if as_json:
            say(json.dumps({"unpaired": letter_id, **letter_json(found)}, ensure_ascii=False))
        else:
            say(printable(f"unpaired: {describe_letter(found)}"))


def compare_header(first: Letter, second: Letter, width: int) -> list[str]:
    """The two letters' metadata side by side, as the compare screen's header shows it."""
    from archive.pairing.cache import metadata_rows

    column = max(20, (width - 14) // 2)
    return [
        f"{label:<12}{left[:column]:<{column + 2}}{right[:column]}"
        for label, left, right in metadata_rows(first, second)
    ]


def print_word_diff(
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
        say(json.dumps({"left": first.id, "right": second.id, "changes": rows}, ensure_ascii=False))
        return EXIT_OK
    say(f"{len(shown)} differences between {first.id} (−) and {second.id} (+):")
    for change in shown:
        before = " ".join(_whole_words(left, *change.left).split())
        after = " ".join(_whole_words(right, *change.right).split())
        if before:
            say(printable(f"  − {before}"))
        if after:
            say(printable(f"  + {after}"))
        say("")
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


def alignment_json(
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


def days_text(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def share_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
