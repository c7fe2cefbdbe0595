"""Golden rows G27-G38, G65, G92 and G93 of the core spec: aggregates, sample, bimap and not."""

from wingfoil import bimap, constant, ticker


def _run_and_peek(stream, cycles):
    stream.run(realtime=False, cycles=cycles)
    return stream.peek_value()


def test_sum_gives_running_float_total():
    """G27."""
    s = ticker(0.1).count().sum().collect()

    result = _run_and_peek(s, cycles=3)

    assert result == [1.0, 3.0, 6.0]
    assert all(type(v) is float for v in result)


def test_average_gives_running_float_mean():
    """G28."""
    s = ticker(0.1).count().average().collect()

    result = _run_and_peek(s, cycles=3)

    assert result == [1.0, 1.5, 2.0]
    assert all(type(v) is float for v in result)


def test_average_uses_incremental_update_bit_for_bit():
    """G29: m_k = m_(k-1) + (x_k - m_(k-1)) / k gives 0.15000000000000002 at k = 2."""
    s = ticker(0.1).count().map(lambda x: x / 10).average().collect()

    assert _run_and_peek(s, cycles=3) == [0.1, 0.15000000000000002, 0.2]


def test_sample_of_constant_repeats_its_value_on_each_trigger():
    """G30."""
    s = constant(42).sample(ticker(0.1)).collect()

    assert _run_and_peek(s, cycles=3) == [42, 42, 42]


def test_sample_gives_none_until_sampled_stream_has_a_value():
    """G31."""
    s = ticker(0.1).count().filter(lambda x: x > 2).sample(ticker(0.1)).collect()

    assert _run_and_peek(s, cycles=3) == [None, None, 3]


def test_sample_accepts_a_stream_as_trigger():
    """G32."""
    s = constant(7).sample(ticker(0.1).count()).collect()

    assert _run_and_peek(s, cycles=3) == [7, 7, 7]


def test_bimap_passes_none_for_a_side_without_a_value():
    """G33."""
    right = ticker(0.1).count().filter(lambda x: x > 1)
    s = bimap(constant(1), right, lambda a, b: (a, b)).collect()

    assert _run_and_peek(s, cycles=3) == [(1, None), (1, 2), (1, 3)]


def test_bimap_on_a_diamond_is_glitch_free():
    """G34: bimap runs after both branches of the diamond and sees both updates."""
    a = ticker(0.1).count()
    s = bimap(a, a.map(lambda x: x * 10), lambda x, y: x + y).collect()

    assert _run_and_peek(s, cycles=3) == [11, 22, 33]


def test_bimap_runs_once_when_both_sources_tick_in_the_same_cycle():
    """G35: both tickers are due at 0.6 s, which gives one cycle and one output."""
    s = bimap(ticker(0.2).count(), ticker(0.3).count(), lambda a, b: (a, b)).collect()

    assert _run_and_peek(s, cycles=5) == [(1, 1), (2, 1), (2, 2), (3, 2), (4, 3)]


def test_bimap_of_two_constants_ticks_once():
    """G36."""
    s = bimap(constant("hello"), constant(" world"), lambda x, y: x + y).collect()

    assert _run_and_peek(s, cycles=1) == ["hello world"]


def test_bimap_with_the_same_stream_twice_sees_one_value():
    """G92."""
    a = ticker(0.1).count()
    s = bimap(a, a, lambda x, y: (x, y)).collect()

    assert _run_and_peek(s, cycles=2) == [(1, 1), (2, 2)]


def test_map_to_none_still_ticks():
    """G93."""
    s = ticker(0.1).count().map(lambda x: None).filter(lambda v: v is None).collect()

    assert _run_and_peek(s, cycles=2) == [None, None]


def test_not_negates_a_number():
    """G37: not() is arithmetic negation."""
    s = getattr(constant(-5), "not")().collect()

    assert _run_and_peek(s, cycles=1) == [5]


def test_not_of_true_is_minus_one():
    """G38."""
    s = getattr(constant(True), "not")().collect()

    result = _run_and_peek(s, cycles=1)

    assert result == [-1]
    assert type(result[0]) is int


def test_count_after_filter_counts_only_passed_ticks():
    """G65."""
    s = ticker(0.1).count().filter(lambda x: x % 2 == 0).count().collect()

    assert _run_and_peek(s, cycles=6) == [1, 2, 3]
