"""Date ranges compiled to year, month and day terms match exactly the days inside the range."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import RamStorage

from searchkit.date_ranges import date_range_query
from searchkit.schema import build_schema

FIRST, LAST = date(1948, 11, 20), date(1952, 2, 10)


@pytest.fixture(scope="module")
def dated_index():
    """One document per day from FIRST to LAST, plus scattered days of other decades."""
    days = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    rng = random.Random(3)
    days += [date(rng.randint(1900, 2030), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(100)]
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        for number, day in enumerate(days):
            iso = day.isoformat()
            writer.add_document(id=f"d{number}", date=iso, year=iso[:4], month=iso[:7])
    with ix.searcher() as searcher:
        stored = {fields["id"]: fields["date"] for fields in searcher.all_stored_fields()}
        yield searcher, stored


def _matching_ids(searcher, start: str, end: str) -> set[str]:
    return {hit["id"] for hit in searcher.search(date_range_query(start, end), limit=None)}


days_near = st.dates(min_value=FIRST - timedelta(days=40), max_value=LAST + timedelta(days=40))


@settings(max_examples=150, deadline=None)
@given(days_near, days_near)
def test_a_range_matches_exactly_the_days_inside_it(dated_index, first, last):
    searcher, stored = dated_index
    start, end = first.isoformat(), last.isoformat()
    assert _matching_ids(searcher, start, end) == {i for i, d in stored.items() if start <= d <= end}


@pytest.mark.parametrize("start, end, pieces", [
    ("1950-01-01", "1955-12-31", "year:[1950 TO 1955]"),
    ("1950-03-01", "1950-05-10", "(month:[1950-03 TO 1950-04] OR date:[1950-05-01 TO 1950-05-10])"),
    ("1950-03-05", "1950-03-20", "date:[1950-03-05 TO 1950-03-20]"),
])
def test_whole_years_and_months_are_looked_up_as_one_term_each(start, end, pieces):
    assert str(date_range_query(start, end)) == pieces


def test_open_ends_cover_every_year(dated_index):
    searcher, stored = dated_index
    assert _matching_ids(searcher, "0000-01-01", "9999-12-31") == set(stored)
    assert _matching_ids(searcher, "1953-01-01", "1952-12-31") == set()
