"""Golden rows G49-G55 of the core spec: runs bounded by duration or cycles.

Decision D6: a run bounded by duration D executes every cycle whose time is <= start + D and no
other. The realtime rows (G54, G55) assert values; their only time checks are generous sanity
bounds (a realtime run cannot end before its ticks are due, and it does end).
"""

import time
from datetime import timedelta

from wingfoil import ticker

# Far above any plausible scheduling delay; only catches a run that did not end on its own.
GENEROUS_UPPER_BOUND_S = 30.0


def _collect_counts(period, **run_args):
    s = ticker(period).count().collect()
    s.run(**run_args)
    return s.peek_value()


def test_duration_includes_the_cycle_at_the_end_time():
    """G49: ticks at 0, 10, ..., 50 ms are all <= 0.05 s (REF runs one more)."""
    assert _collect_counts(0.01, realtime=False, duration=0.05) == [1, 2, 3, 4, 5, 6]


def test_zero_duration_runs_exactly_one_cycle():
    """G50."""
    assert _collect_counts(0.01, realtime=False, duration=0) == [1]


def test_duration_between_ticks_stops_at_the_last_tick_before_the_end():
    """G51: ticks at 0, 0.1, 0.2, 0.3 s; 0.4 s is past start + 0.35."""
    assert _collect_counts(0.1, realtime=False, duration=0.35) == [1, 2, 3, 4]


def test_timedelta_duration_of_one_second_gives_eleven_ticks():
    """G52."""
    result = _collect_counts(0.1, realtime=False, duration=timedelta(seconds=1))

    assert len(result) == 11


def test_duration_end_is_measured_from_start():
    """G53: start 5 s, END = 5.25 s, so ticks at 5.0, 5.1 and 5.2 s."""
    assert _collect_counts(0.1, realtime=False, start=5, duration=0.25) == [1, 2, 3]


def test_realtime_duration_stops_after_the_end_time():
    """G54: ticks at T0, +0.1, +0.2, +0.3 s fall inside 0.35 s."""
    began = time.monotonic()

    result = _collect_counts(0.1, realtime=True, duration=0.35)

    took = time.monotonic() - began
    assert result == [1, 2, 3, 4]
    assert 0.25 <= took < GENEROUS_UPPER_BOUND_S


def test_realtime_cycles_bound_waits_for_each_tick():
    """G55: three ticks at T0, +0.1 and +0.2 s; realtime callbacks never fire early."""
    s = ticker(0.1).count().collect()
    began = time.monotonic()

    s.run(realtime=True, cycles=3)

    took = time.monotonic() - began
    assert s.peek_value() == [1, 2, 3]
    assert 0.15 <= took < GENEROUS_UPPER_BOUND_S
