"""How sure a link is, ties between replies, and researchers' decisions over the guesses.

Sureness is a logistic curve of a link's score and its lead over the next candidate.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from archive.pairing.model import Candidate, Link, LinkSource
from archive.pairing.signals import MIN_SCORE

#: Candidates within this many points of the best are a tie: see ``_assign``.
TIE_MARGIN = 0.75


def _confidence(score: float, runner_up: float | None) -> float:
    """Calibrated 0..1: the chance the link is right, from its score and its lead.

    Fitted on generated archives with noise, then made a little more doubtful near the
    threshold, where a real archive missing more of its letters would fool it more often:
    a clear candidate scoring 4 is right about 9 times in 10, at 6 nearly always; two
    candidates level are each right about half the time or less.
    """
    alone = 1.0 / (1.0 + math.exp(-1.2 * (score - 2.5)))
    if runner_up is None:
        return round(alone, 3)
    lead = 1.0 / (1.0 + math.exp(-(2.0 * (score - runner_up) - 0.3)))
    return round(alone * lead, 3)


def _assign(contests: list[tuple[str, tuple[Candidate, ...], float]]) -> dict[str, Link]:
    """Each reply's link: its best candidate, except that between near-equal candidates the
    one no surer reply has taken is chosen.

    Several replies citing one date when an MP wrote several letters that day to the same
    department most likely answer different letters (a holding and a full reply to one
    letter are told apart by their dates and references long before this tie-break).
    """
    claims: Counter[str] = Counter()
    links: dict[str, Link] = {}

    def margin(contest: tuple[str, tuple[Candidate, ...], float]) -> float:
        found = contest[1]
        return found[0].score - found[1].score if len(found) > 1 else math.inf

    for reply_id, found, confidence in sorted(contests, key=lambda c: (-margin(c), c[0])):
        tied = [c for c in found if c.score >= max(MIN_SCORE, found[0].score - TIE_MARGIN)]
        chosen = min(tied, key=lambda c: (claims[c.letter_id], -c.score))
        claims[chosen.letter_id] += 1
        reasons = chosen.reasons
        if chosen is not found[0]:
            reasons = (*reasons, "as likely as a letter that another reply answers")
        links[reply_id] = Link(reply_id, chosen.letter_id, confidence, reasons)
    return links


def _drop_cycles(links: dict[str, Link]) -> None:
    """Two same-day letters cannot each answer the other: keep the surer direction."""
    for reply_id, link in list(links.items()):
        back = links.get(link.letter_id)
        if back is not None and back.letter_id == reply_id and reply_id in links:
            weaker = min((link, back), key=lambda found: (found.confidence, found.reply_id))
            del links[weaker.reply_id]


def _apply_decisions(
    links: dict[str, Link],
    candidates: Mapping[str, tuple[Candidate, ...]],
    decisions: Mapping[tuple[str, str], str],
) -> None:
    """Confirmed and manual links replace any automatic link for their reply."""
    chosen: dict[str, tuple[str, LinkSource]] = {}
    for (reply_id, letter_id), verdict in decisions.items():
        if verdict not in ("confirmed", "manual"):
            continue
        # A researcher's own link outranks a confirmed guess for the same reply.
        if reply_id in chosen and chosen[reply_id][1] == "manual" and verdict == "confirmed":
            continue
        chosen[reply_id] = (letter_id, "manual" if verdict == "manual" else "confirmed")
    for reply_id, (letter_id, source) in chosen.items():
        evidence = next(
            (c.reasons for c in candidates.get(reply_id, ()) if c.letter_id == letter_id), ()
        )
        who = "confirmed by a researcher" if source == "confirmed" else "linked by a researcher"
        links[reply_id] = Link(reply_id, letter_id, 1.0, (who, *evidence), source)
