"""The titles written around a person's name, one list: each reader builds its pattern from it.

Before a name: titles of address, ranks and peerages; after it: post-nominal letters.
Each title is written once, as the pattern of its spellings (lower case, matched ignoring
case): "rt\\.?\\s*hon\\.?(?:ourable)?" is "Rt Hon", "Rt. Hon.", "Rt.Hon." and "Rt Honourable".
The readers: ``archive.extract.names`` (a name in a letter), ``archive.knowledge.members``
(the one key of a name), ``archive.extract.blocks`` (letters after a name in a signature)
and ``tools/build_members.py`` (names in the members' sources).
"""

from __future__ import annotations

import re

__all__ = [
    "HONORIFICS",
    "PEERAGES",
    "POSTNOMINALS",
    "POSTNOMINALS_AT_END",
    "RANKS",
    "postnominal_alternatives",
    "title_alternatives",
]

#: Titles of address, in the order a pattern tries them.
HONORIFICS: tuple[str, ...] = (
    r"rt\.?\s*hon\.?(?:ourable)?",
    r"right\s+hon(?:ourable|\.)?",
    r"hon(?:ourable|\.)?",
    r"mr\.?",
    r"mrs\.?",
    r"ms\.?",
    r"miss",
    r"mx\.?",
    r"dr\.?",
    r"doctor",
    r"sir",
    r"dame",
    r"prof(?:essor)?\.?",
    r"cllr\.?",
    r"councillor",
    r"rev(?:erend|d)?\.?",
    r"canon",
)

#: Offices written as a title before a name: judges, the forces' and the police's ranks.
RANKS: tuple[str, ...] = (
    r"judge",
    r"his\s+honour",
    r"her\s+honour",
    # "Gen" and "Col" only after another rank: "Gen Kitchen" is an MP's name.
    r"(?:lieutenant|lt\.?|major|maj\.?|brigadier|brig\.?)[\s\-]+(?:gen|col)\b\.?",
    # The armed forces' ranks: "Rear Admiral", "Air Vice-Marshal", "Air Chief Marshal",
    # "Air Commodore", "Lieutenant Colonel", "Group Captain", "Squadron Leader".
    r"(?:(?:lieutenant|lt\.?|major|maj\.?|brigadier|brig\.?|air|rear|vice|field|group|wing)"
    r"[\s\-]+)?(?:(?:vice|chief)[\s\-]+)?"
    r"(?:general|colonel|captain|capt\.?|commander|cdr\.?|commodore|admiral"
    r"|marshal|major|maj\.?|brigadier|brig\.?)",
    r"(?:squadron\s+leader|flight\s+lieutenant|(?:sub[\s\-]+)?lieutenant"
    r"(?:\s+commander)?|lt\.?(?:\s+cdr\.?)?)",
    r"(?:chief\s+)?superintendent",
    r"(?:detective\s+)?(?:chief\s+)?inspector",
)

#: A peer's title, which stays part of the name ("Lord Bates", "Baroness Smith of Ely").
PEERAGES: tuple[str, ...] = (
    "lord",
    "baroness",
    "baron",
    "lady",
    "viscount",
    "viscountess",
    "earl",
    "countess",
    "marquess",
    "marchioness",
    "duke",
    "duchess",
)

#: Letters after a name: the House and the legislatures, honours (the Garter's, the Thistle's,
#: and the Commonwealth's: "Dr Jo Doe AO"), offices, fellowships, degrees and professions, as
#: written (a reader ignoring case matches any case).
POSTNOMINALS = frozenset(
    """MP MSP MS AM MLA MEP QC KC CBE OBE MBE KBE DBE GBE CB CMG KCMG GCMG KCB GCB CVO KCVO
    GCVO LVO MVO PC FRS FREng FMedSci FRSE FBA FRSA FRCP FRCS FRCGP FRCPsych FRCN FRCPCH
    FRCOG FRCA JP DL QPM KPM DSO MC DFC OStJ KStJ CStJ PhD DPhil MD MA MSc BA BSc LLB LLM MBA
    BEd MEd MPhil FCA ACA FCCA CIPFA MRICS FCIPD RN RGN RMN Bt Bart VC GC ADC DCL Hon
    FAcSS FLSW FRHistS FRGS FIET CEng MICE FICE Esq DSc AS CH OM KG KT LG LT AO AC ONZM CNZM
    KNZM""".split()
)


def title_alternatives(*kinds: tuple[str, ...]) -> str:
    """The titles of ``kinds`` as one regex alternation, in the order given."""
    return "|".join(title for kind in kinds for title in kind)


def postnominal_alternatives() -> str:
    """Every post-nominal as one regex alternation, longest first (so "KCMG" is not read as
    "KC" and the rest), and "M.P" beside "MP": a pattern adds the optional full stop."""
    written = sorted(POSTNOMINALS, key=lambda letters: (-len(letters), letters))
    return "|".join([*(re.escape(letters) for letters in written), r"M\.P"])


#: Letters after a name, to the end of the text ("Amber Rudd MP", "Jo Doe, CBE, FRS."): what
#: ``archive.extract.names`` and ``archive.knowledge.members`` cut from a name.
POSTNOMINALS_AT_END = re.compile(
    r"(?:[\s,]+(?:\((?:hons|retd|rtd)\)|" + postnominal_alternatives() + r")\.?)+\s*$",
    re.IGNORECASE,
)
