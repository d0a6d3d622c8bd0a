"""Fusion's time tests before its pairwise ones give the same answers: `may_fit` is False
only where `periods_fit` is, on random periods of every kind of date (days, months,
years, ranges, weeks, none), and where it matters (a start on one side only, none on
either)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from truceline.fuse.agreement_values import Period, periods_fit
from truceline.fuse.agreements import hull_of, may_fit
from truceline.models import DateValue


def _date(rng: random.Random) -> DateValue:
    day = date(2017, 1, 1) + timedelta(days=rng.randrange(0, 5000))
    kind = rng.random()
    if kind < 0.55:
        return DateValue(day.isoformat())
    if kind < 0.7:
        end = day + timedelta(days=rng.randrange(1, 40))
        return DateValue(day.isoformat(), end=end.isoformat())
    if kind < 0.85:
        return DateValue(day.isoformat()[:7], precision="month")
    if kind < 0.95:
        return DateValue(day.isoformat()[:4], precision="year")
    return DateValue(f"{day.year}-W{rng.randrange(1, 53):02d}", precision="week")


def _period(rng: random.Random) -> Period:
    def some(p: float) -> tuple[DateValue, ...]:
        return tuple(_date(rng) for _ in range(rng.randrange(1, 3))) if rng.random() < p else ()

    return Period(some(0.35), some(0.35), some(0.3), some(0.8))


def test_may_fit_is_false_only_where_periods_fit_is():
    rng = random.Random(22)
    pruned = 0
    for _ in range(20000):
        a, b = _period(rng), _period(rng)
        if not may_fit(hull_of(a), hull_of(b)):
            pruned += 1
            assert not periods_fit(a, b), (a, b)
            assert not periods_fit(b, a), (a, b)
    assert pruned > 2000  # the test prunes: years apart, a start on one side


def test_records_without_a_start_fit_only_when_they_speak_within_a_deal_s_life():
    early = Period(published=(DateValue("2017-03-01"),))
    soon = Period(published=(DateValue("2017-05-01"),))
    late = Period(published=(DateValue("2024-03-01"),))
    assert periods_fit(early, soon) and may_fit(hull_of(early), hull_of(soon))
    assert not periods_fit(early, late) and not periods_fit(late, early)
    assert not may_fit(hull_of(early), hull_of(late))


def test_a_start_years_from_the_other_reports_does_not_fit():
    started = Period(signed=(DateValue("2017-05-04"),), published=(DateValue("2017-05-05"),))
    later = Period(published=(DateValue("2019-05-05"),))
    assert not periods_fit(started, later)
    assert not may_fit(hull_of(started), hull_of(later))
