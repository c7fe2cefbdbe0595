"""Golden rows G13-G26, G90, G91 and G100 of the core spec: delay, limit and buffer.

Times handed to Python are float seconds since the Unix epoch (decision D1).
"""

from wingfoil import bimap, constant, ticker


def _run_and_peek(stream, cycles=None):
    stream.run(realtime=False, cycles=cycles)
    return stream.peek_value()


def test_delay_zero_passes_values_through_in_the_same_cycle():
    """G13."""
    out = []

    ticker(0.1).count().delay(0.0).for_each(lambda v, t: out.append((v, t))).count().run(
        realtime=False, cycles=3
    )

    assert out == [(1, 0.0), (2, 0.1), (3, 0.2)]


def test_delay_emits_exactly_delay_seconds_after_the_upstream_tick():
    """G14: emissions at 0.25 s and 0.35 s use up cycles of their own."""
    out = []

    ticker(0.1).count().delay(0.25).for_each(lambda v, t: out.append((v, t))).count().run(
        realtime=False, cycles=6
    )

    assert out == [(1, 0.25), (2, 0.35)]


def test_delay_takes_first_upstream_value_without_ticking():
    """G15: a passive reader sees the first upstream value before the first emission (4.0.1)."""
    a = ticker(1.0).count()
    s = bimap(a, a.delay(2.5), lambda x, y: (x, y)).collect()

    assert _run_and_peek(s, cycles=6) == [(1, 1), (2, 1), (3, 1), (3, 1), (4, 1), (4, 2)]


def test_delay_queued_emission_keeps_historical_run_alive():
    """G16."""
    out = []

    constant(7).delay(0.5).for_each(lambda v, t: out.append((v, t))).count().run(realtime=False)

    assert out == [(7, 0.5)]


def test_delay_zero_passes_unhashable_values():
    """G17."""
    s = ticker(0.1).count().map(lambda x: [x]).delay(0.0).collect()

    assert _run_and_peek(s, cycles=3) == [[1], [2], [3]]


def test_delay_delivers_every_equal_value():
    """G91."""
    s = ticker(0.1).count().map(lambda x: 0).delay(0.05).collect()

    assert _run_and_peek(s, cycles=6) == [0, 0, 0]


def test_limit_passes_only_the_first_n_ticks():
    """G18."""
    s = ticker(0.1).count().limit(3).collect()

    assert _run_and_peek(s, cycles=10) == [1, 2, 3]


def test_limit_stops_an_otherwise_unbounded_run():
    """G19."""
    s = ticker(0.1).count().limit(3).collect()

    assert _run_and_peek(s) == [1, 2, 3]


def test_limit_stop_lets_the_current_cycle_finish():
    """G20: the cycle of the third tick completes (bimap sees it), then the run stops."""
    a = ticker(0.1).count()
    s = bimap(a, a.limit(2), lambda x, y: (x, y)).collect()

    assert _run_and_peek(s) == [(1, 1), (2, 2), (3, 2)]


def test_limit_zero_never_ticks():
    """G21."""
    s = ticker(0.1).count().limit(0).collect()

    assert _run_and_peek(s, cycles=3) is None


def test_finally_after_limit_sees_last_passed_value():
    """G90."""
    seen = []

    getattr(ticker(0.1).count().limit(2), "finally")(lambda v: seen.append(v)).run(realtime=False)

    assert seen == [2]


def test_buffer_flushes_partial_window_on_last_cycle():
    """G22."""
    s = ticker(0.1).count().buffer(3).collect()

    assert _run_and_peek(s, cycles=7) == [[1, 2, 3], [4, 5, 6], [7]]


def test_buffer_flushes_two_item_partial_window_on_last_cycle():
    """G23."""
    s = ticker(0.1).count().buffer(3).collect()

    assert _run_and_peek(s, cycles=8) == [[1, 2, 3], [4, 5, 6], [7, 8]]


def test_buffer_does_not_flush_when_its_input_is_idle_on_last_cycle():
    """G24: the last cycle (0.2 s) carries no buffer input, so nothing is emitted."""
    b = ticker(0.25).count().buffer(10).collect()

    bimap(b, ticker(0.1).count(), lambda p, q: q).run(realtime=False, cycles=3)

    assert b.peek_value() is None


def test_buffer_does_not_flush_when_limit_stops_the_run():
    """G25."""
    s = ticker(0.1).count().limit(7).buffer(3).collect()

    assert _run_and_peek(s) == [[1, 2, 3], [4, 5, 6]]


def test_buffer_zero_capacity_emits_single_item_lists():
    """G26."""
    s = ticker(0.1).count().buffer(0).collect()

    assert _run_and_peek(s, cycles=3) == [[1], [2], [3]]


def test_buffer_leftover_items_carry_into_next_run():
    """G100."""
    src = ticker(0.2).count()
    b = src.buffer(5).collect()
    r = bimap(b, ticker(0.1).count(), lambda p, q: q)

    r.run(realtime=False, cycles=2)
    after_first = b.peek_value()
    r.run(realtime=False, cycles=1)

    assert after_first is None
    assert b.peek_value() == [[1, 2]]
