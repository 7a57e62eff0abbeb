"""Which letter each reply answers: scored candidates, a calibrated confidence and the reasons.

A reply is any letter to or from an MP; the letter it answers is an earlier letter the other
way (an MP's letter for a department's reply, a department's reply for the MP's follow-up),
usually by the same MP. Candidates come from the MP's own letters in date order and from
letters that share a reference, never from all pairs, so 100k letters pair in seconds.

The signals, their weights and the reasons for them are in ``archive.pairing.signals``;
which letters are scored in ``candidates``; how sure a link is in ``calibration``; the
reasons in words in ``explain``; what a reply's text says in ``cues``; the archive's pairing
kept current and cached, with the researcher's decisions laid over it, in ``cache``.


Which letters are looked at. Only a letter that cites a date ("your letter of ...") or
carries a reference can be a reply. Its candidates are the MP's letters the other way dated
about the cited date (within a week, the same day and month a year out, day and month
swapped) and letters sharing a reference: without a shared reference any other letter
scores at most -2 + 1 + 1.5 + 0.7 + 2.5 = 3.7, below ``MIN_SCORE``, so it could never be
linked. The few letters nearest the cited date are scored as well, for a researcher
looking for the letter an unpaired reply answers.

A department's reply that cites no date ("Thank you for your recent letter", "Further to my
earlier letter") is also offered, for review only, the same MP's letters to that department
in the ``OFFER_DAYS`` before it: they never reach ``MIN_SCORE`` (no date, no shared
reference), so they are offered to the researcher and never linked by themselves.

Letters extraction could not place (no direction) still pair through a shared reference,
and when their writer or addressee is an MP known from other letters they are taken to be
that MP's. Where an MP wrote several letters about the date a reply cites (a crowded date
links nothing by itself, and same-day letters to one department are level), the letter whose
opening holds the subject of the reply's citing sentence is taken (``subject``); of several
on that subject, the one of the day cited. Candidates still level go to the one that no
surer reply has taken; its confidence stays low.

A department's reply is also read for what metadata cannot hold (``archive.reply_cues``,
when ``text_of`` is given): a letter passed on from another department ("has been
transferred to this Department") may be answered across departments; "your letters of 2
and 9 May" links the reply to each letter (``Pairing.answers_all``); a department's "Further
to my letter of 1 March" joins the exchange its earlier reply answered; and a reply citing
nothing is linked when exactly one of the offered letters names the same constituent and
shares its topic. Otherwise such a reply is only offered: a wrong link is worse than none.

Metadata misread on one side is checked against the texts, for a reply that links nothing
otherwise (``cues``): the dates its text cites, when its metadata cites another; the letter
whose own heading bears the cited date; the department a letter's address block or a
reply's letterhead names; and the MP a reply's heading or a letter's text names. Each is
taken only when exactly one letter fits, and the reasons say "found by its text: ...".

Researchers' decisions outrank every guess: a confirmed or manual link is always kept (with
confidence 1.0), and a rejected pair is never linked automatically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from types import MappingProxyType
from typing import Any

from archive.knowledge.organisations import DepartmentMatch, department_match, department_of
from archive.pairing.calibration import (
    TIE_MARGIN,
    _apply_decisions,
    _assign,
    _confidence,
    _drop_cycles,
)
from archive.pairing.candidates import (
    CLOSE_CALL,
    OFFER_MAX_SCORE,
    REVIEW_CANDIDATES,
    _best_first,
    _compare_texts,
    _offered,
    _score_candidates,
)
from archive.pairing.cues import (
    _CONSTITUENT_SCORE,
    _cues_of,
    _dated_by_text,
    _department_by_text,
    _follow_ups,
    _mp_by_text,
    _named_constituent,
    _Retry,
    _several_letters,
)
from archive.pairing.explain import _explain, _offer_only
from archive.pairing.letters import _Context, _read, _Slim, reference_key
from archive.pairing.model import Candidate, Decision, Link, LinkSource, Pairing, notable_reason
from archive.pairing.signals import (
    _W_SUBJECT,
    _W_TEXT,
    MIN_SCORE,
    DateMatch,
    _date_kind_fast,
    _pair_score,
    _word_cache,
    date_match,
)
from archive.pairing.subject import MAX_RIVALS, opening_cache, told_by_subject
from archive.reply_cues import NO_CUES, ReplyCues

__all__ = [
    "Candidate",
    "DateMatch",
    "Decision",
    "DepartmentMatch",
    "Link",
    "LinkSource",
    "MIN_SCORE",
    "Pairing",
    "date_match",
    "department_match",
    "department_of",
    "notable_reason",
    "pair_letters",
    "reference_key",
]


_NO_DECISIONS: Mapping[tuple[str, str], str] = MappingProxyType({})


_VERDICTS = frozenset(("confirmed", "rejected", "manual"))


def pair_letters(
    records: Iterable[Mapping[str, Any]],
    *,
    decisions: Mapping[tuple[str, str], str] = _NO_DECISIONS,
    text_of: Callable[[str], str] | None = None,
    cue_memo: MutableMapping[str, ReplyCues] | None = None,
    corrected: Mapping[str, frozenset[str]] | None = None,
) -> Pairing:
    """Pair every reply with the letter it answers; see the module docstring for the signals.

    ``decisions`` are researchers' verdicts on (reply id, letter id): "confirmed" or
    "manual" links always stand, "rejected" pairs are never linked. ``text_of`` gives a
    letter's text, compared only when two candidates are close. ``cue_memo`` remembers
    what each reply's text says (by the text's sha-256 and the reply's date) from one
    pairing to the next, so replies are read once (the pairing cache keeps it on disk).
    ``corrected`` names each letter's fields a researcher corrected (``Store.corrections``):
    the records carry the corrected values, and no text read by the pairing overrules them.
    """
    unknown = {verdict for verdict in decisions.values() if verdict not in _VERDICTS}
    if unknown:
        raise ValueError(
            f"unknown pairing decisions {sorted(unknown)}: use confirmed, rejected or manual"
        )
    shas: dict[str, str] | None = {} if cue_memo is not None else None
    context, dates = _read(records, text_of, shas, corrected)
    rejected = {pair for pair, verdict in decisions.items() if verdict == "rejected"}
    words_of = _word_cache(text_of)
    openings = opening_cache(text_of) if text_of is not None else None

    candidates: dict[str, tuple[Candidate, ...]] = {}
    # Reasons repeat across replies ("same MP (...)", "42 days later"): one copy of each.
    phrases: dict[str, str] = {}
    contests: list[tuple[str, tuple[Candidate, ...], float]] = []
    cues: dict[str, ReplyCues] = {}
    for reply in context.letters:
        said = _cues_of(reply, text_of, cue_memo, shas.get(reply.id, "") if shas else "")
        if said is not NO_CUES:
            cues[reply.id] = said
            reply.transferred = said.transferred
            reply.transfer_from = said.transferred_from
            if not reply.cited and said.cited and "in_reply_to_date" not in reply.fixed:
                # Metadata lacks the date the reply cites; its text says it.
                reply.cite(said.cited[-1].toordinal())
                reply.from_text = (*reply.from_text, "cited")
        scored = _score_candidates(reply, context, rejected)
        if (not scored or scored[0][0] < MIN_SCORE) and reply.cited:
            scored = _cited_by_text(reply, said, context, rejected, scored)
        for by_text in (_department_by_text, _dated_by_text, _mp_by_text):
            if text_of is None or (scored and scored[0][0] >= MIN_SCORE):
                break  # each falls back on the texts only while nothing scores as a link
            scored = by_text(_Retry(reply, context, rejected, text_of), scored)
        echo: tuple[str, str] | None = None
        if openings is not None and reply.cited and _crowded_or_level(scored):
            scored, echo = _by_subject(reply, scored, context, openings, text_of)
        offered = _offered(reply, context, rejected, {letter.id for _, letter in scored})
        if not scored and not offered:
            continue
        if not scored or scored[0][0] < MIN_SCORE:
            named = _named_constituent(reply, said, offered, context, text_of)
            if named is not None:
                letter, who = named
                reasons = (f"both name the constituent {who}", *_explain(reply, letter, context, 0))
                chosen = Candidate(letter.id, _CONSTITUENT_SCORE, reasons)
                rest = [c for c in _offer_only(reply, offered, context, phrases)]
                kept_offers = (chosen, *(c for c in rest if c.letter_id != letter.id))
                candidates[reply.id] = kept_offers[:REVIEW_CANDIDATES]
                contests.append(
                    (reply.id, kept_offers, _confidence(_CONSTITUENT_SCORE, OFFER_MAX_SCORE))
                )
                continue
        if not scored:
            candidates[reply.id] = _offer_only(reply, offered, context, phrases)
            continue
        overlaps: dict[str, float] = {}
        if (
            words_of is not None
            and len(scored) > 1
            and scored[1][0] >= max(scored[0][0] - CLOSE_CALL, MIN_SCORE - _W_TEXT)
        ):
            scored, overlaps = _compare_texts(reply, scored, words_of)
        best_score = scored[0][0]
        kept = []
        for score, letter in scored[:REVIEW_CANDIDATES]:
            reasons = _explain(reply, letter, context, overlaps.get(letter.id, 0.0))
            if echo is not None and echo[0] == letter.id:
                reasons = (echo[1], *reasons)
            shared = tuple(phrases.setdefault(reason, reason) for reason in reasons)
            kept.append(Candidate(letter.id, round(score, 2), shared))
        if len(kept) < REVIEW_CANDIDATES:
            kept.extend(
                _offer_only(reply, offered[: REVIEW_CANDIDATES - len(kept)], context, phrases)
            )
        candidates[reply.id] = tuple(kept)
        if best_score >= MIN_SCORE:
            runner_up = scored[1][0] if len(scored) > 1 else None
            contests.append((reply.id, tuple(kept), _confidence(best_score, runner_up)))

    links = _assign(contests)
    _drop_cycles(links)
    _follow_ups(links, cues, context, rejected)
    several = _several_letters(links, cues, context, rejected, _subject_chooser(openings, text_of))
    _apply_decisions(links, candidates, decisions)
    several = [
        link
        for link in several
        if link.reply_id in links
        and links[link.reply_id].source == "auto"
        and link.letter_id != links[link.reply_id].letter_id
    ]
    ordered = sorted(
        (*links.values(), *several),
        key=lambda link: (_day_key(dates, link.reply_id), link.reply_id),
    )
    return Pairing(tuple(ordered), MappingProxyType(candidates), MappingProxyType(dates))


def _cited_by_text(
    reply: _Slim,
    said: ReplyCues,
    context: _Context,
    rejected: set[tuple[str, str]],
    scored: list[tuple[float, _Slim]],
) -> list[tuple[float, _Slim]]:
    """When the date metadata says a reply cites links nothing and its text cites another
    ("your letter of 15 April" against a misread 10 May), the candidates of the text's date,
    if one of them is linked by it; else ``scored`` as it was."""
    own, crowd, transferred = reply.cited, reply.crowd, reply.transferred
    if "in_reply_to_date" in reply.fixed or any(cited.toordinal() == own for cited in said.cited):
        return scored  # the text agrees with the metadata: nothing else to try
    for cited in reversed(said.cited):
        reply.cite(cited.toordinal())
        reply.transferred = transferred  # scoring may clear it (see _score_candidates)
        again = _score_candidates(reply, context, rejected)
        if again and again[0][0] >= MIN_SCORE:
            reply.from_text = (*reply.from_text, "cited")
            return again
    reply.cite(own)
    reply.crowd, reply.transferred = crowd, transferred
    return scored


#: The kinds of date match among which a reply's subject decides.
_DATE_MATCHES = frozenset(("exact", "near", "close", "swapped", "other_year"))
#: ... and those that name the letter's day: crowding is set aside when the subject agrees.
_DAY_MATCHES = frozenset(("exact", "swapped", "other_year"))


def _crowded_or_level(scored: list[tuple[float, _Slim]]) -> bool:
    """Whether the best candidate falls short of a link, or another is level with it."""
    if not scored:
        return False
    return scored[0][0] < MIN_SCORE or (
        len(scored) > 1 and scored[1][0] >= scored[0][0] - TIE_MARGIN
    )


def _by_subject(
    reply: _Slim,
    scored: list[tuple[float, _Slim]],
    context: _Context,
    openings: Callable[[str], str | None],
    text_of: Callable[[str], str] | None,
) -> tuple[list[tuple[float, _Slim]], tuple[str, str] | None]:
    """Among the letters of about the cited date, the one whose opening holds the subject of
    the reply's citing sentence (``archive.pairing.subject``) gains ``_W_SUBJECT``; when its
    day is the one cited, its date counts in full, as if the MP had written no other letter
    then. Else ``scored`` as it was, and None."""
    rivals = [
        (points, letter)
        for points, letter in scored
        if _date_kind_fast(reply, letter) in _DATE_MATCHES
        and (reply.transferred or department_match(reply.dept, letter.dept) != "different")
    ][:MAX_RIVALS]
    if not rivals or text_of is None:
        return scored, None
    ignored = frozenset(reply.mp.split())
    ids = [letter.id for _, letter in rivals]
    found = told_by_subject(reply.id, ignored, ids, openings, text_of)
    if found is None:
        # The MP wrote on the subject again a few days either side: the letter of the day
        # cited is the one answered.
        on_the_day = [pair for pair in rivals if _date_kind_fast(reply, pair[1]) in _DAY_MATCHES]
        if not on_the_day or len(on_the_day) == len(rivals):
            return scored, None
        rivals = on_the_day
        ids = [letter.id for _, letter in rivals]
        found = told_by_subject(reply.id, ignored, ids, openings, text_of)
    if found is None:
        return scored, None
    index, words = found
    points, letter = rivals[index]
    if _date_kind_fast(reply, letter) in _DAY_MATCHES:
        crowd, reply.crowd = reply.crowd, 0
        points = _pair_score(reply, letter, context)
        reply.crowd = crowd
    elif points < MIN_SCORE:
        # A few days out, another letter on the subject is as likely as the one answered
        # (the MP wrote again; the letter answered is not in the archive): only a tie-break.
        return scored, None
    points += _W_SUBJECT
    rescored = [(points, letter), *((p, other) for p, other in scored if other is not letter)]
    rescored.sort(key=_best_first)
    return rescored, (letter.id, f"the reply names this letter's subject: {', '.join(words[:4])}")


def _subject_chooser(
    openings: Callable[[str], str | None] | None, text_of: Callable[[str], str] | None
) -> Callable[[_Slim, list[_Slim]], _Slim | None] | None:
    """Which of several letters of one day a reply speaks of, by the subject it names."""
    if openings is None or text_of is None:
        return None
    known_openings, known_text_of = openings, text_of

    def choose(reply: _Slim, letters: list[_Slim]) -> _Slim | None:
        ids = [letter.id for letter in letters[:MAX_RIVALS]]
        ignored = frozenset(reply.mp.split())
        found = told_by_subject(reply.id, ignored, ids, known_openings, known_text_of)
        return letters[found[0]] if found else None

    return choose


def _day_key(dates: Mapping[str, dt.date | None], letter_id: str) -> int:
    day = dates.get(letter_id)
    return day.toordinal() if day else dt.date.max.toordinal()
