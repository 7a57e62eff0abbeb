"""Fictional people and places: name parts, constituencies and the records of MPs and officials."""

from __future__ import annotations

from dataclasses import dataclass

_FIRST_NAMES_RAW = tuple(
    """
    Aldous:m Ambrose:m Anselm:m Araminta:f Barnaby:m Bathsheba:f Bertram:m Blythe:f Caius:m
    Cressida:f Crispin:m Clemency:f Delphine:f Dorian:m Drusilla:f Eamon:m Elspeth:f
    Ephraim:m Esmond:m Evander:m Fenella:f Florian:m Gideon:m Griselda:f Hamish:m Hester:f
    Hollis:m Honora:f Imogen:f Ingram:m Isolde:f Jago:m Jocasta:f Kester:m Lavinia:f
    Leopold:m Linnea:f Lucasta:f Lysander:m Magnus:m Marigold:f Merrick:m Minerva:f Nerys:f
    Octavia:f Orson:m Ottoline:f Peregrine:m Perpetua:f Quentin:m Rosalind:f Rufus:m
    Saffron:f Seraphina:f Silas:m Tamsin:f Thaddeus:m Ursula:f Valentine:m Verity:f
    Wilfred:m Winifred:f Xanthe:f Zebedee:m Ignatius:m Philippa:f Cosmo:m Morwenna:f
    """.split()
)


FIRST_NAMES = tuple((entry.split(":")[0], entry.split(":")[1]) for entry in _FIRST_NAMES_RAW)


# Invented surnames (prefix + suffix): no combination with the first names above is a real MP.
SURNAME_HEADS = tuple(
    """
    Quen Tresk Ulver Vant Zell Yarr Brisk Crall Drom Gorm Harl Isk Jorr Kettel Lom Murr Nesk
    Orp Plim Rusk Strom Wendel
    """.split()
)


SURNAME_TAILS = tuple(
    """
    ingham ridge ley ock stead ard ington wick ett er by holt mere ish ow
    """.split()
)


# Constituents alternate man, woman, so a title can agree with the name.
CONSTITUENT_FIRST = tuple(
    """
    Alan Janet Graham Susan Kevin Tracey Mohammed Aisha Peter Margaret Daniel Sophie Tomasz
    Agnieszka Kwame Grace Ian Joanne Rajesh Priya Liam Chloe Stuart Karen Adebayo Funmi
    Gareth Rhian
    """.split()
)


TITLES = (("Mr", "Mr", "Dr"), ("Mrs", "Ms", "Miss", "Dr", "Mrs"))


PLACE_HEADS = tuple(
    """
    Kelm Wex Ash Brack Orm Hask Lind Pell Sker Trow Umber Vell Yarn Corm Fald Gris Holm Jess
    Kirt Lunt Mell Quarr Rist Tad Ulls Wend Cran Drey Fenn Stav Ebb Hoad Nidd Pask Scour
    Thwin Wrax Yeld Cawd Blen
    """.split()
)


PLACE_TAILS = tuple(
    """
    bridge combe ford ham ley mouth stow wick thorpe field minster by den hurst worth bury
    ton well mere holme cliffe wood borough stead
    """.split()
)


VILLAGE_TAILS = ("hope", "cote", "lees", "wold", "green", "end", "hythe", "ness", "garth", "dale")


# Generated names that are real towns or constituencies, left out to keep the world fictional.
_REAL_PLACES_RAW = tuple(
    """
    Ashburton Ashbury Ashby Ashcombe Ashfield Ashford Ashley Ashton Ashwell Blenheim
    Brackley Cranbury Cranford Cranham Cranmere Ebbw Fennby Holmbury Holmfield Kirtley
    Lindfield Lindley Melbury Mellby Ormskirk Stavely Tadley Tadworth Wexham Wrexham
    Trowbridge Trowell Cranwell Holmwood Holmbridge Yeldham Skerton Lindford Ashworth
    Ashbourne Ashwood Holmhurst Mellford Cranbourne Tadcaster
    """.split()
)


# Surnames that would also be real places, which an extractor could not tell apart.
PLACE_LIKE_SURNAMES = frozenset(("Orpington", "Harlow", "Harlington", "Ruskington", "Yarrow"))


REAL_PLACES = frozenset(_REAL_PLACES_RAW)


CONSTITUENCY_SUFFIXES = (" North", " South", " East", " West", " Central", " and Rye")


@dataclass(frozen=True, slots=True)
class MP:
    name: str
    first: str
    surname: str
    gender: str
    constituency: str
    towns: tuple[str, ...]
    county: str
    council: str
    hospital: str
    trust: str
    schools: tuple[str, ...]
    prison: str
    river: str
    initials: str
    email: str
    phone: str
    active_from: int  # date ordinals
    active_to: int


@dataclass(frozen=True, slots=True)
class Person:
    """A minister or an official who signs for a department or public body."""

    name: str
    first: str
    surname: str
    gender: str
    #: Empty for the head of the body, whose title changes with the body's name.
    role: str
    rt_hon: bool
    peer: bool
    member: bool  # sits in the Commons, so signs "... MP"

    @property
    def formal(self) -> str:
        if self.peer:
            return self.name
        if not self.member:
            return self.name
        return f"The Rt Hon {self.name} MP" if self.rt_hon else f"{self.name} MP"


def awkward(head: str, tail: str) -> bool:
    """Joins like "Ash-holme" or "Jess-stead" that no English place name would have."""
    joined = (head + tail).lower()
    return (head[-1] == "h" and tail[0] == "h") or any(
        joined[at] == joined[at + 1] == joined[at + 2] for at in range(len(joined) - 2)
    )
