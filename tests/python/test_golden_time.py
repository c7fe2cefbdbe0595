"""Golden rows G39-G43, G57-G60, G94 and G95 of the core spec: time values handed to Python.

Decision D1: every time given to Python (for_each's second argument, with_time, dataframe rows)
is float seconds since the Unix epoch, computed as t_ns / 1e9. The expected floats below are
exactly those quotients, so they are compared with ==.
"""

import time
from datetime import datetime, timezone

from wingfoil import ticker

UTC_2024 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _times_of_count(period, **run_args):
    out = []
    ticker(period).count().for_each(lambda v, t: out.append(t)).count().run(**run_args)
    return out


def test_for_each_gets_value_and_time_in_seconds():
    """G39."""
    out = []

    ticker(0.1).count().for_each(lambda v, t: out.append((v, t))).count().run(
        realtime=False, cycles=3
    )

    assert out == [(1, 0.0), (2, 0.1), (3, 0.2)]


def test_for_each_time_starts_at_float_start_without_alignment():
    """G40: ticks at start, start + 0.1, ... (1.0.0 ignored start)."""
    out = _times_of_count(0.1, realtime=False, start=1700000000.5, cycles=3)

    assert out == [1700000000.5, 1700000000.6, 1700000000.7]


def test_for_each_time_starts_at_aware_datetime_start():
    """G41."""
    out = _times_of_count(0.1, realtime=False, start=UTC_2024, cycles=2)

    assert out == [1704067200.0, 1704067200.1]


def test_for_each_time_steps_by_the_ticker_period():
    """G42."""
    out = _times_of_count(0.3, realtime=False, cycles=4)

    assert out == [0.0, 0.3, 0.6, 0.9]


def test_zero_period_ticker_ticks_one_nanosecond_apart():
    """G43: historical cycle times are strictly increasing, so ticker(0) advances by 1 ns."""
    out = _times_of_count(0, realtime=False, cycles=3)

    assert out == [0.0, 1e-09, 2e-09]


def test_with_time_pairs_seconds_with_value():
    """G57."""
    s = ticker(0.1).count().with_time().collect()

    s.run(realtime=False, cycles=3)

    assert s.peek_value() == [(0.0, 1), (0.1, 2), (0.2, 3)]


def test_with_time_uses_absolute_time_from_datetime_start():
    """G58."""
    s = ticker(0.1).count().with_time().collect()

    s.run(realtime=False, start=UTC_2024, cycles=2)

    assert s.peek_value() == [(1704067200.0, 1), (1704067200.1, 2)]


def test_dataframe_rows_hold_time_in_seconds_and_value():
    """G59."""
    s = ticker(0.01).count().limit(3).map(lambda i: i - 1).dataframe()

    s.run(realtime=False)

    assert s.peek_value() == [(0.0, 0), (0.01, 1), (0.02, 2)]


def test_dataframe_rows_use_absolute_time_not_elapsed():
    """G60: with start=100.0 the first row is at 100.0 (REF gives elapsed nanoseconds)."""
    s = ticker(0.5).count().dataframe()

    s.run(realtime=False, start=100.0, cycles=2)

    assert s.peek_value() == [(100.0, 1), (100.5, 2)]


def test_realtime_for_each_time_is_a_float():
    """G94."""
    out = []

    ticker(0.1).count().for_each(lambda v, t: out.append(type(t).__name__)).count().run(
        realtime=True, cycles=2
    )

    assert out == ["float", "float"]


def test_realtime_cycle_time_is_unix_epoch_seconds():
    """G95: ours uses the Unix epoch (REF uses a clock that starts at boot)."""
    out = _times_of_count(0.1, realtime=True, cycles=1)

    assert len(out) == 1
    assert abs(out[0] - time.time()) < 60
