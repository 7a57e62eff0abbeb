"""The generated archive's calendar: its span, its elections, and dates as letters write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

FIRST_DAY = dt.date(2010, 1, 4)


LAST_DAY = dt.date(2024, 12, 31)


ELECTIONS = (
    dt.date(2010, 5, 6),
    dt.date(2015, 5, 7),
    dt.date(2017, 6, 8),
    dt.date(2019, 12, 12),
    dt.date(2024, 7, 4),
)


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def working_day(day: dt.date) -> dt.date:
    weekday = day.weekday()
    return day + dt.timedelta(days=7 - weekday) if weekday >= 5 else day


def ordinal_day(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def date_text(day: dt.date, style: int) -> str:
    month = MONTHS[day.month - 1]
    if style == 0:
        return f"{day.day} {month} {day.year}"
    if style == 1:
        return f"{ordinal_day(day.day)} {month} {day.year}"
    if style == 2:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == 3:
        return f"{WEEKDAYS[day.weekday()]} {ordinal_day(day.day)} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def date_list(days: Sequence[dt.date]) -> str:
    """Dates as a letter lists them: "2 and 9 May", "28 April and 5 May", "2, 9 and 16 May"."""
    texts = []
    for index, day in enumerate(days):
        last = index == len(days) - 1
        same_month = not last and all(
            (d.month, d.year) == (day.month, day.year) for d in days[index:]
        )
        texts.append(str(day.day) if same_month else f"{day.day} {MONTHS[day.month - 1]}")
    if days[0].year != days[-1].year:
        texts = [f"{d.day} {MONTHS[d.month - 1]} {d.year}" for d in days]
    return ", ".join(texts[:-1]) + " and " + texts[-1]
