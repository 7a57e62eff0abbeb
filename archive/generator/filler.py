"""Body text: a Zipf-distributed vocabulary and the pool of clauses that fills paragraphs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from random import Random

# Filler vocabulary, most frequent first: the rank order drives the Zipf weights.
_NOUNS = tuple(
    """
    council government department matter issue service community family support funding
    report decision policy area authority case review process information evidence system
    school hospital officer resident constituent programme scheme plan application
    assessment level number response concern question position consultation guidance
    legislation regulation framework strategy budget cost contract provider partnership
    board committee inspection standard target outcome delay backlog payment claim appeal
    tribunal court investigation complaint meeting discussion proposal option arrangement
    agreement relationship capacity workforce training recruitment retention pressure demand
    access quality safety risk impact benefit value priority commitment approach measure
    action step progress change improvement development infrastructure transport road bridge
    station network route timetable ticket passenger patient pupil teacher parent child
    victim offender prisoner tenant landlord employer business charity volunteer
    neighbourhood village town county region border visa permit licence grant allowance
    pension tax rate income household property home building site land river flood defence
    drainage catchment environment energy supply market price record figure statistic survey
    study analysis estimate forecast allocation formula threshold criterion eligibility
    entitlement obligation duty power responsibility accountability transparency oversight
    scrutiny procedure requirement exemption waiver extension deadline timescale period
    stage phase pilot trial evaluation audit inquiry hearing session debate motion amendment
    bill order instrument notice letter email telephone office caseworker official minister
    colleague representative agency body organisation sector industry union association
    forum group panel team unit centre clinic surgery ward library park footpath bus train
    junction bypass roundabout pavement crossing estate street shop farm field harbour coast
    moor forest valley canal reservoir sewer pipe turbine mast signal broadband connection
    coverage device account portal form document passport certificate card address postcode
    boundary ballot petition campaign survivor carer nurse doctor paramedic ambulance
    prescription appointment referral diagnosis treatment operation waiting bed discharge
    placement foster adoption academy curriculum examination attendance exclusion governor
    trustee apprenticeship jobcentre sanction overpayment arrears debt loan
    """.split()
)


_NOUN_PREFIXES = tuple(
    """
    re sub inter over under counter non- pre- co- cross- multi- post- mis out sub- self-
    """.split()
)


_ADJECTIVES = tuple(
    """
    local national public serious significant current further additional particular recent
    previous clear important necessary appropriate relevant specific wider full fair
    effective urgent considerable substantial independent statutory regional rural urban
    vulnerable elderly young new existing long-term short-term temporary permanent financial
    social legal medical educational operational strategic practical reasonable detailed
    formal informal annual monthly early late difficult complex simple regular unacceptable
    inadequate sufficient proper adequate consistent reliable accurate transparent
    accessible affordable safe secure sustainable robust proportionate exceptional ongoing
    outstanding substantive interim final provisional discretionary mandatory punitive
    chronic acute intermittent
    """.split()
)


_VERBS_RAW = tuple(
    """
    affects requires includes provides supports considers reflects involves ensures allows
    follows addresses delivers meets reduces increases improves undermines delays prevents
    protects funds manages monitors assesses examines identifies highlights raises confirms
    explains describes sets_out takes_account_of depends_on relates_to replaces extends
    restricts duplicates outweighs jeopardises mirrors
    """.split()
)


_VERBS = tuple(verb.replace("_", " ") for verb in _VERBS_RAW)


_COPULAS = ("is", "remains", "was", "has been", "will be", "may be", "seems", "appears", "became")


_ADVERBS = tuple(
    """
    very still also now often particularly increasingly not already largely generally rarely
    entirely broadly somewhat plainly
    """.split()
)


_PREPOSITIONS = tuple(
    """
    of in for to with on across within under through by from at about between after before
    during against without beyond
    """.split()
)


_DETERMINERS = ("the", "this", "a", "that", "each", "any", "their", "our", "its", "every")


OPENERS = (
    "",
    "",
    "",
    "",
    "However, ",
    "In addition, ",
    "I understand that ",
    "It is clear that ",
    "As a result, ",
    "In practice, ",
    "At present, ",
    "In my view, ",
    "For that reason, ",
    "Moreover, ",
    "I am told that ",
    "It appears that ",
    "Equally, ",
    "Nevertheless, ",
)


CONNECTORS = (", and ", ", but ", ", while ", " because ", ", although ", " and ", ", so ", "; ")


_CLAUSE_PATTERNS = (
    "D A N V D N P D N",
    "D N P D A N C A",
    "D N V D A N",
    "D N C R A P D N P D N",
    "D A N P D N V D N",
    "D N P D N C R A",
)


@dataclass(frozen=True, slots=True)
class Filler:
    """A pool of Zipf-distributed clauses: sentences join two at random, so few repeat."""

    clauses: tuple[str, ...]
    words: tuple[int, ...]


def zipf_cumulative(size: int, exponent: float = 1.05) -> list[float]:
    total = 0.0
    cumulative: list[float] = []
    for rank in range(size):
        total += 1.0 / (rank + 2.7) ** exponent
        cumulative.append(total)
    return cumulative


def build_filler(rng: Random, size: int = 65536) -> Filler:
    derived = [prefix + noun for prefix in _NOUN_PREFIXES for noun in _NOUNS]
    rng.shuffle(derived)
    nouns = list(dict.fromkeys([*_NOUNS, *derived]))
    pools: dict[str, Sequence[str]] = {
        "D": _DETERMINERS,
        "A": _ADJECTIVES,
        "N": nouns,
        "V": _VERBS,
        "C": _COPULAS,
        "R": _ADVERBS,
        "P": _PREPOSITIONS,
    }
    patterns = [pattern.split() for pattern in _CLAUSE_PATTERNS]
    needed = {key: max(pattern.count(key) for pattern in patterns) for key in pools}
    draws: dict[str, list[str]] = {}
    for key, vocabulary in pools.items():
        draws[key] = rng.choices(
            list(vocabulary), cum_weights=zipf_cumulative(len(vocabulary)), k=size * needed[key]
        )
    position = dict.fromkeys(pools, 0)
    clauses: list[str] = []
    counts: list[int] = []
    for index in range(size):
        pattern = patterns[index % len(patterns)]
        words: list[str] = []
        for key in pattern:
            words.append(draws[key][position[key]])
            position[key] += 1
        for at in range(len(words) - 1):
            if words[at] == "a" and words[at + 1][0] in "aeiou":
                words[at] = "an"
        clause = " ".join(words)
        clauses.append(clause)
        counts.append(clause.count(" ") + 1)
    return Filler(tuple(clauses), tuple(counts))


def accumulate(values: Iterable[int]) -> list[float]:
    total = 0.0
    result: list[float] = []
    for value in values:
        total += value
        result.append(total)
    return result
