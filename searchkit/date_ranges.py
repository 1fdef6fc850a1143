"""Date ranges as Whoosh queries over few index terms: whole years, then whole months, then single days.

A range over the `date` field alone expands to one term per distinct day in it (thousands over a decade of
the archive); the `year` and `month` fields hold one term per year and per month, so whole years and months
of a range are looked up there and only the days at its ragged ends in `date`.
"""

from __future__ import annotations

import calendar
from datetime import MAXYEAR, MINYEAR, date

from whoosh import query as wq


def date_range_query(start: str, end: str) -> wq.Query:
    """Documents whose date (ISO YYYY-MM-DD) lies in [start, end], both inclusive."""
    first, last = _day(start), _day(end)
    if first > last:
        return wq.NullQuery
    pieces: list[wq.Query] = []
    head_end = last if first.year == last.year else date(first.year, 12, 31)
    if first == date(first.year, 1, 1) and head_end == date(first.year, 12, 31):
        years_from = first.year
    else:
        pieces += _within_year(first, head_end)
        years_from = first.year + 1
    if last.year >= years_from:
        years_to = last.year if last == date(last.year, 12, 31) else last.year - 1
        if years_to >= years_from:
            pieces.append(wq.TermRange("year", f"{years_from:04d}", f"{years_to:04d}"))
        if years_to < last.year:
            pieces += _within_year(date(last.year, 1, 1), last)
    return pieces[0] if len(pieces) == 1 else wq.Or(pieces)


def _within_year(first: date, last: date) -> list[wq.Query]:
    """[first, last] inside one year: whole months as a month range, the days before and after as day ranges."""
    pieces: list[wq.Query] = []
    month_from = first.month if first.day == 1 else first.month + 1
    if first.day != 1:
        pieces.append(_days(first, min(last, _month_end(first))))
    month_to = last.month if last == _month_end(last) else last.month - 1
    if month_to >= month_from:
        pieces.append(wq.TermRange("month", f"{first.year:04d}-{month_from:02d}", f"{first.year:04d}-{month_to:02d}"))
    if last != _month_end(last) and (last.month > first.month or first.day == 1):
        pieces.append(_days(date(last.year, last.month, 1), last))
    return pieces


def _days(first: date, last: date) -> wq.Query:
    return wq.TermRange("date", first.isoformat(), last.isoformat())


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _day(iso: str) -> date:
    """An ISO day as a date; years outside datetime's range are clamped to its first or last day."""
    year = int(iso[:4])
    if year < MINYEAR:
        return date(MINYEAR, 1, 1)
    if year > MAXYEAR:
        return date(MAXYEAR, 12, 31)
    return date.fromisoformat(iso)
