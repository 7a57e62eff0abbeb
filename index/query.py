"""The query language: parse a researcher's query into a tree, with errors that name the token.

    child exploitation          both words (stemmed)
    "public review"             a phrase
    telford OR wrekin           either;  NOT draft  /  -draft   without
    (a OR b) c                  grouping
    exploit*  rudd~  rudd~2     prefix, fuzzy (edit distance 1 or 2)
    mp:allan  mp:"Lucy Allan"   a field (see index.fields for every field and alias)
    ref:M11295/16  M11295/16    references, however typed; a bare reference also works
    date:2016  date:2016-10  date:2016-01..2016-06  date:..2016-06  date:2016..
    dir:to_mp  tag:follow-up

The parser never raises anything but ``QueryError``, whose message names the offending
token and its position (counted from 0).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from index.fields import DIRECTION_VALUES, STATE_VALUES, Field, lookup, suggest_field

#: Bounds on the work one query can ask for, far beyond any query a researcher writes: a
#: query past one is refused with a message naming the bound, never run for minutes.
MAX_QUERY_LENGTH = 2000
#: Brackets, field groups and NOTs inside one another.
MAX_DEPTH = 32
#: Words, phrases and fielded values in one query (an OR's width included).
MAX_TERMS = 256
MAX_FUZZY_DISTANCE = 2
#: Fuzzy and prefix words (``rudd~``, ``co*``) in one query: each stands for every word of
#: the index near it or starting so (hundreds for ``co*``), and each of those is read.
MAX_EXPANDING_TERMS = 8
#: The years a date or ``year:`` may name (the index keeps dates as yyyymmdd numbers).
MIN_YEAR, MAX_YEAR = 1000, 9999
#: The largest number ``days:`` takes.
MAX_DAYS = 9999


class QueryError(ValueError):
    """A query that cannot be parsed: ``position`` and ``token`` say where and what."""

    def __init__(self, message: str, position: int, token: str) -> None:
        super().__init__(message)
        self.position = position
        self.token = token


def error_excerpt(query: str, position: int, width: int = 100) -> tuple[str, str]:
    """(the query, the caret line): the part of a long query around ``position`` (with
    "..." for the rest) and a line with ``^`` under ``position`` in it. The CLI and the app
    print the two lines one above the other, so the caret sits under the token at any width.
    """
    width = max(20, width)
    position = max(0, min(position, len(query)))
    if len(query) <= width:
        shown, at = query, position
    else:
        start = max(0, min(position - width // 2, len(query) - width))
        before = "..." if start else ""
        after = "..." if start + width < len(query) else ""
        shown, at = before + query[start : start + width] + after, len(before) + position - start
    # One cell a character as shown: tabs and newlines as spaces, other controls as "?".
    shown = "".join(
        " " if c in "\t\n\r" else c if c.isprintable() or c == " " else "?" for c in shown
    )
    return shown, " " * at + "^"


# -- the tree ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    field: Field | None = None  # None: the letter's words (and references, when it looks like one)
    phrase: bool = False
    prefix: bool = False
    fuzzy: int = 0
    position: int = 0


@dataclass(frozen=True, slots=True)
class DateRange:
    field: Field
    start: int  # yyyymmdd, inclusive
    end: int
    position: int = 0


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class Everything:
    """The empty query: every letter."""


Node = Term | DateRange | And | Or | Not | Everything


# -- tokens --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # word, phrase, lparen, rparen, or, and, not, minus, field
    text: str
    position: int


_OPERATORS = {"OR": "or", "AND": "and", "NOT": "not", "||": "or", "&&": "and"}


def _tokenise(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    length = len(query)
    while index < length:
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "(":
            tokens.append(_Token("lparen", char, index))
            index += 1
        elif char == ")":
            tokens.append(_Token("rparen", char, index))
            index += 1
        elif char in '"“”':
            end = _closing_quote(query, index + 1)
            if end == -1:
                raise QueryError(
                    f"unclosed quote {char} at position {index}: add the closing quote",
                    index,
                    char,
                )
            # NUL separates a phrase from its ~N below, so it cannot be part of the phrase.
            tokens.append(_Token("phrase", query[index + 1 : end].replace("\x00", " "), index))
            index = end + 1
            index = _suffix(query, index, tokens)
        elif char == "-" and (index + 1 == length or not query[index + 1].isspace()):
            # A '-' at the very end is a dangling "without", reported by the parser.
            tokens.append(_Token("minus", char, index))
            index += 1
        else:
            start = index
            while index < length and not query[index].isspace() and query[index] not in '()"“”':
                index += 1
            word = query[start:index]
            field = re.match(r"^([A-Za-z_]+):", word)
            if field and not re.match(r"^[A-Za-z_]+://", word):
                tokens.append(_Token("field", field.group(1), start))
                rest = word[field.end() :]
                if rest:
                    tokens.append(_Token("word", rest, start + field.end()))
                continue
            if word in _OPERATORS:
                tokens.append(_Token(_OPERATORS[word], word, start))
            else:
                tokens.append(_Token("word", word, start))
    return tokens


def _closing_quote(query: str, start: int) -> int:
    for index in range(start, len(query)):
        if query[index] in '"“”':
            return index
    return -1


def _suffix(query: str, index: int, tokens: list[_Token]) -> int:
    """A phrase may carry ~N (words within N of each other): kept on the phrase token."""
    match = re.match(r"~(\d*)", query[index:])
    if match:
        last = tokens[-1]
        tokens[-1] = _Token("phrase", last.text + "\x00" + (match.group(1) or "1"), last.position)
        return index + match.end()
    return index


# -- parser --------------------------------------------------------------------------------------


#: The parser's counters, each with its limit and why a query past it is refused.
_LIMITS = {
    "depth": (
        MAX_DEPTH,
        f"brackets and NOTs nest more than {MAX_DEPTH} deep; write the query with fewer levels",
    ),
    "terms": (MAX_TERMS, f"a query has at most {MAX_TERMS} words, phrases and fields"),
    "expanding_terms": (
        MAX_EXPANDING_TERMS,
        f"a query has at most {MAX_EXPANDING_TERMS} fuzzy or prefix words (word~, word*)",
    ),
}


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokenise(query)
        self.index = 0
        self.depth = 0
        self.terms = 0
        self.expanding_terms = 0

    def _count(self, counter: str, token: _Token, shown: str) -> None:
        """One more ``counter`` (depth, terms, expanding_terms); refused once past its limit."""
        limit, why = _LIMITS[counter]
        value = getattr(self, counter) + 1
        setattr(self, counter, value)
        if value > limit:
            raise _refused(shown, token, why)

    def enter(self, token: _Token) -> None:
        """One level deeper (a bracket, a field group, a NOT): refused past ``MAX_DEPTH``."""
        self._count("depth", token, repr(token.text))

    def counted(self, node: Term | DateRange, token: _Token) -> Term | DateRange:
        """``node``, once it is within ``MAX_TERMS`` and ``MAX_EXPANDING_TERMS``."""
        self._count("terms", token, _shown(token.text))
        if isinstance(node, Term) and (node.fuzzy or node.prefix) and not node.phrase:
            self._count("expanding_terms", token, _shown(token.text))
        return node

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            return Everything()
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:
            if extra.kind == "rparen":
                raise QueryError(
                    f"')' at position {extra.position} has no matching '('", extra.position, ")"
                )
            raise QueryError(
                f"unexpected {extra.text!r} at position {extra.position}",
                extra.position,
                extra.text,
            )
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("rparen", "or"):  # type: ignore[union-attr]
                raise QueryError(
                    f"'{token.text}' at position {token.position} needs a term after it",
                    token.position,
                    token.text,
                )
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("or", "rparen"):
            if token.kind == "and":
                self.take()
                if not items or self.peek() is None or self.peek().kind in ("or", "rparen", "and"):  # type: ignore[union-attr]
                    raise QueryError(
                        f"'{token.text}' at position {token.position} needs a term on both sides",
                        token.position,
                        token.text,
                    )
                continue
            items.append(self.unary())
        if not items:
            token = self.peek()
            position = token.position if token else len(self.query)
            what = repr(token.text) if token else "the end"
            raise QueryError(
                f"expected a word or phrase before {what} at position {position}",
                position,
                token.text if token else "",
            )
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        token = self.peek()
        assert token is not None
        if token.kind in ("not", "minus"):
            self.take()
            following = self.peek()
            if following is None or following.kind in ("or", "rparen", "and"):
                raise QueryError(
                    f"{token.text!r} at position {token.position} needs something to exclude",
                    token.position,
                    token.text,
                )
            self.enter(token)
            item = self.unary()
            self.depth -= 1
            return Not(item)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "lparen":
            if (inner := self.peek()) is not None and inner.kind == "rparen":
                raise QueryError(f"empty '()' at position {token.position}", token.position, "(")
            return self.group(token)
        if token.kind == "field":
            return self.fielded(token)
        if token.kind == "phrase":
            return self.counted(_phrase(token, None), token)
        if token.kind == "word":
            return self.counted(_word(token, None), token)
        if token.kind == "rparen":
            raise QueryError(
                f"')' at position {token.position} has no matching '('", token.position, ")"
            )
        raise QueryError(
            f"unexpected {token.text!r} at position {token.position}", token.position, token.text
        )

    def group(self, opening: _Token) -> Node:
        """What stands between ``opening`` (a '(' just taken) and its ')'."""
        self.enter(opening)
        node = self.or_expr()
        self.depth -= 1
        closing = self.peek()
        if closing is None or closing.kind != "rparen":
            raise QueryError(
                f"'(' at position {opening.position} is never closed", opening.position, "("
            )
        self.take()
        return node

    def fielded(self, token: _Token) -> Node:
        field = lookup(token.text)
        if field is None:
            hint = suggest_field(token.text)
            raise QueryError(
                f"unknown field '{token.text}:' at position {token.position}"
                + (f"; did you mean '{hint}:'?" if hint else ""),
                token.position,
                token.text + ":",
            )
        value = self.peek()
        if (
            value is None
            or value.kind not in ("word", "phrase", "lparen")
            or (value.position != token.position + len(token.text) + 1)
        ):
            raise QueryError(
                f"'{token.text}:' at position {token.position} needs a value right after it",
                token.position,
                token.text + ":",
            )
        self.take()
        if value.kind == "lparen":
            return _with_field(self.group(value), field)
        if field.kind == "date":
            return self.counted(_date_range(field, value), value)
        if field.kind == "number":
            return self.counted(_number_range(field, value), value)
        if value.kind == "phrase":
            return self.counted(_phrase(value, field), value)
        return self.counted(_word(value, field), value)


def _shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, shortened when it is long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _phrase(token: _Token, field: Field | None) -> Term:
    text, _, slop = token.text.partition("\x00")
    if not text.strip():
        raise QueryError(f'empty phrase "" at position {token.position}', token.position, '""')
    return Term(text.strip(), field, phrase=True, fuzzy=int(slop or 0), position=token.position)


def _word(token: _Token, field: Field | None) -> Term:
    text = token.text
    fuzzy = 0
    match = re.search(r"~(\d*)$", text)
    if match and len(text) > match.end() - match.start():
        digits = match.group(1) or "1"
        distance = int(digits) if len(digits) < 4 else MAX_FUZZY_DISTANCE + 1
        if distance > MAX_FUZZY_DISTANCE:
            raise QueryError(
                f"{_shown(text)} at position {token.position}: fuzzy distance is 1 to "
                f"{MAX_FUZZY_DISTANCE} (word~ or word~2)",
                token.position,
                text,
            )
        fuzzy = distance
        text = text[: match.start()]
    prefix = text.endswith("*") and len(text.rstrip("*")) > 0
    text = text.rstrip("*") if prefix else text
    if "*" in text or (prefix and len(text) < 2):
        raise _refused(
            f"'{token.text}'", token, "'*' goes at the end of a word of two or more letters"
        )
    if field is not None and field.name == "dir" and text.lower() not in DIRECTION_VALUES:
        raise _refused(f"'dir:{token.text}'", token, "use dir:to_mp, dir:from_mp or dir:other")
    if field is not None and field.kind == "state":
        allowed = STATE_VALUES[field.name]
        if text.lower() not in allowed or prefix or fuzzy:
            raise _refused(
                f"'{field.name}:{token.text}'",
                token,
                "use " + ", ".join(f"{field.name}:{value}" for value in allowed),
            )
        text = text.lower()
        if field.name == "has" and text == "ocr":
            # Held in the index beside the format: has:ocr is format:ocr.
            return Term("ocr", lookup("format"), position=token.position)
    if field is not None and field.kind == "annotation":
        from archive.store import validate_tag

        try:
            validate_tag(text)
        except ValueError as error:
            raise QueryError(f"{error} (position {token.position})", token.position, text) from None
    return Term(text, field, prefix=prefix, fuzzy=fuzzy, position=token.position)


def _with_field(node: Node, field: Field) -> Node:
    """``mp:(allan OR pritchard)``: the field applies to every term inside."""
    if isinstance(node, Term):
        if node.field is not None:
            return node
        return Term(node.text, field, node.phrase, node.prefix, node.fuzzy, node.position)
    if isinstance(node, And):
        return And(tuple(_with_field(i, field) for i in node.items))
    if isinstance(node, Or):
        return Or(tuple(_with_field(i, field) for i in node.items))
    if isinstance(node, Not):
        return Not(_with_field(node.item, field))
    return node


_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


_COMPARISON = re.compile(r"^(>=|<=|>|<)(.*)$")


def _bounds(text: str) -> tuple[str, str, str]:
    """(low, high, comparison) of "a..b", "a", ">a", ">=a", "<a" or "<=a"."""
    comparison = _COMPARISON.match(text)
    if comparison:
        sign, value = comparison.groups()
        return (value, "", sign) if sign.startswith(">") else ("", value, sign)
    low, dots, high = text.partition("..")
    return (low, high if dots else low, "")


def _date_range(field: Field, token: _Token) -> DateRange:
    text = token.text.strip()
    low, high, sign = _bounds(text)
    if not low and not high:
        raise _date_error(field, token)
    start = _date_bound(low, field, token, end=sign == ">") if low else 0
    stop = _date_bound(high, field, token, end=sign != "<") if high else 99991231
    try:
        if sign == ">" and start:
            start = _next_day(start, 1)
        elif sign == "<" and stop != 99991231:
            stop = _next_day(stop, -1)
    except OverflowError:  # after 9999-12-31
        raise _value_error(
            field, token, f"no date is in that range (dates are from {MIN_YEAR} to {MAX_YEAR})"
        ) from None
    if start > stop:
        raise _value_error(field, token, "the range ends before it starts")
    return DateRange(field, start, stop, token.position)


def _date_bound(text: str, field: Field, token: _Token, *, end: bool) -> int:
    match = _DAY.match(text)
    if match is None:
        raise _date_error(field, token)
    year, month, day = match.group(1), match.group(2), match.group(3)
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise _refused(
            f"'{field.name}:{token.text}'",
            token,
            f"a date's year is from {MIN_YEAR} to {MAX_YEAR}",
        )
    try:
        if day:
            value = dt.date(int(year), int(month), int(day))
        elif month:
            first = dt.date(int(year), int(month), 1)
            value = (
                (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
                if end
                else first
            )
        else:
            value = dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)
    except ValueError:
        raise _date_error(field, token) from None
    return value.year * 10000 + value.month * 100 + value.day


def _next_day(day: int, step: int) -> int:
    value = dt.date(day // 10000, day // 100 % 100, day % 100) + dt.timedelta(days=step)
    return value.year * 10000 + value.month * 100 + value.day


def _date_error(field: Field, token: _Token) -> QueryError:
    return QueryError(
        f"'{field.name}:{token.text}' at position {token.position} is not a date: use "
        "2016, 2016-10, 2016-10-24, a range such as 2016-01..2016-06, ..2016-06, 2016.., "
        "or >2016-06, <=2016",
        token.position,
        token.text,
    )


def _value_error(field: Field, token: _Token, why: str) -> QueryError:
    """What is wrong with a field's value, naming it as typed and where it is."""
    return _refused(f"'{field.name}:{token.text.strip()}'", token, why)


def _refused(shown: str, token: _Token, why: str) -> QueryError:
    """The error for ``token``, written as ``shown``: where it is and why it is refused."""
    return QueryError(f"{shown} at position {token.position}: {why}", token.position, token.text)


def _number_range(field: Field, token: _Token) -> DateRange:
    text = token.text.strip()
    low, high, sign = _bounds(text)
    example = "2015..2017 or >2015" if field.name == "year" else "5..20, >20 or <=20"
    try:
        if not low and not high:
            raise ValueError(text)
        # Digits only: int() also takes "+5", " 5" and "1_000", and thousands of digits.
        if any(not part.isascii() or not part.isdigit() for part in (low, high) if part):
            raise ValueError(text)
        # Past nine digits, a number is out of range whatever it is (and int() stays cheap).
        start = (int(low) if len(low) < 10 else 10**9) if low else 0
        stop = (int(high) if len(high) < 10 else 10**9) if high else 9999
    except ValueError:
        raise _value_error(field, token, f"use a number, a range such as {example}") from None
    smallest, largest = (MIN_YEAR, MAX_YEAR) if field.name == "year" else (0, MAX_DAYS)
    for given in (start if low else None, stop if high else None):
        if given is not None and not smallest <= given <= largest:
            raise _value_error(
                field, token, f"{field.name} is a number from {smallest} to {largest}"
            )
    start += sign == ">"
    stop -= sign == "<"
    if start > stop:
        raise _value_error(field, token, "no number is in that range")
    return DateRange(field, start, stop, token.position)


_LAST_WORD = re.compile(r"(?:^|[\s(])(?:(\w+):)?([^\W\d_][\w'’]*)$")
_OPERATOR_WORDS = frozenset({"OR", "AND", "NOT"})


def as_you_type(query: str) -> str:
    """The query while it is still being typed: its unfinished last word as a prefix.

    "child exploi" finds "exploitation" before the word is finished. A query ending in a
    space, a quote, an operator or a word shorter than three letters is
    left as it is (names and text fields' values are finished as prefixes too).
    """
    if not query or query[-1].isspace() or query.count('"') % 2:
        return query
    match = _LAST_WORD.search(query)
    if match is None or len(match.group(2)) < 3 or match.group(2) in _OPERATOR_WORDS:
        return query
    field = lookup(match.group(1)) if match.group(1) else None
    if match.group(1) and (field is None or field.kind not in ("text", "names", "annotation")):
        return query
    word = match.group(2)
    if not match.group(1) and any(c.isdigit() for c in word):
        # A reference typed without its separators ("po1462290") matches whole, as on Enter,
        # or as the start of a longer one.
        return f"{query[: match.start(2)]}({word} OR {word}*)"
    return query + "*"


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse(query: str) -> Node:
    """Parse a query string into a tree; raises ``QueryError`` naming the token at fault."""
    if len(query) > MAX_QUERY_LENGTH:
        # The word the bound falls in is the token named.
        start = query.rfind(" ", 0, MAX_QUERY_LENGTH) + 1
        end = query.find(" ", MAX_QUERY_LENGTH)
        word = query[start : end if end != -1 else len(query)]
        raise QueryError(
            f"the query is {len(query):,} characters long, and the most is "
            f"{MAX_QUERY_LENGTH:,}: {_shown(word)} at position {start} goes past it",
            start,
            word,
        )
    # A surrogate is a byte that was not UTF-8 (a command line's argument, decoded by Python
    # with surrogateescape): no letter holds one, and the index cannot look one up.
    stray = _SURROGATE.search(query)
    if stray is not None:
        raise QueryError(
            f"character U+{ord(stray.group()):04X} at position {stray.start()} is not text "
            "(a byte that is not UTF-8?)",
            stray.start(),
            stray.group(),
        )
    return _Parser(query).parse()


def terms_of(node: Node) -> list[Term]:
    """Every positive term in the tree (for highlighting and spelling suggestions)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, And | Or):
        return [t for item in node.items for t in terms_of(item)]
    return []
